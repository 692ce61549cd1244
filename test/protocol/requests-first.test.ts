// Requests never wait behind background work (issue 16, "Speed"): the workspace scan analyses each
// file in slices and gives way to the open documents' analyses, and the parse-cost code lens waits
// for the document's analysis (whose model it reads) instead of building a model of its own at
// once. Each test checks an order of events, never a time.
import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import { generateLargeDag } from '../bench/generate';
import { fileUri, LspTestClient } from '../helpers/lspClient';
import { tempFolder } from '../helpers/tempFolder';

interface CodeLens {
  command?: { title: string };
}

const SMALL_DAG = 'from airflow import DAG\nfrom airflow.models import Variable\n\nenv = Variable.get("env")\n';

/** Resolves once `ready()` holds (looked at after each message the client receives, here by polling). */
function until(ready: () => boolean): Promise<void> {
  return new Promise((resolve) => {
    const look = () => (ready() ? resolve() : setTimeout(look, 2));
    look();
  });
}

const hover = (client: LspTestClient, uri: string) =>
  client.request('textDocument/hover', { textDocument: { uri }, position: { line: 3, character: 8 } });

describe('requests are answered before background work ends', () => {
  it('a hover sent while the workspace scan analyses large files is answered before the scan ends', async () => {
    // Fewer files than the old scan analysed between two looks at the event loop (ten).
    const root = tempFolder(Object.fromEntries([1, 2, 3, 4].map((n) => [`dags/big_${n}.py`, generateLargeDag(3000)])));
    const client = await LspTestClient.start({ rootPath: root });
    try {
      const uri = fileUri(path.join(root, 'open.py'));
      client.open(uri, SMALL_DAG);
      // A first analysis of a large file on a busy machine may take long: wait for it generously.
      await client.diagnostics(uri, () => true, 60_000);
      await until(() => client.progress.some((report) => report.kind === 'begin'));
      await hover(client, uri);
      assert.equal(
        client.progress.some((report) => report.kind === 'end'),
        false,
        'the scan ended before the hover was answered',
      );
      // The scan still analyses every file.
      await until(() => client.progress.some((report) => report.kind === 'end'));
      for (const n of [1, 2, 3, 4]) assert.ok(client.latest.get(fileUri(path.join(root, 'dags', `big_${n}.py`)))?.diagnostics.length);
    } finally {
      await client.stop();
    }
  });

  it("a code action during the workspace scan is answered from its document's analysis before the scan goes on", async () => {
    const files = Object.fromEntries(Array.from({ length: 60 }, (_, n) => [`dags/dag_${n}.py`, generateLargeDag(300)]));
    const root = tempFolder(files);
    const client = await LspTestClient.start({ rootPath: root });
    try {
      const uri = fileUri(path.join(root, 'large.py'));
      const text = generateLargeDag(5000);
      client.open(uri, text);
      // A first analysis of a large file on a busy machine may take long: wait for it generously.
      await client.diagnostics(uri, () => true, 60_000);
      const scanned = () => Object.keys(files).filter((name) => client.latest.has(fileUri(path.join(root, name)))).length;
      await until(() => scanned() > 0);
      const line = text.split('\n').length - 3;
      const version = client.change(uri, [
        { range: { start: { line, character: 0 }, end: { line, character: 0 } }, text: 'TOKEN = Variable.get("token")\n' },
      ]);
      // The hover is answered once the change is read; from then on the scan waits for the new
      // text's analysis, which the code action asks for. Counted as the client reads each message,
      // in the order the server sent them.
      let atHover = -1;
      const hovered = hover(client, uri).then(() => {
        atHover = scanned();
      });
      const actions = await client.request<
        Array<{ title: string; edit?: { documentChanges?: Array<{ textDocument: { version: number } }> } }>
      >('textDocument/codeAction', {
        textDocument: { uri },
        range: { start: { line, character: 10 }, end: { line, character: 10 } },
        context: { diagnostics: [] },
      });
      const atAction = scanned();
      await hovered;
      assert.equal(atAction - atHover, 0, `${atAction - atHover} scanned files were published while the code action waited`);
      assert.ok(atAction < Object.keys(files).length, 'the scan ended before the code action was answered');
      assert.ok(
        actions.some((action) => action.title === 'Suppress DG101 on this line (# noqa)'),
        JSON.stringify(actions.map((a) => a.title)),
      );
      for (const action of actions.filter((action) => action.edit?.documentChanges))
        assert.equal(action.edit!.documentChanges![0].textDocument.version, version);
    } finally {
      await client.stop();
    }
  });

  it('a hover sent after a code lens request on an edited large file is answered before the lens', async () => {
    const client = await LspTestClient.start();
    try {
      const uri = 'untitled:requests-first-lens.py';
      client.open(uri, generateLargeDag(5000));
      // A first analysis of a large file on a busy machine may take long: wait for it generously.
      await client.diagnostics(uri, () => true, 60_000);
      const version = client.change(uri, [
        { range: { start: { line: 3, character: 0 }, end: { line: 3, character: 0 } }, text: '# edited\n' },
      ]);
      const order: string[] = [];
      const lens = client
        .request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri } })
        .then((lenses) => (order.push('codeLens'), lenses));
      const hovered = hover(client, uri).then(() => order.push('hover'));
      const [lenses] = await Promise.all([lens, hovered]);
      assert.deepEqual(order, ['hover', 'codeLens']);
      // The lens is the edited text's, read from its analysis' model: that analysis has been published.
      assert.equal(client.latest.get(uri)?.version, version);
      assert.match(lenses[0]?.command?.title ?? '', /^DAG Guard: each parse: \d+ Variable reads?, .*builds \d+ DAGs/);
    } finally {
      await client.stop();
    }
  });
});
