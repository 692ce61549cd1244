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
    assert.match(lines[0], /^dags\/reports\.py:6:66: DG605 `sql\/missing\.sql` ends in `\.sql`/);
  });
});
