// What web-tree-sitter (0.25) does after a parse is cancelled by its progress callback: called again
// with the same text, `parse` resumes where it stopped (as the C API's ts_parser_parse does until
// ts_parser_reset) and gives the tree of a parse in one go; called with another text, it resumes all
// the same and gives a broken tree. A newly opened large document could therefore be parsed in
// slices (issue 16: its first parse, one WASM call of 80-100 ms in a fresh server, holds every
// request), by a parser of its own, reset before it parses any other text; parsePythonWithin, which
// gives up after a time limit, resets its parser for that reason.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import type { Parser } from 'web-tree-sitter';
import { createPythonParser, parsePythonWithin } from '../../server/src/core/syntax/parser';
import { generateLargeDag } from '../bench/generate';

/** Progress callbacks between two cancellations: a slice of work, never of time. */
const CALLS_PER_SLICE = 100;

/** Parses `text` in slices of CALLS_PER_SLICE progress callbacks; returns the tree and the number of slices. */
function parseInSlices(parser: Parser, text: string) {
  for (let slices = 1; ; slices++) {
    let calls = 0;
    // The callback's result cancels the parse when true (typed as void in web-tree-sitter 0.25).
    const progressCallback = (() => ++calls > CALLS_PER_SLICE) as unknown as () => void;
    const tree = parser.parse(text, null, { progressCallback });
    if (tree) return { tree, slices };
  }
}

describe('a parse cancelled by its progress callback', () => {
  let parser: Parser;
  const text = generateLargeDag(5000);
  before(async () => {
    parser = await createPythonParser();
  });

  it('resumes when parse is called again with the same text, and gives the tree of one go', () => {
    const whole = parser.parse(text)!;
    const { tree, slices } = parseInSlices(parser, text);
    try {
      assert.ok(slices > 5, `${slices} slices`);
      assert.equal(tree.rootNode.descendantCount, whole.rootNode.descendantCount);
      assert.equal(tree.rootNode.toString(), whole.rootNode.toString());
      assert.equal(tree.rootNode.hasError, false);
    } finally {
      tree.delete();
      whole.delete();
    }
  });

  it('resumes with another text too, into a broken tree, unless the parser is reset', () => {
    const other = text.replace(/catchup=False/g, 'catchup=True');
    const fresh = parser.parse(other)!;
    let calls = 0;
    assert.equal(parser.parse(text, null, { progressCallback: (() => ++calls > CALLS_PER_SLICE) as unknown as () => void }), null);
    const resumed = parser.parse(other)!;
    // parsePythonWithin gives up at once here (no time) and resets the parser.
    assert.equal(parsePythonWithin(parser, text, null, 0), null);
    const afterReset = parser.parse(other)!;
    try {
      assert.equal(resumed.rootNode.hasError, true);
      assert.notEqual(resumed.rootNode.toString(), fresh.rootNode.toString());
      assert.equal(afterReset.rootNode.toString(), fresh.rootNode.toString());
    } finally {
      for (const tree of [fresh, resumed, afterReset]) tree.delete();
    }
  });
});
