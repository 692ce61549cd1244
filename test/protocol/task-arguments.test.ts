// Pools, priority and weight rules over stdio: the refactor code actions (the edit applied gives the
// expected text), snippet edits only for clients that declare them, completion at each position
// (also in half-typed code), and known pools from the editor setting and from a pools file.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { applyEdits, type TextEdit } from '../../server/src/core/syntax/positions';
import { fileUri, LspTestClient } from '../helpers/lspClient';

interface CodeAction {
  title: string;
  kind?: string;
  edit?: {
    documentChanges: Array<{
      textDocument: { uri: string; version: number };
      edits: Array<TextEdit | { range: TextEdit['range']; snippet: { kind: string; value: string } }>;
    }>;
  };
}

interface CompletionList {
  isIncomplete: boolean;
  items: Array<{ label: string; kind: number; detail?: string; documentation?: { kind: string; value: string }; textEdit: TextEdit }>;
}

const HEADER = 'from airflow import DAG\nfrom airflow.operators.bash import BashOperator\n';
const SETTINGS = { pools: { etl: 8, gpu: { slots: 2, description: 'The GPU node group' } } };

/** The position of the first `|` in `text` (which the caller removes). */
function cursorOf(text: string): { line: number; character: number } {
  const before = text.slice(0, text.indexOf('|')).split('\n');
  return { line: before.length - 1, character: before[before.length - 1].length };
}

describe('pool, weight and priority code actions and completion over stdio', () => {
  let client: LspTestClient;
  let count = 0;
  before(async () => {
    client = await LspTestClient.start({ settings: SETTINGS });
  });
  after(async () => {
    await client.stop();
  });

  async function open(textWithCursor: string): Promise<{ uri: string; text: string; position: { line: number; character: number } }> {
    const uri = `untitled:args-${++count}.py`;
    const text = textWithCursor.replace('|', '');
    client.open(uri, text);
    await client.diagnostics(uri);
    return { uri, text, position: cursorOf(textWithCursor) };
  }

  async function refactors(textWithCursor: string): Promise<{ text: string; actions: CodeAction[] }> {
    const { uri, text, position } = await open(textWithCursor);
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: { start: position, end: position },
      context: { diagnostics: [], only: ['refactor'] },
    });
    return { text, actions };
  }

  function applied(text: string, action: CodeAction | undefined): string {
    assert.ok(action?.edit, 'no action with an edit');
    const edits = action.edit.documentChanges[0].edits;
    assert.ok(
      edits.every((edit) => 'newText' in edit),
      'a plain client got snippet edits',
    );
    return applyEdits(text, edits as TextEdit[]);
  }

  it('offers the refactorings on an operator call and applies them to a one-line call', async () => {
    const dag = `${HEADER}with DAG("d") as dag:\n`;
    const { text, actions } = await refactors(`${dag}    BashOperator(task_id="a", |bash_command="x")\n`);
    // One action per known pool (a plain client gets no snippet choice); nothing that changes nothing:
    // not the default weight rule, not default_pool, not priority_weight=1.
    assert.deepEqual(
      actions.map((action) => [action.title, action.kind]),
      [
        ['Add pool "etl" and pool_slots', 'refactor.rewrite'],
        ['Add pool "gpu" and pool_slots', 'refactor.rewrite'],
        ['Set weight_rule to "upstream"', 'refactor.rewrite'],
        ['Set weight_rule to "absolute"', 'refactor.rewrite'],
      ],
    );
    assert.equal(applied(text, actions[1]), `${dag}    BashOperator(task_id="a", bash_command="x", pool="gpu", pool_slots=1)\n`);
    assert.equal(applied(text, actions[2]), `${dag}    BashOperator(task_id="a", bash_command="x", weight_rule="upstream")\n`);
    // Inside another argument's value: no light bulb.
    assert.deepEqual((await refactors(`${dag}    BashOperator(task_id="a", bash_command="ec|ho")\n`)).actions, []);
  });

  it('follows a multi-line call: one argument per line, trailing comma kept', async () => {
    const { text, actions } = await refactors(`${HEADER}BashOperator(\n    task_id="a",|\n    bash_command="x",\n)\n`);
    const add = actions.find((action) => action.title === 'Add pool "etl" and pool_slots');
    assert.equal(
      applied(text, add),
      `${HEADER}BashOperator(\n    task_id="a",\n    bash_command="x",\n    pool="etl",\n    pool_slots=1,\n)\n`,
    );
  });

  it('edits an argument that is there already instead of adding it again', async () => {
    const { text, actions } = await refactors(
      `${HEADER}BashOperator(\n    task_id="a",|\n    weight_rule="absolute",\n    pool="gpu",\n)\n`,
    );
    // pool_slots=1 would change nothing; the task's DAG cannot be told, so its priority_weight may not be 1.
    assert.deepEqual(
      actions.map((action) => action.title),
      ['Set weight_rule to "downstream"', 'Set weight_rule to "upstream"', 'Set priority_weight'],
    );
    assert.equal(applied(text, actions[1]), `${HEADER}BashOperator(\n    task_id="a",\n    weight_rule="upstream",\n    pool="gpu",\n)\n`);
  });

  it('sets a whole DAG at once through its default_args', async () => {
    const { text, actions } = await refactors(
      `${HEADER}default_args = {"owner": "data"}\nwith |DAG("d", default_args=default_args) as dag:\n    pass\n`,
    );
    const weight = actions.find((action) => action.title === 'Set weight_rule to "absolute" in default_args');
    assert.equal(
      applied(text, weight),
      `${HEADER}default_args = {"owner": "data", "weight_rule": "absolute"}\nwith DAG("d", default_args=default_args) as dag:\n    pass\n`,
    );
  });

  it('offers no refactoring outside operator calls, nor when only quick fixes are asked for', async () => {
    assert.deepEqual((await refactors(`${HEADER}print("a", |1)\n`)).actions, []);
    const { uri, position } = await open(`${HEADER}BashOperator(task_id="a", |bash_command="x")\n`);
    const quickFixes = await client.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: { start: position, end: position },
      context: { diagnostics: [], only: ['quickfix'] },
    });
    assert.deepEqual(quickFixes, []);
  });

  it('completes weight_rule values inside an unclosed string of an unclosed call', async () => {
    const { uri, position } = await open(`${HEADER}BashOperator(task_id="a", weight_rule="|\n`);
    const list = await client.request<CompletionList>('textDocument/completion', { textDocument: { uri }, position });
    assert.deepEqual(
      list.items.map((item) => item.label),
      ['downstream', 'upstream', 'absolute'],
    );
    assert.match(list.items[1].documentation!.value, /upstream tasks: the end of a DAG goes first/);
    assert.deepEqual(list.items[0].textEdit.range, { start: position, end: position });
  });

  it('replaces the half-typed value, in a default_args dict too', async () => {
    const { uri, position } = await open(`${HEADER}default_args = {'weight_rule': 'up|\n`);
    const list = await client.request<CompletionList>('textDocument/completion', { textDocument: { uri }, position });
    assert.equal(list.items.length, 3);
    assert.deepEqual(list.items[0].textEdit.range, { start: { line: position.line, character: position.character - 2 }, end: position });
  });

  it('completes WeightRule members', async () => {
    const { uri, position } = await open(
      `${HEADER}from airflow.utils.weight_rule import WeightRule\nBashOperator(task_id="a", weight_rule=WeightRule.|\n`,
    );
    const list = await client.request<CompletionList>('textDocument/completion', { textDocument: { uri }, position });
    assert.deepEqual(
      list.items.map((item) => [item.label, item.kind, item.detail]),
      [
        ['DOWNSTREAM', 20, 'WeightRule.DOWNSTREAM = "downstream"'],
        ['UPSTREAM', 20, 'WeightRule.UPSTREAM = "upstream"'],
        ['ABSOLUTE', 20, 'WeightRule.ABSOLUTE = "absolute"'],
      ],
    );
  });

  it('completes the known pools with their slot counts', async () => {
    const { uri, position } = await open(`${HEADER}with DAG("d") as dag:\n    BashOperator(task_id="a", bash_command="x", pool="|")\n`);
    const list = await client.request<CompletionList>('textDocument/completion', { textDocument: { uri }, position });
    assert.deepEqual(
      list.items.map((item) => [item.label, item.detail]),
      [
        ['etl', 'pool, 8 slots'],
        ['gpu', 'pool, 2 slots'],
        ['default_pool', "pool, Airflow's default"],
      ],
    );
    assert.match(list.items[1].documentation!.value, /The GPU node group/);
  });

  it('completes nothing elsewhere: other arguments, comments, files without Airflow', async () => {
    for (const textWithCursor of [
      `${HEADER}BashOperator(task_id="a", bash_command="|")\n`,
      `${HEADER}# weight_rule="|\n`,
      `${HEADER}x = WeightRule.|\n`,
      'weight_rule = dict(weight_rule="|")\n',
    ]) {
      const { uri, position } = await open(textWithCursor);
      const list = await client.request<CompletionList | null>('textDocument/completion', { textDocument: { uri }, position });
      assert.equal(list, null, textWithCursor);
    }
  });

  it('offers DG205\'s "add pool" as a quick fix (not preferred) and DG206\'s rename in fix-all', async () => {
    const text =
      'from airflow import DAG\nfrom airflow.providers.cncf.kubernetes.operators.pod import KubernetesPodOperator\n\nwith DAG("d", schedule_interval="@daily") as dag:\n    KubernetesPodOperator(task_id="train", image="trainer:1.4")\n';
    const uri = 'untitled:quickfix.py';
    client.open(uri, text);
    const published = await client.diagnostics(uri, (p) => p.diagnostics.length === 2);
    const hint = published.diagnostics.find((d) => d.code === 'DG205')!;
    assert.equal(hint.severity, 4);
    const actions = await client.request<Array<CodeAction & { isPreferred?: boolean }>>('textDocument/codeAction', {
      textDocument: { uri },
      range: hint.range,
      context: { diagnostics: [hint], only: ['quickfix'] },
    });
    // One fix per known pool, none preferred: the pool is the user's to choose.
    assert.deepEqual(
      actions.filter((action) => action.title.startsWith('Add pool')).map((action) => [action.title, action.isPreferred]),
      [
        ['Add pool "etl" and pool_slots', false],
        ['Add pool "gpu" and pool_slots', false],
      ],
    );
    const add = actions.find((action) => action.title === 'Add pool "gpu" and pool_slots')!;
    assert.equal(applied(text, add), text.replace('image="trainer:1.4")', 'image="trainer:1.4", pool="gpu", pool_slots=1)'));
    const fixAll = await client.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      context: { diagnostics: [], only: ['source.fixAll'] },
    });
    // An untitled file's Airflow release is unknown: `schedule` may not exist there (before 2.4),
    // so the rename is offered, saying so, but fix-all leaves it alone.
    assert.deepEqual(fixAll, []);
    const dg206 = published.diagnostics.find((d) => d.code === 'DG206')!;
    const renames = await client.request<Array<CodeAction & { isPreferred?: boolean }>>('textDocument/codeAction', {
      textDocument: { uri },
      range: dg206.range,
      context: { diagnostics: [dg206], only: ['quickfix'] },
    });
    const rename = renames.find((action) => action.title.startsWith('Rename to schedule'))!;
    assert.equal(rename.title, 'Rename to schedule (needs Airflow 2.4 or later)');
    assert.equal(rename.isPreferred, false);
    assert.equal(applied(text, rename), text.replace('schedule_interval=', 'schedule='));
  });

  it('reports an unknown pool from the editor setting, with "did you mean"', async () => {
    const uri = 'untitled:pools.py';
    client.open(uri, `${HEADER}with DAG("d") as dag:\n    BashOperator(task_id="a", bash_command="x", pool="etl_pool")\n`);
    const published = await client.diagnostics(uri, (p) => p.diagnostics.some((d) => d.code === 'DG203'));
    const finding = published.diagnostics.find((d) => d.code === 'DG203')!;
    assert.equal(finding.message, 'pool "etl_pool" is not a known pool; did you mean "etl"?');
    assert.deepEqual(finding.range, { start: { line: 3, character: 53 }, end: { line: 3, character: 63 } });
    // Where the known pools come from, and what an unknown pool does: the detail, in the hover.
    const hover = await client.request<{ contents: { value: string } } | null>('textDocument/hover', {
      textDocument: { uri },
      position: { line: 3, character: 58 },
    });
    assert.equal(
      hover?.contents.value,
      '**DG203**: The known pools come from the pools setting. The scheduler never runs a task whose pool does not exist.',
    );
  });
});

describe('snippet edits and the pools file over stdio', () => {
  let root: string;
  let client: LspTestClient;
  before(async () => {
    root = mkdtempSync(path.join(tmpdir(), 'dag-guard-pools-'));
    writeFileSync(path.join(root, 'pyproject.toml'), '[tool.dag-guard]\npools-file = "pools.json"\n');
    writeFileSync(
      path.join(root, 'pools.json'),
      JSON.stringify({ spark: { slots: 4, description: 'Spark cluster', include_deferred: false } }),
    );
    client = await LspTestClient.start({
      rootPath: root,
      capabilities: {
        workspace: { configuration: true, workspaceEdit: { documentChanges: true, snippetEditSupport: true } },
        textDocument: { codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'refactor', 'source'] } } } },
      },
    });
  });
  after(async () => {
    await client.stop();
    rmSync(root, { recursive: true, force: true });
  });

  it('sends snippet edits with tab stops to a client that declares snippetEditSupport, pools from the file', async () => {
    const uri = fileUri(path.join(root, 'dag.py'));
    const text = `${HEADER}with DAG("d") as dag:\n    BashOperator(task_id="a", bash_command="x", pool="sprak", pool_slots=8)\n`;
    client.open(uri, text);
    const published = await client.diagnostics(uri, (p) => p.diagnostics.length >= 1);
    assert.deepEqual(
      published.diagnostics.map((d) => [d.code, d.message]),
      [['DG203', 'pool "sprak" is not a known pool; did you mean "spark"?']],
    );
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: { start: { line: 3, character: 20 }, end: { line: 3, character: 20 } },
      context: { diagnostics: [], only: ['refactor'] },
    });
    const priority = actions.find((action) => action.title === 'Set priority_weight')!;
    assert.deepEqual(priority.edit!.documentChanges[0].edits, [
      {
        range: { start: { line: 3, character: 74 }, end: { line: 3, character: 74 } },
        snippet: { kind: 'snippet', value: ', priority_weight=${1:1}' },
      },
    ]);
  });

  it("offers the pools file's pools as a snippet choice, in one edit from the line's start (VS Code indents a snippet's new lines by what precedes it)", async () => {
    const uri = fileUri(path.join(root, 'choice.py'));
    const text = `${HEADER}with DAG("d") as dag:\n    t = BashOperator(\n        task_id="a",\n    )\n`;
    client.open(uri, text);
    await client.diagnostics(uri);
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: { start: { line: 4, character: 10 }, end: { line: 4, character: 10 } },
      context: { diagnostics: [], triggerKind: 2 },
    });
    const add = actions.find((action) => action.title === 'Add pool and pool_slots')!;
    assert.deepEqual(add.edit!.documentChanges[0].edits, [
      {
        range: { start: { line: 4, character: 0 }, end: { line: 4, character: 20 } },
        snippet: { kind: 'snippet', value: '        task_id="a",\n        pool="${1|spark,default_pool|}",\n        pool_slots=${2:1},' },
      },
    ]);
  });
});
