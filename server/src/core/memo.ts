// Caches of what an analysis derives once from one file's objects (its SourceFile, its parse-time
// model, its argument sites) and several rules read, kept on those objects rather than in
// module-level WeakMaps keyed by them. Why: V8's young-generation collections (scavenges) keep
// the value of every entry of an old WeakMap alive, and such a value holds its key's file; so every
// analysis that a scavenge met survived to the old generation and lived on until a full
// collection (issue 16; measured: 20,000 analyses of a three-line DAG file promoted 110-150 MB
// through these caches and per-analysis generator functions, about 2 MB without them). Kept on its
// owner, a cache dies with it in the young generation.

/** An object that keeps caches for MemoKeys (a field set to undefined in its constructor). */
export interface HasMemos {
  memos: Map<MemoKey<unknown>, unknown> | undefined;
}

/** One cache: its value per owner, read and written with WeakMap's get and set. */
export class MemoKey<V> {
  constructor(
    /** Says what is cached (for readers). */
    readonly name: string,
  ) {}

  get(owner: HasMemos): V | undefined {
    return owner.memos?.get(this) as V | undefined;
  }

  has(owner: HasMemos): boolean {
    return owner.memos?.has(this) ?? false;
  }

  set(owner: HasMemos, value: V): void {
    (owner.memos ??= new Map()).set(this, value);
  }
}
