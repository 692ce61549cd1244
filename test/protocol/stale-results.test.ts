// Results always follow the text the server holds, whatever the client numbers it: a reused
// version number or a second didOpen without didClose gets the new text's diagnostics and code
// actions, and a change whose range is written end first edits the tree where it edits the text.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { LspTestClient } from '../helpers/lspClient';

const DAG = ['from airflow import DAG', 'from airflow.models import Variable', '', 'env = Variable.get("env")', 'print(env)', ''].join(
  '\n',
);
const CLEAN = ['from airflow import DAG', '', 'env = "prod"', 'print(env)', ''].join('\n');
const WHOLE = { start: { line: 0, character: 0 }, end: { line: 99, character: 0 } };

interface CodeAction {
  title: string;
}

describe('stale results over stdio', () => {
  let client: LspTestClient;
  before(async () => {
    client = await LspTestClient.start();
  });
  after(async () => {
    await client.stop();
  });

  /** The titles of the actions offered on `line` that are about DG101 (its fix and its noqa). */
  const dg101ActionsAt = async (uri: string, line: number) => {
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: { start: { line, character: 8 }, end: { line, character: 8 } },
      context: { diagnostics: [] },
    });
    return actions.map((action) => action.title).filter((title) => /DG101|Variable|template/i.test(title));
  };

  it("a change that reuses the version number gets the new text's diagnostics and actions", async () => {
    const uri = 'untitled:reused-version.py';
    client.open(uri, DAG);
    assert.equal((await client.diagnostics(uri, (p) => p.diagnostics.length > 0)).diagnostics[0].code, 'DG101');
    assert.notDeepEqual(await dg101ActionsAt(uri, 3), []);
    const next = client.nextDiagnostics(uri);
    void client.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version: 1 },
      contentChanges: [{ range: WHOLE, text: CLEAN }],
    });
    assert.deepEqual((await next).diagnostics, []);
    assert.deepEqual(await dg101ActionsAt(uri, 3), []);
  });

  it("a second didOpen without didClose gets the new text's diagnostics", async () => {
    const uri = 'untitled:opened-twice.py';
    client.open(uri, DAG);
    await client.diagnostics(uri, (p) => p.diagnostics.length > 0);
    const next = client.nextDiagnostics(uri);
    client.open(uri, CLEAN);
    assert.deepEqual((await next).diagnostics, []);
    assert.deepEqual(await dg101ActionsAt(uri, 3), []);
  });

  it('a range written end first edits the tree where the text changed', async () => {
    const uri = 'untitled:reversed-range.py';
    const fresh = 'untitled:reversed-range-fresh.py';
    client.open(uri, DAG.replace('Variable.get("env")', '"prod"'));
    await client.diagnostics(uri);
    // Replace `"prod"` (line 3, columns 6-12) by a Variable read, the range sent end first; then a
    // later edit elsewhere (a comment at the end), which re-parses with the tree the first one left.
    client.change(uri, [{ range: { start: { line: 3, character: 12 }, end: { line: 3, character: 6 } }, text: 'Variable.get("env")' }]);
    const version = client.change(uri, [{ range: { start: { line: 5, character: 0 }, end: { line: 5, character: 0 } }, text: '# end\n' }]);
    const edited = await client.diagnostics(uri, (p) => p.version === version);
    client.open(fresh, `${DAG}# end\n`);
    const expected = await client.diagnostics(fresh, (p) => p.diagnostics.length > 0);
    assert.deepEqual(edited.diagnostics, expected.diagnostics);
  });
});
