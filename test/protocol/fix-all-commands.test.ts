// Fix all, where a user looks for it: the "Source Action..." menu (a request with only: ['source'])
// lists source.fixAll.dagGuard when the file has safe fixes, and the commands behind "DAG Guard:
// Fix all in this file" and "DAG Guard: Fix all in workspace" apply the safe fixes through
// workspace/applyEdit (this test client answers it and records the edit): versioned edits for open
// documents, computed from their open text, and edits of the files on disk for the others.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { applyEdits, type TextEdit } from '../../server/src/core/syntax/positions';
import { fileUri, LspTestClient, type WorkspaceEdit } from '../helpers/lspClient';

interface CodeAction {
  title: string;
  kind?: string;
  edit?: WorkspaceEdit;
}

const CAPABILITIES = {
  workspace: { configuration: true, applyEdit: true, workspaceEdit: { documentChanges: true } },
  textDocument: {
    publishDiagnostics: { versionSupport: true },
    codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'refactor', 'source'] } } },
  },
};

/** A DAG file with one safe fix (the Variable read becomes a template; the import goes) and one unsafe one (DG206). */
function dag(name: string): string {
  return `from airflow import DAG\nfrom airflow.models import Variable\nfrom airflow.operators.python import PythonOperator\n\nwith DAG("${name}", concurrency=4) as dag:\n    PythonOperator(task_id="t", python_callable=print, op_args=[Variable.get("bucket")])\n`;
}

function fixed(name: string): string {
  return `from airflow import DAG\nfrom airflow.operators.python import PythonOperator\n\nwith DAG("${name}", concurrency=4) as dag:\n    PythonOperator(task_id="t", python_callable=print, op_args=["{{ var.value.bucket }}"])\n`;
}

const ZERO = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

describe('fix all in the source-action menu and as commands', () => {
  let root: string;
  let client: LspTestClient;
  before(async () => {
    root = mkdtempSync(path.join(tmpdir(), 'dag-guard-fix-all-'));
    mkdirSync(path.join(root, 'dags'));
    writeFileSync(path.join(root, 'dags', 'open.py'), dag('open'));
    writeFileSync(path.join(root, 'dags', 'closed.py'), dag('closed'));
    writeFileSync(path.join(root, 'dags', 'clean.py'), fixed('clean'));
    writeFileSync(path.join(root, 'dags', 'helper.py'), 'import os\n\ndef bucket():\n    return os.environ["BUCKET"]\n');
    client = await LspTestClient.start({ rootPath: root, capabilities: CAPABILITIES });
  });
  after(async () => {
    await client.stop();
    rmSync(root, { recursive: true, force: true });
  });

  it('lists source.fixAll.dagGuard under "Source Action..." and its edit gives the fixed text', async () => {
    const uri = 'untitled:source-action.py';
    client.open(uri, dag('menu'));
    await client.diagnostics(uri, (p) => p.diagnostics.length === 2);
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: ZERO,
      context: { diagnostics: [], only: ['source'], triggerKind: 1 },
    });
    assert.deepEqual(
      actions.map((action) => [action.title, action.kind]),
      [['Fix all safe DAG Guard findings', 'source.fixAll.dagGuard']],
    );
    const [change] = actions[0].edit!.documentChanges!;
    assert.deepEqual(change.textDocument, { uri, version: 1 });
    assert.equal(applyEdits(dag('menu'), change.edits as TextEdit[]), fixed('menu'));
  });

  it('lists nothing under "Source Action..." for a file without safe fixes, nor in the light bulb', async () => {
    const uri = 'untitled:no-safe-fix.py';
    client.open(uri, fixed('none'));
    await client.diagnostics(uri, (p) => p.diagnostics.length === 1);
    assert.deepEqual(
      await client.request('textDocument/codeAction', {
        textDocument: { uri },
        range: ZERO,
        context: { diagnostics: [], only: ['source'] },
      }),
      [],
    );
    const withFix = 'untitled:light-bulb.py';
    client.open(withFix, dag('bulb'));
    await client.diagnostics(withFix, (p) => p.diagnostics.length === 2);
    const automatic = await client.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri: withFix },
      range: ZERO,
      context: { diagnostics: [], triggerKind: 2 },
    });
    assert.ok(!automatic.some((action) => action.kind?.startsWith('source')), JSON.stringify(automatic));
  });

  it('"Fix all in this file" applies the open text\'s safe fixes as a versioned edit', async () => {
    const uri = 'untitled:command.py';
    client.open(uri, dag('command'));
    await client.diagnostics(uri, (p) => p.diagnostics.length === 2);
    const before = client.appliedEdits.length;
    const result = await client.request('workspace/executeCommand', { command: 'dagGuard.applyFixAll', arguments: [uri] });
    assert.deepEqual(result, { files: 1, fixes: 1 });
    assert.equal(client.appliedEdits.length, before + 1);
    const [change] = client.appliedEdits[before].edit.documentChanges!;
    assert.deepEqual(change.textDocument, { uri, version: 1 });
    assert.equal(applyEdits(dag('command'), change.edits as TextEdit[]), fixed('command'));
  });

  it('"Fix all in workspace" fixes every DAG file: the open one from its unsaved text, the others from disk', async () => {
    const openUri = fileUri(path.join(root, 'dags', 'open.py'));
    client.open(openUri, dag('open'));
    // An unsaved edit: the fix must start from the editor's text, at its version.
    const edited = dag('open').replace('task_id="t"', 'task_id="edited"');
    const version = client.change(openUri, [{ text: edited }]);
    await client.diagnostics(openUri, (p) => p.version === version && p.diagnostics.length === 2);
    const before = client.appliedEdits.length;
    const result = await client.request('workspace/executeCommand', { command: 'dagGuard.applyFixAllInWorkspace', arguments: [] });
    assert.deepEqual(result, { files: 2, fixes: 2 });
    assert.equal(client.appliedEdits.length, before + 1);
    const changes = client.appliedEdits[before].edit.documentChanges!;
    const byUri = new Map(changes.map((change) => [change.textDocument.uri, change]));
    assert.deepEqual([...byUri.keys()].sort(), [fileUri(path.join(root, 'dags', 'closed.py')), openUri].sort());
    const open = byUri.get(openUri)!;
    assert.equal(open.textDocument.version, version);
    assert.equal(applyEdits(edited, open.edits as TextEdit[]), fixed('open').replace('task_id="t"', 'task_id="edited"'));
    const closed = byUri.get(fileUri(path.join(root, 'dags', 'closed.py')))!;
    assert.equal(closed.textDocument.version, null);
    assert.equal(applyEdits(readFileSync(path.join(root, 'dags', 'closed.py'), 'utf8'), closed.edits as TextEdit[]), fixed('closed'));
    // The server edits through the editor only: the disk is the editor's to write.
    assert.equal(readFileSync(path.join(root, 'dags', 'closed.py'), 'utf8'), dag('closed'));
    assert.ok(
      client.shown.some((message) => message === 'DAG Guard applied 2 fixes in 2 files.'),
      client.shown.join('\n'),
    );
  });
});
