// `dag-guard check`'s results cache (.dag-guard-cache/ at the project root): a repeat run reuses a
// file's findings only while the file, the run's settings and every project module or template
// file its analysis looked at are unchanged; output with the cache equals output without it.
import assert from 'node:assert/strict';
import {
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  unlinkSync,
  utimesSync,
  writeFileSync,
  type Stats,
} from 'node:fs';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { main } from '../../server/src/cli/main';
import { tempFolder } from '../helpers/tempFolder';
import { fileStamp, hashText, ResultCache } from '../../server/src/project/resultCache';
import { OperatorIndex } from '../../server/src/project/operatorIndex';
import { readProjectLayout } from '../../server/src/project/layout';
import { defaultSettings } from '../../server/src/core/settings/schema';
import { createPythonParser } from '../../server/src/core/syntax/parser';
import { generateProject } from '../bench/generate';

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
    .filter((entry) => entry.isFile() && entry.name.endsWith('.cache'))
    .map((entry) => path.join(entry.parentPath, entry.name));
}

/** A cache file's three parts (see resultCache.ts): the head, the entries, the recorded run's output. */
interface CacheParts {
  /** `body`: the entries' length in bytes. */
  head: { run: { bytes: number; inputs: [string, string, boolean | null][] } | null; body: number };
  body: { files: Record<string, unknown[]> };
  output: string;
}

function readCache(file: string): CacheParts {
  const text = readFileSync(file, 'utf8');
  const headEnd = text.indexOf('\n');
  const bodyEnd = text.indexOf('\n', headEnd + 1);
  return { head: JSON.parse(text.slice(0, headEnd)), body: JSON.parse(text.slice(headEnd + 1, bodyEnd)), output: text.slice(bodyEnd + 1) };
}

function writeCache(file: string, { head, body, output }: CacheParts): void {
  if (head.run) head.run.bytes = Buffer.byteLength(output);
  const entries = JSON.stringify(body);
  head.body = Buffer.byteLength(entries);
  writeFileSync(file, `${JSON.stringify(head)}\n${entries}\n${output}`);
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
    const contents = readCache(file);
    const key = path.join('dags', 'sales.py');
    assert.ok(contents.body.files[key], `an entry for ${key}`);
    (contents.body.files[key][5] as { message: string }[])[0].message = 'planted in the cache';
    writeCache(file, contents);
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

/**
 * The planted-entry trick on the cache file: `edit` changes the stored entry of `key`. The recorded
 * run goes, so that the next run looks at the entries.
 */
function editEntry(root: string, key: string, edit: (entry: unknown[]) => void): void {
  const [file] = cacheFiles(root);
  const contents = readCache(file);
  assert.ok(contents.body.files[key], `an entry for ${key}`);
  edit(contents.body.files[key]);
  writeCache(file, { head: { ...contents.head, run: null }, body: contents.body, output: '' });
}

describe('the results cache: a file known unchanged by its stamp', () => {
  // Files changed in the last 2 s are not stamped: these files are made, then left that long.
  const root = project({ 'dags/sales.py': DAG, 'dags/helpers.py': HELPER_LOUD, 'dags/extra.py': 'more = 1\n' });
  const key = path.join('dags', 'sales.py');
  const settled = new Promise((resolve) => setTimeout(resolve, 2_100));

  it('is neither read nor hashed while its stamp is the one recorded, and is once the stamp changes', async () => {
    await settled;
    await run(['check', 'dags'], root);
    // A wrong hash and a planted message: a run that trusts the stamp prints the message, one that hashes the text does not.
    editEntry(root, key, (entry) => {
      entry[1] = 'not the hash of the text';
      (entry[5] as { message: string }[])[0].message = 'planted in the cache';
    });
    assert.match((await run(['check', 'dags'], root)).stdout, /planted in the cache/);
    // Touched (a new modification and change time), the same text: read, hashed, and analysed afresh.
    const now = new Date();
    utimesSync(path.join(root, key), now, now);
    const touched = await run(['check', 'dags'], root);
    assert.doesNotMatch(touched.stdout, /planted/);
    assert.match(touched.stdout, /^dags\/sales\.py:6:12: warning DG101 /m);
  });

  it('is analysed again when its text changed with its size and modification time put back', async () => {
    await settled;
    const file = path.join(root, 'dags', 'sales.py');
    // A modification time of whole seconds, which utimes can set back exactly.
    const mtime = Math.floor(Date.now() / 1000) - 60;
    writeFileSync(file, DAG);
    utimesSync(file, mtime, mtime);
    await new Promise((resolve) => setTimeout(resolve, 2_100));
    await run(['check', 'dags'], root);
    const [cache] = cacheFiles(root);
    assert.notEqual(readCache(cache).body.files[key][0], null, 'the entry is stamped');
    const before = statSync(file);
    assert.equal(before.mtimeMs, mtime * 1000);
    // The same length, the call to the helper gone: no DG101 any more.
    const edited = DAG.replace('SETTINGS = settings_for("sales")', 'SETTINGS = {"team": "sales"}'.padEnd(32));
    assert.equal(edited.length, DAG.length);
    writeFileSync(file, edited);
    utimesSync(file, mtime, mtime);
    assert.equal(statSync(file).mtimeMs, before.mtimeMs);
    // Long enough that the change is not just too recent to trust: only the change time tells.
    await new Promise((resolve) => setTimeout(resolve, 2_100));
    const after = await run(['check', 'dags'], root);
    assert.doesNotMatch(after.stdout, /^dags\/sales\.py:\d+:\d+: warning DG101/m);
    assert.equal(after.stdout, (await run(['check', 'dags', '--no-cache'], root)).stdout);
  });
});

describe('fileStamp', () => {
  const stats = (changes: Partial<Stats>) => ({ size: 10, mtimeMs: 1_000, ctimeMs: 1_000, ino: 7, dev: 1, ...changes }) as Stats;

  it('stamps size, modification and change times, inode and device', () => {
    const stamp = fileStamp(stats({}), 10_000);
    assert.ok(stamp);
    for (const change of [{ size: 11 }, { mtimeMs: 1_001 }, { ctimeMs: 1_001 }, { ino: 8 }, { dev: 2 }])
      assert.notEqual(fileStamp(stats(change), 10_000), stamp, JSON.stringify(change));
  });

  it('does not stamp a file modified or changed in the 2 s before its stat', () => {
    assert.equal(fileStamp(stats({ mtimeMs: 9_000 }), 10_000), null);
    assert.equal(fileStamp(stats({ ctimeMs: 9_000 }), 10_000), null);
    assert.notEqual(fileStamp(stats({ mtimeMs: 7_999, ctimeMs: 7_999 }), 10_000), null);
  });
});

describe('the results cache file', () => {
  const check = { locate: () => null, contentHash: () => null, pathExists: () => undefined, stable: true };
  const entry = { text: hashText('x = 1\n'), parsedByAirflow: null, dagFile: false, imports: [], modules: [], paths: [], findings: [] };

  it('asks for the text only when the stamp is not the one recorded', () => {
    const root = project({});
    const file = path.join(root, 'dag.py');
    const cache = new ResultCache(root, {}, 'b');
    cache.put(file, entry, 'stamp-1');
    cache.save();
    const reopened = new ResultCache(root, {}, 'b');
    let reads = 0;
    const source = (stamp: string | null, text: string) => ({
      file,
      stamp: () => stamp,
      text: () => {
        reads++;
        return text;
      },
    });
    assert.deepEqual(reopened.get(source('stamp-1', 'changed = 2\n'), null, check), []);
    assert.equal(reads, 0);
    const other = new ResultCache(root, {}, 'b');
    assert.equal(other.get(source('stamp-2', 'changed = 2\n'), null, check), undefined);
    assert.equal(reads, 1);
    // No stamp vouches for anything: the text decides.
    assert.deepEqual(new ResultCache(root, {}, 'b').get(source(null, 'x = 1\n'), null, check), []);
    assert.equal(new ResultCache(root, {}, 'b').getUnread(source(null, 'x = 1\n'), null, check), undefined);
  });

  it('reads the entries and the output only from the file its head came from', () => {
    const root = project({});
    const dag = path.join(root, 'dag.py');
    const write = (output: string, findings: unknown[]) => {
      const cache = new ResultCache(root, {}, 'b');
      cache.put(dag, { ...entry, findings: findings as typeof entry.findings }, 'stamp-1');
      cache.record({ args: 1 }, [[dag, 'stamp-1', null]], null, () => true, output, 1);
      cache.save();
    };
    write('first output\n', []);
    // Opened (its head read), then another run replaces the file before the output is read.
    const opened = new ResultCache(root, {}, 'b');
    const entriesOpened = new ResultCache(root, {}, 'b');
    write('second output, of another length\n', [{ planted: true }]);
    assert.equal(
      opened.repeat({ args: 1 }, [[dag, 'stamp-1', null]], () => [], check),
      undefined,
      'not the output of another head',
    );
    assert.equal(entriesOpened.getUnread({ file: dag, stamp: () => 'stamp-1' }, null, check), undefined, 'not the entries of another head');
    // A file opened after the replacement reads its own parts.
    const replaced = new ResultCache(root, {}, 'b').repeat({ args: 1 }, [[dag, 'stamp-1', null]], () => [], check);
    assert.deepEqual(replaced && { output: replaced.output.text(), exitCode: replaced.exitCode }, {
      output: 'second output, of another length\n',
      exitCode: 1,
    });
    // Saving after the replacement keeps no run whose output it could not read.
    opened.put(path.join(root, 'other.py'), entry, 'stamp-3');
    opened.save();
    assert.equal(
      new ResultCache(root, {}, 'b').repeat({ args: 1 }, [[dag, 'stamp-1', null]], () => [], check),
      undefined,
    );
  });

  it('keeps a run whole only when every input is stamped and every Python input has an entry of this run', () => {
    const root = project({});
    const dag = path.join(root, 'dag.py');
    const cfg = path.join(root, 'airflow.cfg');
    const keep = (inputs: [string, string | null, null][], isPython = (file: string) => file.endsWith('.py')) => {
      const cache = new ResultCache(root, {}, 'b');
      cache.put(dag, entry, 'stamp-1');
      cache.record({ args: 1 }, inputs, null, isPython, 'the output\n', 1);
      cache.save();
      const stamped = inputs.map(([file]): [string, string, null] => [file, file === dag ? 'stamp-1' : 'stamp-2', null]);
      const repeated = new ResultCache(root, {}, 'b').repeat({ args: 1 }, stamped, () => [], check);
      return repeated && { output: repeated.output.text(), exitCode: repeated.exitCode };
    };
    assert.deepEqual(
      keep([
        [dag, 'stamp-1', null],
        [cfg, 'stamp-2', null],
      ]),
      { output: 'the output\n', exitCode: 1 },
    );
    assert.equal(
      keep([
        [dag, 'stamp-1', null],
        [cfg, null, null],
      ]),
      undefined,
      'an input changed too recently to stamp',
    );
    assert.equal(
      keep(
        [
          [dag, 'stamp-1', null],
          [cfg, 'stamp-2', null],
        ],
        () => true,
      ),
      undefined,
      'a Python input without an entry',
    );
    // Another shape (other arguments): not this run.
    const cache = new ResultCache(root, {}, 'b');
    cache.put(dag, entry, 'stamp-1');
    cache.record({ args: 1 }, [[dag, 'stamp-1', null]], null, () => true, 'the output\n', 1);
    assert.equal(
      cache.repeat({ args: 2 }, [[dag, 'stamp-1', null]], () => [], check),
      undefined,
    );
  });

  it('drops the entries made with other operator classes', () => {
    const root = project({});
    const file = path.join(root, 'dag.py');
    const source = { file, stamp: () => null, text: () => 'x = 1\n' };
    const cache = new ResultCache(root, {}, 'b');
    cache.confirm({ operatorClasses: [] });
    cache.put(file, entry, null);
    cache.save();
    const same = new ResultCache(root, {}, 'b');
    same.confirm({ operatorClasses: [] });
    assert.deepEqual(same.get(source, null, check), []);
    const other = new ResultCache(root, {}, 'b');
    other.confirm({ operatorClasses: [{ name: 'MyOperator' }] });
    assert.equal(other.get(source, null, check), undefined);
  });

  it("keeps the operator index's classes of a file by its stamp", async () => {
    const root = project({
      'dags/operators.py': 'from airflow.models import BaseOperator\n\n\nclass MyOperator(BaseOperator):\n    template_fields = ("sql",)\n',
    });
    const file = path.join(root, 'dags', 'operators.py');
    const old = new Date(Date.now() - 10_000);
    utimesSync(file, old, old);
    const parser = await createPythonParser();
    const layout = readProjectLayout(root, { ...defaultSettings(), dagsFolder: 'dags' }, { airflowVersion: null });
    const cache = new ResultCache(root, {}, 'b');
    const found = new OperatorIndex(parser, layout, null, cache).classes();
    assert.deepEqual(
      found.map((spec) => [spec.name, spec.fields]),
      [['MyOperator', ['sql']]],
    );
    // The file's change time is recent (utimes sets it): not stamped, so not kept.
    assert.equal(cache.known(file), undefined);
    // A memo that knows the file: the index takes its answer without reading the file.
    const planted = [{ name: 'Planted', bases: ['BaseOperator'], fields: ['x'], spliced: [], unreadable: false }];
    const memo = { known: () => planted, learned: () => assert.fail('not read') };
    assert.deepEqual(new OperatorIndex(parser, layout, null, memo).classes(), planted);
  });

  it('asks for the parser only when a file the memo does not know may define an operator', async () => {
    const root = project({
      'dags/operators.py': 'from airflow.models import BaseOperator\n\n\nclass MyOperator(BaseOperator):\n    template_fields = ("sql",)\n',
      'dags/plain.py': 'x = 1\n',
    });
    const layout = readProjectLayout(root, { ...defaultSettings(), dagsFolder: 'dags' }, { airflowVersion: null });
    let asked = 0;
    const parser = async () => {
      asked++;
      return createPythonParser();
    };
    const fresh = await new OperatorIndex(null, layout, null, null).classesParsedWith(parser);
    assert.deepEqual(
      fresh.map((spec) => spec.name),
      ['MyOperator'],
    );
    assert.equal(asked, 1);
    const planted = [{ name: 'Planted', bases: ['BaseOperator'], fields: ['x'], spliced: [], unreadable: false }];
    const memo = { known: (file: string) => (file.endsWith('operators.py') ? planted : undefined), learned: () => undefined };
    assert.deepEqual(await new OperatorIndex(null, layout, null, memo).classesParsedWith(parser), planted);
    assert.equal(asked, 1, 'no parser for a run the memo answers');
  });
});

describe('the results cache: output', () => {
  it('is byte for byte the output without it, on the examples and on a generated project', async () => {
    const examples = tempFolder({}, 'dag-guard-cli-cache-examples-');
    folders.push(examples);
    cpSync(path.join(__dirname, '..', '..', 'examples'), examples, { recursive: true });
    const generated = project(generateProject(30, 4));
    for (const [root, args] of [
      [examples, ['check', '.', '--format', 'json']],
      [examples, ['check', 'dags', '--format', 'sarif']],
      [generated, ['check', '.', '--format', 'json']],
      [generated, ['check', 'dags/common/helper_1.py', '--format', 'json']],
    ] as const) {
      const fresh = await run([...args, '--no-cache'], root);
      const first = await run([...args], root);
      const repeat = await run([...args], root);
      assert.equal(first.stdout, fresh.stdout, `${args.join(' ')}: the run that fills the cache`);
      assert.equal(repeat.stdout, fresh.stdout, `${args.join(' ')}: the repeat`);
      assert.equal(repeat.code, fresh.code);
    }
  });

  it("names a DAG file that .gitignore leaves out in its helper's end, as without the cache", async () => {
    const root = project({
      '.gitignore': 'dags/ignored.py\n',
      'dags/sales.py': DAG,
      'dags/ignored.py': DAG.replace('"sales"', '"ignored"'),
      'dags/helpers.py': HELPER_LOUD,
      'dags/extra.py': 'more = 1\n',
    });
    mkdirSync(path.join(root, '.git'));
    const fresh = await run(['check', '.', '--no-cache'], root);
    assert.match(fresh.stdout, /^dags\/helpers\.py:5:\d+: warning DG101 .* runs at every parse of dags\/ignored\.py and dags\/sales\.py/m);
    assert.equal((await run(['check', '.'], root)).stdout, fresh.stdout);
    assert.equal((await run(['check', '.'], root)).stdout, fresh.stdout);
  });
});

describe('the results cache: a repeat run answered whole', () => {
  // Only stamped files (unchanged for 2 s) make a run the cache records whole: each project is made,
  // then left that long, and again after each change.
  const settle = () => new Promise((resolve) => setTimeout(resolve, 2_100));
  const files = { 'dags/sales.py': DAG, 'dags/helpers.py': HELPER_QUIET, 'dags/extra.py': 'more = 1\n' };

  /** Records a run of `args`, then plants a marker in place of its output: a run that reuses the record prints it. */
  async function recordAndPlant(root: string, args: string[]): Promise<{ code: number }> {
    const first = await run(args, root);
    assert.equal(first.stdout, (await run([...args, '--no-cache'], root)).stdout);
    const [file] = cacheFiles(root);
    const contents = readCache(file);
    assert.ok(contents.head.run, 'the run is recorded');
    assert.equal(contents.output, first.stdout);
    writeCache(file, { ...contents, output: 'planted in the record\n' });
    return first;
  }

  it('a repeat with --output-file writes the recorded output byte for byte, however long', async () => {
    const root = project(files);
    await settle();
    const args = ['check', 'dags', '--format', 'json', '-o', 'report.json'];
    const first = await run(args, root);
    const [file] = cacheFiles(root);
    const contents = readCache(file);
    assert.ok(contents.head.run, 'the run is recorded');
    assert.equal(contents.output, readFileSync(path.join(root, 'report.json'), 'utf8'));
    // A recorded output over the copy's chunk (256 KiB), with characters of two to four bytes across its boundaries.
    const planted = `${'{"message": "Variable.get(\'région\') 🚀 déjà"}\n'.repeat(20_000)}end\n`;
    writeCache(file, { ...contents, output: planted });
    const repeat = await run(args, root);
    assert.deepEqual([repeat.code, repeat.stdout], [first.code, '']);
    assert.equal(readFileSync(path.join(root, 'report.json'), 'utf8'), planted);
  });

  it('prints the recorded output while every input and dependency is unchanged, and not with other arguments', async () => {
    const root = project(files);
    await settle();
    const first = await recordAndPlant(root, ['check', 'dags']);
    const repeat = await run(['check', 'dags'], root);
    assert.equal(repeat.stdout, 'planted in the record\n');
    assert.equal(repeat.code, first.code);
    // Another format, another path given, --no-cache: not this record's output.
    for (const args of [
      ['check', 'dags', '--format', 'json'],
      ['check', 'dags/sales.py'],
      ['check', 'dags', '--no-cache'],
    ])
      assert.doesNotMatch((await run(args, root)).stdout, /planted/, args.join(' '));
  });

  it('is not reused when a file changed, a file came or went, a helper module or a setting changed', async () => {
    const loud = `${DAG}from airflow.models import Variable\n\nBUCKET = Variable.get("bucket")\n`;
    const write = (root: string, file: string, text: string) => writeFileSync(path.join(root, file), text);
    const changes: [
      name: string,
      args: string[],
      change: (root: string) => void,
      helper?: string | undefined,
      more?: Record<string, string>,
    ][] = [
      ['one file changed', ['check', 'dags'], (root) => write(root, 'dags/sales.py', loud)],
      ['a file added', ['check', 'dags'], (root) => write(root, 'dags/more.py', loud)],
      ['a file removed', ['check', 'dags'], (root) => unlinkSync(path.join(root, 'dags/sales.py'))],
      // The helper is not an input here: only the entry's dependency says it changed.
      ['a helper module changed', ['check', 'dags/sales.py'], (root) => write(root, 'dags/helpers.py', HELPER_LOUD)],
      [
        'a setting changed',
        ['check', 'dags'],
        (root) => write(root, 'pyproject.toml', '[tool.dag-guard]\nignore = ["DG101"]\n'),
        HELPER_LOUD,
      ],
      // The helper's end names the DAG files that run the checked helper: one outside the inputs came.
      [
        'a DAG file running the checked helper added',
        ['check', 'dags/helpers.py'],
        (root) => write(root, 'dags/other.py', DAG.replace('"sales"', '"other"')),
        HELPER_LOUD,
      ],
      // A configuration file among the inputs: its findings come from its text.
      [
        'an airflow.cfg checked changed',
        ['check', '.'],
        (root) => write(root, 'airflow.cfg', '[core]\nparallelism = 64\n'),
        undefined,
        { 'airflow.cfg': '[core]\nparalellism = 64\n' },
      ],
    ];
    const roots = changes.map(([, , , helper, more]) => project({ ...files, 'dags/helpers.py': helper ?? HELPER_QUIET, ...more }));
    await settle();
    for (const [index, [, args]] of changes.entries()) await recordAndPlant(roots[index], args);
    for (const [index, [, , change]] of changes.entries()) change(roots[index]);
    // Long enough that the changed files are stamped again: only their stamps (or the dependencies) tell.
    await settle();
    for (const [index, [name, args]] of changes.entries()) {
      const repeat = await run(args, roots[index]);
      const fresh = await run([...args, '--no-cache'], roots[index]);
      assert.equal(repeat.stdout, fresh.stdout, name);
      assert.equal(repeat.code, fresh.code, name);
    }
  });
});
