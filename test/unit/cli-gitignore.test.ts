// Walking folders leaves out what the repository's .gitignore files list (git's own rules:
// nested files, negation, ignored folders), only inside a git repository; the setting
// respect-gitignore = false and --no-respect-gitignore turn it off.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { tempFolder } from '../helpers/tempFolder';
import { main } from '../../server/src/cli/main';

const DAG = 'from airflow import DAG\nfrom airflow.models import Variable\n\nenv = Variable.get("env")\n';

async function checked(args: string[], cwd: string): Promise<string[]> {
  let stdout = '';
  await main(['check', '--format', 'json', ...args], { cwd, color: false, stdout: (text) => (stdout += text), stderr: () => undefined });
  return JSON.parse(stdout).files.map((file: { path: string }) => file.path);
}

const repository = (extra: Record<string, string> = {}) =>
  tempFolder({
    '.git/HEAD': 'ref: refs/heads/main\n',
    '.gitignore': 'build/\n*_generated.py\n!keep_generated.py\n',
    'dags/etl.py': DAG,
    'dags/report_generated.py': DAG,
    'dags/keep_generated.py': DAG,
    'dags/build/copy.py': DAG,
    'dags/team/.gitignore': 'scratch.py\n',
    'dags/team/scratch.py': DAG,
    'dags/team/owned.py': DAG,
    ...extra,
  });

describe('dag-guard check and .gitignore', () => {
  it('leaves out ignored files and folders, honours negation and nested .gitignore files', async () => {
    assert.deepEqual(await checked(['dags'], repository()), ['dags/etl.py', 'dags/keep_generated.py', 'dags/team/owned.py']);
  });

  it('reads nothing outside a git repository', async () => {
    const cwd = tempFolder({ '.gitignore': '*.py\n', 'dags/etl.py': DAG });
    assert.deepEqual(await checked(['dags'], cwd), ['dags/etl.py']);
  });

  it('respect-gitignore = false and --no-respect-gitignore walk everything', async () => {
    const all = [
      'dags/build/copy.py',
      'dags/etl.py',
      'dags/keep_generated.py',
      'dags/report_generated.py',
      'dags/team/owned.py',
      'dags/team/scratch.py',
    ];
    assert.deepEqual(await checked(['--no-respect-gitignore', 'dags'], repository()), all);
    assert.deepEqual(await checked(['dags'], repository({ 'pyproject.toml': '[tool.dag-guard]\nrespect-gitignore = false\n' })), all);
  });

  it('a named ignored file is checked, unless --force-exclude', async () => {
    const cwd = repository();
    assert.deepEqual(await checked(['dags/team/scratch.py'], cwd), ['dags/team/scratch.py']);
    assert.deepEqual(await checked(['--force-exclude', 'dags/team/scratch.py', 'dags/etl.py'], cwd), ['dags/etl.py']);
  });
});
