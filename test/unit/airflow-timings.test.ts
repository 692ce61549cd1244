// Reading the parse interval and timeouts from each kind of project file, the precedence
// (environment variables over airflow.cfg), the Airflow 3 [dag_processor] names, and defaults.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { AIRFLOW_DEFAULT_TIMINGS } from '../../server/src/core/cost/parseCost';
import { findConfigFiles, resolveTimings } from '../../server/src/project/airflowTimings';

/** What the language server reads for a workspace folder. */
const readAirflowTimings = (root: string, version: 2 | 3 | null) => resolveTimings(findConfigFiles(root), version);

const roots: string[] = [];
function project(files: Record<string, string>): string {
  const root = mkdtempSync(path.join(tmpdir(), 'dag-guard-timings-'));
  roots.push(root);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    writeFileSync(path.join(root, name), text);
  }
  return root;
}
after(() => {
  for (const root of roots) rmSync(root, { recursive: true, force: true });
});

describe('Airflow timings from project files', () => {
  it('uses Airflow defaults when nothing sets them', () => {
    assert.deepEqual(readAirflowTimings(project({ 'dags/a.py': '' }), null), AIRFLOW_DEFAULT_TIMINGS);
  });

  it('reads airflow.cfg (Airflow 2 sections), with comments and CRLF', () => {
    const root = project({
      'config/airflow.cfg':
        '[core]\r\ndagbag_import_timeout = 90.0\r\ndag_file_processor_timeout=120 # slow NFS\r\n\r\n[scheduler]\r\nmin_file_process_interval = 60\r\n',
    });
    const timings = readAirflowTimings(root, 2);
    assert.deepEqual(timings.minFileProcessInterval, {
      seconds: 60,
      source: 'config/airflow.cfg',
      key: '[scheduler] min_file_process_interval',
    });
    assert.equal(timings.dagbagImportTimeout.seconds, 90);
    assert.equal(timings.dagFileProcessorTimeout.seconds, 120);
  });

  it('reads the Airflow 3 [dag_processor] names, preferred for an Airflow 3 project', () => {
    const cfg =
      '[scheduler]\nmin_file_process_interval = 45\n[dag_processor]\nmin_file_process_interval = 90\ndag_file_processor_timeout = 75\n';
    const root = project({ 'airflow.cfg': cfg });
    assert.equal(readAirflowTimings(root, 3).minFileProcessInterval.seconds, 90);
    assert.equal(readAirflowTimings(root, 2).minFileProcessInterval.seconds, 45);
    assert.deepEqual(readAirflowTimings(root, 3).dagFileProcessorTimeout, {
      seconds: 75,
      source: 'airflow.cfg',
      key: '[dag_processor] dag_file_processor_timeout',
    });
  });

  it('reads .env (export, quotes)', () => {
    const root = project({
      '.env': '# local\nexport AIRFLOW__SCHEDULER__MIN_FILE_PROCESS_INTERVAL="120"\nAIRFLOW__CORE__DAGBAG_IMPORT_TIMEOUT=60\n',
    });
    const timings = readAirflowTimings(root, null);
    assert.deepEqual(timings.minFileProcessInterval, {
      seconds: 120,
      source: '.env',
      key: 'AIRFLOW__SCHEDULER__MIN_FILE_PROCESS_INTERVAL',
    });
    assert.equal(timings.dagbagImportTimeout.seconds, 60);
  });

  it('reads docker-compose files: mapping and list forms, anchors, ${VAR:-default}', () => {
    const compose = [
      'x-airflow-common: &airflow-common',
      '  environment: &airflow-common-env',
      '    AIRFLOW__CORE__EXECUTOR: CeleryExecutor',
      "    AIRFLOW__DAG_PROCESSOR__MIN_FILE_PROCESS_INTERVAL: '${MIN_INTERVAL:-180}'",
      'services:',
      '  scheduler:',
      '    <<: *airflow-common',
      '    environment:',
      '      <<: *airflow-common-env',
      '  dag-processor:',
      '    environment:',
      '      - AIRFLOW__CORE__DAGBAG_IMPORT_TIMEOUT=100',
    ].join('\n');
    const timings = readAirflowTimings(project({ 'deploy/docker-compose.override.yml': compose }), 3);
    assert.deepEqual(timings.minFileProcessInterval, {
      seconds: 180,
      source: 'deploy/docker-compose.override.yml',
      key: 'AIRFLOW__DAG_PROCESSOR__MIN_FILE_PROCESS_INTERVAL',
    });
    assert.equal(timings.dagbagImportTimeout.seconds, 100);
  });

  it('reads Helm values.yaml: the config section and env name/value pairs', () => {
    const values = [
      'executor: KubernetesExecutor',
      'config:',
      '  core:',
      '    dagbag_import_timeout: 75',
      '  scheduler:',
      '    min_file_process_interval: "300"  # every five minutes',
      'env:',
      '  - name: AIRFLOW__CORE__DAG_FILE_PROCESSOR_TIMEOUT',
      '    value: "150"',
    ].join('\n');
    const timings = readAirflowTimings(project({ 'chart/values.yaml': values }), 2);
    assert.deepEqual(timings.minFileProcessInterval, {
      seconds: 300,
      source: 'chart/values.yaml',
      key: '[scheduler] min_file_process_interval',
    });
    assert.equal(timings.dagbagImportTimeout.seconds, 75);
    assert.deepEqual(timings.dagFileProcessorTimeout, {
      seconds: 150,
      source: 'chart/values.yaml',
      key: 'AIRFLOW__CORE__DAG_FILE_PROCESSOR_TIMEOUT',
    });
  });

  it('reads Dockerfile ENV in both forms, with line continuations', () => {
    const dockerfile =
      'FROM apache/airflow:2.10.3\nENV AIRFLOW__SCHEDULER__MIN_FILE_PROCESS_INTERVAL=240 \\\n    AIRFLOW__CORE__LOAD_EXAMPLES=False\nENV AIRFLOW__CORE__DAGBAG_IMPORT_TIMEOUT 45\n';
    const timings = readAirflowTimings(project({ Dockerfile: dockerfile }), 2);
    assert.deepEqual(timings.minFileProcessInterval, {
      seconds: 240,
      source: 'Dockerfile',
      key: 'AIRFLOW__SCHEDULER__MIN_FILE_PROCESS_INTERVAL',
    });
    assert.equal(timings.dagbagImportTimeout.seconds, 45);
  });

  it('lets environment variables win over airflow.cfg, and skips what is not a number', () => {
    const timings = resolveTimings(
      [
        { path: 'airflow.cfg', text: '[scheduler]\nmin_file_process_interval = 60\n[core]\ndagbag_import_timeout = 33\n' },
        { path: '.env', text: 'AIRFLOW__SCHEDULER__MIN_FILE_PROCESS_INTERVAL=90\nAIRFLOW__CORE__DAGBAG_IMPORT_TIMEOUT=${TIMEOUT}\n' },
      ],
      2,
    );
    assert.equal(timings.minFileProcessInterval.source, '.env');
    assert.equal(timings.minFileProcessInterval.seconds, 90);
    assert.deepEqual(timings.dagbagImportTimeout, { seconds: 33, source: 'airflow.cfg', key: '[core] dagbag_import_timeout' });
  });

  it('does not look inside node_modules or virtualenvs', () => {
    const root = project({
      'node_modules/pkg/.env': 'AIRFLOW__SCHEDULER__MIN_FILE_PROCESS_INTERVAL=5\n',
      '.venv/lib/airflow.cfg': '[scheduler]\nmin_file_process_interval = 5\n',
    });
    assert.deepEqual(readAirflowTimings(root, null), AIRFLOW_DEFAULT_TIMINGS);
  });
});
