// What the CLI reads on its own (version pins, pyproject.toml, the pools file, airflow.cfg, .env,
// compose and Helm files, Dockerfiles, plugins/ operator classes, the DAG files) comes from a
// repository, which decides what those names are. A name that is a symlink to /dev/zero, or a
// FIFO, made `dag-guard check` read without end (or block in open()); every read now goes through
// readRegularFile: regular files only, a symlink when its target is one, with a size cap.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { readRegularFile, readRegularText } from '../../server/src/project/readRegularFile';

const CLI = path.join(__dirname, '..', '..', 'dist', 'cli.js');
const DAG = 'from airflow import DAG\nfrom airflow.models import Variable\n\nenv = Variable.get("env")\n';
const hasFifo = spawnSync('mkfifo', ['--version']).status === 0;

const made: string[] = [];
after(() => {
  for (const folder of made) rmSync(folder, { recursive: true, force: true });
});

function project(files: Record<string, string>): string {
  const root = mkdtempSync(path.join(os.tmpdir(), 'dag-guard-reads-'));
  made.push(root);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    writeFileSync(path.join(root, name), text);
  }
  return root;
}

function device(root: string, name: string): void {
  mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
  symlinkSync('/dev/zero', path.join(root, name));
}

function run(cwd: string, ...args: string[]) {
  // A read without end is killed after 10 s (and fails the test); a good run takes about one.
  return spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', timeout: 10_000, env: { ...process.env, NO_COLOR: '1' } });
}

describe('files the CLI reads on its own are regular files only', () => {
  // Each name the project readers look for, as a symlink to /dev/zero next to a DAG file.
  const NAMES = [
    'requirements.txt',
    'constraints.txt',
    'setup.cfg',
    'Dockerfile',
    'docker/Dockerfile.airflow',
    'airflow.cfg',
    '.env',
    'docker-compose.yaml',
    'values.yaml',
    'plugins/operators.py',
    'include/shared.py',
  ];
  for (const name of NAMES) {
    it(`check and report finish when ${name} is a symlink to /dev/zero`, () => {
      const root = project({ 'dags/report.py': DAG, 'pyproject.toml': '[project]\nname = "x"\n' });
      device(root, name);
      const checked = run(root, 'check', 'dags');
      assert.equal(checked.error, undefined, `check did not finish: ${checked.error?.message}`);
      assert.equal(checked.status, 1, checked.stderr);
      assert.match(checked.stdout, /dags\/report\.py:4:7: warning DG101/);
      const reported = run(root, 'report', 'dags');
      assert.equal(reported.error, undefined, `report did not finish: ${reported.error?.message}`);
    });
  }

  it('reports a pyproject.toml that is a symlink to /dev/zero as unreadable settings (exit 2), without reading it', () => {
    const root = project({ 'dags/report.py': DAG });
    device(root, 'pyproject.toml');
    const checked = run(root, 'check', 'dags');
    assert.equal(checked.error, undefined, `check did not finish: ${checked.error?.message}`);
    // Settings that cannot be read fail the run, as any invalid configuration does (issue 14).
    assert.equal(checked.status, 2);
    assert.match(checked.stderr, /pyproject\.toml: \[tool\.dag-guard\] cannot read pyproject\.toml: not a regular file/);
  });

  it('reports a pools file that is a symlink to /dev/zero (a file outside the project), and goes on', () => {
    const root = project({ 'dags/report.py': DAG, 'pyproject.toml': '[tool.dag-guard]\npools-file = "pools.json"\n' });
    device(root, 'pools.json');
    const checked = run(root, 'check', 'dags');
    assert.equal(checked.error, undefined, `check did not finish: ${checked.error?.message}`);
    assert.match(checked.stderr, /pools file .*pools\.json: outside the project folder/);
    // From the user's own settings a pools file may be outside, and /dev/zero is still refused:
    // test/unit/path-settings.test.ts, test/protocol/project-files.test.ts.
  });

  it('skips a DAG file named on the command line that is a symlink to /dev/zero', () => {
    const root = project({ 'dags/report.py': DAG });
    device(root, 'dags/zero.py');
    const checked = run(root, 'check', 'dags/zero.py', 'dags/report.py');
    assert.equal(checked.error, undefined, `check did not finish: ${checked.error?.message}`);
    assert.match(checked.stderr, /dags\/zero\.py: skipped: not a regular file/);
    assert.match(checked.stdout, /dags\/report\.py:4:7: warning DG101/);
  });

  it('does not block on a FIFO named requirements.txt or airflow.cfg', { skip: !hasFifo && 'no mkfifo' }, () => {
    const root = project({ 'dags/report.py': DAG });
    spawnSync('mkfifo', [path.join(root, 'requirements.txt'), path.join(root, 'airflow.cfg')]);
    const checked = run(root, 'check', 'dags');
    assert.equal(checked.error, undefined, `check did not finish: ${checked.error?.message}`);
    assert.equal(checked.status, 1);
  });

  it('still reads a symlink to a regular file (airflow.cfg kept deeper than the search looks)', () => {
    const deep = path.join('etc', 'airflow', 'deploy', 'prod', 'airflow.cfg');
    const root = project({ 'dags/report.py': DAG, [deep]: '[scheduler]\nmin_file_process_interval = 600\n' });
    symlinkSync(deep, path.join(root, 'airflow.cfg'));
    const reported = run(root, 'report', '--format', 'json', 'dags');
    assert.equal(JSON.parse(reported.stdout).timings.minFileProcessInterval.seconds, 600, reported.stdout);
  });
});

describe('readRegularFile', () => {
  it('reads a regular file, and refuses devices, folders, missing files and files over the cap', () => {
    const root = project({ 'a.txt': 'hello' });
    device(root, 'zero');
    assert.deepEqual(readRegularText(path.join(root, 'a.txt')), { ok: true, text: 'hello' });
    assert.deepEqual(readRegularFile(path.join(root, 'zero'), 100), { ok: false, reason: 'not a regular file' });
    assert.deepEqual(readRegularFile(root, 100), { ok: false, reason: 'not a regular file' });
    assert.deepEqual(readRegularFile(path.join(root, 'missing'), 100), { ok: false, reason: 'cannot read (ENOENT)' });
    assert.deepEqual(readRegularFile(path.join(root, 'a.txt'), 4), { ok: false, reason: 'larger than 4 bytes' });
  });

  it('caps what it reads, not only the size a file reports (files under /proc report 0)', {
    skip: !readdirSync('/proc').includes('self') && 'no /proc',
  }, () => {
    const read = readRegularFile('/proc/self/status', 10);
    assert.deepEqual(read, { ok: false, reason: 'larger than 10 bytes' });
  });

  it('drops a BOM from configuration text', () => {
    const root = project({});
    writeFileSync(path.join(root, 'pools.json'), '\ufeff{}');
    assert.deepEqual(readRegularText(path.join(root, 'pools.json')), { ok: true, text: '{}' });
  });
});

describe('one reader', () => {
  it('no file in project/, protocol/ or cli/ reads a file except through readRegularFile (or the cache file reader)', () => {
    const source = path.join(__dirname, '..', '..', 'server', 'src');
    const offenders: string[] = [];
    for (const folder of ['project', 'protocol', 'cli']) {
      const walk = (dir: string) => {
        for (const entry of readdirSync(dir, { withFileTypes: true })) {
          const full = path.join(dir, entry.name);
          if (entry.isDirectory()) walk(full);
          // cacheFile.ts reads the results cache file by position, with readRegularFile's guards (see there).
          else if (entry.name.endsWith('.ts') && !['readRegularFile.ts', 'writeSource.ts', 'cacheFile.ts'].includes(entry.name)) {
            const text = readFileSync(full, 'utf8');
            if (/\b(readFileSync|readFile|createReadStream|openSync|readSync)\b/.test(text)) offenders.push(path.relative(source, full));
          }
        }
      };
      walk(path.join(source, folder));
    }
    assert.deepEqual(offenders, [], 'read files with readRegularFile / readRegularText / readSourceFile');
  });
});
