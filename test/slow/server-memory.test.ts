// The language server keeps nothing per edit: after a thousand edits that leave the text as it
// was, with hovers, completions and code actions between them, the heap after a full collection
// is what it was before them. A per-revision cache never emptied, a listener added per change or
// an analysis kept after it went stale would each grow it by kilobytes per edit (issue 16's goal:
// memory flat over thousands of edits; `npm run soak` measures the same over 10,000).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LineIndex } from '../../server/src/core/syntax/positions';
import { generateLargeDag } from '../bench/generate';
import { LspTestClient } from '../helpers/lspClient';

type MemoryUsage = NodeJS.MemoryUsage & { collected: boolean };

/** A small seeded generator, so that a failure replays. */
function random(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => (state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

const MB = 1024 * 1024;
/** Edits before the first reading: caches fill and V8 compiles what the edits run. */
const SETTLING_PAIRS = 200;
const MEASURED_PAIRS = 1_000;
/** Far below what a leak of one document model per edit would add, and above V8's own noise. */
const GROWTH_LIMIT_BYTES = 4 * MB;

describe('server memory over many edits', () => {
  it('is the same after a thousand edits that restore the text', async () => {
    const client = await LspTestClient.start();
    try {
      const uri = 'untitled:memory-flat.py';
      const text = generateLargeDag(1_000);
      const lines = new LineIndex(text);
      client.open(uri, text);
      await client.diagnostics(uri, () => true);
      const next = random(7);
      let version = 1;
      const kept = async () => {
        await client.diagnostics(uri, (p) => p.version === version);
        const usage = await client.request<MemoryUsage>('dagGuard/memoryUsage', { collect: true });
        assert.equal(usage.collected, true);
        return usage.heapUsed;
      };
      // Type a character somewhere, ask what an editor asks, then delete it again.
      const editPair = async (pair: number) => {
        const at = Math.floor(next() * text.length);
        const position = lines.positionAt(at);
        const after = { line: position.line, character: position.character + 1 };
        client.change(uri, [{ range: { start: position, end: position }, text: 'x' }]);
        const textDocument = { uri };
        if (pair % 5 === 0) await client.request('textDocument/hover', { textDocument, position: after });
        if (pair % 7 === 0) await client.request('textDocument/completion', { textDocument, position: after });
        if (pair % 25 === 0)
          await client.request('textDocument/codeAction', {
            textDocument,
            range: { start: after, end: after },
            context: { diagnostics: [] },
          });
        version = client.change(uri, [{ range: { start: position, end: after }, text: '' }]);
        // A pause in typing now and then: the analysis runs and publishes.
        if (pair % 50 === 0) await client.diagnostics(uri, (p) => p.version === version);
      };
      for (let pair = 1; pair <= SETTLING_PAIRS; pair++) await editPair(pair);
      const before = await kept();
      for (let pair = 1; pair <= MEASURED_PAIRS; pair++) await editPair(pair);
      const after = await kept();
      const growth = after - before;
      assert.ok(
        growth < GROWTH_LIMIT_BYTES,
        `heap after a full collection grew ${(growth / MB).toFixed(1)} MB over ${MEASURED_PAIRS} edit pairs (${(before / MB).toFixed(1)} to ${(after / MB).toFixed(1)} MB)`,
      );
    } finally {
      await client.stop();
    }
  });
});
