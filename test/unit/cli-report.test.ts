// `dag-guard report`: files ranked by parse cost, as a text table with one sentence per file and
// as JSON, with the interval from the project's own config; helper modules are left out.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { main } from '../../server/src/cli/main';
import { readFixture } from '../helpers/engine';
import { tempFolder } from '../helpers/tempFolder';

async function run(argv: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, { stdout: (text) => void (stdout += text), stderr: (text) => void (stderr += text), cwd, color: false });
  return { code, stdout, stderr };
}

describe('dag-guard report', () => {
  let root: string;
  before(() => {
    root = mkdtempSync(path.join(tmpdir(), 'dag-guard-report-'));
    mkdirSync(path.join(root, 'dags'));
    writeFileSync(path.join(root, 'dags', 'a_quiet.py'), readFixture('cost', 'quiet_dag.py'));
    writeFileSync(path.join(root, 'dags', 'z_factory.py'), readFixture('cost', 'factory_dag.py'));
    writeFileSync(
      path.join(root, 'dags', 'imported_factory.py'),
      'from airflow import DAG\nfrom common.factory import build_dag\n\nfor team in ["a", "b", "c"]:\n    globals()[f"dag_{team}"] = build_dag(team)\n',
    );
    writeFileSync(path.join(root, 'dags', 'helpers.py'), 'import requests\nrequests.get("https://example.com")\n');
    writeFileSync(
      path.join(root, 'dags', 'dag_utils.py'),
      'from airflow.models.dag import DAG\n\ndef owner_of(dag: DAG) -> str:\n    return dag.owner\n',
    );
    writeFileSync(
      path.join(root, 'docker-compose.yaml'),
      'services:\n  scheduler:\n    environment:\n      AIRFLOW__SCHEDULER__MIN_FILE_PROCESS_INTERVAL: 120\n',
    );
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  it('prints a table ranked by cost, then one summary per file', async () => {
    const { code, stdout } = await run(['report', 'dags'], root);
    assert.equal(code, 0);
    const lines = stdout.split('\n');
    assert.equal(
      lines[0],
      'Airflow settings: min_file_process_interval 120 s (docker-compose.yaml: AIRFLOW__SCHEDULER__MIN_FILE_PROCESS_INTERVAL); dagbag_import_timeout 30 s (Airflow default); dag_file_processor_timeout 50 s (Airflow default)',
    );
    assert.match(
      lines[2],
      /^FILE\s+FINDINGS\s+FIXABLE\s+VARIABLES\s+CONNECTIONS\s+HOOK CALLS\s+NETWORK\s+DATABASE\s+PROCESSES\s+SLEEPS\s+HEAVY IMPORTS\s+DAGS\s+METADATA READS\/DAY$/,
    );
    // The factory ranks first although it sorts last by name; the helper module is not a DAG file.
    assert.match(lines[3], /^dags\/z_factory\.py\s+8\s+0\s+9\s+1\s+4\s+1\s+0\s+0\s+0\s+1\s+4\s+10,080$/);
    assert.match(lines[4], /^dags\/imported_factory\.py\s+1\s+0\s+0\s+0\s+0\s+0\s+0\s+0\s+0\s+0\s+3\s+0$/);
    assert.match(lines[5], /^dags\/a_quiet\.py\s+0\s+0\s+0\s+0\s+0\s+0\s+0\s+0\s+0\s+0\s+1\s+0$/);
    assert.ok(!stdout.includes('helpers.py'), 'not a DAG file for Airflow (safe mode)');
    assert.ok(!stdout.includes('dag_utils.py'), 'builds no DAG and runs nothing costly');
    assert.ok(
      lines.includes(
        'dags/z_factory.py: each parse: 9 Variable reads, 1 connection lookup, 4 hook calls, 1 network call, 1 heavy import (pandas), builds 4 DAGs; parsed every 120 s (docker-compose.yaml) = 10,080 metadata database reads a day',
      ),
    );
  });

  it('prints JSON with the timings and every count', async () => {
    const { code, stdout } = await run(['report', '--format', 'json'], root);
    assert.equal(code, 0);
    const report = JSON.parse(stdout);
    assert.deepEqual(report.timings.minFileProcessInterval, {
      seconds: 120,
      source: 'docker-compose.yaml',
      key: 'AIRFLOW__SCHEDULER__MIN_FILE_PROCESS_INTERVAL',
    });
    assert.deepEqual(
      report.files.map((file: { path: string }) => file.path),
      ['dags/z_factory.py', 'dags/imported_factory.py', 'dags/a_quiet.py'],
    );
    assert.deepEqual(report.files[0].variableReads, { count: 9, atLeast: false, upTo: false });
    assert.deepEqual(report.files[0].heavyImports, ['pandas']);
    assert.equal(report.files[0].metadataReadsPerDay.count, 14 * 720);
    assert.deepEqual([report.files[0].findings, report.files[0].fixable], [8, 0]);
  });

  it('--sort findings and --sort path; cost ties are broken by findings', async () => {
    const order = async (...args: string[]) =>
      JSON.parse((await run(['report', '--format', 'json', ...args], root)).stdout).files.map((file: { path: string }) => file.path);
    assert.deepEqual(await order('--sort', 'path'), ['dags/a_quiet.py', 'dags/imported_factory.py', 'dags/z_factory.py']);
    assert.deepEqual(await order('--sort', 'findings'), ['dags/z_factory.py', 'dags/imported_factory.py', 'dags/a_quiet.py']);
    const tie = tempFolder({
      'a.py': 'from airflow import DAG\nDAG("a")\n',
      'b.py': 'from datetime import datetime\n\nfrom airflow import DAG\n\nDAG("b", start_date=datetime.now())\n',
    });
    const tied = JSON.parse((await run(['report', '--format', 'json'], tie)).stdout).files;
    assert.deepEqual(
      tied.map((file: { path: string; findings: number }) => [file.path, file.findings]),
      [
        ['b.py', 1],
        ['a.py', 0],
      ],
    );
    assert.equal(
      (await run(['report', '--sort', 'size'], root)).stderr,
      'dag-guard: unknown sort order "size" (use cost, findings, path)\nRun `dag-guard report --help` for the options.\n',
    );
  });

  it('--sort path orders by code units, the same under every locale: "B.py" before "a.py"', async () => {
    // A collator (localeCompare) put "a.py" first here, and its order changed with the locale.
    const mixed = tempFolder({ 'a.py': 'from airflow import DAG\nDAG("a")\n', 'B.py': 'from airflow import DAG\nDAG("b")\n' });
    const listed = JSON.parse((await run(['report', '--format', 'json', '--sort', 'path'], mixed)).stdout).files;
    assert.deepEqual(
      listed.map((file: { path: string }) => file.path),
      ['B.py', 'a.py'],
    );
  });

  it('counts the DAGs a factory from another module registers through globals()', async () => {
    const report = JSON.parse((await run(['report', '--format', 'json', '--sort', 'path'], root)).stdout);
    const factory = report.files.find((file: { path: string }) => file.path === 'dags/imported_factory.py');
    assert.deepEqual(factory.dags, { count: 3, atLeast: false, upTo: false });
  });

  it('reads heavy-modules and io-calls from [tool.dag-guard] in pyproject.toml', async () => {
    const project = mkdtempSync(path.join(tmpdir(), 'dag-guard-report-pyproject-'));
    try {
      writeFileSync(
        path.join(project, 'pyproject.toml'),
        '[tool.dag-guard]\nheavy-modules = ["bigcorp"]\nio-calls = { "bigcorp.api.fetch" = "network" }\n',
      );
      writeFileSync(
        path.join(project, 'dag.py'),
        'from airflow import DAG\nimport bigcorp.ml\nfrom bigcorp.api import fetch\n\nTEAMS = fetch("teams")\n',
      );
      const { stdout } = await run(['report'], project);
      assert.match(stdout, /^dag\.py: each parse: 1 network call, 1 heavy import \(bigcorp\); parsed every 30 s \(Airflow default\)$/m);
    } finally {
      rmSync(project, { recursive: true, force: true });
    }
  });

  it('takes the Airflow settings nearest to the folder reported, not from a sibling project', async () => {
    const parent = mkdtempSync(path.join(tmpdir(), 'dag-guard-report-near-'));
    try {
      mkdirSync(path.join(parent, 'a_other'));
      mkdirSync(path.join(parent, 'team', 'dags'), { recursive: true });
      writeFileSync(path.join(parent, 'a_other', 'airflow.cfg'), '[scheduler]\nmin_file_process_interval = 10\n');
      writeFileSync(path.join(parent, 'team', 'airflow.cfg'), '[scheduler]\nmin_file_process_interval = 90\n');
      writeFileSync(path.join(parent, 'team', 'dags', 'dag.py'), readFixture('cost', 'factory_dag.py'));
      const { stdout } = await run(['report', 'team/dags'], parent);
      assert.match(
        stdout.split('\n')[0],
        /^Airflow settings: min_file_process_interval 90 s \(team\/airflow\.cfg: \[scheduler\] min_file_process_interval\);/,
      );
    } finally {
      rmSync(parent, { recursive: true, force: true });
    }
  });

  it('rejects an unknown format and reports missing paths', async () => {
    assert.equal((await run(['report', '--format', 'sarif'], root)).code, 2);
    const missing = await run(['report', 'nowhere'], root);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /nowhere: no such file or folder/);
  });
});
