// LineIndex's lines: "\n", "\r\n" and a lone "\r" each end one, whichever way the index is built
// (texts without "\r" take a faster path than the others).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LineIndex } from '../../server/src/core/syntax/positions';

/** The line starts, read one character at a time. */
function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '\r' && text[i + 1] === '\n') i++;
    if (text[i] === '\r' || text[i] === '\n') starts.push(i + 1);
  }
  return starts;
}

describe('LineIndex', () => {
  it('puts every offset on the line the line ends say, with or without "\\r"', () => {
    const pieces = ['a', 'bc', '\n', '\r', '\r\n', '\n\n', ' ', '\u2028', 'é', '𝑥'];
    let seed = 11;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    for (let i = 0; i < 3000; i++) {
      const withCarriageReturns = i % 2 === 0;
      let text = '';
      for (let length = Math.floor(next() * 12); length > 0; length--) {
        const piece = pieces[Math.floor(next() * pieces.length)] as string;
        if (withCarriageReturns || !piece.includes('\r')) text += piece;
      }
      const starts = lineStarts(text);
      const index = new LineIndex(text);
      assert.equal(index.lineCount, starts.length, JSON.stringify(text));
      for (let offset = 0; offset <= text.length; offset++) {
        let line = starts.length - 1;
        while ((starts[line] as number) > offset) line--;
        assert.deepEqual(index.positionAt(offset), { line, character: offset - (starts[line] as number) }, JSON.stringify([text, offset]));
      }
    }
  });
});
