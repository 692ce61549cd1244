// The `dag-guard` command as CI uses it: output formats, exit codes, --fix, --select/--ignore,
// explain, and files that cannot be read. Runs main() in-process with captured output.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
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

describe('dag-guard check', () => {
  it('prints path:line:col: CODE message and exits 1 when findings remain', async () => {
    const cwd = tempFolder({ 'report.py': DAG, 'clean.py': CLEAN });
    const { code, stdout } = await run(['check'], cwd);
    assert.equal(code, 1);
    assert.equal(stdout.split('\n')[0], 'report.py:4:7: warning DG101 Variable.get("env") runs at every parse.');
    assert.match(stdout, /Found 1 finding in 1 of 2 files\./);
  });

  it('exits 0 on clean files and with --exit-zero', async () => {
    assert.equal((await run(['check', 'clean.py'], tempFolder({ 'clean.py': CLEAN }))).code, 0);
    assert.equal((await run(['check', '--exit-zero'], tempFolder({ 'report.py': DAG }))).code, 0);
  });

  it('writes the JSON contract: 0-based lines, UTF-16 characters', async () => {
    const cwd = tempFolder({ 'unicode.py': 'from airflow.models import Variable  # dag\nx = "😀"; v = Variable.get("k")\n' });
    const { stdout } = await run(['check', '--format', 'json'], cwd);
    const json = JSON.parse(stdout);
    assert.deepEqual(json.files[0].diagnostics[0], {
      code: 'DG101',
      severity: 'warning',
      message: 'Variable.get("k") runs at every parse.',
      detail: 'Each call queries the metadata database (or secrets backend). No fix: `v` is never read in this file.',
      range: { start: { line: 1, character: 14 }, end: { line: 1, character: 31 } },
      fix: null,
      alternatives: [],
    });
    assert.equal(json.files[0].path, 'unicode.py');
  });

  it('writes SARIF 2.1.0 with rule metadata and 1-based regions', async () => {
    const { stdout } = await run(['check', '--format', 'sarif'], tempFolder({ 'report.py': DAG }));
    const sarif = JSON.parse(stdout);
    assert.equal(sarif.version, '2.1.0');
    const [result] = sarif.runs[0].results;
    assert.equal(result.ruleId, 'DG101');
    assert.equal(result.level, 'warning');
    assert.deepEqual(result.locations[0].physicalLocation.region, { startLine: 4, startColumn: 7, endLine: 4, endColumn: 26 });
    assert.ok(sarif.runs[0].tool.driver.rules.some((rule: { id: string }) => rule.id === 'DG101'));
  });

  it('writes GitHub annotations with escaped messages', async () => {
    const { stdout } = await run(['check', '--format', 'github'], tempFolder({ 'report.py': DAG }));
    assert.equal(
      stdout,
      '::warning file=report.py,line=4,col=7,endLine=4,endColumn=26,title=DG101 (dag-guard)::Variable.get("env") runs at every parse.%0AEach call queries the metadata database (or secrets backend). No fix: `env` is never read in this file.\n',
    );
  });

  it('--select and --ignore narrow the rules; unknown selectors are usage errors', async () => {
    const cwd = tempFolder({ 'report.py': DAG });
    assert.equal((await run(['check', '--ignore', 'DG101'], cwd)).code, 0);
    assert.equal((await run(['check', '--select', 'DG1'], cwd)).code, 1);
    const bad = await run(['check', '--select', 'DG999'], cwd);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /unknown rule selector "DG999"/);
  });

  it('reads [tool.dag-guard] from pyproject.toml', async () => {
    const cwd = tempFolder({ 'report.py': DAG, 'pyproject.toml': '[tool.dag-guard]\nseverity = { DG101 = "error" }\n' });
    const { stdout } = await run(['check', '--format', 'json'], cwd);
    assert.equal(JSON.parse(stdout).files[0].diagnostics[0].severity, 'error');
  });

  it('reports and skips files that are not UTF-8, goes on, and exits 2 (0 with --exit-zero)', async () => {
    const cwd = tempFolder({ 'latin1.py': Buffer.from('# airflow dag caf\xe9\n', 'latin1'), 'report.py': DAG });
    const { code, stdout, stderr } = await run(['check', '--format', 'json'], cwd);
    assert.equal(code, 2);
    assert.equal((await run(['check', '--exit-zero'], cwd)).code, 0);
    assert.match((await run(['check'], cwd)).stdout, /Found 1 finding in 1 of 1 file\. 1 file skipped \(see above\)\./);
    assert.match(stderr, /latin1\.py: skipped: not UTF-8 text/);
    const json = JSON.parse(stdout);
    assert.deepEqual(
      json.files.map((file: { path: string; error?: string }) => [file.path, file.error]),
      [
        ['latin1.py', 'not UTF-8 text'],
        ['report.py', undefined],
      ],
    );
  });

  it('usage errors exit 2', async () => {
    assert.equal((await run(['check', '--format', 'xml'], os.tmpdir())).code, 2);
    assert.equal((await run(['lint'], os.tmpdir())).code, 2);
    assert.equal((await run(['check', 'does-not-exist.py'], tempFolder({}))).code, 2);
  });

  it('--fix leaves files without safe fixes untouched', async () => {
    const cwd = tempFolder({ 'report.py': DAG });
    await run(['check', '--fix'], cwd);
    assert.equal(readFileSync(path.join(cwd, 'report.py'), 'utf8'), DAG);
  });
});

describe('dag-guard explain', () => {
  it("prints a rule's docs", async () => {
    const { code, stdout } = await run(['explain', 'dg101'], os.tmpdir());
    assert.equal(code, 0);
    assert.match(stdout, /^# DG101 variable-get-at-parse-time\n/);
    assert.match(stdout, /## Why is this bad\?/);
    assert.match(stdout, /## Use instead/);
  });

  it('lists the rules, and rejects unknown codes', async () => {
    assert.match((await run(['explain'], os.tmpdir())).stdout, /^DG101 {2}variable-get-at-parse-time/m);
    assert.equal((await run(['explain', 'DG999'], os.tmpdir())).code, 2);
  });
});
