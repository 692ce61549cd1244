// The flags people type first: per-command help, flag typos, --version, --fail-on, --quiet,
// --statistics, --output-file, --unsafe-fixes, --diff, and stdin (--stdin-filename PATH -).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { tempFolder } from '../helpers/tempFolder';
import { main } from '../../server/src/cli/main';
import grammar from '../../server/grammar.json';

/** Two Variable.get whose template fix is offered but not safe (BashOperator reads a value ending in .sh as a file). */
const UNSAFE = [
  'from airflow import DAG',
  'from airflow.models import Variable',
  'from airflow.operators.bash import BashOperator',
  '',
  'queue = Variable.get("queue")',
  '',
  'with DAG("unsafe", schedule=None):',
  '    BashOperator(task_id="run", bash_command=queue)',
  '',
].join('\n');
const FIXED = UNSAFE.replace('from airflow.models import Variable\n', '').replace('Variable.get("queue")', '"{{ var.value.queue }}"');
/** DG105 (a heavy import used only in a function), set to information severity by the tests' settings. */
const HEAVY =
  'import pandas\nfrom airflow import DAG\n\nwith DAG("heavy", schedule=None):\n    pass\n\ndef f():\n    return pandas.DataFrame()\n';

async function run(args: string[], cwd: string, stdin?: string): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const readStdin = async () => new TextEncoder().encode(stdin ?? '');
  const code = await main(args, { cwd, color: false, readStdin, stdout: (text) => (stdout += text), stderr: (text) => (stderr += text) });
  return { code, stdout, stderr };
}

describe('dag-guard help, typos and --version', () => {
  it('check --help and help check print the options of check, exit 0', async () => {
    const cwd = tempFolder({});
    const viaFlag = await run(['check', '--help'], cwd);
    assert.equal(viaFlag.code, 0);
    assert.match(viaFlag.stdout, /^Usage: dag-guard check \[options\] \[PATHS\.\.\.\]/);
    assert.match(viaFlag.stdout, /^ {6}--unsafe-fixes {11}With --fix or --diff/m);
    assert.deepEqual(await run(['help', 'check'], cwd), viaFlag);
    assert.match((await run(['report', '--help'], cwd)).stdout, /^ {6}--sort ORDER {13}cost \(default/m);
    assert.match((await run(['explain', '-h'], cwd)).stdout, /^Usage: dag-guard explain \[CODE\]/);
  });

  it('a flag typo says "did you mean", points to the command\'s help, exit 2', async () => {
    const result = await run(['check', '--selct', 'DG1'], tempFolder({}));
    assert.deepEqual(result, {
      code: 2,
      stdout: '',
      stderr: 'dag-guard: unknown option --selct for check; did you mean --select?\nRun `dag-guard check --help` for the options.\n',
    });
    assert.equal(
      (await run(['chek'], tempFolder({}))).stderr,
      'dag-guard: unknown command "chek"; did you mean check?\nRun `dag-guard --help` for the options.\n',
    );
  });

  it('--version names the tree-sitter pair it parses with', async () => {
    const { code, stdout } = await run(['--version'], tempFolder({}));
    assert.equal(code, 0);
    assert.equal(
      stdout,
      `dag-guard 0.0.0-dev (web-tree-sitter ${grammar['web-tree-sitter']}, tree-sitter-python ${grammar['tree-sitter-python']}, ABI ${grammar.abi})\n`,
    );
  });
});

describe('dag-guard check: --fail-on, --quiet, --statistics, --output-file', () => {
  const project = (failOn = '') =>
    tempFolder({ 'heavy.py': HEAVY, 'pyproject.toml': `[tool.dag-guard]\nseverity = { DG105 = "information" }\n${failOn}` });

  it('information findings inform without failing (default fail-on warning); --fail-on information fails', async () => {
    const cwd = project();
    const informed = await run(['check'], cwd);
    assert.equal(informed.code, 0);
    assert.match(informed.stdout, /^heavy\.py:1:8: information DG105 import pandas runs at every parse/m);
    assert.equal((await run(['check', '--fail-on', 'information'], cwd)).code, 1);
    assert.equal((await run(['check'], project('fail-on = "hint"\n'))).code, 1);
    assert.equal(
      (await run(['check', '--fail-on', 'loud'], cwd)).stderr,
      'dag-guard: --fail-on must be one of error, warning, information, hint, not "loud"\nRun `dag-guard check --help` for the options.\n',
    );
  });

  it('--quiet prints the findings only', async () => {
    const { stdout } = await run(['check', '-q'], tempFolder({ 'dag.py': UNSAFE }));
    assert.equal(stdout.split('\n').length, 2);
    assert.match(stdout, /^dag\.py:5:9: warning DG101 Variable\.get\("queue"\) runs at every parse\.\n$/);
  });

  it('--verbose says on stderr which Airflow version pin won, and from which file', async () => {
    const cwd = tempFolder({
      'dag.py': HEAVY,
      'requirements.txt': 'apache-airflow==2.10.2\n',
      'docker/Dockerfile': 'FROM apache/airflow:2.9.0\n',
    });
    const verbose = await run(['check', '--verbose'], cwd);
    assert.match(
      verbose.stderr,
      /^dag-guard: Airflow 2\.9, from docker\/Dockerfile \(FROM apache\/airflow:2\.9\): the lowest of 2 pins wins \(also 2\.10 in requirements\.txt\)\n/,
    );
    assert.equal((await run(['check'], cwd)).stderr, '');
    // Machine-readable output keeps stdout clean: the line still goes to stderr.
    const json = await run(['check', '--verbose', '--format', 'json'], cwd);
    assert.doesNotThrow(() => JSON.parse(json.stdout));
    assert.match(json.stderr, /Airflow 2\.9/);
  });

  it('check judges airflow.cfg with the env file compose loads (DG503 across files)', async () => {
    const cwd = tempFolder({
      'airflow.cfg': '[core]\ndag_file_processor_timeout = 50\n',
      'docker-compose.yaml': 'services:\n  s:\n    env_file: airflow.env\n',
      'airflow.env': 'AIRFLOW__CORE__DAGBAG_IMPORT_TIMEOUT=60\n',
      '.env': 'AIRFLOW__CORE__DAGBAG_IMPORT_TIMEOUT=10\n',
    });
    const { stdout } = await run(['check', '-q', '--show-details', 'airflow.cfg'], cwd);
    assert.match(
      stdout,
      /^airflow\.cfg:2:1: warning DG503 \[core\] dag_file_processor_timeout \(50\) is not larger than the import timeout \(60, from airflow\.env\)\.\n {4}The import timeout is AIRFLOW__CORE__DAGBAG_IMPORT_TIMEOUT \(60, from airflow\.env\)\. /,
    );
  });

  it('--statistics counts findings per rule, with the fixable ones', async () => {
    const cwd = tempFolder({ 'dag.py': UNSAFE, 'heavy.py': HEAVY });
    assert.equal(
      (await run(['check', '--statistics'], cwd)).stdout,
      '1  DG101  variable-get-at-parse-time    1 with --unsafe-fixes\n1  DG105  heavy-import-at-module-level  1 with --unsafe-fixes\n',
    );
    const json = JSON.parse((await run(['check', '--statistics', '--format', 'json', '--unsafe-fixes'], cwd)).stdout);
    assert.deepEqual(json[0], { code: 'DG101', name: 'variable-get-at-parse-time', count: 1, fixable: 1, unsafeFixable: 0 });
  });

  it('--output-file writes the output there, not to stdout', async () => {
    const cwd = tempFolder({ 'dag.py': UNSAFE });
    const result = await run(['check', '--format', 'json', '-o', 'out/../report.json'], cwd);
    assert.equal(result.code, 1);
    assert.equal(result.stdout, '');
    assert.equal(JSON.parse(readFileSync(path.join(cwd, 'report.json'), 'utf8')).files[0].diagnostics[0].code, 'DG101');
    const unwritable = await run(['check', '-o', 'no/such/folder/out.txt'], cwd);
    assert.deepEqual([unwritable.code, unwritable.stderr], [2, 'dag-guard: --output-file no/such/folder/out.txt: cannot write: ENOENT\n']);
  });
});

describe('dag-guard check: --unsafe-fixes and --diff', () => {
  it('without --fix, the summary says how many more fixes --unsafe-fixes enables; with it they are marked [*]', async () => {
    const cwd = tempFolder({ 'dag.py': UNSAFE });
    assert.match(
      (await run(['check'], cwd)).stdout,
      /\n\nFound 1 finding in 1 of 1 file\. 1 more fix with --unsafe-fixes \(they may change behaviour\)\.\n$/,
    );
    const shown = await run(['check', '--unsafe-fixes'], cwd);
    assert.match(shown.stdout, /^dag\.py:5:9: warning DG101 \[\*\] Variable/);
    assert.match(shown.stdout, /1 fixable with --fix --unsafe-fixes \(\[\*\]\)\.\n$/);
  });

  it('--fix --unsafe-fixes applies the unsafe fix; --fix alone leaves it', async () => {
    const cwd = tempFolder({ 'dag.py': UNSAFE });
    assert.equal((await run(['check', '--fix'], cwd)).code, 1);
    assert.equal(readFileSync(path.join(cwd, 'dag.py'), 'utf8'), UNSAFE);
    const fixed = await run(['check', '--fix', '--unsafe-fixes'], cwd);
    assert.equal(fixed.code, 0);
    assert.equal(fixed.stdout, 'Fixed 1 finding.\nNo findings in 1 file.\n');
    assert.equal(readFileSync(path.join(cwd, 'dag.py'), 'utf8'), FIXED);
    execFileSync('python3', ['-c', 'import ast,sys; ast.parse(open(sys.argv[1]).read())', path.join(cwd, 'dag.py')]);
  });

  it('JSON and SARIF carry every offered fix with safe true or false', async () => {
    const cwd = tempFolder({ 'dag.py': UNSAFE });
    const [diagnostic] = JSON.parse((await run(['check', '--format', 'json'], cwd)).stdout).files[0].diagnostics;
    // A fix that is right only under a condition is the finding's fix, unsafe, with its condition.
    assert.deepEqual(
      [diagnostic.fix.safe, diagnostic.fix.title, diagnostic.fix.condition],
      [
        false,
        'Use Jinja template {{ var.value.queue }} (if the value does not end in `.sh` or `.bash`)',
        'if the value does not end in `.sh` or `.bash`',
      ],
    );
    assert.deepEqual(diagnostic.alternatives, []);
    const [result] = JSON.parse((await run(['check', '--format', 'sarif'], cwd)).stdout).runs[0].results;
    assert.equal(result.fixes.length, 1);
    assert.deepEqual(result.fixes[0].properties, { safe: false, condition: 'if the value does not end in `.sh` or `.bash`' });
    assert.deepEqual(
      result.fixes[0].artifactChanges[0].replacements.find((r: { insertedContent: { text: string } }) =>
        r.insertedContent.text.includes('var.value'),
      ),
      {
        deletedRegion: { startLine: 5, startColumn: 9, endLine: 5, endColumn: 30 },
        insertedContent: { text: '"{{ var.value.queue }}"' },
      },
    );
  });

  it('--diff prints what --fix would change, writes nothing, exits 1 when there is a diff', async () => {
    const cwd = tempFolder({ 'dag.py': UNSAFE });
    const none = await run(['check', '--diff'], cwd);
    assert.deepEqual(none, { code: 0, stdout: '', stderr: 'No fixes to apply.\n' });
    const diff = await run(['check', '--diff', '--unsafe-fixes'], cwd);
    assert.equal(diff.code, 1);
    assert.equal(diff.stderr, 'Would fix 1 finding.\n');
    assert.equal(
      diff.stdout,
      [
        '--- a/dag.py',
        '+++ b/dag.py',
        '@@ -1,8 +1,7 @@',
        ' from airflow import DAG',
        '-from airflow.models import Variable',
        ' from airflow.operators.bash import BashOperator',
        ' ',
        '-queue = Variable.get("queue")',
        '+queue = "{{ var.value.queue }}"',
        ' ',
        ' with DAG("unsafe", schedule=None):',
        '     BashOperator(task_id="run", bash_command=queue)',
        '',
      ].join('\n'),
    );
    assert.equal(readFileSync(path.join(cwd, 'dag.py'), 'utf8'), UNSAFE);
  });
});

describe('dag-guard check: stdin', () => {
  it("checks stdin as the file --stdin-filename names, with that file's project settings", async () => {
    const cwd = tempFolder({ 'pyproject.toml': '[tool.dag-guard]\nseverity = { DG101 = "error" }\n' });
    const result = await run(['check', '--stdin-filename', 'dags/x.py', '-'], cwd, UNSAFE);
    assert.equal(result.code, 1);
    assert.match(result.stdout, /^dags\/x\.py:5:9: error DG101 /);
  });

  it('with --fix, prints the fixed text on stdout and the findings on stderr', async () => {
    const result = await run(['check', '--fix', '--unsafe-fixes', '--stdin-filename', 'dags/x.py', '-'], tempFolder({}), UNSAFE);
    assert.equal(result.stdout, FIXED);
    assert.equal(result.stderr, 'Fixed 1 finding.\nNo findings in 1 file.\n');
    assert.equal(result.code, 0);
  });

  it('- needs --stdin-filename', async () => {
    assert.equal(
      (await run(['check', '-'], tempFolder({}))).stderr,
      'dag-guard: - (stdin) needs --stdin-filename PATH: the file the text is checked as\nRun `dag-guard check --help` for the options.\n',
    );
  });
});
