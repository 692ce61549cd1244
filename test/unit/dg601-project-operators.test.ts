// DG601 with the project's own operator classes (read by the operator index from plugins/): an
// attribute the class, or a project base of it, renders with its own Jinja call is not reported as
// left unrendered; an attribute it only stores or logs still is.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { main } from '../../server/src/cli/main';
import { tempFolder } from '../helpers/tempFolder';

const BASE = [
  'from airflow.models import BaseOperator',
  'from plugins.utils.render import render_template',
  '',
  '',
  'class RenderingOperator(BaseOperator):',
  '    def rendered_delete(self, context):',
  '        return render_template(self.delete_template, context=context, extra_context=self.context)',
  '',
].join('\n');

const APPEND = [
  'from plugins.operators.base import RenderingOperator',
  '',
  '',
  'class AppendOperator(RenderingOperator):',
  '    def __init__(self, *, table, delete_template="DELETE FROM {{ table }}", note="", **kwargs):',
  '        super().__init__(**kwargs)',
  '        self.table = table',
  '        self.delete_template = delete_template',
  '        self.note = note',
  '        self.context = {"table": table}',
  '',
  '    def execute(self, context):',
  '        self.log.info(self.note)',
  '        return self.rendered_delete(context)',
  '',
].join('\n');

const DAG = [
  'from airflow import DAG',
  'from plugins.operators.append import AppendOperator',
  '',
  'with DAG("append", schedule="@daily"):',
  '    AppendOperator(',
  '        task_id="append",',
  '        table="events",',
  `        delete_template="DELETE FROM {{ table }} WHERE day = '{{ ds }}'",`,
  '        note="appending {{ ds }}",',
  '    )',
  '',
].join('\n');

describe('DG601 and operators that render their own attributes', () => {
  it('reports the logged attribute, not the one a project base renders', async () => {
    const cwd = tempFolder({
      'dags/append_dag.py': DAG,
      'plugins/__init__.py': '',
      'plugins/operators/__init__.py': '',
      'plugins/operators/base.py': BASE,
      'plugins/operators/append.py': APPEND,
      'plugins/utils/render.py': 'def render_template(template, context, extra_context):\n    return template\n',
    });
    let stdout = '';
    const code = await main(['check', '--select', 'DG601', '--no-cache'], {
      cwd,
      color: false,
      stdout: (text) => void (stdout += text),
      stderr: () => undefined,
    });
    assert.equal(code, 1);
    assert.deepEqual(
      stdout.split('\n').filter((line) => line.includes('DG601')),
      ['dags/append_dag.py:9:25: warning DG601 `note` is not a templated field of AppendOperator.'],
    );
  });
});
