// Collects the young generation of the heap while the server is idle, so that the next analysis
// does not. An analysis of a 5,000-line file allocates megabytes, and much of it (the file model)
// lives until the analysis ends: a scavenge that falls inside an analysis copies all of that and
// cost 10-17 ms, the whole difference between the analysis' p50 and p95 (8 against 27 ms on the
// bench file). Collected after the analysis, with only the kept model alive, it costs about 4-6 ms
// and nobody waits for it; the next analysis then starts with an empty young generation.
import v8 from 'node:v8';
import vm from 'node:vm';

/** V8's `gc`: a minor collection when asked, else a full one (see collectAll). */
type CollectGarbage = (options?: { type: 'minor' }) => void;

/** How long the server must stay idle after its last analysis before collecting (an analysis pending then postpones it). */
export const IDLE_COLLECTION_AFTER_MS = 15;
/** Below this many bytes in the young generation, a collection frees too little to be worth it. */
const MIN_YOUNG_BYTES = 2 * 1024 * 1024;

/**
 * V8's own collector, or null when this runtime will not expose it. The flag is set at run time
 * because an editor starts the server with its own command line; `gc` is then defined in new
 * contexts only (the server's own global stays as it was).
 */
export function exposedCollector(): CollectGarbage | null {
  try {
    v8.setFlagsFromString('--expose-gc');
    const collect: unknown = vm.runInNewContext('gc');
    return typeof collect === 'function' ? (collect as CollectGarbage) : null;
  } catch {
    return null;
  }
}

/** The young generation ("new_space"): bytes in use, and bytes free before V8 collects it. */
export function youngGeneration(): { used: number; available: number } {
  const space = v8.getHeapSpaceStatistics().find((candidate) => candidate.space_name === 'new_space');
  return { used: space?.space_used_size ?? 0, available: space?.space_available_size ?? 0 };
}

/**
 * Whether to collect now: only when the young generation is at least half full, so that the
 * collection replaces one V8 would soon make anyway (during the next analysis). Collecting more
 * often promotes short-lived data to the old generation, which then grows (measured: 35 MB more
 * RSS under the soak's flood of edits, and slower requests).
 */
export function worthCollecting(young: { used: number; available: number } = youngGeneration()): boolean {
  return young.used >= MIN_YOUNG_BYTES && young.used >= young.available;
}

export class IdleCollector {
  private timer: NodeJS.Timeout | undefined;

  constructor(
    /** Whether nothing runs or waits to run (no analysis pending or running, no request waiting for one). */
    private readonly isIdle: () => boolean,
    private readonly collect: CollectGarbage | null = exposedCollector(),
    private readonly worthIt: () => boolean = worthCollecting,
  ) {}

  /** An analysis ended: collect a little later if the server is idle then (a newer end re-arms). */
  workEnded(): void {
    if (!this.collect) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (this.isIdle() && this.worthIt()) this.collect?.({ type: 'minor' });
    }, IDLE_COLLECTION_AFTER_MS);
    // Never what keeps the process alive.
    this.timer.unref();
  }

  /**
   * A full collection now, for a measurement of the memory the server really keeps (the soak's
   * growth after collection): false when this runtime has no collector to call. `gc()` without
   * options, not `{ type: 'major' }`: read at once after the latter, the heap in use still held
   * 5-45 MB of garbage (measured over 1,000 edits of a 1,000-line file: 20 to 57 MB at readings
   * where a heap snapshot, which collects everything, found 12-13 MB); after the former, 12-13 MB.
   */
  collectAll(): boolean {
    if (!this.collect) return false;
    this.collect();
    return true;
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }
}
