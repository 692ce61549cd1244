// A large document with no tree to start from (opened, or replaced whole) is parsed in slices
// (protocol/documents.ts parseSteps), so that the server answers requests in between: the tree
// it ends with is the one a parse in one go makes, also when the text changes or the document
// closes while the parse runs.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Tree } from 'web-tree-sitter';
import { createPythonParser, parsePython } from '../../server/src/core/syntax/parser';
import { runToEnd } from '../../server/src/core/steps';
import { DocumentStore, SLICED_PARSE_CHARS } from '../../server/src/protocol/documents';
import { generateLargeDag } from '../bench/generate';

const uri = 'file:///large/dag.py';

/** The tree as text (web-tree-sitter's s-expression), to compare two parses. */
async function oneGo(text: string): Promise<string> {
  const parser = await createPythonParser();
  const tree = parsePython(parser, text);
  try {
    return tree.rootNode.toString();
  } finally {
    tree.delete();
    parser.delete();
  }
}

describe('the first parse of a large document', () => {
  it('runs in slices, with no tree until it ends, and ends with the tree of a parse in one go', async () => {
    const text = generateLargeDag(5000);
    assert.ok(text.length >= SLICED_PARSE_CHARS);
    const store = new DocumentStore(await createPythonParser());
    try {
      const entry = store.open(uri, 'python', 1, text);
      assert.equal(store.treeOf(entry), null);
      assert.equal(store.sourceOf(entry), null, 'no analysis view before the tree');
      let pauses = 0;
      const steps = store.parseSteps(entry);
      while (!steps.next().done) pauses++;
      assert.ok(pauses >= 2, `${pauses} pauses`);
      assert.equal((entry.tree as Tree | null)?.rootNode.toString(), await oneGo(text));
      assert.equal(entry.notAnalysed, undefined);
      assert.ok(store.sourceOf(entry)?.snapshot.count, 'the analysis view reads the tree');
    } finally {
      store.dispose();
    }
  });

  it('parses a small document at once', async () => {
    const store = new DocumentStore(await createPythonParser());
    try {
      const entry = store.open(uri, 'python', 1, generateLargeDag(100));
      assert.ok(store.treeOf(entry));
      assert.equal(entry.pending, undefined);
    } finally {
      store.dispose();
    }
  });

  it('starts again on the new text when the document changes during the parse', async () => {
    const text = generateLargeDag(5000);
    const store = new DocumentStore(await createPythonParser());
    try {
      const entry = store.open(uri, 'python', 1, text);
      const steps = store.parseSteps(entry);
      steps.next();
      steps.next();
      // The scheduler drops a stale run's steps; the next analysis runs the parse again.
      steps.return(undefined);
      const edited = store.change(uri, 2, [
        { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: 'import os\n' },
      ])!;
      assert.equal(store.treeOf(edited), null);
      runToEnd(store.parseSteps(edited));
      assert.equal((edited.tree as Tree | null)?.rootNode.toString(), await oneGo(`import os\n${text}`));
      // An edit after the tree exists re-parses incrementally, at once.
      const again = store.change(uri, 3, [{ range: { start: { line: 0, character: 0 }, end: { line: 1, character: 0 } }, text: '' }])!;
      assert.equal(store.treeOf(again)?.rootNode.toString(), await oneGo(text));
    } finally {
      store.dispose();
    }
  });

  it('frees its parser when the document closes during the parse', async () => {
    const store = new DocumentStore(await createPythonParser());
    const entry = store.open(uri, 'python', 1, generateLargeDag(5000));
    const steps = store.parseSteps(entry);
    steps.next();
    const pending = entry.pending;
    assert.ok(pending);
    let deleted = 0;
    const remove = pending.parser.delete.bind(pending.parser);
    pending.parser.delete = () => {
      deleted++;
      remove();
    };
    store.close(uri);
    assert.equal(entry.pending, undefined);
    assert.equal(deleted, 1);
    store.dispose();
  });
});
