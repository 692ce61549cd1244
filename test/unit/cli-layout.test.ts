// `dag-guard check` on a project whose airflow.cfg names the DAG folder (test/fixtures/layout): the
// file its .airflowignore hides and the CI script in scripts/ (which mentions Airflow and DAGs, and
// calls requests.get at module level) are never parsed by Airflow and get no parse-time findings;
// the DAG files do. An operator subclass in dags/operators/ gives its template_fields to the Jinja
// fix. Without the airflow.cfg nothing names the DAG folder and every file is analysed, as before,
// but the one dags/.airflowignore hides.
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { main } from '../../server/src/cli/main';
import { fixturePath } from '../helpers/engine';

async function check(cwd: string, ...args: string[]): Promise<{ code: number; findings: Map<string, string[]>; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(['check', '--format', 'json', ...args], {
    cwd,
    color: false,
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
  });
  const json = JSON.parse(stdout) as {
    files: Array<{ path: string; diagnostics: Array<{ code: string; range: { start: { line: number } } }> }>;
  };
  return {
    code,
    stderr,
    findings: new Map(json.files.map((file) => [file.path, file.diagnostics.map((d) => `${d.code}:${d.range.start.line + 1}`)])),
  };
}

describe('dag-guard check with a known DAG folder', () => {
  let project: string;
  beforeEach(() => {
    project = mkdtempSync(path.join(os.tmpdir(), 'dag-guard-layout-cli-'));
    cpSync(fixturePath('layout'), project, { recursive: true });
  });
  afterEach(() => rmSync(project, { recursive: true, force: true }));

  it('reports on the DAG files only: not on the ignored file, not on the CI script', async () => {
    const result = await check(project, 'dags', 'scripts');
    assert.equal(result.code, 1, result.stderr);
    assert.deepEqual(Object.fromEntries(result.findings), {
      'dags/export_dag.py': ['DG101:5'],
      'dags/operators/__init__.py': [],
      'dags/operators/company_pod.py': [],
      'dags/pod_dag.py': ['DG101:6'],
      'dags/scratch_export.py': [],
      'scripts/ci.py': [],
    });
  });

  it("analyses every file as before when nothing names the DAG folder, but those dags/'s .airflowignore hides", async () => {
    rmSync(path.join(project, 'airflow.cfg'));
    const result = await check(project, 'dags', 'scripts');
    // Wherever the DAG folder is, Airflow reads dags/.airflowignore on its way through dags/, or never reaches dags/.
    assert.deepEqual(result.findings.get('dags/scratch_export.py'), []);
    assert.deepEqual(result.findings.get('scripts/ci.py'), ['DG104:4']);
    rmSync(path.join(project, 'dags', '.airflowignore'));
    assert.deepEqual((await check(project, 'dags', 'scripts')).findings.get('dags/scratch_export.py'), ['DG101:5']);
  });

  it('fixes Variable.get feeding an operator subclass defined in dags/operators/', async () => {
    const result = await check(project, '--fix', '--select', 'DG101', 'dags/pod_dag.py');
    assert.equal(result.code, 0, result.stderr);
    assert.equal(
      readFileSync(path.join(project, 'dags', 'pod_dag.py'), 'utf8'),
      readFileSync(fixturePath('layout', 'dags', 'pod_dag.py'), 'utf8')
        .replace('from airflow.models import Variable\n', '')
        .replace('Variable.get("runner_image")', '"{{ var.value.runner_image }}"'),
    );
  });

  it('leaves the ignored file and the script out of the parse-cost report', async () => {
    let stdout = '';
    const code = await main(['report', '--format', 'json', 'dags', 'scripts'], {
      cwd: project,
      color: false,
      stdout: (text) => (stdout += text),
      stderr: () => undefined,
    });
    assert.equal(code, 0);
    assert.deepEqual((JSON.parse(stdout) as { files: Array<{ path: string }> }).files.map((file) => file.path).sort(), [
      'dags/export_dag.py',
      'dags/pod_dag.py',
    ]);
  });
});
