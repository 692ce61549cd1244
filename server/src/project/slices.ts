// Long walks of the file system written once, run two ways: to the end at once (the CLI, which has
// nothing else to do), or in slices of a few milliseconds that give the event loop back in between
// (the language server, which must keep answering requests while it walks a large workspace).
// A walk is a generator that yields after each unit of work (a folder read) and returns its result.
import { setImmediate as nextTurn } from 'node:timers/promises';

/** Runs `steps` to the end without pausing. */
export function runAtOnce<T>(steps: Generator<unknown, T>): T {
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

export interface SliceOptions {
  /** How long one slice may run before the event loop gets a turn. */
  sliceMs?: number;
  /** Asked between slices: true stops the walk, which then returns null. */
  cancelled?: () => boolean;
}

/** Runs `steps` in slices of about `sliceMs`, yielding to the event loop between them; null when cancelled. */
export async function runInSlices<T>(steps: Generator<unknown, T>, options: SliceOptions = {}): Promise<T | null> {
  const sliceMs = options.sliceMs ?? 8;
  let sliceStart = performance.now();
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    if (performance.now() - sliceStart >= sliceMs) {
      await nextTurn();
      if (options.cancelled?.()) {
        steps.return(undefined as T);
        return null;
      }
      sliceStart = performance.now();
    }
  }
}
