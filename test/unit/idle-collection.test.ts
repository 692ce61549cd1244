// The language server's collection of the young generation between analyses (protocol/idleCollection.ts).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  exposedCollector,
  IDLE_COLLECTION_AFTER_MS,
  IdleCollector,
  MIN_YOUNG_BYTES,
  youngGenerationBytes,
} from '../../server/src/protocol/idleCollection';

const later = () => new Promise((resolve) => setTimeout(resolve, IDLE_COLLECTION_AFTER_MS + 30));

function collector(state: { idle: boolean; young: number }) {
  const calls: string[] = [];
  const idle = new IdleCollector(
    () => state.idle,
    (options) => calls.push(options.type),
    () => state.young,
  );
  return { idle, calls };
}

describe('the idle collection', () => {
  it('collects the young generation once, a little after the last analysis ends, when idle', async () => {
    const state = { idle: true, young: MIN_YOUNG_BYTES * 4 };
    const { idle, calls } = collector(state);
    idle.workEnded();
    idle.workEnded();
    assert.deepEqual(calls, [], 'not at once');
    await later();
    assert.deepEqual(calls, ['minor']);
  });

  it('leaves it to V8 while an analysis is pending or running, or when the young generation holds little', async () => {
    const state = { idle: false, young: MIN_YOUNG_BYTES * 4 };
    const { idle, calls } = collector(state);
    idle.workEnded();
    await later();
    state.idle = true;
    state.young = MIN_YOUNG_BYTES - 1;
    idle.workEnded();
    await later();
    assert.deepEqual(calls, []);
  });

  it('collects nothing after it is disposed', async () => {
    const { idle, calls } = collector({ idle: true, young: MIN_YOUNG_BYTES * 4 });
    idle.workEnded();
    idle.dispose();
    await later();
    assert.deepEqual(calls, []);
  });

  it("gets V8's collector in this runtime, and a minor collection empties the young generation", () => {
    const collect = exposedCollector();
    assert.ok(collect, 'the collector is exposed');
    const kept: object[] = [];
    for (let index = 0; index < 200_000; index++) if (index % 100 === 0) kept.push({ index });
    const before = youngGenerationBytes();
    collect({ type: 'minor' });
    assert.ok(youngGenerationBytes() < before, `${youngGenerationBytes()} bytes after, ${before} before`);
    assert.equal(kept.length, 2_000);
    assert.equal((globalThis as { gc?: unknown }).gc, undefined, "the server's own global is left as it was");
  });
});
