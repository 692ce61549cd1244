// DAG factories across modules: DAG files that build their DAGs through a project helper returning
// `DAG(...)`, a base class's method with a nested `@dag` function, or their own class's methods on
// an instance. DG106 counts those DAGs, DG301 sees the clock in the default_args the factory takes
// from a helper, DG206 the old argument names the file hands to the factory, and the parse-cost
// summary counts the DAGs. The fixture project is test/fixtures/project-factories/ (see its README).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Finding } from '../../server/src/core/findings';
import { analyze, fixturePath, getEngine, settingsWith } from '../helpers/engine';
import { inMemoryProject, readProjectFiles } from '../helpers/projectModules';

type Shown = { code: string; at: string; message: string };

function show(findings: Finding[], codes = ['DG106', 'DG206', 'DG301']): Shown[] {
  return findings
    .filter((finding) => codes.includes(finding.code))
    .map((finding) => ({
      code: finding.code,
      at: `${finding.range.start.line}:${finding.range.start.character}-${finding.range.end.line}:${finding.range.end.character}`,
      message: [finding.message, finding.detail].filter(Boolean).join(' '),
    }));
}

const files = readProjectFiles(fixturePath('project-factories'));

async function check(file: string, options: Parameters<typeof analyze>[1] = {}) {
  const project = await inMemoryProject(files, ['dags']);
  return analyze(files.get(file)!, { path: file, project, ...options });
}

describe('DAG factories across modules: DG106', () => {
  it('counts the DAGs a loop builds through a factory in another module, inside a function called at parse time', async () => {
    const findings = await check('dags/config_dags.py');
    assert.deepEqual(show(findings, ['DG106']), [
      {
        code: 'DG106',
        at: '9:4-9:43',
        message:
          'This loop builds DAGs (as many as its input has items) at every parse. In create_pipeline_dags(), called at line 17. Every task run of any of them builds them all again; guard it with get_parsing_context().dag_id to build only the DAG being run.',
      },
    ]);
  });

  it("follows a method of a base class in another module, called on an instance of the file's subclass", async () => {
    const findings = await check('dags/notify_dags.py');
    assert.deepEqual(show(findings, ['DG106']), [
      {
        code: 'DG106',
        at: '10:0-10:37',
        message:
          'This loop builds DAGs (as many as its input has items) at every parse. Every task run of any of them builds them all again; guard it with get_parsing_context().dag_id to build only the DAG being run.',
      },
    ]);
  });

  it("counts the DAGs the file's own class methods build on an instance bound at module level", async () => {
    const findings = await check('dags/generator.py');
    assert.deepEqual(show(findings, ['DG106']), [
      {
        code: 'DG106',
        at: '30:0-30:73',
        message:
          'This loop builds 2 DAGs at every parse. Every task run of any of them builds them all again; guard it with get_parsing_context().dag_id to build only the DAG being run.',
      },
    ]);
  });

  it('stays silent without the project: the factory cannot be followed', async () => {
    for (const file of ['dags/config_dags.py', 'dags/notify_dags.py']) {
      assert.deepEqual(show(await analyze(files.get(file)!, { path: file })), [], file);
    }
  });
});

describe('DAG factories across modules: the clock in the default_args a factory takes from a helper (DG301)', () => {
  it("reports at the DAG file's call, with the helper's line as related information", async () => {
    const findings = await check('dags/config_dags.py');
    assert.deepEqual(show(findings, ['DG301']), [
      {
        code: 'DG301',
        at: '10:13-10:96',
        message:
          'create_dag() builds DAG with start_date computed from `days_ago(1)` at every parse. At common/dag_utils.py:10, via get_default_args. The date moves with each parse, so the schedule drifts and runs can be skipped; use a fixed date. `days_ago` is deprecated in Airflow 2 and gone in Airflow 3.',
      },
    ]);
    assert.deepEqual(findings.find((finding) => finding.code === 'DG301')?.related, [
      {
        path: 'dags/common/dag_utils.py',
        range: { start: { line: 9, character: 22 }, end: { line: 9, character: 33 } },
        message: 'default_args["start_date"] of the DAG create_dag() builds',
        role: 'hazard',
      },
    ]);
  });
});

describe('DAG factories: which default_args shapes are followed (DG301)', () => {
  const HELPERS = [
    'from datetime import datetime',
    'from airflow import DAG',
    '',
    'def get_default_args():',
    '    """The team\'s defaults."""',
    '    return {"owner": "data", "start_date": datetime.now()}',
    '',
    'def always(**kwargs):',
    '    default_args = get_default_args()',
    '    return DAG(default_args=default_args, **kwargs)',
    '',
    'def direct(**kwargs):',
    '    return DAG(default_args=get_default_args(), **kwargs)',
    '',
    'def patched(**kwargs):',
    '    default_args = get_default_args()',
    '    default_args["start_date"] = datetime(2024, 1, 1)',
    '    return DAG(default_args=default_args, **kwargs)',
    '',
    'def fallback(default_args=None, **kwargs):',
    '    if default_args is None:',
    '        default_args = get_default_args()',
    '    return DAG(default_args=default_args, **kwargs)',
    '',
    'def otherwise(default_args=None, **kwargs):',
    '    if default_args is None:',
    '        default_args = get_default_args()',
    '    else:',
    '        default_args = dict(default_args)',
    '    return DAG(default_args=default_args, **kwargs)',
    '',
    'def through(name, **kwargs):',
    '    return fallback(dag_id=name, **kwargs)',
  ].join('\n');

  async function dg301(dag: string[], helpers = HELPERS) {
    const project = await inMemoryProject({ 'lib/factory.py': helpers, 'dag.py': dag.join('\n') });
    const findings = await analyze(project.files.get('dag.py')!, { path: 'dag.py', project });
    return show(findings, ['DG301']).map((finding) => `${finding.at} ${finding.message.split(' The date')[0]}`);
  }

  it('follows the helper as the value, assigned once, or as the None fallback the caller does not pass', async () => {
    assert.deepEqual(
      await dg301([
        'from airflow import DAG',
        'from lib.factory import always, direct, fallback',
        '',
        'a = always(dag_id="a")',
        'b = direct(dag_id="b")',
        'c = fallback(dag_id="c")',
      ]),
      [
        '3:4-3:22 always() builds DAG with start_date computed from `datetime.now()` at every parse. At lib/factory.py:6, via get_default_args.',
        '4:4-4:22 direct() builds DAG with start_date computed from `datetime.now()` at every parse. At lib/factory.py:6, via get_default_args.',
        '5:4-5:24 fallback() builds DAG with start_date computed from `datetime.now()` at every parse. At lib/factory.py:6, via get_default_args.',
      ],
    );
  });

  it('stays silent when the dict is patched, has another branch, may be passed, or the fallback is one call further', async () => {
    assert.deepEqual(
      await dg301([
        'from airflow import DAG',
        'from lib.factory import fallback, otherwise, patched, through',
        '',
        'a = patched(dag_id="a")',
        'b = otherwise(dag_id="b")',
        'c = fallback({"owner": "me"}, dag_id="c")',
        'd = fallback(dag_id="d", **{"default_args": {}})',
        'e = through("e")',
      ]),
      [],
    );
  });

  it('follows a factory and a helper defined in the DAG file itself', async () => {
    assert.deepEqual(await dg301([HELPERS, '', 'a = fallback(dag_id="a")', 'b = always(dag_id="b")']), [
      '34:4-34:24 fallback() builds DAG with start_date computed from `datetime.now()` at every parse. At dag.py:6, via get_default_args.',
      '35:4-35:22 always() builds DAG with start_date computed from `datetime.now()` at every parse. At dag.py:6, via get_default_args.',
    ]);
  });
});

describe("DAG factories: the file's own classes and @dag functions", () => {
  it('does not report twice what the file reads as a definition, nor follow @dag params', async () => {
    const dag = [
      'import uuid',
      'from datetime import datetime',
      'from airflow import DAG',
      'from airflow.decorators import dag',
      'from airflow.operators.bash import BashOperator',
      '',
      'class MyOp(BashOperator):',
      '    pass',
      '',
      '@dag(schedule=None, start_date=datetime(2024, 1, 1))',
      'def pipeline(run_id):',
      '    BashOperator(task_id=run_id, bash_command="run.sh")',
      '',
      'def make(dag_id, **kwargs):',
      '    return DAG(dag_id, **kwargs)',
      '',
      'd = make("x", start_date=datetime(2024, 1, 1))',
      'MyOp(task_id=f"t_{uuid.uuid4()}", bash_command="x", dag=d)',
      'pipeline(f"r_{uuid.uuid4()}")',
    ].join('\n');
    const project = await inMemoryProject({ 'dag.py': dag });
    const findings = await analyze(dag, { path: 'dag.py', project });
    assert.deepEqual(
      show(findings, ['DG301', 'DG302']).map((finding) => `${finding.at} ${finding.message.split('.')[0]}`),
      ['17:13-17:32 task_id is computed from `uuid'],
    );
  });
});

describe('DAG factories across modules: renamed arguments handed to a factory (DG206)', () => {
  it('reports the keyword at the DAG file, with the rename only where the keyword reaches DAG() unchanged', async () => {
    const findings = await check('dags/controller.py', { airflowVersion: 2, airflowMinor: 9 });
    assert.deepEqual(show(findings, ['DG206']), [
      {
        code: 'DG206',
        at: '5:45-5:62',
        message:
          '"schedule_interval" is deprecated since Airflow 2.4; use "schedule". It reaches DAG(schedule_interval=...) at common/dag_utils.py:19, through create_dag(). Airflow 3 removes it.',
      },
      {
        code: 'DG206',
        at: '8:42-8:59',
        message:
          '"schedule_interval" is deprecated since Airflow 2.4; use "schedule". It reaches DAG(schedule_interval=...) at common/dag_utils.py:24, through create_scheduled_dag(). Airflow 3 removes it. No fix: create_scheduled_dag() does not pass the keyword on unchanged through **kwargs, so the new name might not reach DAG().',
      },
    ]);
    const [through, bound] = findings.filter((finding) => finding.code === 'DG206');
    assert.deepEqual(through.fix, {
      title: 'Rename to schedule',
      safe: true,
      edits: [{ range: { start: { line: 5, character: 45 }, end: { line: 5, character: 62 } }, newText: 'schedule' }],
    });
    assert.equal(bound.fix, null);
  });

  it('offers the rename unsafe when the Airflow version may lack `schedule`', async () => {
    const findings = await check('dags/controller.py');
    const through = findings.find((finding) => finding.code === 'DG206');
    assert.equal(through?.fix?.title, 'Rename to schedule (needs Airflow 2.4 or later)');
    assert.equal(through?.fix?.safe, false);
  });

  it('stays silent when the factory reads or changes its **kwargs before passing them on', async () => {
    const project = await inMemoryProject({
      'lib/factory.py': [
        'from airflow import DAG',
        '',
        'def popping(**kwargs):',
        '    interval = kwargs.pop("schedule_interval", "@daily")',
        '    return DAG(schedule=interval, **kwargs)',
        '',
        'def passing(**kwargs):',
        '    return DAG(**kwargs)',
      ].join('\n'),
      'dag.py': [
        'from airflow import DAG',
        'from lib.factory import passing, popping',
        '',
        'a = popping(dag_id="a", schedule_interval="@hourly")',
        'b = passing(dag_id="b", schedule_interval="@hourly")',
      ].join('\n'),
    });
    const findings = await analyze(project.files.get('dag.py')!, { path: 'dag.py', project });
    assert.deepEqual(
      show(findings, ['DG206']).map((finding) => finding.at),
      ['4:24-4:41'],
    );
  });

  it('follows a factory defined in the DAG file itself', async () => {
    const findings = await check('dags/local_factory.py', { airflowVersion: 3 });
    assert.deepEqual(show(findings, ['DG206']), [
      {
        code: 'DG206',
        at: '10:24-10:41',
        message:
          '"schedule_interval" was removed in Airflow 3; use "schedule". It reaches DAG(schedule_interval=...) at local_factory.py:8, through make_dag(). Deprecated since Airflow 2.4. Airflow 3 removed it: DAG() refuses the argument with a TypeError, so the DAG file fails to import.',
      },
    ]);
    assert.equal(findings.find((finding) => finding.code === 'DG206')?.fix?.safe, true);
  });
});

describe('DAG factories across modules: look-alikes', () => {
  it('stays silent for a factory called in a task or never, a helper that builds no DAG, one item, and default_args given', async () => {
    const findings = await check('dags/quiet_factories.py');
    assert.deepEqual(show(findings), []);
  });
});

describe('DAG factories across modules: the parse-cost summary', () => {
  it('counts the DAGs built through factories, base-class methods and own methods on an instance', async () => {
    const { AIRFLOW_DEFAULT_TIMINGS, describeParseCost, parseCostOfSource } = await import('../../server/src/core/cost/parseCost');
    const project = await inMemoryProject(files, ['dags']);
    const engine = await getEngine();
    const costOf = (file: string) =>
      engine.withSource(file, files.get(file)!, (source) => {
        const cost = parseCostOfSource(source, settingsWith(), AIRFLOW_DEFAULT_TIMINGS, null, project);
        return cost && describeParseCost(cost, AIRFLOW_DEFAULT_TIMINGS).split(';')[0];
      });
    assert.equal(costOf('dags/generator.py'), 'each parse: nothing costly (builds 4 DAGs)');
    assert.equal(costOf('dags/notify_dags.py'), 'each parse: nothing costly (builds 1+ DAGs)');
    assert.equal(costOf('dags/config_dags.py'), 'each parse: nothing costly (builds 1+ DAGs)');
    assert.equal(costOf('dags/controller.py'), 'each parse: nothing costly (builds 2 DAGs)');
  });
});
