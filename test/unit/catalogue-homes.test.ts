// What reading each fact from one catalogue fixed: every reader of a list now knows every entry
// (see single-home.test.ts for the rule that keeps it so).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { pythonHover } from '../../server/src/core/hover/python';
import { analyze, getEngine } from '../helpers/engine';

const weightRuleDag = (member: string) =>
  [
    'from airflow import DAG',
    'from airflow.sdk import WeightRule',
    'from airflow.operators.bash import BashOperator',
    '',
    'with DAG("d"):',
    `    BashOperator(task_id="t", bash_command="x", weight_rule=WeightRule.${member})`,
    '',
  ].join('\n');

describe('facts read from one catalogue', () => {
  it('DG201 knows the task SDK WeightRule, as the hover does', async () => {
    const [finding, ...rest] = await analyze(weightRuleDag('DOWNSTRAM'));
    assert.deepEqual(rest, []);
    assert.equal(finding.code, 'DG201');
    assert.deepEqual(finding.range, { start: { line: 5, character: 60 }, end: { line: 5, character: 80 } });
    assert.equal(finding.message, 'WeightRule has no member DOWNSTRAM; did you mean WeightRule.DOWNSTREAM?');
    assert.match(finding.detail ?? '', /^The DAG file fails to import/);
    assert.deepEqual(
      finding.fix?.edits.map((edit) => edit.newText),
      ['DOWNSTREAM'],
    );
    assert.deepEqual(await analyze(weightRuleDag('UPSTREAM')), []);

    const text = weightRuleDag('UPSTREAM');
    const hover = (await getEngine()).withSource(
      'dag.py',
      text,
      (source) => pythonHover({ source, offset: text.indexOf('UPSTREAM') + 1, airflowVersion: null })?.markdown,
    );
    assert.match(
      hover ?? '',
      /^\*\*WeightRule\.UPSTREAM\*\* \(`"upstream"`\)\n\nThe task's `priority_weight` plus the weights of all its upstream tasks/,
    );
  });

  it('DG106 knows the @dag decorator imported from airflow.models.dag, as the argument index does', async () => {
    const text = [
      'from airflow.models.dag import dag',
      'from airflow.operators.bash import BashOperator',
      '',
      '',
      '@dag(schedule="@daily")',
      'def build(team):',
      '    BashOperator(task_id="t", bash_command="x")',
      '',
      '',
      'for team in ["a", "b", "c"]:',
      '    build(team)',
      '',
    ].join('\n');
    const findings = await analyze(text);
    assert.deepEqual(
      findings.map((finding) => [finding.code, finding.range.start.line]),
      [['DG106', 9]],
    );
    assert.match(findings[0].message, /^This loop builds 3 DAGs at every parse/);
  });

  it('DG303 treats pendulum.DateTime.today() as now() (it keeps the time), as DG301 does', async () => {
    const dag = (clock: string) =>
      [
        'import pendulum',
        'from airflow import DAG',
        'from airflow.operators.bash import BashOperator',
        '',
        'with DAG("d"):',
        `    BashOperator(task_id="t", bash_command="run --at " + ${clock}.strftime("%Y-%m-%dT%H"))`,
        '',
      ].join('\n');
    const [today] = await analyze(dag('pendulum.DateTime.today()'));
    assert.equal(today.code, 'DG303');
    assert.equal(today.fix?.title, "Use the run's logical date: {{ logical_date.strftime('%Y-%m-%dT%H') }}");
    assert.deepEqual(
      today.fix?.edits.map((edit) => edit.newText),
      [`"run --at {{ logical_date.strftime('%Y-%m-%dT%H') }}"`],
    );
    // pendulum.today() is midnight: the hour would read 00 where the logical date has its own hour.
    const [midnight] = await analyze(dag('pendulum.today()'));
    assert.equal(midnight.code, 'DG303');
    assert.equal(midnight.fix, null);
  });
});
