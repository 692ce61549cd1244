// Path settings (`pools-file` / `dagGuard.poolsFile`) name files the tool reads. Set in a
// repository's own files (pyproject.toml, a workspace's .vscode/settings.json), they may only name
// files inside the folder those settings govern: `pools-file = "/proc/self/environ"` used to be
// read, and the JSON error echoed the start of the file (a user's environment, tokens included)
// into a CI log. Only the user's own settings may point elsewhere. No message quotes a file.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { defaultSettings } from '../../server/src/core/settings/schema';
import { parsePoolsExport } from '../../server/src/core/airflow/pools';
import { loadProjectConfig } from '../../server/src/project/projectConfig';

const CLI = path.join(__dirname, '..', '..', 'dist', 'cli.js');
const DAG =
  'from airflow import DAG\nfrom airflow.operators.bash import BashOperator\n\nwith DAG("d"):\n    BashOperator(task_id="a", bash_command="x", pool="etl")\n';
const SECRET = 'AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI';

const made: string[] = [];
after(() => {
  for (const folder of made) rmSync(folder, { recursive: true, force: true });
});

function project(files: Record<string, string>): string {
  const root = mkdtempSync(path.join(os.tmpdir(), 'dag-guard-paths-'));
  made.push(root);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    writeFileSync(path.join(root, name), text);
  }
  return root;
}

function check(cwd: string) {
  return spawnSync(process.execPath, [CLI, 'check', 'dags'], {
    cwd,
    encoding: 'utf8',
    timeout: 20_000,
    env: { ...process.env, NO_COLOR: '1', DAG_GUARD_TEST_SECRET: SECRET },
  });
}

const messages = (config: { problems: Array<{ message: string }> }) => config.problems.map((problem) => problem.message).join('\n');

describe('pools-file in pyproject.toml', () => {
  it('is not read outside the project: /proc/self/environ', () => {
    const root = project({ 'dags/a.py': DAG, 'pyproject.toml': '[tool.dag-guard]\npools-file = "/proc/self/environ"\n' });
    const result = check(root);
    assert.equal(result.error, undefined);
    assert.doesNotMatch(result.stderr, /wJalrXUtnFEMI|AWS_SECRET|PATH=/, 'no environment in the output');
    assert.match(
      result.stderr,
      /pools file \/proc\/self\/environ: outside the project folder .*: a path set in pyproject\.toml must stay inside it/,
    );
  });

  it('is not read outside the project through ../ or a symlink', () => {
    const outside = project({ 'pools.json': '{"etl": 4}' });
    const root = project({ 'dags/a.py': DAG, 'pyproject.toml': '[tool.dag-guard]\npools-file = "link.json"\n' });
    symlinkSync(path.join(outside, 'pools.json'), path.join(root, 'link.json'));
    assert.match(messages(loadProjectConfig(root, defaultSettings())), /pools file .*link\.json: outside the project folder/);
    writeFileSync(
      path.join(root, 'pyproject.toml'),
      `[tool.dag-guard]\npools-file = "${path.relative(root, path.join(outside, 'pools.json'))}"\n`,
    );
    const config = loadProjectConfig(root, defaultSettings());
    assert.match(messages(config), /outside the project folder/);
    assert.equal(config.pools, null, 'nothing was read');
  });

  it('is read inside the project, also through a symlink that stays inside', () => {
    const root = project({
      'dags/a.py': DAG,
      'deploy/pools.json': '{"etl": 4}',
      'pyproject.toml': '[tool.dag-guard]\npools-file = "pools.json"\n',
    });
    symlinkSync(path.join('deploy', 'pools.json'), path.join(root, 'pools.json'));
    const config = loadProjectConfig(root, defaultSettings());
    assert.deepEqual(config.problems, []);
    assert.equal(config.pools?.pools.get('etl')?.slots, 4);
  });

  it('the JSON error of a file that is not a pools file never quotes it', () => {
    const root = project({
      'dags/a.py': DAG,
      'secrets.env': `${SECRET}\n`,
      'pyproject.toml': '[tool.dag-guard]\npools-file = "secrets.env"\n',
    });
    const result = check(root);
    assert.doesNotMatch(result.stderr, /wJalrXUtnFEMI|AWS_SECRET/);
    assert.match(result.stderr, /pools file .*secrets\.env: not valid JSON\n/);
    assert.deepEqual(parsePoolsExport('{"etl": 4,\n  "x": SECRET}').problems, ['not valid JSON']);
  });
});

describe('poolsFile in the editor settings', () => {
  it('from the workspace (not the user): stays inside the workspace folder', () => {
    const workspace = project({ 'dags/a.py': DAG });
    const config = loadProjectConfig(path.join(workspace, 'dags'), { ...defaultSettings(), poolsFile: '/proc/self/environ' }, workspace);
    assert.match(
      messages(config),
      /pools file \/proc\/self\/environ: outside the workspace folder .*: a path set in the workspace settings must stay inside it/,
    );
  });

  it("from the user's own settings: may point anywhere (and is still read as a regular file only)", () => {
    const shared = project({ 'pools.json': '{"etl": 4}' });
    const workspace = project({ 'dags/a.py': DAG });
    const userPaths = new Set(['poolsFile'] as const);
    const config = loadProjectConfig(workspace, { ...defaultSettings(), poolsFile: path.join(shared, 'pools.json') }, workspace, userPaths);
    assert.deepEqual(config.problems, []);
    assert.equal(config.pools?.pools.get('etl')?.slots, 4);
    const zero = loadProjectConfig(workspace, { ...defaultSettings(), poolsFile: '/dev/zero' }, workspace, userPaths);
    assert.match(messages(zero), /pools file \/dev\/zero: cannot be read: not a regular file/);
  });

  it("a pyproject.toml's pools-file replaces the user's: it is the project's, and stays inside the project", () => {
    const root = project({ 'dags/a.py': DAG, 'pyproject.toml': '[tool.dag-guard]\npools-file = "/etc/hostname"\n' });
    const config = loadProjectConfig(root, { ...defaultSettings(), poolsFile: '/etc/hostname' }, root, new Set(['poolsFile'] as const));
    assert.match(messages(config), /outside the project folder/);
  });
});
