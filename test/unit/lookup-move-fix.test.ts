// DG101/DG102's run-time move as before/after pairs (test/fixtures/fixes/lookup-move/): a
// module-level lookup whose value only functions that run when a task runs read moves into each
// of them (after the docstring, at the body's indentation) and leaves module level. The result
// parses as Python, also with CRLF line ends; the finding is gone after the fix; the fix is never
// safe (a missing Variable now fails the task instead of the parse).
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { describe, it } from 'node:test';
import { applyEdits } from '../../server/src/core/syntax/positions';
import { analyze, fixturePath, readFixture } from '../helpers/engine';
import { assertParses } from '../helpers/fixes';
import { said } from '../helpers/said';

const pairs = readdirSync(fixturePath('fixes', 'lookup-move'))
  .filter((name) => name.endsWith('.before.py'))
  .map((name) => name.replace('.before.py', ''));

async function moveOnce(text: string): Promise<{ text: string; safe: boolean; title: string; message: string }> {
  const findings = (await analyze(text)).filter((finding) => (finding.code === 'DG101' || finding.code === 'DG102') && finding.fix);
  assert.equal(findings.length, 1, `expected one fixable finding, got ${findings.map((f) => f.message).join(' | ')}`);
  const [finding] = findings;
  return { text: applyEdits(text, finding.fix!.edits), safe: finding.fix!.safe, title: finding.fix!.title, message: said(finding) };
}

describe('DG101/DG102: move a lookup read only at run time into the functions that read it', () => {
  it('has before/after pairs', () => assert.ok(pairs.length >= 3));
  for (const name of pairs) {
    const before = readFixture('fixes', 'lookup-move', `${name}.before.py`);
    const after = readFixture('fixes', 'lookup-move', `${name}.after.py`);
    it(name, async () => {
      const moved = await moveOnce(before);
      assert.equal(moved.text, after);
      assert.equal(moved.safe, false, 'moving a lookup changes when a missing Variable is noticed: never a safe fix');
      assert.match(moved.title, /^Move the lookup of `\w+` into /);
      assert.match(moved.message, /only read inside `[\w.]+\(\)`/);
      assertParses(moved.text);
      const left = (await analyze(moved.text)).filter((finding) => finding.code === 'DG101' || finding.code === 'DG102');
      assert.deepEqual(left.map(said), []);
    });
    it(`${name} (CRLF)`, async () => {
      const moved = await moveOnce(before.replace(/\n/g, '\r\n'));
      assert.equal(moved.text, after.replace(/\n/g, '\r\n'));
    });
  }

  it('says where the value is read and what the fix does, in the detail', async () => {
    const text = readFixture('fixes', 'lookup-move', 'task-and-execute.before.py');
    const [finding] = (await analyze(text)).filter((f) => f.code === 'DG101');
    assert.equal(finding.message, 'Variable.get("api_token") runs at every parse.');
    assert.equal(
      finding.detail,
      'Each call queries the metadata database (or secrets backend). Its value is only read inside `summarize()` and `ReportOperator.execute()`, which run when their tasks run: move the lookup there.',
    );
    assert.equal(finding.fix?.title, 'Move the lookup of `TOKEN` into `summarize()`, `ReportOperator.execute()`');
  });

  it('offers no move into a coroutine or a one-line body', async () => {
    const coroutine =
      'from airflow import DAG\nfrom airflow.models import Variable\nfrom airflow.triggers.base import BaseTrigger\nURL = Variable.get("url")\n\nclass Poll(BaseTrigger):\n    async def run(self):\n        yield URL\n';
    const [async] = (await analyze(coroutine)).filter((f) => f.code === 'DG101');
    assert.equal(async.fix, null);
    assert.match(said(async), /No fix: its value is only read when tasks run, but `Poll.run\(\)` is a coroutine/);
    const oneLine =
      'from airflow import DAG\nfrom airflow.models import Variable\nfrom airflow.operators.python import PythonOperator\nURL = Variable.get("url")\n\ndef fetch(): return URL\n\nwith DAG("d", schedule=None):\n    PythonOperator(task_id="f", python_callable=fetch)\n';
    const [short] = (await analyze(oneLine)).filter((f) => f.code === 'DG101');
    assert.equal(short.fix, null);
    assert.match(said(short), /Its value is only read inside `fetch\(\)`, which runs when the task runs\.$/);
  });
});
