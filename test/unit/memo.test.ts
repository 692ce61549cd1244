// core/memo.ts: the per-file caches kept on their owners (instead of module-level WeakMaps) answer
// as a WeakMap keyed by the owner would: a value per owner and per key, absent until set.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type HasMemos, MemoKey } from '../../server/src/core/memo';

const owner = (): HasMemos => ({ memos: undefined });

describe('MemoKey', () => {
  it('keeps a value per owner and per key, as a WeakMap per key would', () => {
    const first = owner();
    const second = owner();
    const sites = new MemoKey<string[]>('sites');
    const scopes = new MemoKey<number>('scopes');
    const weak = new Map<MemoKey<unknown>, WeakMap<HasMemos, unknown>>([
      [sites, new WeakMap()],
      [scopes, new WeakMap()],
    ]);
    const writes: Array<[HasMemos, MemoKey<never>, unknown]> = [
      [first, sites as MemoKey<never>, ['a']],
      [second, scopes as MemoKey<never>, 0],
      [first, scopes as MemoKey<never>, 7],
      [first, sites as MemoKey<never>, ['b']],
    ];
    for (const [who, key, value] of writes) {
      key.set(who, value as never);
      weak.get(key)?.set(who, value);
      for (const reader of [first, second]) {
        for (const asked of [sites, scopes]) {
          assert.equal(asked.get(reader), weak.get(asked)?.get(reader));
          assert.equal(asked.has(reader), weak.get(asked)?.has(reader));
        }
      }
    }
    assert.deepEqual(sites.get(first), ['b']);
    assert.equal(sites.get(second), undefined);
    assert.equal(scopes.get(second), 0);
    assert.equal(scopes.has(second), true);
  });
});
