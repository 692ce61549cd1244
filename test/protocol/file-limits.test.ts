// The server never stalls on a file: one that once looped for ever gets answers, and one over the
// maxFileSize setting gets one information diagnostic (DG000) saying it was not analysed.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { LspTestClient } from '../helpers/lspClient';

const DAG = 'from airflow import DAG\nfrom airflow.models import Variable\n\nenv = Variable.get("env")\n';
// A tree whose root is an ERROR node: the parse-time model's scope climb once never ended.
const ERROR_ROOT = '# airflow DAG\ndef outer():\n    def extract():\n        pass\n\n\nextract()\nG(n,t=S(",y=f/{K\n';

describe('file limits over stdio', () => {
  let client: LspTestClient;
  before(async () => {
    client = await LspTestClient.start({ settings: { maxFileSize: 300 } });
  });
  after(async () => {
    await client.stop();
  });

  it('answers every request on a file whose tree root is an ERROR node, and later edits too', async () => {
    const uri = 'untitled:error-root.py';
    client.open(uri, ERROR_ROOT);
    await client.diagnostics(uri, (p) => p.version === 1, 5_000);
    const lenses = await client.request<unknown[] | null>('textDocument/codeLens', { textDocument: { uri } });
    assert.ok(Array.isArray(lenses) || lenses === null);
    await client.request('textDocument/hover', { textDocument: { uri }, position: { line: 6, character: 1 } });
    const version = client.change(uri, [{ text: DAG }]);
    const published = await client.diagnostics(uri, (p) => p.version === version, 5_000);
    assert.deepEqual(
      published.diagnostics.map((diagnostic) => diagnostic.code),
      ['DG101'],
    );
  });

  it('publishes one DG000 for a file over maxFileSize, and analyses it once it fits', async () => {
    const uri = 'untitled:big.py';
    client.open(uri, `${DAG}${'# padding\n'.repeat(30)}`);
    const published = await client.diagnostics(uri, (p) => p.version === 1);
    assert.equal(published.diagnostics.length, 1);
    const [diagnostic] = published.diagnostics;
    assert.equal(diagnostic.code, 'DG000');
    assert.equal(diagnostic.severity, 3);
    assert.equal(diagnostic.codeDescription, undefined);
    assert.equal(diagnostic.message, 'DAG Guard did not analyse this file: it is 387 bytes, over the maxFileSize setting of 300 bytes.');
    assert.equal(await client.request('textDocument/hover', { textDocument: { uri }, position: { line: 3, character: 8 } }), null);
    const version = client.change(uri, [{ text: DAG }]);
    const smaller = await client.diagnostics(uri, (p) => p.version === version);
    assert.deepEqual(
      smaller.diagnostics.map((finding) => finding.code),
      ['DG101'],
    );
  });
});
