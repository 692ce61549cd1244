// The server's document store: after any sequence of incremental LSP changes, the text equals
// the text with the changes applied, and the incrementally re-parsed tree equals a fresh parse.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createPythonParser } from '../../server/src/core/syntax/parser';
import { LineIndex } from '../../server/src/core/syntax/positions';
import { DocumentStore } from '../../server/src/protocol/documents';
import { readFixture } from '../helpers/engine';

// A small deterministic PRNG so a failure can be replayed.
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    return state / 0x7fffffff;
  };
}

const SNIPPETS = ['x', '\n', '\r\n', '    ', '\t', '(', ')', '"', "'", 'é', '😀', 'Variable.get("k")', 'def f(:\n', 'for i in range(3):\n    ', '#', ''];

describe('document store', () => {
  for (const seed of [1, 2, 3]) {
    it(`incremental edits give the same text and tree as a fresh parse (seed ${seed})`, async () => {
      const parser = await createPythonParser();
      const store = new DocumentStore(parser);
      const next = random(seed);
      let expected = readFixture('rules', 'DG101.py').replace(/\n/g, seed === 2 ? '\r\n' : '\n');
      const uri = 'file:///doc.py';
      store.open(uri, 'python', 1, expected);
      for (let version = 2; version < 150; version++) {
        const index = new LineIndex(expected);
        const a = Math.floor(next() * (expected.length + 1));
        const b = Math.min(expected.length, a + Math.floor(next() * 6));
        // Never split a surrogate pair or a CRLF: editors do not send such ranges.
        if (/[\uDC00-\uDFFF]/.test(expected[a] ?? '') || /[\uDC00-\uDFFF]/.test(expected[b] ?? '')) continue;
        if (expected[a - 1] === '\r' && expected[a] === '\n') continue;
        if (expected[b - 1] === '\r' && expected[b] === '\n') continue;
        const text = SNIPPETS[Math.floor(next() * SNIPPETS.length)];
        store.change(uri, version, [{ range: index.rangeOf(a, b), text }]);
        expected = expected.slice(0, a) + text + expected.slice(b);
      }
      const entry = store.get(uri)!;
      assert.equal(entry.document.getText(), expected);
      const fresh = parser.parse(expected)!;
      assert.equal(entry.tree!.rootNode.toString(), fresh.rootNode.toString());
      fresh.delete();
      store.dispose();
    });
  }

  it('applies several changes of one notification in order, and full replacements', async () => {
    const store = new DocumentStore(await createPythonParser());
    const uri = 'file:///two.py';
    store.open(uri, 'python', 1, 'a = 1\nb = 2\n');
    store.change(uri, 2, [
      { range: { start: { line: 1, character: 4 }, end: { line: 1, character: 5 } }, text: '20' },
      { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '# top\n' },
    ]);
    assert.equal(store.get(uri)!.document.getText(), '# top\na = 1\nb = 20\n');
    store.change(uri, 3, [{ text: 'c = 3\n' }]);
    const entry = store.get(uri)!;
    assert.equal(entry.document.getText(), 'c = 3\n');
    assert.equal(entry.document.version, 3);
    assert.equal(entry.tree!.rootNode.toString(), '(module (expression_statement (assignment left: (identifier) right: (integer))))');
    store.dispose();
  });
});
