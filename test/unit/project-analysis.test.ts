// The project-wide analysis (issue 11): what a DAG file's calls into helper modules and its imports
// of project modules run at parse time, reported in the DAG file with the chain. The modules are
// summarised by the real `summarizeModule` over in-memory texts (test/helpers/projectModules.ts).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Finding } from '../../server/src/core/findings';
import { analyze, fixturePath } from '../helpers/engine';
import { inMemoryProject, readProjectFiles } from '../helpers/projectModules';

// What the user reads: the message, then its detail (the hover in the editor).
type Shown = { code: string; at: string; message: string };

function show(findings: Finding[], codes: string[] = ['DG101', 'DG102', 'DG103', 'DG104', 'DG105']): Shown[] {
  return findings
    .filter((finding) => codes.includes(finding.code))
    .map((finding) => ({
      code: finding.code,
      at: `${finding.range.start.line}:${finding.range.start.character}-${finding.range.end.line}:${finding.range.end.character}`,
      message: [finding.message, finding.detail].filter(Boolean).join(' '),
    }));
}

async function check(files: Record<string, string>, dagPath = 'dag.py') {
  const project = await inMemoryProject(files);
  return analyze(files[dagPath], { path: dagPath, project });
}

const VARIABLES = [
  'from airflow.models import Variable', //
  '',
  'def read_var(name):',
  '    return Variable.get(name)',
  '',
  'def read_all():',
  '    return [read_var("a"), read_var("b"), read_var("c")]',
].join('\n');

describe('project analysis: the fixture repository', () => {
  const files = readProjectFiles(fixturePath('project'));

  it('reports the helpers and imports of dags/export_dag.py where the DAG file brings them in', async () => {
    const project = await inMemoryProject(files, ['dags']);
    const findings = await analyze(files.get('dags/export_dag.py')!, { path: 'dags/export_dag.py', project });
    assert.deepEqual(show(findings), [
      {
        code: 'DG105',
        at: '5:7-5:20',
        message:
          'common.frames imports pandas at every parse; pandas is slow to import. At common/frames.py:1. Importing pandas takes tenths of a second to several seconds: import it inside the functions that use it.',
      },
      {
        code: 'DG101',
        at: '12:14-12:32',
        message:
          'read_export_vars() runs Variable.get 3x per parse. At common/variables.py:6, via read_var. Each call queries the metadata database (or secrets backend).',
      },
      {
        code: 'DG101',
        at: '16:74-16:103',
        message:
          'Variable.get("publish_image") runs at every parse. Each call queries the metadata database (or secrets backend). No fix: the template_fields of NightlyPodOperator (line 17) are unknown.',
      },
    ]);
    const helper = findings.find((finding) => finding.message.startsWith('read_export_vars()'));
    assert.deepEqual(helper?.related, [
      {
        path: 'dags/common/variables.py',
        range: { start: { line: 5, character: 11 }, end: { line: 5, character: 41 } },
        message: 'Variable.get() runs 3x per parse of export_dag.py, through read_export_vars()',
        role: 'hazard',
      },
      {
        path: 'dags/common/variables.py',
        range: { start: { line: 10, character: 18 }, end: { line: 10, character: 36 } },
        message: 'read_export_vars() calls read_var()',
        role: 'via',
      },
    ]);
  });

  it('stays silent on the look-alikes of dags/quiet_dag.py', async () => {
    const project = await inMemoryProject(files, ['dags']);
    const findings = await analyze(files.get('dags/quiet_dag.py')!, { path: 'dags/quiet_dag.py', project });
    // A recursive helper (count unknown), a helper passed as python_callable, a module imported in a
    // task, a module that imports pandas only inside its function.
    assert.deepEqual(show(findings), []);
  });

  it('summarises each module once, however many DAG files use it', async () => {
    const project = await inMemoryProject(files, ['dags']);
    await analyze(files.get('dags/export_dag.py')!, { path: 'dags/export_dag.py', project });
    const builds = project.builds;
    await analyze(files.get('dags/export_dag.py')!, { path: 'dags/export_dag.py', project });
    await analyze(files.get('dags/quiet_dag.py')!, { path: 'dags/quiet_dag.py', project });
    assert.equal(project.builds, builds + 2); // only common/recursive.py and common/lazy_frames.py are new
  });

  it('reports nothing across modules without a project', async () => {
    const findings = await analyze(files.get('dags/export_dag.py')!, { path: 'dags/export_dag.py' });
    assert.deepEqual(
      show(findings).map((finding) => finding.at),
      ['16:74-16:103'],
    );
  });
});

describe('project analysis: calls into helpers', () => {
  it('multiplies by the DAG file loop and names it', async () => {
    const findings = await check({
      'common/variables.py': VARIABLES,
      'dag.py': ['from airflow import DAG', 'from common.variables import read_all', '', 'for team in ["a", "b"]:', '    read_all()'].join(
        '\n',
      ),
    });
    assert.deepEqual(show(findings), [
      {
        code: 'DG101',
        at: '4:4-4:14',
        message:
          'read_all() runs Variable.get 6x per parse. At common/variables.py:4, via read_var. Inside the loop at line 4. Each call queries the metadata database (or secrets backend).',
      },
    ]);
  });

  it('follows `import pkg.mod as m` and `m.f()`, relative imports and re-exports through __init__.py', async () => {
    const findings = await check({
      'common/__init__.py': 'from .variables import read_all\n',
      'common/variables.py': VARIABLES.replace('from airflow.models import Variable', 'from .store import Variable'),
      'common/store.py': 'from airflow.models import Variable\n',
      'dag.py': [
        'from airflow import DAG',
        'import common.variables as cv',
        'from common import read_all',
        '',
        'cv.read_var("x")',
        'read_all()',
      ].join('\n'),
    });
    // `Variable` comes from a project module that re-exports Airflow's: not known as Airflow's, silent.
    assert.deepEqual(show(findings), []);
    const direct = await check({
      'common/__init__.py': 'from .variables import read_all\n',
      'common/variables.py': VARIABLES,
      'dag.py': [
        'from airflow import DAG',
        'import common.variables as cv',
        'from common import read_all',
        '',
        'cv.read_var("x")',
        'read_all()',
      ].join('\n'),
    });
    assert.deepEqual(
      show(direct).map((finding) => `${finding.at} ${finding.message.split(' Each call')[0]}`),
      [
        '4:0-4:16 cv.read_var() runs Variable.get at every parse. At common/variables.py:4.',
        '5:0-5:10 read_all() runs Variable.get 3x per parse. At common/variables.py:4, via read_var.',
      ],
    );
  });

  it('follows a class: __init__, methods called through self, a base class in another module', async () => {
    const findings = await check({
      'lib/base.py': [
        'from airflow.models import Variable',
        '',
        'class Loader:',
        '    def __init__(self):',
        '        self.env = Variable.get("env")',
        '        self.configure()',
        '',
        '    def configure(self):',
        '        pass',
      ].join('\n'),
      'lib/loaders.py': [
        'from airflow.models import Variable',
        'from lib.base import Loader',
        '',
        'class S3Loader(Loader):',
        '    def configure(self):',
        '        self.bucket = Variable.get("bucket")',
        '        self.prefix = Variable.get("prefix")',
      ].join('\n'),
      'dag.py': [
        'from airflow import DAG',
        'from lib.loaders import S3Loader',
        '',
        'with DAG("d"):',
        '    for table in ["a", "b", "c"]:',
        '        S3Loader()',
      ].join('\n'),
    });
    assert.deepEqual(show(findings), [
      {
        code: 'DG101',
        at: '5:8-5:18',
        message:
          'S3Loader() runs Variable.get 9x per parse. At lib/base.py:5; lib/loaders.py:6, 7, via S3Loader.configure. Inside the loop at line 5. Each call queries the metadata database (or secrets backend).',
      },
    ]);
  });

  it('reports hooks and I/O a helper runs under their own codes', async () => {
    const findings = await check({
      'helpers.py': [
        'import requests',
        'from airflow.providers.postgres.hooks.postgres import PostgresHook',
        '',
        'def tables():',
        '    hook = PostgresHook("warehouse")',
        '    return hook.get_records("select 1") + requests.get("https://x").json()',
      ].join('\n'),
      'dag.py': ['from airflow import DAG', 'from helpers import tables', '', 'TABLES = tables()'].join('\n'),
    });
    assert.deepEqual(show(findings), [
      {
        code: 'DG103',
        at: '3:9-3:17',
        message:
          "tables() runs hook.get_records() on a PostgresHook at every parse. At helpers.py:6. Each call looks up the hook's connection and reaches the service over the network.",
      },
      {
        code: 'DG104',
        at: '3:9-3:17',
        message: 'tables() runs requests.get at every parse. At helpers.py:6. Each call is a network request made by the DAG processor.',
      },
    ]);
  });

  it('stays silent for helpers called only at run time, @task helpers, cycles, and calls it cannot resolve', async () => {
    const findings = await check({
      'common/variables.py': VARIABLES,
      'common/tasks.py': [
        'from airflow.decorators import task',
        'from airflow.models import Variable',
        '',
        '@task',
        'def load():',
        '    return Variable.get("x")',
      ].join('\n'),
      'cycle/a.py': [
        'from airflow.models import Variable',
        'from cycle.b import g',
        '',
        'def f(n):',
        '    Variable.get("x")',
        '    return g(n)',
      ].join('\n'),
      'cycle/b.py': ['from cycle.a import f', '', 'def g(n):', '    return f(n - 1)'].join('\n'),
      'dag.py': [
        'from airflow import DAG',
        'from airflow.decorators import task',
        'from airflow.operators.python import PythonOperator',
        'from common.variables import read_all, read_var',
        'from common.tasks import load',
        'from cycle.a import f',
        'from elsewhere import unknown_helper',
        '',
        'with DAG("d"):',
        '    PythonOperator(task_id="t", python_callable=read_all)',
        '    load()',
        '    f(3)',
        '    unknown_helper()',
        '',
        '    @task',
        '    def in_task():',
        '        return read_var("x")',
        '',
        'if __name__ == "__main__":',
        '    read_all()',
      ].join('\n'),
    });
    assert.deepEqual(show(findings), []);
  });

  it('honours # noqa on the DAG file line', async () => {
    const findings = await check({
      'common/variables.py': VARIABLES,
      'dag.py': [
        'from airflow import DAG',
        'from common.variables import read_all',
        '',
        'A = read_all()  # noqa: DG101',
        'B = read_all()',
      ].join('\n'),
    });
    assert.deepEqual(
      show(findings).map((finding) => finding.at),
      ['4:4-4:14'],
    );
  });
});

describe('project analysis: imports of project modules', () => {
  it('reports what a module body runs at the first import that loads it, through its own imports', async () => {
    const findings = await check({
      'common/__init__.py': '',
      'common/config.py': [
        'from airflow.models import Variable',
        'from common.variables import read_all',
        'import common.frames',
        '',
        'ENV = Variable.get("env")',
        'ALL = read_all()',
      ].join('\n'),
      'common/variables.py': VARIABLES,
      'common/frames.py': 'import torch\nimport pandas as pd\n',
      'dag.py': [
        'from airflow import DAG',
        'import pandas',
        'from common.config import ENV',
        'import common.frames',
        '',
        'with DAG("d"):',
        '    pass',
      ].join('\n'),
    });
    assert.deepEqual(show(findings), [
      {
        code: 'DG105',
        at: '1:7-1:13',
        message:
          'import pandas runs at every parse; pandas is slow to import. Importing pandas takes tenths of a second to several seconds. Nothing in the file uses it.',
      },
      {
        code: 'DG101',
        at: '2:5-2:18',
        message:
          'common.config runs Variable.get 4x per parse. At common/config.py:5; common/variables.py:4, via read_all, read_var. Each call queries the metadata database (or secrets backend).',
      },
      {
        code: 'DG105',
        at: '2:5-2:18',
        message:
          'common.config imports torch at every parse; torch is slow to import. At common/frames.py:1, via common.frames. Importing torch takes tenths of a second to several seconds: import it inside the functions that use it.',
      },
    ]);
  });

  it('leaves out a heavy package that another one loaded at the same parse brings in anyway', async () => {
    const findings = await check({
      'common/__init__.py': '',
      'common/frames.py': 'import numpy as np\n',
      'common/tables.py': 'import pandas as pd\n',
      'dag.py': ['from airflow import DAG', 'import common.frames', 'import common.tables', '', 'with DAG("d"):', '    pass'].join('\n'),
    });
    // pandas loads numpy: moving numpy's import alone would save nothing, so only pandas is reported.
    assert.deepEqual(show(findings), [
      {
        code: 'DG105',
        at: '2:7-2:20',
        message:
          'common.tables imports pandas at every parse; pandas is slow to import. At common/tables.py:1. Importing pandas takes tenths of a second to several seconds: import it inside the functions that use it.',
      },
    ]);
  });

  it("says when the helper's own import cannot simply move, or needs only TYPE_CHECKING", async () => {
    const findings = await check({
      'operators/__init__.py': '',
      // An operator module that sets pandas options at import: its import has to stay.
      'operators/mongo.py': [
        'import pandas as pd',
        '',
        'pd.set_option("display.width", None)',
        '',
        'class MongoToPostgres:',
        '    pass',
      ].join('\n'),
      // Used only in a method's annotation, which `from __future__ import annotations` leaves a string.
      'operators/slack.py': [
        'from __future__ import annotations',
        'import polars as pl',
        '',
        'class SqlToSlack:',
        '    def render(self, frame: pl.DataFrame) -> str:',
        '        return str(frame)',
      ].join('\n'),
      'dag.py': [
        'from airflow import DAG',
        'from operators.mongo import MongoToPostgres',
        'from operators.slack import SqlToSlack',
        '',
        'with DAG("d"):',
        '    pass',
      ].join('\n'),
    });
    assert.deepEqual(show(findings), [
      {
        code: 'DG105',
        at: '1:5-1:20',
        message:
          'operators.mongo imports pandas at every parse; pandas is slow to import. At operators/mongo.py:1. Importing pandas takes tenths of a second to several seconds. The import there cannot simply move into its functions: it is used at module level (line 3).',
      },
      {
        code: 'DG105',
        at: '2:5-2:20',
        message:
          'operators.slack imports polars at every parse; polars is slow to import. At operators/slack.py:2. Importing polars takes tenths of a second to several seconds. There it is only used in annotations, which `from __future__ import annotations` leaves unevaluated: import it under `if TYPE_CHECKING:`.',
      },
    ]);
  });

  it('stays silent for imports inside functions that run later, and modules whose imports are lazy', async () => {
    const findings = await check({
      'common/frames.py': ['def summarize(path):', '    import pandas as pd', '    return pd.read_csv(path)'].join('\n'),
      'common/heavy.py': 'import pandas as pd\n',
      'dag.py': [
        'from airflow import DAG',
        'from airflow.decorators import task',
        'import common.frames',
        '',
        '@task',
        'def t():',
        '    import common.heavy',
        '',
        'with DAG("d"):',
        '    t()',
      ].join('\n'),
    });
    assert.deepEqual(show(findings), []);
  });

  it('counts the heavyModules setting in imported modules', async () => {
    const project = await inMemoryProject({
      'common/ml.py': 'import lightgbm\n',
      'dag.py': 'from airflow import DAG\nimport common.ml\n',
    });
    const { settingsWith } = await import('../helpers/engine');
    const findings = await analyze('from airflow import DAG\nimport common.ml\n', {
      path: 'dag.py',
      project,
      settings: settingsWith({ heavyModules: ['lightgbm'] }),
    });
    assert.deepEqual(
      show(findings).map((finding) => finding.message.split(' Importing')[0]),
      ['common.ml imports lightgbm at every parse; lightgbm is slow to import. At common/ml.py:1.'],
    );
  });
});

describe('project analysis: values that reach DAG() or an operator through a wrapper', () => {
  const files = readProjectFiles(fixturePath('project'));

  it('reports clock dates passed to a wrapper class and a factory in another module (DG301)', async () => {
    const project = await inMemoryProject(files, ['dags']);
    const findings = await analyze(files.get('dags/export_dag.py')!, { path: 'dags/export_dag.py', project });
    assert.deepEqual(show(findings, ['DG301', 'DG302']), [
      {
        code: 'DG301',
        at: '14:44-14:78',
        message:
          'start_date is computed from `datetime.now()` at every parse, and CompanyDag() passes it on. It lands in DAG(start_date=...) at common/wrappers.py:8. The date moves with each parse, so the schedule drifts and runs can be skipped; use a fixed date.',
      },
      {
        code: 'DG301',
        at: '19:38-19:52',
        message:
          'start_date is computed from `datetime.now()` at every parse, and build_dag() passes it on. It lands in DAG(default_args={"start_date": ...}) at common/factory.py:5. The date moves with each parse, so the schedule drifts and runs can be skipped; use a fixed date.',
      },
    ]);
    const wrapped = findings.find((finding) => finding.code === 'DG301');
    assert.deepEqual(wrapped?.related, [
      {
        path: 'dags/common/wrappers.py',
        range: { start: { line: 7, character: 8 }, end: { line: 7, character: 104 } },
        message: 'DAG(start_date=...) receives the start_date of CompanyDag()',
        role: 'hazard',
      },
    ]);
    assert.equal(wrapped?.fix?.edits[0].newText, 'datetime(2025, 3, 14)');
  });

  it('follows **kwargs and positions through several wrappers; a fixed date or a transformed parameter stays silent', async () => {
    const findings = await check({
      'lib/factory.py': [
        'import uuid',
        'from airflow import DAG',
        'from airflow.operators.bash import BashOperator',
        '',
        'def make_dag(dag_id, **kwargs):',
        '    return DAG(dag_id, **kwargs)',
        '',
        'def team_dag(team, start, **kwargs):',
        '    return make_dag(f"team_{team}", start_date=start, **kwargs)',
        '',
        'def shifted(start):',
        '    return DAG("shifted", start_date=start.replace(hour=0))',
        '',
        'def task(dag, task_id):',
        '    return BashOperator(task_id=task_id, bash_command="true", dag=dag)',
      ].join('\n'),
      'dag.py': [
        'import uuid',
        'from datetime import datetime',
        'from airflow import DAG',
        'from lib.factory import make_dag, shifted, task, team_dag',
        '',
        'a = team_dag("a", datetime.now(), end_date=datetime.now())',
        'b = make_dag(f"b_{uuid.uuid4()}")',
        'c = team_dag("c", datetime(2024, 1, 1))',
        'd = shifted(datetime.now())',
        'task(b, f"t_{uuid.uuid4()}")',
      ].join('\n'),
    });
    assert.deepEqual(
      show(findings, ['DG301', 'DG302']).map((finding) => `${finding.code} ${finding.at} ${finding.message.split(':')[0]}`),
      [
        'DG301 5:18-5:32 start_date is computed from `datetime.now()` at every parse, and team_dag() passes it on. It lands in DAG(start_date=...) at lib/factory.py',
        'DG301 5:43-5:57 end_date is computed from `datetime.now()` at every parse, and team_dag() passes it on. It lands in DAG(end_date=...) at lib/factory.py',
        'DG302 6:13-6:32 dag_id is computed from `uuid.uuid4()` at every parse, and make_dag() passes it on. It lands in DAG(dag_id, ...) at lib/factory.py',
        'DG302 9:8-9:27 task_id is computed from `uuid.uuid4()` at every parse, and task() passes it on. It lands in BashOperator(task_id=...) at lib/factory.py',
      ],
    );
  });
});

describe('project analysis: the parse-cost summary', () => {
  it('counts what helpers and imported modules run, and the DAGs wrappers and factories build', async () => {
    const { AIRFLOW_DEFAULT_TIMINGS, describeParseCost, parseCostOfSource } = await import('../../server/src/core/cost/parseCost');
    const { getEngine, settingsWith } = await import('../helpers/engine');
    const files = readProjectFiles(fixturePath('project'));
    const project = await inMemoryProject(files, ['dags']);
    const engine = await getEngine();
    const costOf = (withProject: boolean) =>
      engine.withSource('dags/export_dag.py', files.get('dags/export_dag.py')!, (source) => {
        const cost = parseCostOfSource(source, settingsWith(), AIRFLOW_DEFAULT_TIMINGS, null, withProject ? project : null);
        return cost && describeParseCost(cost, AIRFLOW_DEFAULT_TIMINGS);
      });
    assert.equal(costOf(false), 'each parse: 1 Variable read; parsed every 30 s (Airflow default) = 2,880 metadata database reads a day');
    assert.equal(
      costOf(true),
      'each parse: 4 Variable reads, 1 heavy import (pandas), builds 2 DAGs; parsed every 30 s (Airflow default) = 11,520 metadata database reads a day',
    );
  });
});

describe('project analysis: operator classes from other modules in the Jinja fix', () => {
  const files = readProjectFiles(fixturePath('project'));

  async function publishFix(podModule: string) {
    const { readOperatorClasses } = await import('../../server/src/core/templating/operatorClassReader');
    const { getEngine } = await import('../helpers/engine');
    const operatorClasses = (await getEngine()).withSource('dags/operators/pod.py', podModule, (source) => readOperatorClasses(source));
    const findings = await analyze(files.get('dags/export_dag.py')!, { path: 'dags/export_dag.py', operatorClasses, rules: undefined });
    const finding = findings.find((found) => found.code === 'DG101' && found.message.startsWith('Variable.get("publish_image")'));
    return { message: finding?.message, detail: finding?.detail, replacement: finding?.fix?.edits[0].newText };
  }

  it('inherits template_fields through a subclass without its own and a splice of the provider base', async () => {
    assert.deepEqual(await publishFix(files.get('dags/operators/pod.py')!), {
      message: 'Variable.get("publish_image") runs at every parse.',
      detail: 'Each call queries the metadata database (or secrets backend).',
      replacement: '"{{ var.value.publish_image }}"',
    });
  });

  it('reads a splice through a module alias (`pod.KubernetesPodOperator.template_fields`)', async () => {
    const aliased = files
      .get('dags/operators/pod.py')!
      .replace(
        'from airflow.providers.cncf.kubernetes.operators.pod import KubernetesPodOperator',
        'from airflow.providers.cncf.kubernetes.operators import pod',
      )
      .replace('class CompanyPodOperator(KubernetesPodOperator):', 'class CompanyPodOperator(pod.KubernetesPodOperator):')
      .replace('(*KubernetesPodOperator.template_fields, "extra")', '(*pod.KubernetesPodOperator.template_fields, "extra")');
    assert.equal((await publishFix(aliased)).replacement, '"{{ var.value.publish_image }}"');
  });
});

describe('project analysis: operators a helper builds', () => {
  const files = readProjectFiles(fixturePath('project'));

  it('reports a poke-mode sensor with a long timeout built by make_sensor(dag) (DG402)', async () => {
    const project = await inMemoryProject(files, ['dags']);
    const findings = await analyze(files.get('dags/export_dag.py')!, { path: 'dags/export_dag.py', project });
    assert.deepEqual(show(findings, ['DG402']), [
      {
        code: 'DG402',
        at: '15:11-15:22',
        message:
          'make_sensor() builds S3KeySensor in poke mode, which holds a worker slot for its whole wait. At common/sensors.py:5, it waits with timeout 6 h; use mode="reschedule" or deferrable=True.',
      },
    ]);
    assert.deepEqual(findings.find((finding) => finding.code === 'DG402')?.related, [
      {
        path: 'dags/common/sensors.py',
        range: { start: { line: 4, character: 11 }, end: { line: 10, character: 5 } },
        message: 'the S3KeySensor make_sensor() builds',
        role: 'hazard',
      },
    ]);
  });

  it('stays silent when the helper sets reschedule, defers, takes the mode from its caller, or runs later', async () => {
    const sensors = [
      'from airflow.sensors.filesystem import FileSensor',
      'from airflow.providers.amazon.aws.sensors.s3 import S3KeySensor',
      '',
      'def rescheduled(dag):',
      '    return S3KeySensor(task_id="a", bucket_key="k", mode="reschedule", timeout=86400, dag=dag)',
      '',
      'def deferred(dag):',
      '    return S3KeySensor(task_id="b", bucket_key="k", mode="poke", deferrable=True, timeout=86400, dag=dag)',
      '',
      'def chosen(dag, mode):',
      '    return FileSensor(task_id="c", filepath="/x", mode=mode, timeout=86400, dag=dag)',
      '',
      'def short(dag):',
      '    return FileSensor(task_id="d", filepath="/x", mode="poke", timeout=60, dag=dag)',
      '',
      'def outer(dag):',
      '    return [long_wait(dag) for _ in range(2)]',
      '',
      'def long_wait(dag):',
      '    return FileSensor(task_id="e", filepath="/x", mode="poke", timeout=86400, dag=dag)',
    ].join('\n');
    const findings = await check({
      'lib/sensors.py': sensors,
      'dag.py': [
        'from airflow import DAG',
        'from airflow.decorators import task',
        'from lib.sensors import chosen, deferred, outer, rescheduled, short',
        '',
        'with DAG("d") as dag:',
        '    rescheduled(dag)',
        '    deferred(dag)',
        '    chosen(dag, "poke")',
        '    short(dag)',
        '',
        '    @task',
        '    def later():',
        '        outer(dag)',
      ].join('\n'),
    });
    assert.deepEqual(show(findings, ['DG402']), []);
    const nested = await check({
      'lib/sensors.py': sensors,
      'dag.py': ['from airflow import DAG', 'from lib.sensors import outer', '', 'with DAG("d") as dag:', '    outer(dag)'].join('\n'),
    });
    assert.deepEqual(
      show(nested, ['DG402']).map((finding) => finding.message),
      [
        'outer() builds FileSensor in poke mode, which holds a worker slot for its whole wait. At lib/sensors.py:20, via long_wait, it waits with timeout 1 day; use mode="reschedule" or deferrable=True.',
      ],
    );
  });
});

describe('project analysis: robustness', () => {
  it('summarises cut-off and broken modules into plain data, and analyses DAG files against them, without an exception', async () => {
    const { readdirSync, readFileSync } = await import('node:fs');
    const { summarizeModule } = await import('../../server/src/core/project/modules');
    const { getEngine } = await import('../helpers/engine');
    const engine = await getEngine();
    const files = readProjectFiles(fixturePath('project'));
    const texts = [
      ...files.values(),
      ...readdirSync(fixturePath('rules'))
        .filter((name) => name.endsWith('.py'))
        .map((name) => readFileSync(fixturePath('rules', name), 'utf8')),
    ];
    for (const text of texts) {
      for (let end = 0; end <= text.length; end += Math.max(1, Math.floor(text.length / 12))) {
        const summary = engine.withSource('lib/mod.py', text.slice(0, end), (source) => summarizeModule(source));
        assert.deepEqual(JSON.parse(JSON.stringify(summary)), summary);
      }
    }
    for (const [path, text] of files) {
      if (!path.startsWith('dags/') || path.includes('/common/')) continue;
      for (let end = 0; end <= text.length; end += 29) {
        const cut = new Map(files);
        cut.set(path, text.slice(0, end));
        // Every helper cut at the same place too: half-written helpers while the DAG file is analysed.
        for (const [other, otherText] of files) if (other !== path) cut.set(other, otherText.slice(0, Math.min(otherText.length, end)));
        const project = await inMemoryProject(cut, ['dags']);
        await analyze(text.slice(0, end), { path, project });
      }
    }
  });

  it('degrades a deep chain of helpers to silence instead of recursing without end', async () => {
    const modules: Record<string, string> = {};
    for (let index = 0; index < 60; index++) {
      modules[`chain/m${index}.py`] =
        index === 59
          ? 'from airflow.models import Variable\n\ndef f():\n    return Variable.get("x")\n'
          : `from chain.m${index + 1} import f as g\n\ndef f():\n    return g()\n`;
    }
    modules['dag.py'] = 'from airflow import DAG\nfrom chain.m0 import f\n\nX = f()\n';
    const findings = await check(modules);
    assert.deepEqual(show(findings), []);
    // A short chain is followed.
    modules['dag.py'] = 'from airflow import DAG\nfrom chain.m50 import f\n\nX = f()\n';
    assert.deepEqual(
      show(await check(modules)).map((finding) => finding.message.split(' Each call')[0]),
      ['f() runs Variable.get at every parse. At chain/m59.py:4, via f, f, f and 6 more.'],
    );
  });
});

describe('project analysis: # noqa at the helper end', () => {
  it('a noqa on the hazard in the helper silences the findings it would cause in every DAG file', async () => {
    const findings = await check({
      'common/variables.py': VARIABLES.replace('    return Variable.get(name)', '    return Variable.get(name)  # noqa: DG101'),
      'common/frames.py': 'import pandas as pd  # noqa: DG105\nimport numpy as np  # noqa: DG101\n',
      'dag.py': ['from airflow import DAG', 'import common.frames', 'from common.variables import read_all', '', 'A = read_all()'].join(
        '\n',
      ),
    });
    assert.deepEqual(
      show(findings).map((finding) => finding.message.split(' Importing')[0]),
      ['common.frames imports numpy at every parse; numpy is slow to import. At common/frames.py:2.'],
    );
  });
});

describe('project analysis: values a helper computes for the DAGs and operators it builds', () => {
  it('reports the clock, uuid or random in what the helper builds, at the DAG file call (DG301, DG302, DG303)', async () => {
    const findings = await check({
      'common/tasks.py': [
        'import uuid',
        'from datetime import datetime, timedelta',
        'from airflow import DAG',
        'from airflow.operators.python import PythonOperator',
        '',
        'def make_dag(name):',
        '    return DAG(name, start_date=datetime.now() - timedelta(days=1), tags=[str(uuid.uuid4())])',
        '',
        'def make_publish_task(dag):',
        '    return PythonOperator(task_id="publish", python_callable=print, op_kwargs={"day": datetime.now().isoformat()}, dag=dag)',
        '',
        'def fixed(dag):',
        '    return PythonOperator(task_id="fixed", python_callable=print, op_kwargs={"day": "{{ ds }}"}, dag=dag)',
        '',
        'def later(dag):',
        '    def run():',
        '        return PythonOperator(task_id="x", python_callable=print, op_kwargs={"day": datetime.now()}, dag=dag)',
        '    return run',
      ].join('\n'),
      'dag.py': [
        'from airflow import DAG',
        'from airflow.decorators import task',
        'from common.tasks import fixed, later, make_dag, make_publish_task',
        '',
        'dag = make_dag("exports")',
        'make_publish_task(dag)',
        'fixed(dag)',
        'later(dag)',
        '',
        '@task',
        'def in_task():',
        '    make_publish_task(dag)',
      ].join('\n'),
    });
    assert.deepEqual(show(findings, ['DG301', 'DG302', 'DG303']), [
      {
        code: 'DG301',
        at: '4:6-4:25',
        message:
          'make_dag() builds DAG with start_date computed from `datetime.now()` at every parse. At common/tasks.py:7. The date moves with each parse, so the schedule drifts and runs can be skipped; use a fixed date.',
      },
      {
        code: 'DG302',
        at: '4:6-4:25',
        message:
          "make_dag() builds DAG with tags computed from `uuid.uuid4()` at every parse. At common/tasks.py:7. The DAG's definition changes with it, and every change is written to the metadata database as a new serialized DAG.",
      },
      {
        code: 'DG303',
        at: '5:0-5:22',
        message:
          'make_publish_task() builds PythonOperator with op_kwargs from `datetime.now()` at parse time. op_kwargs is a templated field (common/tasks.py:10). A run gets the time of the last parse, not its logical date, so reruns and backfills use the wrong date.',
      },
    ]);
  });
});

describe('project analysis: dags/publish_dag.py', () => {
  it('reports a settings class read per task and the clock in the operators a helper builds', async () => {
    const files = readProjectFiles(fixturePath('project'));
    const project = await inMemoryProject(files, ['dags']);
    const findings = await analyze(files.get('dags/publish_dag.py')!, { path: 'dags/publish_dag.py', project });
    assert.deepEqual(show(findings, ['DG101', 'DG105', 'DG301', 'DG302', 'DG303']), [
      {
        code: 'DG101',
        at: '8:19-8:35',
        message:
          'ExportSettings() runs Variable.get 8x per parse. At common/publish.py:11, 12, 13, 14. Inside the loop at line 8. Each call queries the metadata database (or secrets backend).',
      },
      {
        code: 'DG303',
        at: '9:8-9:37',
        message:
          'make_publish_task() builds PythonOperator with op_kwargs from `datetime.now()` at parse time. op_kwargs is a templated field (common/publish.py:21). A run gets the time of the last parse, not its logical date, so reruns and backfills use the wrong date.',
      },
    ]);
  });
});

describe('project analysis: a wrapper class that builds DAG(...) inside', () => {
  it('follows the constructor argument into the DAG its __init__ builds, through a base class in another module', async () => {
    const findings = await check({
      'lib/pipeline.py': [
        'from airflow import DAG',
        '',
        'class Pipeline:',
        '    def __init__(self, name, start):',
        '        self.dag = DAG(name, start_date=start, schedule="@daily")',
      ].join('\n'),
      'lib/exports.py': ['from lib.pipeline import Pipeline', '', 'class ExportPipeline(Pipeline):', '    pass'].join('\n'),
      'dag.py': [
        'from datetime import datetime',
        'from airflow import DAG',
        'from lib.exports import ExportPipeline',
        '',
        'pipeline = ExportPipeline("export", start=datetime.today())',
      ].join('\n'),
    });
    assert.deepEqual(show(findings, ['DG301']), [
      {
        code: 'DG301',
        at: '4:42-4:58',
        message:
          'start_date is computed from `datetime.today()` at every parse, and ExportPipeline() passes it on. It lands in DAG(start_date=...) at lib/pipeline.py:5. The date moves with each parse, so the schedule drifts and runs can be skipped; use a fixed date.',
      },
    ]);
  });
});

describe('project analysis: what analyses share', () => {
  it('shares resolved costs between DAG files while the generation stays, and drops them when a helper changes', async () => {
    const project = await inMemoryProject({
      'common/variables.py': VARIABLES,
      'a.py': 'from airflow import DAG\nfrom common.variables import read_all\n\nA = read_all()\n',
      'b.py': 'from airflow import DAG\nfrom common.variables import read_var\n\nfor x in range(2):\n    read_var(x)\n',
    });
    const run = async (path: string) =>
      show(await analyze(project.files.get(path)!, { path, project })).map(
        (finding) => `${finding.at} ${finding.message.split(' Each call')[0]}`,
      );
    assert.deepEqual(await run('a.py'), ['3:4-3:14 read_all() runs Variable.get 3x per parse. At common/variables.py:4, via read_var.']);
    assert.deepEqual(await run('b.py'), [
      '4:4-4:15 read_var() runs Variable.get 2x per parse. At common/variables.py:4. Inside the loop at line 4.',
    ]);
    project.set('common/variables.py', VARIABLES.replace('return Variable.get(name)', 'return name'));
    assert.deepEqual(await run('a.py'), []);
  });
});

describe('DG105 when a project module loads the same package', () => {
  const FILES = {
    'common/__init__.py': '',
    'common/frames.py': 'import pandas as pd\n\n\ndef load(path):\n    return pd.read_csv(path)\n',
    'dag.py': [
      'from airflow import DAG',
      'import pandas as pd',
      'import common.frames',
      '',
      '',
      'def summarize(path):',
      '    return pd.read_csv(path).describe()',
      '',
      '',
      'with DAG("d"):',
      '    pass',
    ].join('\n'),
  };

  it('does not advise moving the import, and offers no fix, when the package still loads through the project', async () => {
    const project = await inMemoryProject(FILES);
    const findings = (await analyze(FILES['dag.py'], { path: 'dag.py', project })).filter((finding) => finding.code === 'DG105');
    assert.deepEqual(show(findings), [
      {
        code: 'DG105',
        at: '1:7-1:19',
        message:
          'import pandas as pd runs at every parse; pandas is slow to import. Importing pandas takes tenths of a second to several seconds. It is also loaded at every parse through common.frames (common/frames.py:1): moving this import alone saves nothing; the import there has to move too.',
      },
    ]);
    // The package is reported once, at the file's own import (Python loads it once per parse).
    assert.equal(findings[0].fix, null);
  });

  it('still offers the move when no project module loads the package (look-alike)', async () => {
    const own = { ...FILES, 'dag.py': FILES['dag.py'].replace('import common.frames\n', '') };
    const project = await inMemoryProject(own);
    const [finding] = (await analyze(own['dag.py'], { path: 'dag.py', project })).filter((candidate) => candidate.code === 'DG105');
    assert.match(finding.detail!, /only used inside summarize\(\), which does not run at parse time: import it there\.$/);
    assert.notEqual(finding.fix, null);
  });
});
