// `dag-guard check` with several folders: every folder given is analysed, including folders outside
// the project of the first one (the globs used to be matched against `../` paths, which never
// matched, so such folders were left out without a word); exclude globs still apply to them.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { main } from '../../server/src/cli/main';

async function run(argv: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, { cwd, color: false, stdout: (text) => (stdout += text), stderr: (text) => (stderr += text) });
  return { code, stdout, stderr };
}

const HAZARD = [
  'from airflow import DAG',
  'from airflow.models import Variable',
  'from airflow.operators.bash import BashOperator',
  '',
  'BUCKET = Variable.get("bucket")',
  '',
  'with DAG("sync", schedule=None):',
  '    BashOperator(task_id="copy", bash_command="aws s3 sync . s3://" + BUCKET)',
  '',
].join('\n');

describe('dag-guard check on several folders', () => {
  let root: string;
  let elsewhere: string;
  before(() => {
    root = mkdtempSync(path.join(os.tmpdir(), 'dag-guard-cli-paths-'));
    for (const folder of ['team_a', 'team_b', path.join('team_b', '.venv')]) mkdirSync(path.join(root, folder));
    writeFileSync(path.join(root, 'team_a', 'ingest.py'), HAZARD);
    writeFileSync(path.join(root, 'team_b', 'export.py'), HAZARD);
    writeFileSync(path.join(root, 'team_b', '.venv', 'vendored.py'), HAZARD);
    elsewhere = mkdtempSync(path.join(os.tmpdir(), 'dag-guard-cli-paths-cwd-'));
  });
  after(() => {
    rmSync(root, { recursive: true, force: true });
    rmSync(elsewhere, { recursive: true, force: true });
  });

  it('analyses sibling folders given from outside them, and still excludes .venv', async () => {
    const result = await run(['check', '--format', 'json', path.join(root, 'team_a'), path.join(root, 'team_b')], elsewhere);
    assert.equal(result.code, 1);
    const json = JSON.parse(result.stdout);
    assert.deepEqual(
      json.files.map((file: { path: string; diagnostics: Array<{ code: string }> }) => [
        path.basename(file.path),
        file.diagnostics.map((d) => d.code),
      ]),
      [
        ['ingest.py', ['DG101']],
        ['export.py', ['DG101']],
      ],
    );
  });
});
