// The project's operator classes, found anywhere Airflow can import them from (the DAG folder,
// plugins/, include/, python-path folders), without reading virtual environments, hidden folders,
// node_modules or excluded files; a changed file is read again alone.
import assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { FileFilter } from '../../server/src/project/files';
import { readProjectLayout } from '../../server/src/project/layout';
import { OperatorIndex } from '../../server/src/project/operatorIndex';
import { getEngine, settingsWith } from '../helpers/engine';
import { tempFolder } from '../helpers/tempFolder';

const operator = (name: string, base = 'BaseOperator') =>
  `from airflow.models import BaseOperator\n\n\nclass ${name}(${base}):\n    template_fields = ("sql",)\n`;

describe('the operator index', () => {
  const root = tempFolder({
    'dags/operators/pod.py':
      'from airflow.providers.cncf.kubernetes.operators.pod import KubernetesPodOperator\n\n\nclass CompanyPodOperator(KubernetesPodOperator):\n    ui_color = "#fff"\n',
    'dags/report_dag.py':
      'from airflow import DAG\nfrom airflow.operators.bash import BashOperator\n\nwith DAG("r"):\n    BashOperator(task_id="t", bash_command="x")\n',
    'plugins/sql.py': operator('SqlOperator'),
    'include/checks.py': operator('CheckOperator'),
    'src/company/ops.py': operator('SrcOperator'),
    '.venv/lib/python3.11/site-packages/vendor.py': operator('VendorOperator'),
    'node_modules/x/y.py': operator('NodeOperator'),
    '.hidden/z.py': operator('HiddenOperator'),
    'tests/test_ops.py': operator('TestOperator'),
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  const settings = settingsWith({ exclude: [...settingsWith().exclude, '**/tests/**'], pythonPath: ['src'] });
  const index = async () =>
    new OperatorIndex((await getEngine()).parser, readProjectLayout(root, settings, { airflowVersion: 2 }), new FileFilter(root, settings));

  it('finds the classes of the DAG folder, plugins/, include/ and python-path, and nothing else', async () => {
    assert.deepEqual(
      (await index())
        .classes()
        .map((spec) => spec.name)
        .sort(),
      ['CheckOperator', 'CompanyPodOperator', 'SqlOperator', 'SrcOperator'],
    );
  });

  it('reads a changed file again, and tells whether its classes changed', async () => {
    const operators = await index();
    assert.equal(operators.classes().length, 4);
    const file = path.join(root, 'plugins', 'sql.py');
    assert.equal(operators.fileChanged(file), false, 'unchanged on disk');
    writeFileSync(file, operator('SqlOperator').replace('("sql",)', '("sql", "parameters")'));
    assert.equal(operators.fileChanged(file), true);
    assert.deepEqual(operators.classes().find((spec) => spec.name === 'SqlOperator')?.fields, ['sql', 'parameters']);
    writeFileSync(path.join(root, 'dags', 'new_op.py'), operator('NewOperator'));
    assert.equal(operators.fileChanged(path.join(root, 'dags', 'new_op.py')), true);
    assert.equal(operators.fileChanged(path.join(root, 'tests', 'test_ops.py')), false, 'excluded');
    assert.ok(operators.classes().some((spec) => spec.name === 'NewOperator'));
  });
});
