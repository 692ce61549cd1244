// A finding's detail in every output of `dag-guard check`: the text line stays one line (the
// detail on an indented line under it only with --show-details, as ruff keeps its default
// output to one line a finding), JSON has `detail`, SARIF's message text is the message then the
// detail (its first sentence stays the summary SARIF viewers show), GitHub annotations put the
// detail on the annotation's second line.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { tempFolder } from '../helpers/tempFolder';
import { main } from '../../server/src/cli/main';

const HEAVY = [
  'from airflow import DAG',
  'from airflow.providers.apache.spark.operators.spark_submit import SparkSubmitOperator',
  '',
  'with DAG("heavy", schedule=None) as heavy:',
  '    SparkSubmitOperator(task_id="aggregate", application="aggregate.py")',
  '',
].join('\n');

const MESSAGE = 'SparkSubmitOperator starts resource-heavy work and has no pool of its own.';
const DETAIL =
  'It takes default_pool slots like every task that names no pool, so nothing caps these jobs apart from the rest. Give it a pool (here or in default_args).';

async function run(args: string[]): Promise<string> {
  let stdout = '';
  await main(args, { cwd: tempFolder({ 'heavy.py': HEAVY }), color: false, stdout: (text) => (stdout += text), stderr: () => undefined });
  return stdout;
}

describe('finding details in the CLI outputs', () => {
  it('text: one line a finding by default; --show-details adds the detail, indented, under it', async () => {
    assert.equal(await run(['check', '--quiet']), `heavy.py:5:5: hint DG205 ${MESSAGE}\n`);
    assert.equal(await run(['check', '--quiet', '--show-details']), `heavy.py:5:5: hint DG205 ${MESSAGE}\n    ${DETAIL}\n`);
  });

  it('json: `detail` next to `message`', async () => {
    const [diagnostic] = JSON.parse(await run(['check', '--format', 'json'])).files[0].diagnostics;
    assert.equal(diagnostic.message, MESSAGE);
    assert.equal(diagnostic.detail, DETAIL);
  });

  it('sarif: the message text is the message, then the detail', async () => {
    const [result] = JSON.parse(await run(['check', '--format', 'sarif'])).runs[0].results;
    assert.deepEqual(result.message, { text: `${MESSAGE} ${DETAIL}` });
  });

  it("github: the detail on the annotation's second line", async () => {
    const annotation = await run(['check', '--format', 'github']);
    assert.equal(
      annotation,
      `::notice file=heavy.py,line=5,col=5,endLine=5,endColumn=24,title=DG205 (dag-guard)::${MESSAGE}%0A${DETAIL}\n`,
    );
  });
});
