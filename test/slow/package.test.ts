// Slow tests (`npm run test:slow`, tens of seconds to minutes): the npm package and the CI
// recipes of the README.
// - `npm pack` ships the bundles, the wasm files and the docs, no tests or sources;
// - the packed tarball, installed into a temporary prefix, checks the examples;
// - the README's GitHub Actions workflow: its `run:` steps, run against that install;
// - the pre-commit hook of .pre-commit-hooks.yaml through Debian's `pre-commit try-repo` (skipped
//   with a note when pre-commit is not installed: `apt-get install -y pre-commit`).
// Uses the dist/ that `npm run test:slow` builds first; --ignore-scripts keeps npm's prepack from
// rebuilding it.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';

const ROOT = path.join(__dirname, '..', '..');
const npm = (args: string[], cwd = ROOT) => execFileSync('npm', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
const hasCommand = (name: string) => spawnSync('sh', ['-c', `command -v ${name}`]).status === 0;

describe('the npm package and the CI recipes', () => {
  const temp = mkdtempSync(path.join(os.tmpdir(), 'dag-guard-pack-'));
  const prefix = path.join(temp, 'prefix');
  const bin = path.join(prefix, 'bin');
  before(() => {
    const tarball = npm(['pack', '--ignore-scripts', '--pack-destination', temp, '--silent']).trim().split('\n').pop()!;
    npm(
      ['install', '--global', '--prefix', prefix, '--ignore-scripts', '--offline', '--no-audit', '--no-fund', path.join(temp, tarball)],
      temp,
    );
  });
  after(() => rmSync(temp, { recursive: true, force: true }));

  it('npm pack lists the bundles, wasm files and docs, and no test or source file', () => {
    const [packed] = JSON.parse(npm(['pack', '--dry-run', '--json', '--ignore-scripts'])) as Array<{ files: Array<{ path: string }> }>;
    const files = packed.files.map((file) => file.path).sort();
    for (const needed of [
      'dist/cli.js',
      'dist/server.js',
      'dist/tree-sitter.wasm',
      'dist/tree-sitter-python.wasm',
      'README.md',
      'LICENSE',
      'CHANGELOG.md',
      'package.json',
      'docs/rules/DG101.md',
    ]) {
      assert.ok(files.includes(needed), `${needed} is not packed`);
    }
    assert.deepEqual(
      files.filter((file) => /^(test|server|client|scripts|examples)\/|\.ts$|\.map$/.test(file)),
      [],
    );
  });

  it('the installed tarball checks the examples', () => {
    const version = spawnSync(path.join(bin, 'dag-guard'), ['--version'], { encoding: 'utf8' });
    assert.match(version.stdout, /^dag-guard \d+\.\d+\.\d+ \(web-tree-sitter /);
    const check = spawnSync(path.join(bin, 'dag-guard'), ['check', '--format', 'json', 'examples/dags'], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(check.status, 1, check.stderr);
    const codes = new Set(
      (JSON.parse(check.stdout).files as Array<{ diagnostics: Array<{ code: string }> }>).flatMap((file) =>
        file.diagnostics.map((d) => d.code),
      ),
    );
    for (const code of ['DG101', 'DG102', 'DG105']) assert.ok(codes.has(code), `${code} missing from the installed CLI's findings`);
  });

  it("the README's GitHub Actions steps: annotations fail the job, the SARIF file is written anyway", () => {
    const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    const workflow = /```yaml\n# \.github\/workflows\/dag-guard\.yml\n([\s\S]*?)```/.exec(readme)?.[1];
    assert.ok(workflow, 'no workflow in the README');
    const steps = [...workflow.matchAll(/^ {6}- run: (.*)$/gm)].map((match) => match[1]);
    assert.deepEqual(steps[0], 'npm install --global dag-guard');
    const project = path.join(temp, 'project');
    cpSync(path.join(ROOT, 'examples'), project, { recursive: true });
    const env = { ...process.env, PATH: `${bin}${path.delimiter}${process.env.PATH}` };
    const [annotations, sarif] = steps.slice(1).map((step) => spawnSync('sh', ['-c', step], { cwd: project, env, encoding: 'utf8' }));
    assert.equal(annotations.status, 1, annotations.stderr);
    assert.match(
      annotations.stdout,
      /^::warning file=dags\/[a-z_]+\.py,line=\d+,col=\d+,endLine=\d+,endColumn=\d+,title=DG101 \(dag-guard\)::/m,
    );
    assert.equal(sarif.status, 0, sarif.stderr);
    const log = JSON.parse(readFileSync(path.join(project, 'dag-guard.sarif'), 'utf8'));
    assert.equal(log.version, '2.1.0');
    assert.ok(log.runs[0].results.length > 10);
  });

  it('the pre-commit hook runs through pre-commit try-repo', (t) => {
    if (!hasCommand('pre-commit') || !hasCommand('git')) {
      t.skip('pre-commit is not installed (apt-get install -y pre-commit): the hook was not tried');
      return;
    }
    const repo = path.join(temp, 'hook-repo');
    const user = path.join(temp, 'user');
    // try-repo installs from a git repository (npm install, npm pack, npm install -g, as for a
    // user): a clone of this one's last commit, with the working tree's manifest files.
    execFileSync('git', ['clone', '--quiet', '--depth', '1', `file://${ROOT}`, repo]);
    for (const file of ['package.json', '.pre-commit-hooks.yaml', '.npmrc', '.npmignore'])
      cpSync(path.join(ROOT, file), path.join(repo, file));
    cpSync(path.join(ROOT, 'examples'), user, { recursive: true });
    const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@e', ...args], { cwd: user });
    git('init', '--quiet');
    git('add', '.');
    const env = { ...process.env, PRE_COMMIT_HOME: path.join(temp, 'pre-commit-home') };
    const run = spawnSync('pre-commit', ['try-repo', repo, 'dag-guard', '--files', 'dags/team_batch_factory.py', 'pyproject.toml'], {
      cwd: user,
      env,
      encoding: 'utf8',
    });
    assert.equal(run.status, 1, run.stdout + run.stderr);
    assert.match(run.stdout, /dag-guard\.+Failed/);
    assert.match(run.stdout, /^dags\/team_batch_factory\.py:\d+:\d+: warning DG101 /m);
  });
});
