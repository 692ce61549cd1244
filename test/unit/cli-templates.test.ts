// DG605 through the CLI: the command answers the core's pathExists from disk, inside the project.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { tempFolder } from '../helpers/tempFolder';
import { main } from '../../server/src/cli/main';

const DAG = [
  'from airflow import DAG',
  'from airflow.providers.common.sql.operators.sql import SQLExecuteQueryOperator',
  '',
  'with DAG("reports", schedule="@daily"):',
  '    SQLExecuteQueryOperator(task_id="found", conn_id="db", sql="sql/report.sql")',
  '    SQLExecuteQueryOperator(task_id="missing", conn_id="db", sql="sql/missing.sql")',
  '',
].join('\n');

async function check(cwd: string): Promise<string> {
  let stdout = '';
  await main(['check', '--select', 'DG605'], { cwd, color: false, stdout: (text) => (stdout += text), stderr: () => {} });
  return stdout;
}

describe('dag-guard check: template files (DG605)', () => {
  it('reports the file that is not on disk, and not the one that is', async () => {
    const cwd = tempFolder({ 'pyproject.toml': '[tool.dag-guard]\n', 'dags/reports.py': DAG, 'dags/sql/report.sql': 'SELECT 1' });
    const lines = (await check(cwd)).split('\n').filter((line) => line.includes('DG605'));
    assert.equal(lines.length, 1, lines.join('\n'));
    assert.equal(
      lines[0],
      'dags/reports.py:6:66: error DG605 Template file `sql/missing.sql` not found: the task fails with TemplateNotFound.',
    );
  });
});

describe("dag-guard check: the project's exports (DG606)", () => {
  it('reports an unknown connection id from the export named in pyproject.toml, and never prints a secret', async () => {
    const connections = JSON.stringify({
      warehouse: { conn_type: 'postgres', host: 'db.internal', login: 'etl', password: 's3cr3t-PASSWORD', extra: '{"token": "tok-EXTRA"}' },
    });
    const dag =
      'from airflow import DAG\nfrom airflow.operators.bash import BashOperator\n\nwith DAG("d"):\n    BashOperator(task_id="t", bash_command="psql {{ conn.warehose.host }}")\n';
    const cwd = tempFolder({
      'pyproject.toml': '[tool.dag-guard]\nconnections-file = "exports/connections.json"\n',
      'dags/d.py': dag,
      'exports/connections.json': connections,
    });
    let stdout = '';
    let stderr = '';
    await main(['check', '--select', 'DG606', '--format', 'json'], {
      cwd,
      color: false,
      stdout: (text) => (stdout += text),
      stderr: (text) => (stderr += text),
    });
    const [diagnostic] = JSON.parse(stdout).files.flatMap((file: { diagnostics: unknown[] }) => file.diagnostics);
    assert.match(diagnostic.message, /^Connection `warehose` is not in exports\/connections\.json: did you mean `warehouse`\?/);
    assert.doesNotMatch(stdout + stderr, /s3cr3t|tok-EXTRA|db\.internal/);
  });
});
