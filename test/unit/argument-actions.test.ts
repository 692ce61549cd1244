// The argument refactorings of the core (server/src/core/actions/): which site the cursor is in,
// and the text after applying each action, for one-line and multi-line calls, dicts, existing
// arguments and snippets. Every result is checked to be valid Python with python3's own parser.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { argumentActions } from '../../server/src/core/actions/taskArguments';
import { combinePools, poolsFromObject, type KnownPools } from '../../server/src/core/airflow/pools';
import { applyEdits } from '../../server/src/core/syntax/positions';
import { getEngine } from '../helpers/engine';

const HEADER = 'from airflow import DAG\nfrom airflow.operators.bash import BashOperator\n';

/** The text after the action titled `title`, with the cursor at the first `|` (removed). */
async function apply(textWithCursor: string, title: string, options: { snippets?: boolean; pools?: KnownPools | null } = {}): Promise<string> {
  const offset = textWithCursor.indexOf('|');
  const text = textWithCursor.replace('|', '');
  const actions = await actionsAt(text, offset, options);
  const action = actions.find((candidate) => candidate.title === title);
  assert.ok(action, `no action "${title}"; got ${JSON.stringify(actions.map((candidate) => candidate.title))}`);
  return applyEdits(text, action.edits);
}

async function actionsAt(text: string, offset: number, options: { snippets?: boolean; pools?: KnownPools | null } = {}) {
  return (await getEngine()).withSource('dag.py', text, (source) => {
    return argumentActions({ source, pools: options.pools ?? null, offset, snippets: options.snippets ?? false });
  });
}

function assertPython(text: string): void {
  execFileSync('python3', ['-c', 'import ast,sys; ast.parse(sys.stdin.read())'], { input: text });
}

async function check(before: string, title: string, after: string, options: { snippets?: boolean; pools?: KnownPools | null } = {}): Promise<void> {
  const result = await apply(HEADER + before, title, options);
  assert.equal(result, HEADER + after);
  if (!options.snippets) assertPython(result);
}

const POOLS = combinePools([{ pools: poolsFromObject({ etl: 8, gpu: { slots: 2 } }).pools, source: 'pools.json' }]);

describe('argument actions', () => {
  it('adds pool and pool_slots to a one-line call, offering the first known pool', async () => {
    await check('BashOperator(task_id="a", |bash_command="x")\n', 'Add pool and pool_slots', 'BashOperator(task_id="a", bash_command="x", pool="etl", pool_slots=1)\n', { pools: POOLS });
    await check('BashOperator(task_id="a", |bash_command="x")\n', 'Add pool and pool_slots', 'BashOperator(task_id="a", bash_command="x", pool="default_pool", pool_slots=1)\n');
  });

  it('keeps a one-line trailing comma', async () => {
    await check('BashOperator(task_id="a",|)\n', 'Set priority_weight', 'BashOperator(task_id="a", priority_weight=1,)\n');
  });

  it('puts one argument per line in a multi-line call, at its indentation, keeping the trailing comma', async () => {
    await check(
      'BashOperator(\n    task_id="a",|\n    bash_command="x",\n)\n',
      'Add pool and pool_slots',
      'BashOperator(\n    task_id="a",\n    bash_command="x",\n    pool="default_pool",\n    pool_slots=1,\n)\n',
    );
  });

  it('adds the comma a multi-line call without a trailing comma needs, and keeps a comment on its line', async () => {
    await check(
      'BashOperator(\n    task_id="a",|\n    bash_command="x"  # the command\n)\n',
      'Set weight_rule to "upstream"',
      'BashOperator(\n    task_id="a",\n    bash_command="x",  # the command\n    weight_rule="upstream"\n)\n',
    );
  });

  it('follows arguments aligned after the bracket, closing bracket on the last line', async () => {
    await check(
      'BashOperator(task_id="a",|\n             bash_command="x")\n',
      'Set priority_weight',
      'BashOperator(task_id="a",\n             bash_command="x",\n             priority_weight=1)\n',
    );
  });

  it('edits an existing argument instead of adding it twice', async () => {
    await check('BashOperator(task_id="a", weight_rule="absolute"|)\n', 'Set weight_rule to "upstream"', 'BashOperator(task_id="a", weight_rule="upstream")\n');
    await check('BashOperator(task_id="a", pool="etl"|)\n', 'Add pool_slots', 'BashOperator(task_id="a", pool="etl", pool_slots=1)\n');
    await check('BashOperator(task_id="a", pool_slots=3|)\n', 'Add pool', 'BashOperator(task_id="a", pool_slots=3, pool="default_pool")\n');
  });

  it('offers no action that would change nothing', async () => {
    const text = `${HEADER}BashOperator(task_id="a", pool="etl", pool_slots=2, weight_rule="upstream", priority_weight=5)\n`;
    const titles = (await actionsAt(text, text.indexOf('task_id'))).map((action) => action.title);
    assert.deepEqual(titles, ['Set weight_rule to "downstream"', 'Set weight_rule to "absolute"']);
  });

  it('writes WeightRule members when the call already uses the enum', async () => {
    await check(
      'from airflow.utils.weight_rule import WeightRule\nBashOperator(task_id="a", weight_rule=WeightRule.ABSOLUTE|)\n',
      'Set weight_rule to "downstream"',
      'from airflow.utils.weight_rule import WeightRule\nBashOperator(task_id="a", weight_rule=WeightRule.DOWNSTREAM)\n',
    );
  });

  it('edits a default_args dict in its own quote style, from the cursor on the DAG', async () => {
    await check(
      "default_args = {\n    'owner': 'data',\n}\nwith DAG('d', |default_args=default_args) as dag:\n    pass\n",
      'Add pool and pool_slots in default_args',
      "default_args = {\n    'owner': 'data',\n    'pool': 'etl',\n    'pool_slots': 1,\n}\nwith DAG('d', default_args=default_args) as dag:\n    pass\n",
      { pools: POOLS },
    );
    await check('DAG("d", default_args={"owner": "data"|})\n', 'Set weight_rule to "absolute" in default_args', 'DAG("d", default_args={"owner": "data", "weight_rule": "absolute"})\n');
    await check('DAG("d", default_args=dict(owner="data"|))\n', 'Set priority_weight in default_args', 'DAG("d", default_args=dict(owner="data", priority_weight=1))\n');
  });

  it('adds default_args to a DAG that has none, also on @dag', async () => {
    await check('DAG("d", |schedule=None)\n', 'Set weight_rule to "upstream" in default_args', 'DAG("d", schedule=None, default_args={"weight_rule": "upstream"})\n');
    await check(
      "from airflow.decorators import dag\n@dag(\n    schedule=None,|\n)\ndef pipeline():\n    pass\n",
      'Add pool and pool_slots in default_args',
      "from airflow.decorators import dag\n@dag(\n    schedule=None,\n    default_args={\"pool\": \"etl\", \"pool_slots\": 1},\n)\ndef pipeline():\n    pass\n",
      { pools: POOLS },
    );
    await check('DAG("d", |schedule=None)\n', 'Add pool and pool_slots in default_args', 'DAG("d", schedule=None, default_args={"pool": "${1:default_pool}", "pool_slots": ${2:1}})\n', { snippets: true });
  });

  it('uses tab stops on the values when snippets are on (one edit, text in between escaped)', async () => {
    await check('BashOperator(task_id="a", |bash_command="x")\n', 'Add pool and pool_slots', 'BashOperator(task_id="a", bash_command="x", pool="${1:etl}", pool_slots=${2:1})\n', { snippets: true, pools: POOLS });
    const text = `${HEADER}BashOperator(task_id="a", pool_slots=2, bash_command="echo $HOME")\n`;
    const actions = await actionsAt(text, text.indexOf('task_id'), { snippets: true });
    const add = actions.find((action) => action.title === 'Add pool')!;
    assert.equal(add.edits.length, 1);
    // The new pool is the first tab stop, the existing pool_slots the second; `$` is escaped.
    assert.equal(add.edits[0].newText, '${2:2}, bash_command="echo \\$HOME", pool="${1:default_pool}"');
    const weight = actions.find((action) => action.title === 'Set priority_weight')!;
    assert.equal(weight.edits[0].newText, ', priority_weight=${1:1}');
  });

  it('offers nothing outside task calls and default_args, and nothing on a broken call', async () => {
    const outside = `${HEADER}x = print("a", |1)\n`;
    assert.deepEqual(await actionsAt(outside.replace('|', ''), outside.indexOf('|')), []);
    const broken = `${HEADER}BashOperator(task_id="a", bash_command=\n`;
    assert.deepEqual(await actionsAt(broken, broken.indexOf('task_id')), []);
    const notAirflow = 'from celery_helpers import Job\nJob(task_id="a", queue="q")\n';
    assert.deepEqual(await actionsAt(notAirflow, notAirflow.indexOf('task_id')), []);
    const unreadable = `${HEADER}DAG("d", default_args=load_defaults())\n`;
    assert.deepEqual(await actionsAt(unreadable, unreadable.indexOf('default_args')), []);
  });

  it('acts on a task function\'s .override() call, not on another object\'s .override()', async () => {
    const task = 'from airflow.decorators import task\n\n@task\ndef load():\n    pass\n\n';
    await check(`${task}load.override(priority_weight=2|)()\n`, 'Add pool and pool_slots', `${task}load.override(priority_weight=2, pool="etl", pool_slots=1)()\n`, { pools: POOLS });
    const other = `${HEADER}from settings import profile\nprofile.override(priority_weight=2)\n`;
    assert.deepEqual(await actionsAt(other, other.indexOf('priority_weight')), []);
  });

  it('acts on the innermost call: a task call inside a list', async () => {
    await check('tasks = [BashOperator(task_id="a"|), BashOperator(task_id="b")]\n', 'Set priority_weight', 'tasks = [BashOperator(task_id="a", priority_weight=1), BashOperator(task_id="b")]\n');
  });

  it('keeps CRLF line ends', async () => {
    const text = `${HEADER}BashOperator(\r\n    task_id="a",\r\n)\r\n`;
    const actions = await actionsAt(text, text.indexOf('task_id'));
    const result = applyEdits(text, actions.find((action) => action.title === 'Set priority_weight')!.edits);
    assert.equal(result, `${HEADER}BashOperator(\r\n    task_id="a",\r\n    priority_weight=1,\r\n)\r\n`);
  });
});
