// `dag-guard check`'s results cache (.dag-guard-cache/ at the project root): a repeat run reuses a
// file's findings only while the file, the run's settings and every project module or template
// file its analysis looked at are unchanged; output with the cache equals output without it.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { main } from '../../server/src/cli/main';
import { tempFolder } from '../helpers/tempFolder';
import { hashText, ResultCache } from '../../server/src/project/resultCache';

async function run(args: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(args, { cwd, color: false, stdout: (text) => (stdout += text), stderr: (text) => (stderr += text) });
  return { code, stdout, stderr };
}

const DAG = [
  'from airflow import DAG',
  'from airflow.operators.bash import BashOperator',
  'from helpers import settings_for',
  'from extra import more',
  '',
  'SETTINGS = settings_for("sales")',
  '',
  'with DAG("sales") as dag:',
  '    BashOperator(task_id="load", bash_command="load.sh")',
  '',
].join('\n');
const HELPER_QUIET = 'def settings_for(team):\n    return {"team": team}\n';
const HELPER_LOUD =
  'from airflow.models import Variable\n\n\ndef settings_for(team):\n    return {"team": team, "bucket": Variable.get("bucket")}\n';
const TEMPLATE_DAG = [
  'from airflow import DAG',
  'from airflow.providers.common.sql.operators.sql import SQLExecuteQueryOperator',
  '',
  'with DAG("reports", schedule="@daily"):',
  '    SQLExecuteQueryOperator(task_id="q", conn_id="db", sql="sql/report.sql")',
  '',
].join('\n');

const folders: string[] = [];
after(() => {
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});

function project(files: Record<string, string>): string {
  const root = tempFolder({ 'pyproject.toml': '[tool.dag-guard]\n', ...files }, 'dag-guard-cli-cache-');
  folders.push(root);
  return root;
}

function cacheFiles(root: string): string[] {
  const folder = path.join(root, '.dag-guard-cache');
  if (!existsSync(folder)) return [];
  return readdirSync(folder, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.json'))
    .map((entry) => path.join(entry.parentPath, entry.name));
}

describe('dag-guard check: the results cache', () => {
  it('writes a self-ignoring cache and gives the same output on a repeat run as without it', async () => {
    const root = project({ 'dags/sales.py': DAG, 'dags/helpers.py': HELPER_LOUD, 'dags/extra.py': 'more = 1\n' });
    const first = await run(['check', 'dags', '--format', 'json'], root);
    const second = await run(['check', 'dags', '--format', 'json'], root);
    const fresh = await run(['check', 'dags', '--format', 'json', '--no-cache'], root);
    assert.match(first.stdout, /"code": "DG101"/);
    assert.equal(second.stdout, first.stdout);
    assert.equal(fresh.stdout, first.stdout);
    assert.equal(second.code, first.code);
    assert.equal(readFileSync(path.join(root, '.dag-guard-cache', '.gitignore'), 'utf8'), '# Created by dag-guard automatically.\n*\n');
    assert.equal(cacheFiles(root).length, 1);
  });

  it('reuses a cached result while nothing it depends on changed, and --no-cache reads none', async () => {
    const root = project({ 'dags/sales.py': DAG, 'dags/helpers.py': HELPER_LOUD, 'dags/extra.py': 'more = 1\n' });
    await run(['check', 'dags'], root);
    // Plant a different message in the cache: a run that reuses the entry prints it.
    const [file] = cacheFiles(root);
    const contents = JSON.parse(readFileSync(file, 'utf8'));
    const key = path.join('dags', 'sales.py');
    assert.ok(contents.files[key], `an entry for ${key}`);
    contents.files[key][5][0].message = 'planted in the cache';
    writeFileSync(file, JSON.stringify(contents));
    assert.match((await run(['check', 'dags'], root)).stdout, /dags\/sales\.py:\d+:\d+: warning DG101 planted in the cache/);
    assert.doesNotMatch((await run(['check', 'dags', '--no-cache'], root)).stdout, /planted/);
  });

  it('analyses a DAG file again when a helper module it calls changes', async () => {
    const root = project({ 'dags/sales.py': DAG, 'dags/helpers.py': HELPER_QUIET, 'dags/extra.py': 'more = 1\n' });
    assert.doesNotMatch((await run(['check', 'dags/sales.py'], root)).stdout, /DG101/);
    writeFileSync(path.join(root, 'dags/helpers.py'), HELPER_LOUD);
    assert.match((await run(['check', 'dags/sales.py'], root)).stdout, /^dags\/sales\.py:6:12: warning DG101 /m);
    writeFileSync(path.join(root, 'dags/helpers.py'), HELPER_QUIET);
    assert.doesNotMatch((await run(['check', 'dags/sales.py'], root)).stdout, /DG101/);
  });

  it('analyses a DAG file again when an import that found nothing now finds a module', async () => {
    const root = project({ 'dags/sales.py': DAG, 'dags/extra.py': 'more = 1\n' });
    assert.doesNotMatch((await run(['check', 'dags/sales.py'], root)).stdout, /DG101/);
    writeFileSync(path.join(root, 'dags/helpers.py'), HELPER_LOUD);
    assert.match((await run(['check', 'dags/sales.py'], root)).stdout, /^dags\/sales\.py:6:12: warning DG101 /m);
    unlinkSync(path.join(root, 'dags/helpers.py'));
    assert.doesNotMatch((await run(['check', 'dags/sales.py'], root)).stdout, /DG101/);
  });

  it('analyses a DAG file again when a template file it names appears', async () => {
    const root = project({ 'dags/reports.py': TEMPLATE_DAG });
    assert.match((await run(['check', 'dags', '--select', 'DG605'], root)).stdout, /DG605/);
    mkdirSync(path.join(root, 'dags', 'sql'));
    writeFileSync(path.join(root, 'dags', 'sql', 'report.sql'), 'select 1\n');
    assert.doesNotMatch((await run(['check', 'dags', '--select', 'DG605'], root)).stdout, /DG605/);
  });

  it('keeps results of different settings apart', async () => {
    const root = project({ 'dags/sales.py': DAG, 'dags/helpers.py': HELPER_LOUD, 'dags/extra.py': 'more = 1\n' });
    assert.match((await run(['check', 'dags'], root)).stdout, /DG101/);
    writeFileSync(path.join(root, 'pyproject.toml'), '[tool.dag-guard]\nignore = ["DG101"]\n');
    assert.doesNotMatch((await run(['check', 'dags'], root)).stdout, /DG101/);
    writeFileSync(path.join(root, 'pyproject.toml'), '[tool.dag-guard]\n');
    assert.match((await run(['check', 'dags'], root)).stdout, /DG101/);
    assert.equal(cacheFiles(root).length, 2);
  });

  it('runs as usual when the cache cannot be written or holds garbage', async () => {
    const blocked = project({
      'dags/sales.py': DAG,
      'dags/helpers.py': HELPER_LOUD,
      'dags/extra.py': 'more = 1\n',
      '.dag-guard-cache': 'a file, not a folder',
    });
    const result = await run(['check', 'dags'], blocked);
    assert.equal(result.code, 1);
    assert.match(result.stdout, /DG101/);
    assert.equal(result.stderr, '');

    const garbled = project({ 'dags/sales.py': DAG, 'dags/helpers.py': HELPER_LOUD, 'dags/extra.py': 'more = 1\n' });
    await run(['check', 'dags'], garbled);
    for (const file of cacheFiles(garbled)) writeFileSync(file, '{"dags/sales.py": {"text": 1}, "broken');
    assert.match((await run(['check', 'dags'], garbled)).stdout, /DG101/);
  });
});

describe('the results cache across builds', () => {
  it("never serves another build's results, and removes them when it saves", () => {
    const root = project({});
    const check = { locate: () => null, contentHash: () => null, pathExists: () => undefined, stable: true };
    const source = (file: string, text: string) => ({ file: path.join(root, file), stamp: () => null, text: () => text });
    const finding = {
      code: 'DG101',
      severity: 'warning' as const,
      message: 'from build a',
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } },
      fix: null,
    };
    const first = new ResultCache(root, { settings: 1 }, '1.0.0-a');
    first.put(
      path.join(root, 'dag.py'),
      { text: hashText('x = 1\n'), parsedByAirflow: null, dagFile: false, imports: [], modules: [], paths: [], findings: [finding] },
      null,
    );
    first.save();
    assert.deepEqual(new ResultCache(root, { settings: 1 }, '1.0.0-a').get(source('dag.py', 'x = 1\n'), null, check), [finding]);
    const second = new ResultCache(root, { settings: 1 }, '1.0.0-b');
    assert.equal(second.get(source('dag.py', 'x = 1\n'), null, check), undefined);
    second.put(
      path.join(root, 'other.py'),
      { text: hashText(''), parsedByAirflow: null, dagFile: false, imports: [], modules: [], paths: [], findings: [] },
      null,
    );
    second.save();
    assert.deepEqual(readdirSync(path.join(root, '.dag-guard-cache')).sort(), ['.gitignore', '1.0.0-b', 'CACHEDIR.TAG']);
  });
});
