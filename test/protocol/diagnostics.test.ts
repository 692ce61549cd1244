// The bundled server over stdio: diagnostics are published on open, follow incremental edits,
// use UTF-16 columns, clear on close, and survive broken input.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { generateLargeDag } from '../bench/generate';
import { hoverAt, LspTestClient } from '../helpers/lspClient';

const DAG = [
  'from airflow import DAG',
  'from airflow.models import Variable',
  '',
  'env = Variable.get("env")',
  '',
  'for team in ["a", "b", "c"]:',
  '    Variable.get(team)',
  '',
].join('\n');

describe('diagnostics over stdio', () => {
  let client: LspTestClient;
  before(async () => {
    client = await LspTestClient.start();
  });
  after(async () => {
    await client.stop();
  });

  it('publishes DG101 with code, range, source and docs link', async () => {
    const uri = 'untitled:open.py';
    client.open(uri, DAG);
    const published = await client.diagnostics(uri, (p) => p.diagnostics.length === 2);
    const [first, second] = published.diagnostics;
    assert.equal(first.code, 'DG101');
    assert.equal(first.source, 'dag-guard');
    assert.equal(first.severity, 2);
    assert.deepEqual(first.range, { start: { line: 3, character: 6 }, end: { line: 3, character: 25 } });
    assert.equal(first.message, 'Variable.get("env") runs at every parse.');
    assert.equal(
      await hoverAt(client, uri, first),
      '**DG101**: Each call queries the metadata database (or secrets backend). No fix: `env` is never read in this file.',
    );
    assert.match(first.codeDescription!.href, /docs\/rules\/DG101\.md$/);
    assert.match(second.message, /runs 3x per parse\.$/);
    assert.match(await hoverAt(client, uri, second), /Inside the loop at line 6\./);
    assert.equal(published.version, 1);
  });

  it('follows incremental edits', async () => {
    const uri = 'untitled:edit.py';
    client.open(uri, DAG);
    await client.diagnostics(uri, (p) => p.diagnostics.length === 2);
    // Add a fourth team: the loop now runs 4x.
    let version = client.change(uri, [{ range: { start: { line: 5, character: 26 }, end: { line: 5, character: 26 } }, text: ', "d"' }]);
    let published = await client.diagnostics(uri, (p) => p.version === version);
    assert.match(published.diagnostics[1].message, /runs 4x per parse/);
    // Indent the module-level call into a task body: it no longer runs at parse time.
    version = client.change(uri, [
      { range: { start: { line: 3, character: 0 }, end: { line: 3, character: 0 } }, text: '@task\ndef read():\n    ' },
      { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: 'from airflow.decorators import task\n' },
    ]);
    published = await client.diagnostics(uri, (p) => p.version === version);
    assert.deepEqual(
      published.diagnostics.map((d) => [d.code, d.range.start.line]),
      [['DG101', 9]],
    );
    // Delete the loop body's call: nothing left.
    version = client.change(uri, [{ range: { start: { line: 9, character: 4 }, end: { line: 9, character: 22 } }, text: 'pass' }]);
    published = await client.diagnostics(uri, (p) => p.version === version);
    assert.deepEqual(published.diagnostics, []);
  });

  it('counts columns in UTF-16 code units, across CRLF line ends', async () => {
    const uri = 'untitled:unicode.py';
    const text = 'from airflow.models import Variable  # dag\r\nnote = "café 😀"; v = Variable.get("k")\r\n';
    client.open(uri, text);
    const published = await client.diagnostics(uri, (p) => p.diagnostics.length === 1);
    // "note = \"café 😀\"; v = " is 22 UTF-16 units: é is 1, the emoji 2.
    assert.deepEqual(published.diagnostics[0].range, { start: { line: 1, character: 22 }, end: { line: 1, character: 39 } });
  });

  it('clears diagnostics when the document closes', async () => {
    const uri = 'untitled:close.py';
    client.open(uri, DAG);
    await client.diagnostics(uri, (p) => p.diagnostics.length === 2);
    const cleared = client.nextDiagnostics(uri, (p) => p.diagnostics.length === 0);
    client.close(uri);
    await cleared;
  });

  it('keeps serving through half-typed code and syntax errors', async () => {
    const uri = 'untitled:broken.py';
    client.open(uri, 'from airflow.models import Variable  # dag\nx = Variable.get("a")\ndef broken(:\n    with DAG(\n');
    const published = await client.diagnostics(uri, (p) => p.diagnostics.length >= 1);
    assert.equal(published.diagnostics[0].range.start.line, 1);
    // Type character by character into the broken region.
    let version = 1;
    for (const character of 'Variable.get("typed")') {
      version = client.change(uri, [{ range: { start: { line: 3, character: 13 }, end: { line: 3, character: 13 } }, text: character }]);
    }
    await client.diagnostics(uri, (p) => p.version === version);
    const hover = await client.request('textDocument/hover', { textDocument: { uri }, position: { line: 2, character: 5 } });
    assert.equal(hover, null);
  });

  it('analyses a 50,000-line file and keeps serving other documents', async () => {
    const big = 'untitled:big.py';
    client.open(big, generateLargeDag(50_000));
    const small = 'untitled:small.py';
    client.open(small, DAG);
    const [bigResult, smallResult] = await Promise.all([
      client.diagnostics(big, (p) => p.diagnostics.length > 0, 30_000),
      client.diagnostics(small, (p) => p.diagnostics.length === 2, 30_000),
    ]);
    assert.deepEqual(
      bigResult.diagnostics.map((d) => [d.code, d.range.start.line]),
      [
        ['DG101', 7],
        ['DG106', 50015],
      ],
    );
    assert.equal(smallResult.diagnostics[0].code, 'DG101');
  });

  it('reports nothing for a Python file that Airflow would not parse as a DAG file', async () => {
    const uri = 'untitled:helper.py';
    client.open(uri, 'from mylib import Variable\nVariable.get("x")\n');
    const published = await client.diagnostics(uri);
    assert.deepEqual(published.diagnostics, []);
  });
});
