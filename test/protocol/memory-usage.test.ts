// The server's own memory over `dagGuard/memoryUsage`, which `npm run soak` reads: as it stands,
// or after a full collection when asked, so that the soak can tell memory kept from garbage; and
// the bytes of tree-sitter's WebAssembly memory, which V8's figures leave out.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LspTestClient } from '../helpers/lspClient';
import { generateLargeDag } from '../bench/generate';

type MemoryUsage = NodeJS.MemoryUsage & { collected: boolean; parser: number | null };

describe('the memory usage request', () => {
  it('reads the memory as it stands, or after a full collection when asked', async () => {
    const client = await LspTestClient.start();
    try {
      const uri = 'untitled:memory.py';
      client.open(uri, generateLargeDag(1_000));
      await client.diagnostics(uri, () => true);
      const standing = await client.request<MemoryUsage>('dagGuard/memoryUsage', null);
      assert.equal(standing.collected, false);
      const collected = await client.request<MemoryUsage>('dagGuard/memoryUsage', { collect: true });
      assert.equal(collected.collected, true, 'the server has a collector to call');
      for (const usage of [standing, collected]) {
        assert.ok(usage.rss > usage.heapUsed && usage.heapUsed > 1024 * 1024, JSON.stringify(usage));
        // Tree-sitter's memory: whole WebAssembly pages, at least the runtime's first allocation.
        assert.ok(
          typeof usage.parser === 'number' && usage.parser % 65_536 === 0 && usage.parser >= 16 * 1024 * 1024,
          JSON.stringify(usage),
        );
      }
    } finally {
      await client.stop();
    }
  });
});
