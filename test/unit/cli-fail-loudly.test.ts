// `dag-guard check` fails loudly (exit 2) when it cannot check what it was asked to: settings it
// cannot read, a missing path or --config file, files it had to skip. A file named on the
// command line that the settings exclude is said to be so.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { tempFolder } from '../helpers/tempFolder';
import { main } from '../../server/src/cli/main';

const DAG = 'from airflow import DAG\nfrom airflow.models import Variable\n\nenv = Variable.get("env")\n';
const CLEAN = 'from airflow import DAG\n\nwith DAG("clean") as dag:\n    pass\n';

async function run(args: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(args, { cwd, color: false, stdout: (text) => (stdout += text), stderr: (text) => (stderr += text) });
  return { code, stdout, stderr };
}

const withPyproject = (section: string) => tempFolder({ 'dags/report.py': DAG, 'pyproject.toml': `[tool.dag-guard]\n${section}\n` });

describe('dag-guard check: invalid configuration is exit 2, naming the file, the key and what was expected', () => {
  const cases: Array<[string, string]> = [
    [
      'severity = { DG101 = "loud" }',
      'pyproject.toml: [tool.dag-guard] "severity.DG101" must be one of error, warning, information, hint, off, not "loud"',
    ],
    ['selct = ["DG1"]', 'pyproject.toml: [tool.dag-guard] unknown setting "selct" (did you mean "select"?)'],
    ['include = "dags/*.py"', 'pyproject.toml: [tool.dag-guard] "include" must be an array of glob strings, not "dags/*.py"'],
    ['select = ["DG999"]', 'pyproject.toml: [tool.dag-guard] "select" names no rule: "DG999" (`dag-guard explain` lists the rules)'],
    [
      'ignore = ["DG10l"]',
      'pyproject.toml: [tool.dag-guard] "ignore" names no rule: "DG10l"; did you mean DG101? (`dag-guard explain` lists the rules)',
    ],
    [
      'severity = { DG998 = "error" }',
      'pyproject.toml: [tool.dag-guard] "severity.DG998" names no rule (`dag-guard explain` lists the rules)',
    ],
    ['fail-on = "never"', 'pyproject.toml: [tool.dag-guard] "fail-on" must be one of error, warning, information, hint, not "never"'],
  ];
  for (const [section, message] of cases) {
    it(section, async () => {
      const result = await run(['check', 'dags'], withPyproject(section));
      assert.equal(result.code, 2);
      assert.equal(result.stdout, '');
      assert.equal(result.stderr, `dag-guard: invalid configuration:\n  ${message}\n`);
    });
  }

  it('invalid TOML', async () => {
    const result = await run(['check', 'dags'], tempFolder({ 'dags/report.py': DAG, 'pyproject.toml': '[tool.dag-guard\nignore = [' }));
    assert.equal(result.code, 2);
    assert.match(
      result.stderr,
      /^dag-guard: invalid configuration:\n {2}pyproject\.toml: \[tool\.dag-guard\] pyproject\.toml is not valid TOML: /,
    );
  });

  it('a --config file that does not exist', async () => {
    const result = await run(['check', '--config', 'ci/pyproject.toml', 'dags'], withPyproject(''));
    assert.equal(result.code, 2);
    assert.equal(result.stderr, 'dag-guard: --config ci/pyproject.toml: no such file\n');
  });
});

describe('dag-guard check: paths and files it could not check', () => {
  it('a missing path is exit 2 even next to a path with findings or a clean one', async () => {
    const cwd = tempFolder({ 'report.py': DAG, 'clean.py': CLEAN });
    for (const given of ['report.py', 'clean.py']) {
      const result = await run(['check', given, 'nosuch.py'], cwd);
      assert.equal(result.code, 2);
      assert.equal(result.stderr, 'dag-guard: nosuch.py: no such file or folder\n');
    }
    assert.equal((await run(['check', '--exit-zero', 'clean.py', 'nosuch'], cwd)).code, 2);
  });

  it('skipped files are counted as skipped, and make the exit code 2', async () => {
    const cwd = tempFolder({ 'latin1.py': Buffer.from('# caf\xe9\n', 'latin1'), 'clean.py': CLEAN });
    const result = await run(['check'], cwd);
    assert.equal(result.code, 2);
    assert.equal(result.stderr, 'dag-guard: latin1.py: skipped: not UTF-8 text\n');
    assert.equal(result.stdout, 'No findings in 1 file. 1 file skipped (see above).\n');
  });

  it('a named file the settings exclude is checked and said to be excluded; --force-exclude leaves it out', async () => {
    const cwd = tempFolder({ 'tests/dag_test.py': DAG, 'pyproject.toml': '[tool.dag-guard]\nexclude = ["tests/**"]\n' });
    const named = await run(['check', 'tests/dag_test.py'], cwd);
    assert.equal(named.code, 1);
    assert.match(named.stdout, /^tests\/dag_test\.py:4:7: warning DG101 /);
    assert.equal(
      named.stderr,
      'dag-guard: tests/dag_test.py: checked because it was named, although the exclude setting or a .gitignore leaves it out (--force-exclude skips it)\n',
    );
    const forced = await run(['check', '--force-exclude', 'tests/dag_test.py'], cwd);
    assert.equal(forced.code, 0);
    assert.equal(forced.stdout, 'No findings in 0 files.\n');
    assert.equal(
      forced.stderr,
      'dag-guard: tests/dag_test.py: not checked: the exclude setting or a .gitignore leaves it out (--force-exclude)\n',
    );
    // Walking the folder leaves it out without a word, as before.
    assert.deepEqual(await run(['check', '.'], cwd), { code: 0, stdout: 'No findings in 0 files.\n', stderr: '' });
  });
});
