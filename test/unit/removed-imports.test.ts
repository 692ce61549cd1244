// DG207 beyond its fixtures: severity by the project's Airflow version, which fixes are safe on
// which release (fix-all applies those, and a second run changes nothing), the renamed class's
// uses, and the cases where the rename is refused.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { applySafeFixes, type WithSource } from '../../server/src/core/fixes/fixAll';
import type { Finding } from '../../server/src/core/findings';
import { applyEdits } from '../../server/src/core/syntax/positions';
import { analyze, getEngine, settingsWith } from '../helpers/engine';

async function findingsOf(text: string, options: Parameters<typeof analyze>[1] = {}): Promise<Finding[]> {
  return (await analyze(text, options)).filter((finding) => finding.code === 'DG207');
}

function assertPython(text: string): void {
  execFileSync('python3', ['-c', 'import ast,sys; ast.parse(sys.stdin.read())'], { input: text });
}

const DAG = 'from airflow import DAG\n';
const title = (finding: Finding) => `${finding.fix?.title} (${finding.fix?.safe ? 'safe' : `not safe: ${finding.fix?.condition}`})`;

describe('DG207 removed imports', () => {
  it('is a deprecation (information, tagged deprecated) on Airflow 2, an error on Airflow 3, a warning when the version is unknown', async () => {
    const text = `${DAG}from airflow.operators.bash_operator import BashOperator\n`;
    const [two] = await findingsOf(text, { airflowVersion: 2 });
    const [three] = await findingsOf(text, { airflowVersion: 3 });
    const [unknown] = await findingsOf(text, { airflowVersion: null });
    assert.equal(two.severity, 'information');
    assert.deepEqual(two.tags, ['deprecated']);
    assert.equal(two.message, '"airflow.operators.bash_operator" is deprecated, gone in Airflow 3; use "airflow.operators.bash".');
    assert.equal(three.severity, 'error');
    assert.equal(three.tags, undefined);
    assert.equal(three.message, '"airflow.operators.bash_operator" was removed in Airflow 3.');
    assert.match(
      three.detail!,
      /^Use "airflow\.providers\.standard\.operators\.bash"\. On Airflow 3 the file fails to import \(ImportError\): a Broken DAG at every parse, for this DAG file or any that imports it\./,
    );
    assert.equal(unknown.severity, 'warning');
    assert.deepEqual(
      [two, three, unknown].map((finding) => finding.range),
      Array(3).fill({ start: { line: 1, character: 5 }, end: { line: 1, character: 36 } }),
    );
  });

  it("rewrites to the release's home, safe only where that module is known to exist", async () => {
    const bash = `${DAG}from airflow.operators.bash_operator import BashOperator\n`;
    const dummy = `${DAG}from airflow.operators.dummy_operator import DummyOperator\nDummyOperator(task_id="a")\n`;
    const postgres = `${DAG}from airflow.hooks.postgres_hook import PostgresHook\n`;
    const fixes = async (text: string, options: Parameters<typeof analyze>[1]) => (await findingsOf(text, options)).map(title);
    // airflow.operators.bash is in every Airflow 2; airflow.operators.empty only from 2.3.
    assert.deepEqual(await fixes(bash, { airflowVersion: 2 }), ['Import from airflow.operators.bash (safe)']);
    assert.deepEqual(await fixes(bash, { airflowVersion: null }), [
      'Import from airflow.operators.bash (not safe: if the project runs Airflow 2.0 or later)',
    ]);
    assert.deepEqual(await fixes(bash, { airflowVersion: 3 }), ['Import from airflow.providers.standard.operators.bash (safe)']);
    assert.deepEqual(await fixes(dummy, { airflowVersion: 2, airflowMinor: 2 }), [
      'Import from airflow.operators.empty and rename DummyOperator to EmptyOperator (not safe: if the project runs Airflow 2.3 or later)',
    ]);
    assert.deepEqual(await fixes(dummy, { airflowVersion: 2, airflowMinor: 3 }), [
      'Import from airflow.operators.empty and rename DummyOperator to EmptyOperator (safe)',
    ]);
    assert.deepEqual(await fixes(dummy, { airflowVersion: 3 }), [
      'Import from airflow.providers.standard.operators.empty and rename DummyOperator to EmptyOperator (safe)',
    ]);
    // A provider's module is right only where the provider is installed: never safe.
    for (const airflowVersion of [2, 3, null] as const) {
      assert.deepEqual(await fixes(postgres, { airflowVersion }), [
        'Import from airflow.providers.postgres.hooks.postgres (not safe: if apache-airflow-providers-postgres is installed)',
      ]);
    }
  });

  it('fix-all on Airflow 3 rewrites the imports and renames DummyOperator, and a second run changes nothing', async () => {
    const text = [
      'from airflow.sdk import DAG',
      'from airflow.operators.bash_operator import BashOperator',
      'from airflow.operators.dummy_operator import DummyOperator',
      'from airflow.hooks.postgres_hook import PostgresHook',
      '',
      'with DAG("d", schedule=None) as dag:',
      '    DummyOperator(task_id="start") >> BashOperator(task_id="run", bash_command="x")',
      '',
      '',
      'def is_noop(task, DummyOperator=None):',
      '    return isinstance(task, DummyOperator)',
      '',
    ].join('\n');
    const engine = await getEngine();
    const analyzeText = (current: string) => engine.analyzeText('dag.py', current, { settings: settingsWith(), airflowVersion: 3 });
    const withSource: WithSource = (current, use) => engine.withSource('dag.py', current, use);
    const outcome = applySafeFixes(text, analyzeText, withSource);
    assert.equal(applySafeFixes(outcome.text, analyzeText, withSource).text, outcome.text);
    assert.equal(
      outcome.text,
      [
        'from airflow.sdk import DAG',
        'from airflow.providers.standard.operators.bash import BashOperator',
        'from airflow.providers.standard.operators.empty import EmptyOperator',
        // Not safe: the postgres provider may not be installed.
        'from airflow.hooks.postgres_hook import PostgresHook',
        '',
        'with DAG("d", schedule=None) as dag:',
        '    EmptyOperator(task_id="start") >> BashOperator(task_id="run", bash_command="x")',
        '',
        '',
        // The parameter shadows the import: its uses are not the class.
        'def is_noop(task, DummyOperator=None):',
        '    return isinstance(task, DummyOperator)',
        '',
      ].join('\n'),
    );
    assertPython(outcome.text);
  });

  it('offers no rename where the old name is bound again or the new name means something else', async () => {
    const rebound = `${DAG}from airflow.operators.dummy_operator import DummyOperator\nDummyOperator = make()\n`;
    const [again] = await findingsOf(rebound, { airflowVersion: 3 });
    assert.equal(again.fix, null);
    assert.match(again.detail!, /No fix: DummyOperator is bound again in this file\.$/);
    const clash = `${DAG}from airflow.operators.dummy_operator import DummyOperator\nfrom mylib import EmptyOperator\n`;
    const [taken] = await findingsOf(clash, { airflowVersion: 3 });
    assert.equal(taken.fix, null);
    assert.match(taken.detail!, /No fix: EmptyOperator is bound to something else in this file\.$/);
    // Airflow's own EmptyOperator imported too is the same class: the rename goes ahead.
    const same = `${DAG}from airflow.operators.dummy_operator import DummyOperator\nfrom airflow.operators.empty import EmptyOperator\nDummyOperator(task_id="a")\n`;
    const [ok] = await findingsOf(same, { airflowVersion: 2, airflowMinor: 9 });
    assert.equal(ok.fix?.safe, true);
    assert.equal(
      applyEdits(same, ok.fix!.edits),
      `${DAG}from airflow.operators.empty import EmptyOperator\nfrom airflow.operators.empty import EmptyOperator\nEmptyOperator(task_id="a")\n`,
    );
  });

  it('reports a star import of a removed module, with where its names went and no fix', async () => {
    const [star] = await findingsOf(`${DAG}from airflow.operators.python_operator import *\n`, { airflowVersion: 3 });
    assert.equal(star.message, '"airflow.operators.python_operator" was removed in Airflow 3.');
    assert.match(star.detail!, /^Use "airflow\.providers\.standard\.operators\.python"\. /);
    assert.match(star.detail!, /No fix for `import \*`: import the names you use from their new module\.$/);
    assert.equal(star.fix, null);
  });

  it('reports helper modules too: an import there breaks every DAG file that imports the helper', async () => {
    const helper = 'from airflow.hooks.base_hook import BaseHook\n\n\ndef conn(name):\n    return BaseHook.get_connection(name)\n';
    const findings = await analyze(helper, { airflowVersion: 3, path: 'include/helpers.py', parsedByAirflow: false });
    assert.deepEqual(
      findings.filter((finding) => finding.code === 'DG207').map((finding) => finding.message),
      ['"airflow.hooks.base_hook" was removed in Airflow 3; use "airflow.hooks.base".'],
    );
  });

  it('stays silent for compatibility fallbacks, TYPE_CHECKING imports and the new paths', async () => {
    const text = [
      'from typing import TYPE_CHECKING',
      'from airflow import DAG',
      'try:',
      '    from airflow.providers.standard.operators.bash import BashOperator',
      'except ImportError:',
      '    from airflow.operators.bash_operator import BashOperator',
      'try:',
      '    from airflow.utils.dates import days_ago',
      'except:',
      '    days_ago = None',
      'if TYPE_CHECKING:',
      '    from airflow.hooks.base_hook import BaseHook',
      'from airflow.operators.python import PythonOperator',
      'from airflow.providers.standard.operators.empty import EmptyOperator',
      '',
    ].join('\n');
    assert.deepEqual(await findingsOf(text, { airflowVersion: 3 }), []);
    // A try whose except does not catch ImportError is no fallback.
    const other = `${DAG}try:\n    from airflow.operators.bash_operator import BashOperator\nexcept KeyError:\n    pass\n`;
    assert.equal((await findingsOf(other, { airflowVersion: 3 })).length, 1);
  });
});
