// The templates inside DAG files over stdio: a DG604 squiggle inside a string, DG602's quick fix,
// completion inside `{{ }}` (context names with types, filters, `var.value.` keys from the
// project's export, `params.` keys) and hover on Jinja names for the project's Airflow version.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileUri, LspTestClient, type Diagnostic } from '../helpers/lspClient';
import { applyEdits } from '../../server/src/core/syntax/positions';

const DAG = [
  'from airflow.providers.standard.operators.bash import BashOperator',
  'from airflow.sdk import DAG',
  'ENV = "prod"',
  '',
  'with DAG("loads", schedule="@daily", params={"table": "events", "full": False}):',
  '    BashOperator(task_id="a", bash_command="load.sh {{ ds | nodash }} {{ ts | ds_nodash }}")',
  '    BashOperator(task_id="b", bash_command=f"load.sh {{ ds }} {ENV}")',
  '    BashOperator(task_id="c", bash_command="load.sh {{ next_ds }}")',
  '    BashOperator(task_id="d", bash_command="load.sh {{ ")',
  '    BashOperator(task_id="e", bash_command="load.sh {{ ds | ")',
  '    BashOperator(task_id="f", bash_command="load.sh {{ var.value. ")',
  '    BashOperator(task_id="g", bash_command="load.sh {{ params. ")',
  '',
].join('\n');

interface Item {
  label: string;
  detail?: string;
  kind?: number;
  textEdit?: { range: unknown; newText: string };
}

interface CodeAction {
  title: string;
  isPreferred?: boolean;
  edit?: {
    documentChanges: Array<{
      edits: Array<{ range: { start: { line: number; character: number }; end: { line: number; character: number } }; newText: string }>;
    }>;
  };
}

describe('templates over stdio', () => {
  let root: string;
  let client: LspTestClient;
  let uri: string;
  before(async () => {
    root = mkdtempSync(path.join(tmpdir(), 'dag-guard-templates-'));
    writeFileSync(path.join(root, 'pyproject.toml'), '[tool.dag-guard]\nairflow-version = "3"\nvariables-file = "variables.json"\n');
    writeFileSync(path.join(root, 'variables.json'), JSON.stringify({ bucket: 's3://secret-bucket', env: 'prod' }));
    client = await LspTestClient.start({ rootPath: root });
    uri = fileUri(path.join(root, 'loads.py'));
    client.open(uri, DAG);
  });
  after(async () => {
    await client.stop();
    rmSync(root, { recursive: true, force: true });
  });

  const at = (line: number, text: string, extra = 0) => ({ line, character: DAG.split('\n')[line].indexOf(text) + extra });

  it('underlines the unknown filter inside the string', async () => {
    const published = await client.diagnostics(uri, (params) => params.diagnostics.some((found) => found.code === 'DG604'));
    // Lines 9 to 12 are half-typed templates, which Jinja refuses too.
    const found = published.diagnostics.filter((diagnostic) => diagnostic.code === 'DG604' && diagnostic.range.start.line === 5);
    assert.deepEqual(
      found.map((diagnostic) => diagnostic.range),
      [{ start: at(5, 'nodash'), end: at(5, 'nodash', 6) }],
    );
    assert.match(found[0].message, /No filter named `nodash`/);
  });

  it("offers DG602's quick fix, preferred, whose edit writes the Jinja braces back", async () => {
    const published = await client.diagnostics(uri, (params) => params.diagnostics.some((found) => found.code === 'DG602'));
    const diagnostic = published.diagnostics.find((found) => found.code === 'DG602') as Diagnostic;
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: diagnostic.range,
      context: { diagnostics: [diagnostic] },
    });
    const fix = actions.find((action) => action.isPreferred);
    assert.ok(fix?.edit, actions.map((action) => action.title).join(', '));
    const fixed = applyEdits(DAG, fix.edit.documentChanges[0].edits);
    assert.equal(fixed.split('\n')[6], '    BashOperator(task_id="b", bash_command=f"load.sh {{{{ ds }}}} {ENV}")');
  });

  it('completes the context names of Airflow 3 with their types, without the removed ones', async () => {
    const items = await client.request<Item[] | { items: Item[] }>('textDocument/completion', {
      textDocument: { uri },
      position: at(8, '{{ ', 3),
    });
    const list = Array.isArray(items) ? items : items.items;
    const ds = list.find((item) => item.label === 'ds');
    assert.equal(ds?.detail, 'str');
    assert.equal(list.find((item) => item.label === 'logical_date')?.detail, 'DateTime');
    assert.equal(
      list.some((item) => item.label === 'execution_date' || item.label === 'next_ds'),
      false,
    );
  });

  it('completes filters after `|`, Variable keys from the export (never their values) and params keys', async () => {
    const labels = async (line: number, text: string) => {
      const items = await client.request<Item[] | { items: Item[] }>('textDocument/completion', {
        textDocument: { uri },
        position: at(line, text, text.length),
      });
      return Array.isArray(items) ? items : items.items;
    };
    const filters = await labels(9, '{{ ds | ');
    assert.ok(filters.some((item) => item.label === 'ds_nodash' && item.detail === 'Airflow filter'));
    assert.ok(filters.some((item) => item.label === 'default'));
    const keys = await labels(10, 'var.value.');
    assert.deepEqual(
      keys.map((item) => item.label),
      ['bucket', 'env'],
    );
    assert.doesNotMatch(JSON.stringify(keys), /secret-bucket/);
    assert.deepEqual(
      (await labels(11, 'params.')).map((item) => item.label),
      ['full', 'table'],
    );
  });

  it('hovers a name Airflow 3 removed with its replacement, and a filter as a filter', async () => {
    const removed = await client.request<{ contents: { value: string } } | null>('textDocument/hover', {
      textDocument: { uri },
      position: at(7, 'next_ds', 2),
    });
    assert.match(removed!.contents.value, /\*\*Not in Airflow 3\*\*, which this project targets: use `data_interval_end \| ds`/);
    const filter = await client.request<{ contents: { value: string } } | null>('textDocument/hover', {
      textDocument: { uri },
      position: at(5, '| ds_nodash', 3),
    });
    assert.match(filter!.contents.value, /^\*\*`ds_nodash`\*\* \(Airflow filter\)/);
  });
});
