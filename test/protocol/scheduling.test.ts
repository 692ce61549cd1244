// How requests obtain the analysis of the version they name (issue 15, item 1; issue 16): a code
// action sent right after a change is answered from that change's analysis, whether the analysis
// is still waiting for the debounce or already running; hovers are answered while an analysis runs;
// diagnostics follow the last text, never an older one.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { LspTestClient } from '../helpers/lspClient';
import { generateLargeDag } from '../bench/generate';

interface CodeAction {
  title: string;
  kind?: string;
  edit?: { documentChanges?: Array<{ textDocument: { version: number | null } }> };
}

const SMALL = ['from airflow import DAG', 'from airflow.models import Variable', '', 'env = "prod"', 'print(env)', ''].join('\n');

describe('scheduling: requests get the analysis of their version', () => {
  let client: LspTestClient;
  before(async () => {
    client = await LspTestClient.start();
  });
  after(async () => {
    await client.stop();
  });

  const actionsAt = (uri: string, line: number, character: number) =>
    client.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: { start: { line, character }, end: { line, character } },
      context: { diagnostics: [] },
    });

  it('a code action right after a change of a large file offers the fix of the new finding', async () => {
    const uri = 'untitled:scheduling-large.py';
    const text = generateLargeDag(5000);
    client.open(uri, text);
    await client.diagnostics(uri);
    // Near the end of the file, so that the new finding is not in the first part analysed.
    const line = text.split('\n').length - 3;
    const version = client.change(uri, [
      { range: { start: { line, character: 0 }, end: { line, character: 0 } }, text: 'TOKEN = Variable.get("token")\n' },
    ]);
    const actions = await actionsAt(uri, line, 10);
    const titles = actions.map((action) => action.title);
    assert.ok(titles.includes('Suppress DG101 on this line (# noqa)'), `actions: ${JSON.stringify(titles)}`);
    // Edits name the version they were computed for.
    for (const action of actions.filter((action) => action.edit?.documentChanges)) {
      assert.equal(action.edit!.documentChanges![0].textDocument.version, version);
    }
  });

  it('a code action while the analysis of the previous text runs answers for the new text', async () => {
    const uri = 'untitled:scheduling-running.py';
    const text = generateLargeDag(5000);
    client.open(uri, text);
    await client.diagnostics(uri);
    const line = text.split('\n').length - 3;
    // A first change, whose analysis starts; then one that removes what it found, and the request.
    client.change(uri, [
      { range: { start: { line, character: 0 }, end: { line, character: 0 } }, text: 'TOKEN = Variable.get("token")\n' },
    ]);
    await new Promise((resolve) => setTimeout(resolve, 30));
    client.change(uri, [{ range: { start: { line, character: 8 }, end: { line, character: 29 } }, text: '"token"' }]);
    const titles = (await actionsAt(uri, line, 10)).map((action) => action.title);
    assert.ok(!titles.some((title) => title.includes('DG101')), `actions: ${JSON.stringify(titles)}`);
  });

  it('publishes the diagnostics of the last text of a burst, never of an earlier one', async () => {
    const uri = 'untitled:scheduling-burst.py';
    client.open(uri, SMALL);
    await client.diagnostics(uri);
    const published: Array<{ version?: number | undefined; codes: string[] }> = [];
    let last = Infinity;
    // Every publish for the document from here on passes through the predicate, in order.
    const done = client.nextDiagnostics(uri, (p) => {
      published.push({ version: p.version, codes: p.diagnostics.map((d) => String(d.code)) });
      return p.version === last;
    });
    // Type `Variable.get("k")` over "prod" one character at a time, then take it back to a literal.
    const typed = 'Variable.get("k")';
    client.change(uri, [{ range: { start: { line: 3, character: 6 }, end: { line: 3, character: 12 } }, text: '' }]);
    for (let i = 0; i < typed.length; i++)
      client.change(uri, [{ range: { start: { line: 3, character: 6 + i }, end: { line: 3, character: 6 + i } }, text: typed[i] }]);
    last = client.change(uri, [
      { range: { start: { line: 3, character: 6 }, end: { line: 3, character: 6 + typed.length } }, text: '"dev"' },
    ]);
    await done;
    assert.deepEqual(published.at(-1), { version: last, codes: [] });
    // Versions only move forward: a result for an earlier text never follows a later one.
    const versions = published.map((p) => p.version ?? 0);
    assert.deepEqual(
      versions,
      [...versions].sort((a, b) => a - b),
    );
  });

  it('a hover sent after a code action that starts an analysis is answered first', async () => {
    const uri = 'untitled:scheduling-hover.py';
    const text = generateLargeDag(5000);
    client.open(uri, text);
    await client.diagnostics(uri);
    const order: string[] = [];
    client.change(uri, [{ range: { start: { line: 20, character: 0 }, end: { line: 20, character: 0 } }, text: '# edited\n' }]);
    // The code action needs the new text's analysis and starts it at once; the hover needs none and
    // is answered between the analysis' slices instead of after it.
    const action = actionsAt(uri, 20, 0).then(() => order.push('codeAction'));
    const hover = client
      .request('textDocument/hover', { textDocument: { uri }, position: { line: 8, character: 10 } })
      .then(() => order.push('hover'));
    await Promise.all([action, hover]);
    assert.deepEqual(order, ['hover', 'codeAction']);
  });
});
