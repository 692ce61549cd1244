// `dag-guard check` across modules: a DAG file's imports resolve to the project's modules, and a
// checked helper module says which DAG files run its hazards at every parse, as the editor does.
// The cross-file findings themselves come from the core's project analysis (core/project/).
import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import { main } from '../../server/src/cli/main';
import { tempFolder } from '../helpers/tempFolder';

async function run(args: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(args, { cwd, color: false, stdout: (text) => (stdout += text), stderr: (text) => (stderr += text) });
  return { code, stdout, stderr };
}

const HELPER = [
  'from airflow.models import Variable',
  '',
  '',
  'def read_vars():',
  '    return {',
  '        "a": Variable.get("a"),',
  '        "b": Variable.get("b"),',
  '    }',
  '',
  '',
  'def read_in_task(name):',
  '    return Variable.get(name)',
  '',
].join('\n');
const EXPORT_DAG = 'from airflow import DAG\nfrom helpers import read_vars\n\nVARS = read_vars()\n\nwith DAG("export") as dag:\n    pass\n';
const REPORT_DAG = 'from airflow import DAG\nimport helpers\n\nVARS = helpers.read_vars()\n\nwith DAG("report") as dag:\n    pass\n';
const QUIET_DAG = [
  'from airflow import DAG',
  'from airflow.operators.python import PythonOperator',
  'from helpers import read_in_task',
  '',
  'with DAG("quiet") as dag:',
  '    PythonOperator(task_id="read", python_callable=read_in_task, op_args=["a"])',
  '',
].join('\n');

type Json = { files: Array<{ path: string; diagnostics: Array<{ code: string; message: string; range: { start: { line: number } } }> }> };

describe('dag-guard check across modules', () => {
  it("reports a DAG file's call into a helper that reads Variables at parse time", async () => {
    const cwd = tempFolder({ 'export_dag.py': EXPORT_DAG, 'helpers.py': HELPER });
    const json = JSON.parse((await run(['check', '--format', 'json', 'export_dag.py'], cwd)).stdout) as Json;
    const findings = json.files[0].diagnostics;
    assert.ok(
      findings.some((finding) => finding.code === 'DG101' && finding.range.start.line === 3),
      JSON.stringify(findings),
    );
  });

  it("says on a checked helper's lines which DAG files run them, from the project's DAG files", async () => {
    const cwd = tempFolder({ 'export_dag.py': EXPORT_DAG, 'report_dag.py': REPORT_DAG, 'quiet_dag.py': QUIET_DAG, 'helpers.py': HELPER });
    const json = JSON.parse((await run(['check', '--format', 'json', 'helpers.py'], cwd)).stdout) as Json;
    const findings = json.files[0].diagnostics.filter((finding) => /runs at every parse of/.test(finding.message));
    assert.deepEqual(
      findings.map((finding) => [finding.code, finding.range.start.line, finding.message]),
      [
        ['DG101', 5, '`Variable.get("a")` runs at every parse of export_dag.py and report_dag.py'],
        ['DG101', 6, '`Variable.get("b")` runs at every parse of export_dag.py and report_dag.py'],
      ],
    );
  });

  it("is silenced at the helper's end by a noqa on the helper's line", async () => {
    const cwd = tempFolder({
      'export_dag.py': EXPORT_DAG,
      'helpers.py': HELPER.replace('Variable.get("b"),', 'Variable.get("b"),  # noqa: DG101'),
    });
    const { stdout } = await run(['check', 'helpers.py', path.join('export_dag.py')], cwd);
    // The DAG file's end stays: the noqa is on the helper's line, not the DAG file's.
    assert.match(stdout, /export_dag\.py:4:\d+: warning DG101 /);
    assert.match(stdout, /helpers\.py:6:\d+: warning DG101 `Variable\.get\("a"\)` runs at every parse of export_dag\.py\n/);
    assert.doesNotMatch(stdout, /helpers\.py:7:/);
  });

  it('counts in `report` what the helpers a DAG file calls run at every parse', async () => {
    const cwd = tempFolder({ 'export_dag.py': EXPORT_DAG, 'helpers.py': HELPER });
    const json = JSON.parse((await run(['report', '--format', 'json', '.'], cwd)).stdout) as {
      files: Array<{ path: string; variableReads: { count: number } }>;
    };
    assert.deepEqual(
      json.files.map((file) => [file.path, file.variableReads.count]),
      [['export_dag.py', 2]],
    );
  });
});

describe('dag-guard check: the helper end of a heavy import the DAG file also makes itself', () => {
  it('counts the DAG file among the parses that run the helper import', async () => {
    const cwd = tempFolder({
      'pyproject.toml': '[tool.dag-guard]\n',
      'dags/common/__init__.py': '',
      'dags/common/frames.py': 'import pandas as pd\n\n\ndef load(path):\n    return pd.read_csv(path)\n',
      'dags/report.py': [
        'from airflow import DAG',
        'from airflow.decorators import task',
        'import pandas as pd',
        'from common.frames import load',
        '',
        '',
        '@task',
        'def total():',
        '    return pd.DataFrame(load("x")).sum()',
        '',
        '',
        'with DAG("report"):',
        '    total()',
        '',
      ].join('\n'),
    });
    const { stdout } = await run(['check', 'dags', '--select', 'DG105'], cwd);
    // The DAG file's own import: moving it alone saves nothing while common.frames loads pandas.
    assert.match(stdout, /^dags\/report\.py:3:8: warning DG105 import pandas as pd runs at every parse; pandas is slow to import\.$/m);
    // The helper's end names the DAG file, whose parse runs it through `from common.frames import load`.
    assert.match(stdout, /^dags\/common\/frames\.py:1:8: warning DG105 `pandas as pd` runs at every parse of dags\/report\.py/m);
  });
  it("takes the checked repository as the project, not a sibling's DAG folder, when run from a parent folder", async () => {
    // An Astro-style sibling (a Dockerfile and dags/) would make <parent>/b/dags the DAG folder of a
    // project rooted at the parent, and a/'s DAG file would get no parse-time finding.
    const parent = tempFolder({
      'a/.git/HEAD': 'ref: refs/heads/main\n',
      'a/export_dag.py': EXPORT_DAG,
      'a/helpers.py': HELPER,
      'b/Dockerfile': 'FROM quay.io/astronomer/astro-runtime:11.4.0\n',
      'b/dags/other_dag.py': 'from airflow import DAG\n',
    });
    const json = JSON.parse((await run(['check', '--format', 'json', 'a'], parent)).stdout) as Json;
    const exported = json.files.find((file) => file.path === path.join('a', 'export_dag.py'));
    assert.ok(
      exported?.diagnostics.some((finding) => finding.code === 'DG101' && finding.range.start.line === 3),
      JSON.stringify(json.files),
    );
  });
});
