// The fixes of the template rules (DG602, DG603) as before/after pairs: the text a user gets
// after choosing the quick fix, still valid Python, with its finding gone.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyFixAt, assertParses, findingsOf, fixesOf } from '../helpers/fixes';
import { analyze } from '../helpers/engine';
import { applyEdits } from '../../server/src/core/syntax/positions';

const lines = (...text: string[]) => text.join('\n') + '\n';
const HEAD = ['from airflow import DAG', 'from airflow.operators.bash import BashOperator', 'ENV = "prod"', ''];

async function check(before: string, code: string, line: number, after: string, title?: string): Promise<void> {
  const fixed = await applyFixAt(before, code, line, title);
  assert.equal(fixed, after);
  assertParses(fixed);
  assert.equal((await findingsOf(fixed, code)).length, (await findingsOf(before, code)).length - 1, 'the fix removes its finding');
}

describe('DG602 fix: Jinja braces that survive the f-string', () => {
  it('doubles the braces again when the f-string interpolates something', async () => {
    await check(
      lines(...HEAD, 'BashOperator(task_id="t", bash_command=f"run.sh {{ ds }} {{ var.value.x }} {ENV}")'),
      'DG602',
      5,
      lines(...HEAD, 'BashOperator(task_id="t", bash_command=f"run.sh {{{{ ds }}}} {{{{ var.value.x }}}} {ENV}")'),
    );
  });

  it('drops the `f` when nothing is interpolated, halving the braces that were meant as braces', async () => {
    await check(
      lines(...HEAD, 'BashOperator(task_id="t", bash_command=rf"run.sh {{ ds }} \'{{literal}}\'")'),
      'DG602',
      5,
      lines(...HEAD, 'BashOperator(task_id="t", bash_command=r"run.sh {{ ds }} \'{literal}\'")'),
    );
  });

  it('fixes only the f-string part of an implicit concatenation', async () => {
    await check(
      lines(...HEAD, 'BashOperator(task_id="t", bash_command="run.sh " F"{{ ts }} {ENV}")'),
      'DG602',
      5,
      lines(...HEAD, 'BashOperator(task_id="t", bash_command="run.sh " F"{{{{ ts }}}} {ENV}")'),
    );
  });

  it('is safe', async () => {
    const [finding] = await findingsOf(lines(...HEAD, 'BashOperator(task_id="t", bash_command=f"run.sh {{ ds }} {ENV}")'), 'DG602');
    assert.equal(finding.fix?.safe, true);
    assert.deepEqual(finding.range, { start: { line: 4, character: 48 }, end: { line: 4, character: 56 } });
  });
});

describe('DG603 fix: what Airflow 3 writes instead', () => {
  const HEAD3 = ['from airflow.providers.standard.operators.bash import BashOperator', 'from airflow.sdk import DAG', ''];

  async function fixed(body: string, title?: string): Promise<{ text: string; safe: boolean; left: number }> {
    const before = lines(...HEAD3, body);
    const findings = (await analyze(before, { airflowVersion: 3 })).filter((finding) => finding.code === 'DG603');
    assert.equal(findings.length, 1, findings.map((finding) => finding.message).join('\n'));
    const fix = title ? fixesOf(findings[0]).find((candidate) => candidate.title.includes(title)) : findings[0].fix;
    assert.ok(fix, 'a fix');
    const text = applyEdits(before, fix.edits);
    assertParses(text);
    return {
      text,
      safe: fix.safe,
      left: (await analyze(text, { airflowVersion: 3 })).filter((finding) => finding.code === 'DG603').length,
    };
  }

  it('writes logical_date for execution_date, safely', async () => {
    const result = await fixed('BashOperator(task_id="t", bash_command="run.sh {{ execution_date.strftime(\'%Y\') }}")');
    assert.deepEqual(result, {
      text: lines(...HEAD3, 'BashOperator(task_id="t", bash_command="run.sh {{ logical_date.strftime(\'%Y\') }}")'),
      safe: true,
      left: 0,
    });
  });

  it('writes data_interval_end | ds for next_ds, not safely, in parentheses when more follows', async () => {
    assert.deepEqual(await fixed('BashOperator(task_id="t", bash_command="run.sh {{ next_ds }}")'), {
      text: lines(...HEAD3, 'BashOperator(task_id="t", bash_command="run.sh {{ data_interval_end | ds }}")'),
      safe: false,
      left: 0,
    });
    assert.deepEqual(await fixed('BashOperator(task_id="t", bash_command="run.sh {{ next_ds.replace(\'-\', \'/\') }}")'), {
      text: lines(...HEAD3, 'BashOperator(task_id="t", bash_command="run.sh {{ (data_interval_end | ds).replace(\'-\', \'/\') }}")'),
      safe: false,
      left: 0,
    });
  });

  it('writes macros.ds_add(ds, -1) for yesterday_ds', async () => {
    assert.deepEqual(await fixed('BashOperator(task_id="t", bash_command="run.sh {{ yesterday_ds }}")'), {
      text: lines(...HEAD3, 'BashOperator(task_id="t", bash_command="run.sh {{ macros.ds_add(ds, -1) }}")'),
      safe: true,
      left: 0,
    });
  });

  it('offers the guess for a typo, never safely', async () => {
    assert.deepEqual(await fixed('BashOperator(task_id="t", bash_command="run.sh {{ ds_nodahs }}")'), {
      text: lines(...HEAD3, 'BashOperator(task_id="t", bash_command="run.sh {{ ds_nodash }}")'),
      safe: false,
      left: 0,
    });
  });
});
