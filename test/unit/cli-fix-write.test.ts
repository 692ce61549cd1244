// How `dag-guard check --fix` writes files: the bundled dist/cli.js on real files. A fixed file
// keeps its UTF-8 BOM and its mode; a write that is cut short (here by `ulimit -f`, as a full disk
// would) leaves the original intact; a file it may not write is reported in one line and skipped,
// the files after it are still fixed, and the run exits 2.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  chownSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';

const CLI = path.join(__dirname, '..', '..', 'dist', 'cli.js');

/** A DAG file with one safe fix (DG101's template), and what the fix makes of it. */
const DAG = [
  'from airflow import DAG',
  'from airflow.providers.standard.operators.python import PythonOperator',
  '',
  'with DAG("nightly", schedule="@daily"):',
  '    PythonOperator(task_id="run", python_callable=print, op_args=["echo " + Variable.get("target")])',
  '',
].join('\n');
const DAG_WITH_IMPORT = DAG.replace('from airflow import DAG\n', 'from airflow import DAG\nfrom airflow.models import Variable\n');
const FIXED = DAG.replace('Variable.get("target")', '"{{ var.value.target }}"');

function check(cwd: string, args: string[], options: { uid?: number | undefined; shell?: string } = {}) {
  const command = options.shell ? '/bin/sh' : process.execPath;
  const argv = options.shell
    ? ['-c', `${options.shell}; exec "$0" "$@"`, process.execPath, CLI, 'check', '--select', 'DG101', ...args]
    : [CLI, 'check', '--select', 'DG101', ...args];
  const ids = options.uid === undefined ? {} : { uid: options.uid, gid: options.uid };
  return spawnSync(command, argv, { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, ...ids });
}

describe('dag-guard check --fix: how files are written', () => {
  let project: string;
  beforeEach(() => {
    project = mkdtempSync(path.join(os.tmpdir(), 'dag-guard-write-'));
  });
  afterEach(() => rmSync(project, { recursive: true, force: true }));

  it('keeps the UTF-8 BOM of a file it fixes, and reports positions as the editor counts them (after the BOM)', () => {
    const file = path.join(project, 'bom.py');
    writeFileSync(file, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(DAG_WITH_IMPORT)]));
    const listed = check(project, ['--format', 'json', 'bom.py']);
    const { files } = JSON.parse(listed.stdout) as {
      files: Array<{ diagnostics: Array<{ code: string; range: { start: { line: number; character: number } } }> }>;
    };
    const at = files[0].diagnostics.map((finding) => [finding.code, finding.range.start.line, finding.range.start.character]);
    assert.deepEqual(at, [['DG101', 5, 76]]);

    const result = check(project, ['--fix', 'bom.py']);
    assert.match(result.stdout, /Fixed 1 finding/, result.stdout + result.stderr);
    const bytes = readFileSync(file);
    assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'the BOM is still there');
    assert.equal(bytes.subarray(3).toString('utf8'), FIXED);
  });

  it("keeps the file's mode", () => {
    const file = path.join(project, 'script.py');
    writeFileSync(file, DAG_WITH_IMPORT);
    chmodSync(file, 0o751);
    check(project, ['--fix', 'script.py']);
    assert.equal(readFileSync(file, 'utf8'), FIXED);
    assert.equal(statSync(file).mode & 0o777, 0o751);
  });

  it('writes through a symlink: the link stays, its target is fixed', () => {
    mkdirSync(path.join(project, 'shared'));
    const target = path.join(project, 'shared', 'dag.py');
    writeFileSync(target, DAG_WITH_IMPORT);
    symlinkSync(path.join('shared', 'dag.py'), path.join(project, 'link.py'));
    check(project, ['--fix', 'link.py']);
    assert.ok(lstatSync(path.join(project, 'link.py')).isSymbolicLink());
    assert.equal(readFileSync(target, 'utf8'), FIXED);
  });

  it('leaves the original intact, and no stray file, when the write is cut short', () => {
    // 300 KB of comments, and a shell limit of 100 KB per written file: the rewrite cannot finish.
    const original = DAG_WITH_IMPORT + `# ${'padding '.repeat(1000)}\n`.repeat(38);
    const file = path.join(project, 'large.py');
    writeFileSync(file, original);
    const result = check(project, ['--fix', 'large.py'], { shell: 'ulimit -f 100' });
    assert.equal(result.status, 2, result.stdout + result.stderr);
    assert.equal(result.stderr, 'dag-guard: large.py: not fixed: cannot write the file (EFBIG)\n');
    const after = readFileSync(file, 'utf8');
    assert.ok(after === original, `the DAG file is whole (${after.length} of ${original.length} characters)`);
    // (The results cache keeps itself in .dag-guard-cache/, and removes its own temporary file.)
    assert.deepEqual(
      readdirSync(project).filter((name) => name !== '.dag-guard-cache'),
      ['large.py'],
      'the temporary file is removed',
    );
    assert.deepEqual(
      readdirSync(path.join(project, '.dag-guard-cache'), { recursive: true }).filter((name) => String(name).endsWith('.tmp')),
      [],
    );
  });

  it('reports a file it may not write in one line, fixes the files after it, and exits 2', () => {
    // As root every file is writable: run the CLI as nobody, on files nobody owns or may write.
    const asUser = process.getuid?.() === 0 ? 65534 : undefined;
    if (asUser !== undefined) chownSync(project, asUser, asUser);
    const locked = path.join(project, 'a_locked.py');
    const open = path.join(project, 'b_open.py');
    writeFileSync(locked, DAG_WITH_IMPORT);
    writeFileSync(open, DAG_WITH_IMPORT);
    if (asUser !== undefined) chownSync(open, asUser, asUser);
    chmodSync(locked, 0o444);
    const result = check(project, ['--fix', '.'], { uid: asUser });
    assert.equal(result.status, 2, result.stdout + result.stderr);
    assert.equal(readFileSync(locked, 'utf8'), DAG_WITH_IMPORT, 'the read-only file is untouched');
    assert.equal(readFileSync(open, 'utf8'), FIXED, 'the file after it is fixed');
    const lines = result.stderr.trim().split('\n');
    assert.deepEqual(lines, ['dag-guard: a_locked.py: not fixed: cannot write the file (EACCES)']);
    assert.doesNotMatch(result.stderr, /\n\s+at /, 'no stack trace');
    assert.match(result.stdout, /a_locked\.py:6:77: warning DG101/, 'its findings are still reported');
  });
});
