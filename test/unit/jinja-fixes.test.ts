// The fixes of the template rules (DG602, DG603) as before/after pairs: the text a user gets
// after choosing the quick fix, still valid Python, with its finding gone.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyFixAt, assertParses, findingsOf } from '../helpers/fixes';

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
      'DG602', 5,
      lines(...HEAD, 'BashOperator(task_id="t", bash_command=f"run.sh {{{{ ds }}}} {{{{ var.value.x }}}} {ENV}")'),
    );
  });

  it('drops the `f` when nothing is interpolated, halving the braces that were meant as braces', async () => {
    await check(
      lines(...HEAD, 'BashOperator(task_id="t", bash_command=rf"run.sh {{ ds }} \'{{literal}}\'")'),
      'DG602', 5,
      lines(...HEAD, 'BashOperator(task_id="t", bash_command=r"run.sh {{ ds }} \'{literal}\'")'),
    );
  });

  it('fixes only the f-string part of an implicit concatenation', async () => {
    await check(
      lines(...HEAD, 'BashOperator(task_id="t", bash_command="run.sh " F"{{ ts }} {ENV}")'),
      'DG602', 5,
      lines(...HEAD, 'BashOperator(task_id="t", bash_command="run.sh " F"{{{{ ts }}}} {ENV}")'),
    );
  });

  it('is safe', async () => {
    const [finding] = await findingsOf(lines(...HEAD, 'BashOperator(task_id="t", bash_command=f"run.sh {{ ds }} {ENV}")'), 'DG602');
    assert.equal(finding.fix?.safe, true);
    assert.deepEqual(finding.range, { start: { line: 4, character: 48 }, end: { line: 4, character: 56 } });
  });
});
