// Work written as a generator that pauses (`yield`) between its parts: the language server runs it
// a step per turn of its event loop (protocol/analysisScheduler.ts runInSlices), everyone else runs
// it through.

/** Runs `steps` to the end without pausing; returns their result. */
export function runToEnd<T>(steps: Generator<void, T>): T {
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}
