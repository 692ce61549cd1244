// The language server's collection of the young generation between analyses (protocol/idleCollection.ts).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  exposedCollector,
  IDLE_COLLECTION_AFTER_MS,
  IdleCollector,
  worthCollecting,
  youngGeneration,
} from '../../server/src/protocol/idleCollection';

const MB = 1024 * 1024;

const later = () => new Promise((resolve) => setTimeout(resolve, IDLE_COLLECTION_AFTER_MS + 30));

function collector(state: { idle: boolean; worthIt: boolean }) {
  const calls: string[] = [];
  const idle = new IdleCollector(
    () => state.idle,
    (options) => calls.push(options?.type ?? 'full'),
    () => state.worthIt,
  );
  return { idle, calls };
}

describe('the idle collection', () => {
  it('collects the young generation once, a little after the last analysis ends, when idle', async () => {
    const state = { idle: true, worthIt: true };
    const { idle, calls } = collector(state);
    idle.workEnded();
    idle.workEnded();
    assert.deepEqual(calls, [], 'not at once');
    await later();
    assert.deepEqual(calls, ['minor']);
  });

  it('leaves it to V8 while an analysis is pending or running, or when the young generation holds little', async () => {
    const state = { idle: false, worthIt: true };
    const { idle, calls } = collector(state);
    idle.workEnded();
    await later();
    state.idle = true;
    state.worthIt = false;
    idle.workEnded();
    await later();
    assert.deepEqual(calls, []);
  });

  it('collects only a young generation at least half full (a collection V8 would soon make anyway)', () => {
    assert.equal(worthCollecting({ used: 9 * MB, available: 7 * MB }), true);
    assert.equal(worthCollecting({ used: 5 * MB, available: 11 * MB }), false);
    assert.equal(worthCollecting({ used: 1 * MB, available: 0 }), false, 'too little to free');
  });

  it('collects nothing after it is disposed', async () => {
    const { idle, calls } = collector({ idle: true, worthIt: true });
    idle.workEnded();
    idle.dispose();
    await later();
    assert.deepEqual(calls, []);
  });

  it('makes a full collection when asked (a measurement of what the server keeps), if it has a collector', () => {
    const { idle, calls } = collector({ idle: false, worthIt: false });
    assert.equal(idle.collectAll(), true);
    assert.deepEqual(calls, ['full'], 'even while busy: the caller asked for it');
    const without = new IdleCollector(() => true, null);
    assert.equal(without.collectAll(), false);
  });

  it("gets V8's collector in this runtime, and a minor collection empties the young generation", () => {
    const collect = exposedCollector();
    assert.ok(collect, 'the collector is exposed');
    const kept: object[] = [];
    for (let index = 0; index < 200_000; index++) if (index % 100 === 0) kept.push({ index });
    const before = youngGeneration().used;
    collect({ type: 'minor' });
    assert.ok(youngGeneration().used < before, `${youngGeneration().used} bytes after, ${before} before`);
    assert.equal(kept.length, 2_000);
    assert.equal((globalThis as { gc?: unknown }).gc, undefined, "the server's own global is left as it was");
  });
});
