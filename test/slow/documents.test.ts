// The server's document store: after any sequence of incremental LSP changes, the text equals
// the text with the changes applied, and the incrementally re-parsed tree equals a fresh parse.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Node } from 'web-tree-sitter';
import { createPythonParser, parsePython } from '../../server/src/core/syntax/parser';
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

const SNIPPETS = [
  'x',
  '\n',
  '\r\n',
  '\r',
  '    ',
  '\t',
  '(',
  ')',
  '"',
  "'",
  'é',
  '😀',
  'Variable.get("k")',
  'def f(:\n',
  'for i in range(3):\n    ',
  '#',
  '',
];

/** Every node with its type, offsets and rows: two trees print alike only when they match the same text. */
function dump(node: Node): string {
  const children = node.children
    .filter((child): child is Node => child !== null)
    .map(dump)
    .join(' ');
  return `(${node.type} ${node.startIndex}-${node.endIndex} r${node.startPosition.row}-${node.endPosition.row}${children ? ` ${children}` : ''})`;
}

/** Line ends per seed: "\n", "\r\n", "\n", lone "\r" (seed 4), "\n" with reversed ranges (seed 5). */
const LINE_ENDS: Record<number, string> = { 2: '\r\n', 4: '\r' };

describe('document store', () => {
  for (const seed of [1, 2, 3, 4, 5]) {
    it(`incremental edits give the same text and tree as a fresh parse (seed ${seed})`, async () => {
      const parser = await createPythonParser();
      const store = new DocumentStore(parser);
      const next = random(seed);
      let expected = readFixture('rules', 'DG101.py').replace(/\n/g, LINE_ENDS[seed] ?? '\n');
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
        // Seed 5: a client that sends the range end first (the text is the same; the tree must be too).
        const range = seed === 5 && next() < 0.5 ? index.rangeOf(b, a) : index.rangeOf(a, b);
        store.change(uri, version, [{ range, text }]);
        expected = expected.slice(0, a) + text + expected.slice(b);
        // Read now and then, as requests do: the re-parse covers the changes since the last read.
        if (next() < 0.3) store.treeOf(store.get(uri)!);
      }
      const entry = store.get(uri)!;
      assert.equal(entry.document.getText(), expected);
      const fresh = parsePython(parser, expected);
      assert.equal(dump(store.treeOf(entry)!.rootNode), dump(fresh.rootNode));
      fresh.delete();
      store.dispose();
    });
  }

  it('keeps the tree right when an edit joins or splits a lone "\\r" and a "\\n"', async () => {
    const parser = await createPythonParser();
    const store = new DocumentStore(parser);
    const uri = 'file:///cr.py';
    let text = 'def f():\r    a = 1\r    b = 2\rc = 3\r';
    store.open(uri, 'python', 1, text);
    const edits: Array<[number, number, string]> = [
      [13, 13, '\n'], // "1\r" + "\n": a lone CR becomes a CRLF
      [14, 14, 'x = 4\r'],
      [13, 14, ''], // and back: the CRLF's "\n" deleted leaves a lone CR
      [8, 8, '\r'], // a CR put before the next line's spaces
      [9, 9, '\n    y = (\r'],
      [0, text.length, 'if x:\r  z = 1\r'],
    ];
    for (const [version, [start, end, insert]] of edits.entries()) {
      const index = new LineIndex(text);
      store.change(uri, version + 2, [{ range: index.rangeOf(start, Math.min(end, text.length)), text: insert }]);
      text = text.slice(0, start) + insert + text.slice(Math.min(end, text.length));
      const fresh = parsePython(parser, text);
      assert.equal(
        dump(store.treeOf(store.get(uri)!)!.rootNode),
        dump(fresh.rootNode),
        `after edit ${version + 1}: ${JSON.stringify(text)}`,
      );
      fresh.delete();
    }
    store.dispose();
  });

  it('parses once for a burst of changes, when the tree is next read', async () => {
    const parser = await createPythonParser();
    let parses = 0;
    const parse = parser.parse.bind(parser);
    parser.parse = (...args: Parameters<typeof parse>) => {
      parses++;
      return parse(...args);
    };
    const store = new DocumentStore(parser);
    const uri = 'file:///burst.py';
    let text = 'import os\n\nx = os.environ["A"]\n';
    store.open(uri, 'python', 1, text);
    store.treeOf(store.get(uri)!);
    assert.equal(parses, 1);
    for (let version = 2; version <= 9; version++) {
      const at = new LineIndex(text).positionAt(text.length);
      store.change(uri, version, [{ range: { start: at, end: at }, text: `y${version} = ${version}\n` }]);
      text += `y${version} = ${version}\n`;
    }
    assert.equal(parses, 1, 'a change parses nothing');
    const tree = store.treeOf(store.get(uri)!)!;
    store.treeOf(store.get(uri)!);
    assert.equal(parses, 2, 'one re-parse for the eight changes');
    const fresh = parsePython(parser, text);
    assert.equal(dump(tree.rootNode), dump(fresh.rootNode));
    fresh.delete();
    store.dispose();
  });

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
    assert.equal(
      store.treeOf(entry)!.rootNode.toString(),
      '(module (expression_statement (assignment left: (identifier) right: (integer))))',
    );
    store.dispose();
  });
});
