// The argument refactorings of the core (server/src/core/actions/): which site the cursor is in,
// and the text after applying each action, for one-line and multi-line calls, dicts, existing
// arguments and snippets. Every result is checked to be valid Python with python3's own parser.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { argumentActions } from '../../server/src/core/actions/taskArguments';
import { combinePools, poolsFromObject, type KnownPools } from '../../server/src/core/airflow/pools';
import { applyEdits, type TextEdit } from '../../server/src/core/syntax/positions';
import { getEngine } from '../helpers/engine';
import { assertParses } from '../helpers/fixes';

const HEADER = 'from airflow import DAG\nfrom airflow.operators.bash import BashOperator\n';

/** The text after the action titled `title`, with the cursor at the first `|` (removed). */
async function apply(
  textWithCursor: string,
  title: string,
  options: { snippets?: boolean; pools?: KnownPools | null } = {},
): Promise<string> {
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

/**
 * The text VS Code shows after applying a snippet edit of a workspace edit: it prefixes every new
 * line of the snippet with the whitespace that starts the edit's line, up to the edit's column
 * (SnippetSession.adjustWhitespace; vscode-languageclient sends no keepWhitespace), then resolves
 * tab stops to their text and a choice to its first element.
 */
function applyAsVsCode(text: string, edit: { range: { start: { line: number; character: number } }; newText: string }): string {
  const line = text.split(/\r\n|\r|\n/)[edit.range.start.line];
  const leading = /^[ \t]*/.exec(line.slice(0, edit.range.start.character))![0];
  const adjusted = edit.newText.replace(/(\r\n|\r|\n)/g, `$1${leading}`);
  const resolved = adjusted
    .replace(/\$\{\d+\|((?:\\.|[^,|\\])*)[^}]*\|\}/g, (_, first: string) => first.replace(/\\(.)/g, '$1'))
    .replace(/\$\{\d+:((?:\\.|[^}\\])*)\}/g, (_, value: string) => value)
    .replace(/\\([$}\\])/g, '$1');
  return applyEdits(text, [{ ...edit, newText: resolved } as TextEdit]);
}

async function check(
  before: string,
  title: string,
  after: string,
  options: { snippets?: boolean; pools?: KnownPools | null } = {},
): Promise<void> {
  const result = await apply(HEADER + before, title, options);
  assert.equal(result, HEADER + after);
  if (!options.snippets) assertParses(result);
}

const POOLS = combinePools([{ pools: poolsFromObject({ etl: 8, gpu: { slots: 2 } }).pools, source: 'pools.json' }]);

describe('argument actions', () => {
  it('adds pool and pool_slots to a one-line call: one action per known pool, never a guessed one', async () => {
    await check(
      'BashOperator(task_id="a", |bash_command="x")\n',
      'Add pool "etl" and pool_slots',
      'BashOperator(task_id="a", bash_command="x", pool="etl", pool_slots=1)\n',
      { pools: POOLS },
    );
    await check(
      'BashOperator(task_id="a", |bash_command="x")\n',
      'Add pool "gpu" and pool_slots',
      'BashOperator(task_id="a", bash_command="x", pool="gpu", pool_slots=1)\n',
      { pools: POOLS },
    );
    const text = `${HEADER}with DAG("d") as dag:\n    BashOperator(task_id="a", bash_command="x")\n`;
    // default_pool is where the task runs already: writing it would change nothing.
    assert.deepEqual(
      (await actionsAt(text, text.indexOf('task_id'), { pools: POOLS }))
        .map((action) => action.title)
        .filter((title) => title.includes('pool')),
      ['Add pool "etl" and pool_slots', 'Add pool "gpu" and pool_slots'],
    );
    // No pools known: nothing to choose from, and no pool="default_pool" that changes nothing.
    assert.deepEqual(
      (await actionsAt(text, text.indexOf('task_id'))).map((action) => action.title).filter((title) => title.includes('pool')),
      [],
    );
  });

  it('keeps a one-line trailing comma', async () => {
    await check('BashOperator(task_id="a",|)\n', 'Set weight_rule to "upstream"', 'BashOperator(task_id="a", weight_rule="upstream",)\n');
  });

  it('puts one argument per line in a multi-line call, at its indentation, keeping the trailing comma', async () => {
    await check(
      'BashOperator(\n    task_id="a",|\n    bash_command="x",\n)\n',
      'Add pool "etl" and pool_slots',
      'BashOperator(\n    task_id="a",\n    bash_command="x",\n    pool="etl",\n    pool_slots=1,\n)\n',
      { pools: POOLS },
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
      'Set weight_rule to "absolute"',
      'BashOperator(task_id="a",\n             bash_command="x",\n             weight_rule="absolute")\n',
    );
  });

  it('edits an existing argument instead of adding it twice', async () => {
    await check(
      'BashOperator(task_id="a", weight_rule="absolute"|)\n',
      'Set weight_rule to "upstream"',
      'BashOperator(task_id="a", weight_rule="upstream")\n',
    );
    await check('BashOperator(task_id="a", pool_slots=3|)\n', 'Add pool "gpu"', 'BashOperator(task_id="a", pool_slots=3, pool="gpu")\n', {
      pools: POOLS,
    });
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
      'Add pool "etl" and pool_slots in default_args',
      "default_args = {\n    'owner': 'data',\n    'pool': 'etl',\n    'pool_slots': 1,\n}\nwith DAG('d', default_args=default_args) as dag:\n    pass\n",
      { pools: POOLS },
    );
    await check(
      'DAG("d", default_args={"owner": "data"|})\n',
      'Set weight_rule to "absolute" in default_args',
      'DAG("d", default_args={"owner": "data", "weight_rule": "absolute"})\n',
    );
    await check(
      'DAG("d", default_args=dict(owner="data"|))\n',
      'Set weight_rule to "upstream" in default_args',
      'DAG("d", default_args=dict(owner="data", weight_rule="upstream"))\n',
    );
  });

  it('adds default_args to a DAG that has none, also on @dag', async () => {
    await check(
      'DAG("d", |schedule=None)\n',
      'Set weight_rule to "upstream" in default_args',
      'DAG("d", schedule=None, default_args={"weight_rule": "upstream"})\n',
    );
    await check(
      'from airflow.decorators import dag\n@dag(\n    schedule=None,|\n)\ndef pipeline():\n    pass\n',
      'Add pool "etl" and pool_slots in default_args',
      'from airflow.decorators import dag\n@dag(\n    schedule=None,\n    default_args={"pool": "etl", "pool_slots": 1},\n)\ndef pipeline():\n    pass\n',
      { pools: POOLS },
    );
    await check(
      'DAG("d", |schedule=None)\n',
      'Add pool and pool_slots in default_args',
      'DAG("d", schedule=None, default_args={"pool": "${1:default_pool}", "pool_slots": ${2:1}})\n',
      { snippets: true },
    );
  });

  it('uses tab stops on the values when snippets are on (one edit, text in between escaped), and a choice of the known pools', async () => {
    await check(
      'BashOperator(task_id="a", |bash_command="x")\n',
      'Add pool and pool_slots',
      'BashOperator(task_id="a", bash_command="x", pool="${1|etl,gpu,default_pool|}", pool_slots=${2:1})\n',
      { snippets: true, pools: POOLS },
    );
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

  it("acts on a task function's .override() call, not on another object's .override()", async () => {
    const task = 'from airflow.decorators import task\n\n@task\ndef load():\n    pass\n\n';
    await check(
      `${task}load.override(priority_weight=2|)()\n`,
      'Add pool "etl" and pool_slots',
      `${task}load.override(priority_weight=2, pool="etl", pool_slots=1)()\n`,
      { pools: POOLS },
    );
    const other = `${HEADER}from settings import profile\nprofile.override(priority_weight=2)\n`;
    assert.deepEqual(await actionsAt(other, other.indexOf('priority_weight')), []);
  });

  it('acts on the innermost call: a task call inside a list', async () => {
    await check(
      'tasks = [BashOperator(task_id="a"|), BashOperator(task_id="b")]\n',
      'Set weight_rule to "upstream"',
      'tasks = [BashOperator(task_id="a", weight_rule="upstream"), BashOperator(task_id="b")]\n',
    );
  });

  it('keeps CRLF line ends', async () => {
    const text = `${HEADER}BashOperator(\r\n    task_id="a",\r\n)\r\n`;
    const actions = await actionsAt(text, text.indexOf('task_id'));
    const result = applyEdits(text, actions.find((action) => action.title === 'Set weight_rule to "upstream"')!.edits);
    assert.equal(result, `${HEADER}BashOperator(\r\n    task_id="a",\r\n    weight_rule="upstream",\r\n)\r\n`);
  });
  it("is offered only with the cursor on the call's name or in its argument list, not inside another argument's value", async () => {
    const text = `${HEADER}with DAG("d") as dag:\n    BashOperator(\n        task_id="a",\n        bash_command="echo {{ ds }}",\n        env={"A": "1"},\n        weight_rule="absolute",\n    )\n    x = 1\n`;
    const titlesAt = async (needle: string, shift = 0) =>
      (await actionsAt(text, text.indexOf(needle) + shift)).map((action) => action.title);
    const onTask = ['Set weight_rule to "downstream"', 'Set weight_rule to "upstream"'];
    assert.deepEqual(await titlesAt('BashOperator(\n'), onTask);
    assert.deepEqual(await titlesAt('BashOperator(\n', 5), onTask);
    assert.deepEqual(await titlesAt('task_id'), onTask);
    assert.deepEqual(await titlesAt('"absolute"', 3), onTask);
    assert.deepEqual(await titlesAt('\n    )', 5), onTask);
    assert.deepEqual(await titlesAt('echo'), []);
    assert.deepEqual(await titlesAt('"A"'), []);
    assert.deepEqual(await titlesAt('"d"', 1), []);
    assert.deepEqual(await titlesAt('    )\n', 5), []);
    assert.deepEqual(await titlesAt('x = 1'), []);
    // The DAG's name: its default_args.
    assert.deepEqual(await titlesAt('DAG("d")'), [
      'Set weight_rule to "upstream" in default_args',
      'Set weight_rule to "absolute" in default_args',
    ]);
  });

  it('offers only the settings that change something: not the weight rule a task gets already, not priority_weight=1 as plain text', async () => {
    const text = `${HEADER}with DAG("d", default_args={"weight_rule": "upstream", "pool": "etl"}) as dag:\n    BashOperator(task_id="a", bash_command="x")\n`;
    const offset = text.indexOf('task_id');
    assert.deepEqual(
      (await actionsAt(text, offset, { pools: POOLS })).map((action) => action.title),
      [
        'Add pool "gpu" and pool_slots',
        'Add pool "default_pool" and pool_slots',
        'Set weight_rule to "downstream"',
        'Set weight_rule to "absolute"',
      ],
    );
    // With snippets, priority_weight is a tab stop to type into; one that is set already is left alone.
    assert.ok((await actionsAt(text, offset, { snippets: true })).some((action) => action.title === 'Set priority_weight'));
    const set = `${HEADER}BashOperator(task_id="a", priority_weight=3)\n`;
    assert.ok(!(await actionsAt(set, set.indexOf('task_id'), { snippets: true })).some((action) => action.title === 'Set priority_weight'));
  });

  it('caps the per-pool actions and escapes pool names in the snippet choice', async () => {
    const many = combinePools([
      { pools: poolsFromObject(Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`pool_${i}`, 1]))).pools, source: 'pools.json' },
    ]);
    const text = `${HEADER}BashOperator(task_id="a")\n`;
    const titles = (await actionsAt(text, text.indexOf('task_id'), { pools: many }))
      .map((action) => action.title)
      .filter((title) => title.startsWith('Add pool'));
    assert.deepEqual(titles, [
      'Add pool "pool_0" and pool_slots',
      'Add pool "pool_1" and pool_slots',
      'Add pool "pool_2" and pool_slots',
      'Add pool "pool_3" and pool_slots',
      'Add pool "pool_4" and pool_slots',
    ]);
    const odd = combinePools([{ pools: poolsFromObject({ 'a,b': 1, 'c|d': 1, 'e"f': 1 }).pools, source: 'pools.json' }]);
    const [add] = await actionsAt(text, text.indexOf('task_id'), { pools: odd, snippets: true });
    assert.equal(add.edits[0].newText, ', pool="${1|a\\,b,c\\|d,e\\\\"f,default_pool|}", pool_slots=${2:1}');
  });

  describe("new arguments at the call's own indentation, as plain and as snippet edits", () => {
    const cases: Array<[string, string, string]> = [
      ['4 spaces', 'BashOperator(\n    task_id="a",\n)\n', 'BashOperator(\n    task_id="a",\n    weight_rule="upstream",\n)\n'],
      [
        '8 spaces',
        'with DAG("d") as dag:\n    t = BashOperator(\n        task_id="a",\n        bash_command="x",\n    )\n',
        'with DAG("d") as dag:\n    t = BashOperator(\n        task_id="a",\n        bash_command="x",\n        weight_rule="upstream",\n    )\n',
      ],
      [
        'a tab',
        'with DAG("d") as dag:\n\tt = BashOperator(\n\t\ttask_id="a",\n\t)\n',
        'with DAG("d") as dag:\n\tt = BashOperator(\n\t\ttask_id="a",\n\t\tweight_rule="upstream",\n\t)\n',
      ],
      [
        'one line',
        'with DAG("d") as dag:\n        t = BashOperator(task_id="a")\n',
        'with DAG("d") as dag:\n        t = BashOperator(task_id="a", weight_rule="upstream")\n',
      ],
      [
        'CRLF',
        'with DAG("d") as dag:\r\n    t = BashOperator(\r\n        task_id="a",\r\n    )\r\n',
        'with DAG("d") as dag:\r\n    t = BashOperator(\r\n        task_id="a",\r\n        weight_rule="upstream",\r\n    )\r\n',
      ],
    ];
    for (const [name, before, after] of cases) {
      it(name, async () => {
        const text = HEADER + before;
        const plain = (await actionsAt(text, text.indexOf('task_id'))).find((action) => action.title === 'Set weight_rule to "upstream"')!;
        assert.equal(applyEdits(text, plain.edits), HEADER + after);
        assertParses(HEADER + after);
        const snippet = (await actionsAt(text, text.indexOf('task_id'), { snippets: true })).find(
          (action) => action.title === 'Set weight_rule to "upstream"',
        )!;
        assert.equal(snippet.edits.length, 1);
        assert.equal(applyAsVsCode(text, snippet.edits[0]), HEADER + after);
      });
    }

    it('the exact edits of an 8-space call: pool choice and pool_slots on lines of their own', async () => {
      const text = `${HEADER}with DAG("d") as dag:\n    t = BashOperator(\n        task_id="a",\n    )\n`;
      const [add] = await actionsAt(text, text.indexOf('task_id'), { pools: POOLS, snippets: true });
      assert.equal(add.title, 'Add pool and pool_slots');
      // From the start of the line: VS Code then adds no indentation of its own to the new lines.
      assert.deepEqual(add.edits[0].range, { start: { line: 4, character: 0 }, end: { line: 4, character: 20 } });
      assert.equal(add.edits[0].newText, '        task_id="a",\n        pool="${1|etl,gpu,default_pool|}",\n        pool_slots=${2:1},');
      const [plain] = await actionsAt(text, text.indexOf('task_id'), { pools: POOLS });
      assert.deepEqual(plain.edits, [
        {
          range: { start: { line: 4, character: 20 }, end: { line: 4, character: 20 } },
          newText: '\n        pool="etl",\n        pool_slots=1,',
        },
      ]);
    });
  });
});
