// One pending timer per key: a burst of edits to a document runs its analysis once, after the
// typing pauses. A newer schedule replaces the older one.
export class Debouncer {
  private readonly timers = new Map<string, NodeJS.Timeout>();

  schedule(key: string, run: () => void, delayMs: number): void {
    this.cancel(key);
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        run();
      }, delayMs),
    );
  }

  pending(key: string): boolean {
    return this.timers.has(key);
  }

  /** Whether any key's run waits for its timer. */
  anyPending(): boolean {
    return this.timers.size > 0;
  }

  cancel(key: string): void {
    const timer = this.timers.get(key);
    if (timer) clearTimeout(timer);
    this.timers.delete(key);
  }

  dispose(): void {
    for (const key of [...this.timers.keys()]) this.cancel(key);
  }
}

/**
 * How long to wait after an edit before analysing, per document, from what its analyses cost: a
 * fraction of the measured analysis time, so a small file's diagnostics come almost at once and a
 * large file's keystrokes in quick succession share one analysis. An analysis that a newer edit
 * overtakes is stopped between slices (analysisScheduler.ts), so a short wait wastes some work but
 * never delays the newer text by more than a slice.
 */
export class AdaptiveDelay {
  static readonly MIN_MS = 10;
  static readonly MAX_MS = 150;
  /** Wait this share of the analysis time: long enough for the next keystroke of a fast typist on a large file. */
  static readonly SHARE = 0.5;
  /** Before a document's first measure. */
  static readonly UNMEASURED_MS = 50;
  private readonly costs = new Map<string, number>();

  /** Records how long an analysis of `key` worked (its slices, not the pauses between them). */
  measured(key: string, milliseconds: number): void {
    const previous = this.costs.get(key);
    // A moving average: one slow analysis (a busy machine, a cold start) moves it only part way.
    this.costs.set(key, previous === undefined ? milliseconds : previous * 0.7 + milliseconds * 0.3);
  }

  delayFor(key: string): number {
    const cost = this.costs.get(key);
    if (cost === undefined) return AdaptiveDelay.UNMEASURED_MS;
    return Math.round(Math.min(AdaptiveDelay.MAX_MS, Math.max(AdaptiveDelay.MIN_MS, cost * AdaptiveDelay.SHARE)));
  }

  forget(key: string): void {
    this.costs.delete(key);
  }
}
