// Hover on a template file's name: the file Airflow reads (a link), or where it was looked for.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { getEngine } from '../helpers/engine';
import { pythonHover } from '../../server/src/core/hover/python';

const DAG = [
  'from airflow import DAG',
  'from airflow.providers.common.sql.operators.sql import SQLExecuteQueryOperator',
  'with DAG("d", template_searchpath=["/project/include"]):',
  '    SQLExecuteQueryOperator(task_id="a", conn_id="db", sql="shared.sql")',
  '    SQLExecuteQueryOperator(task_id="b", conn_id="db", sql="sql/missing.sql")',
  '    SQLExecuteQueryOperator(task_id="c", conn_id="db", sql="SELECT 1")',
].join('\n');

const pathExists = (candidate: string) => (candidate.startsWith('/project/') ? candidate === '/project/include/shared.sql' : undefined);

async function hoverAt(probe: string): Promise<string | null> {
  const engine = await getEngine();
  return engine.withSource(
    '/project/dags/d.py',
    DAG,
    (source) => pythonHover({ source, offset: DAG.indexOf(probe) + 2, airflowVersion: null, pathExists })?.markdown ?? null,
  );
}

describe('hover on a template file name', () => {
  it('links the file the loader finds under template_searchpath', async () => {
    assert.equal(
      await hoverAt('shared.sql'),
      '**Template file** [`/project/include/shared.sql`](file:///project/include/shared.sql)\n\nSQLExecuteQueryOperator reads this file and renders it with Jinja when the task runs.',
    );
  });
  it('says where a missing file was looked for', async () => {
    assert.equal(
      await hoverAt('sql/missing.sql'),
      '**Template file not found**: looked for `/project/dags/sql/missing.sql`, `/project/include/sql/missing.sql`.',
    );
  });
  it('says nothing about a value that is not a file name', async () => {
    assert.equal(await hoverAt('SELECT 1'), null);
  });
});
