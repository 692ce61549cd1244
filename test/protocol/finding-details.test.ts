// A finding's detail over stdio: the diagnostic's message is the short sentence the Problems panel
// shows; the detail (why it costs, why no fix, the counts) is in the hover over the finding's
// range, after the hover the position has of its own, and nowhere else in the diagnostic.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { LspTestClient } from '../helpers/lspClient';

interface Hover {
  contents: { kind: string; value: string };
  range?: { start: { line: number; character: number }; end: { line: number; character: number } };
}

const range = (line: number, start: number, end: number) => ({ start: { line, character: start }, end: { line, character: end } });

const DAG = [
  'from airflow import DAG',
  'from airflow.providers.apache.spark.operators.spark_submit import SparkSubmitOperator',
  '',
  'with DAG("heavy", schedule=None) as heavy:',
  '    SparkSubmitOperator(task_id="aggregate", application="aggregate.py")',
  '',
].join('\n');

describe('finding details over stdio', () => {
  let client: LspTestClient;
  before(async () => {
    client = await LspTestClient.start();
  });
  after(async () => {
    await client.stop();
  });

  const hover = (uri: string, line: number, character: number) =>
    client.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position: { line, character } });

  it('Python: the message is the short sentence; the hover over the finding carries its detail', async () => {
    const uri = 'untitled:details/heavy.py';
    client.open(uri, DAG);
    const published = await client.diagnostics(uri, (p) => p.diagnostics.length === 1);
    const [diagnostic] = published.diagnostics;
    assert.equal(diagnostic.code, 'DG205');
    assert.deepEqual(diagnostic.range, range(4, 4, 23));
    assert.equal(diagnostic.message, 'SparkSubmitOperator starts resource-heavy work and has no pool of its own.');

    const onFinding = await hover(uri, 4, 10);
    assert.equal(onFinding!.contents.kind, 'markdown');
    assert.equal(
      onFinding!.contents.value,
      '**DG205**: It takes default_pool slots like every task that names no pool, so nothing caps these jobs apart from the rest. Give it a pool (here or in default_args).',
    );
    assert.deepEqual(onFinding!.range, range(4, 4, 23));
    // Past the finding's range, on the call's `task_id`: that argument's own hover, without the detail.
    const onArgument = await hover(uri, 4, 26);
    assert.match(onArgument!.contents.value, /^\*\*task_id\*\* \(SparkSubmitOperator argument\)/);
    assert.doesNotMatch(onArgument!.contents.value, /DG205/);
  });

  it("Python: a finding's detail comes before the hover the position has of its own, with that hover's range", async () => {
    const uri = 'untitled:details/renamed.py';
    client.open(uri, ['from airflow import DAG', '', 'with DAG("d", schedule_interval="@daily") as dag:', '    pass', ''].join('\n'));
    await client.diagnostics(uri, (p) => p.diagnostics.some((d) => d.code === 'DG206'));
    const onArgument = await hover(uri, 2, 16);
    const [detail, own] = onArgument!.contents.value.split('\n\n---\n\n');
    assert.equal(detail, '**DG206**: Airflow 3 removes it.');
    assert.match(own, /^\*\*schedule_interval\*\*/);
  });

  it('airflow.cfg: a noqa after the value says in the detail why it suppressed nothing, next to the key hover', async () => {
    const uri = 'untitled:details/airflow.cfg';
    client.open(uri, ['[core]', 'load_examples = yes  # noqa: DG504', ''].join('\n'), 'airflow-cfg');
    const published = await client.diagnostics(uri, (p) => p.diagnostics.length === 1);
    const [diagnostic] = published.diagnostics;
    assert.equal(diagnostic.code, 'DG504');
    assert.doesNotMatch(diagnostic.message, /suppresses nothing/);
    const onValue = await hover(uri, 1, 17);
    assert.match(
      onValue!.contents.value,
      /^\*\*DG504\*\*: In airflow\.cfg the noqa after the value is part of the value and suppresses nothing: put `# noqa: DG504` on the line above\.$/,
    );
  });
});
