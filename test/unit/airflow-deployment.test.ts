// `[operators] default_deferrable` read from the project's files (airflow.cfg, .env, compose files,
// Helm values, Dockerfiles) the way Airflow's getboolean reads it, environment variables first; and
// what `dag-guard check` makes of it: DG402 stays silent about sensors that defer by default.
import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import { readAirflowDeploymentNear, resolveDeployment } from '../../server/src/project/airflowDeployment';
import { findConfigFiles } from '../../server/src/project/airflowTimings';
import { main } from '../../server/src/cli/main';
import { tempFolder } from '../helpers/tempFolder';

/** What the language server reads for a workspace folder. */
const readAirflowDeployment = (root: string) => resolveDeployment(findConfigFiles(root));

describe('default_deferrable from project files', () => {
  it("is null (Airflow's default, False) when no file sets it", () => {
    assert.equal(
      readAirflowDeployment(tempFolder({ 'airflow.cfg': '[core]\nparallelism = 8\n', 'dags/a.py': '' })).defaultDeferrable,
      null,
    );
  });

  it("reads airflow.cfg's [operators] section, with getboolean's spellings and comments", () => {
    for (const [written, value] of [
      ['True', true],
      ['true  # defer everything', true],
      ['t', true],
      ['1', true],
      ['False', false],
      ['0', false],
    ] as const) {
      const root = tempFolder({
        'deploy/airflow.cfg': `[core]\ndefault_deferrable = True\n\n[operators]\r\ndefault_deferrable = ${written}\r\n`,
      });
      assert.deepEqual(
        readAirflowDeployment(root).defaultDeferrable,
        { value, source: 'deploy/airflow.cfg', key: '[operators] default_deferrable' },
        written,
      );
    }
  });

  it("reads AIRFLOW__OPERATORS__DEFAULT_DEFERRABLE in .env, compose files and Dockerfiles, and Helm's config section", () => {
    assert.deepEqual(
      readAirflowDeployment(tempFolder({ '.env': 'export AIRFLOW__OPERATORS__DEFAULT_DEFERRABLE="true"\n' })).defaultDeferrable,
      { value: true, source: '.env', key: 'AIRFLOW__OPERATORS__DEFAULT_DEFERRABLE' },
    );
    const compose = "services:\n  worker:\n    environment:\n      AIRFLOW__OPERATORS__DEFAULT_DEFERRABLE: '${DEFER:-true}'\n";
    assert.equal(readAirflowDeployment(tempFolder({ 'docker-compose.yaml': compose })).defaultDeferrable?.value, true);
    assert.equal(
      readAirflowDeployment(tempFolder({ Dockerfile: 'FROM apache/airflow:2.10.3\nENV AIRFLOW__OPERATORS__DEFAULT_DEFERRABLE=True\n' }))
        .defaultDeferrable?.value,
      true,
    );
    assert.deepEqual(
      readAirflowDeployment(tempFolder({ 'chart/values.yaml': 'config:\n  operators:\n    default_deferrable: "True"\n' }))
        .defaultDeferrable,
      { value: true, source: 'chart/values.yaml', key: '[operators] default_deferrable' },
    );
  });

  it('lets an environment variable win over airflow.cfg, and skips values getboolean rejects', () => {
    const files = [
      { path: 'airflow.cfg', text: '[operators]\ndefault_deferrable = True\n' },
      { path: '.env', text: 'AIRFLOW__OPERATORS__DEFAULT_DEFERRABLE=false\n' },
    ];
    assert.deepEqual(resolveDeployment(files).defaultDeferrable, {
      value: false,
      source: '.env',
      key: 'AIRFLOW__OPERATORS__DEFAULT_DEFERRABLE',
    });
    assert.equal(resolveDeployment([{ path: 'airflow.cfg', text: '[operators]\ndefault_deferrable = yes\n' }]).defaultDeferrable, null);
    assert.equal(resolveDeployment([{ path: 'airflow.cfg', text: '[core]\ndefault_deferrable = True\n' }]).defaultDeferrable, null);
  });

  it('picks the same airflow.cfg of two at one depth under every locale (code-unit order)', () => {
    const root = tempFolder({
      'deploy/airflow.cfg': '[operators]\ndefault_deferrable = True\n',
      'Deploy/airflow.cfg': '[operators]\ndefault_deferrable = False\n',
    });
    // "D" sorts before "d" by code units; a collator put "deploy" first.
    assert.deepEqual(readAirflowDeployment(root).defaultDeferrable, {
      value: false,
      source: 'Deploy/airflow.cfg',
      key: '[operators] default_deferrable',
    });
  });

  it('looks from the DAG folder up to the project root, like the parse timings', () => {
    const root = tempFolder({
      'deploy/airflow.cfg': '[operators]\ndefault_deferrable = True\n',
      'airflow.cfg': '[operators]\ndefault_deferrable = False\n',
      'dags/a.py': '',
    });
    assert.equal(readAirflowDeploymentNear(path.join(root, 'dags'), root).defaultDeferrable?.value, false);
    assert.equal(readAirflowDeploymentNear(path.join(root, 'deploy'), root).defaultDeferrable?.value, true);
  });
});

describe('dag-guard check with default_deferrable', () => {
  const DAG = [
    'import pendulum',
    'from airflow import DAG',
    'from airflow.providers.amazon.aws.sensors.s3 import S3KeySensor',
    'from airflow.sensors.python import PythonSensor',
    '',
    'with DAG("waits", start_date=pendulum.datetime(2024, 1, 1, tz="UTC"), schedule="@daily"):',
    '    S3KeySensor(task_id="export", bucket_key="k", poke_interval=300)',
    '    PythonSensor(task_id="python", python_callable=bool, poke_interval=300)',
    '',
  ].join('\n');

  async function dg402Lines(files: Record<string, string>, args: string[]): Promise<string[]> {
    let stdout = '';
    await main(['check', '--select', 'DG402', '--format', 'json', ...args], {
      cwd: tempFolder(files),
      color: false,
      stdout: (text) => (stdout += text),
      stderr: () => undefined,
    });
    // The message, then its detail (JSON's `detail`).
    return JSON.parse(stdout).files.flatMap(
      (file: { diagnostics: Array<{ range: { start: { line: number } }; message: string; detail?: string }> }) =>
        file.diagnostics.map((found) => `${found.range.start.line + 1}: ${found.message} ${found.detail}`),
    );
  }

  it('reports both sensors without the setting', async () => {
    const found = await dg402Lines({ 'dags/waits.py': DAG }, ['dags']);
    assert.deepEqual(
      found.map((line) => line.split(':')[0]),
      ['7', '8'],
    );
  });

  it('stays silent about the sensor that defers by default, and says why the other is still reported', async () => {
    const found = await dg402Lines({ 'dags/waits.py': DAG, 'airflow.cfg': '[operators]\ndefault_deferrable = True\n' }, ['dags']);
    assert.deepEqual(found, [
      '8: PythonSensor waits in poke mode and holds a worker slot for its whole wait. It waits with poke_interval 5 min; use mode="reschedule". It has no deferrable form, so `[operators] default_deferrable = True` in airflow.cfg does not apply to it.',
    ]);
    const fromEnv = await dg402Lines({ 'dags/waits.py': DAG, '.env': 'AIRFLOW__OPERATORS__DEFAULT_DEFERRABLE=true\n' }, ['dags/waits.py']);
    assert.deepEqual(
      fromEnv.map((line) => line.split(':')[0]),
      ['8'],
    );
  });
});
