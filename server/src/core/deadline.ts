// The time budget of one analysis: a limit for the whole file and one for each rule, checked
// cooperatively where the analysis loops (the model's fixpoints, value-flow following, the
// queries rules make per node, every finding reported). An overrun throws `DeadlineExceeded`:
// `analyzePython` skips the rule that ran over (through `onRuleError`, like a rule that throws)
// and the other rules still report. A deadline cannot stop a loop that never checks it, so every
// loop is also bounded on its own (iteration caps, visited sets); this is the net under them.

/** Milliseconds an analysis may take: the whole file, and each rule within it. */
export interface AnalysisBudget {
  fileMilliseconds: number;
  ruleMilliseconds: number;
}

/** Generous: a 5,000-line DAG file takes about 100 ms in all; only a pathological file gets near. */
export const DEFAULT_BUDGET: AnalysisBudget = Object.freeze({ fileMilliseconds: 10_000, ruleMilliseconds: 3_000 });

export class DeadlineExceeded extends Error {
  override readonly name = 'DeadlineExceeded';
}

/** Checks between clock reads: reading the clock costs more than most loop steps. */
const CHECKS_PER_CLOCK_READ = 64;

export class Deadline {
  private fileEnd: number;
  private end: number;
  private part = 'building the parse-time model';
  private checks = 0;

  constructor(
    private readonly budget: AnalysisBudget = DEFAULT_BUDGET,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.fileEnd = now() + budget.fileMilliseconds;
    this.end = this.fileEnd;
  }

  /** A deadline that never passes (tests and callers that run their own timing). */
  static none(): Deadline {
    return new Deadline({ fileMilliseconds: Infinity, ruleMilliseconds: Infinity });
  }

  /** From now on the limit is the rule's own (never later than the file's). */
  startRule(code: string): void {
    this.part = code;
    this.end = Math.min(this.fileEnd, this.now() + this.budget.ruleMilliseconds);
    this.checks = 0;
  }

  /**
   * The analysis pauses (run in slices, core/analyze.ts analysisSteps, with other work in between):
   * the time of the pause, for `resumedFrom`. A number, not a function to call on resuming: the
   * analysis pauses often, and a closure per pause was garbage.
   */
  pausedAt(): number {
    return this.now();
  }

  /** The analysis resumes after a pause that began at `paused`: both limits move by the pause, which is not the analysis' time. */
  resumedFrom(paused: number): void {
    const pausedFor = this.now() - paused;
    this.fileEnd += pausedFor;
    this.end += pausedFor;
  }

  /** The analysis is over: what asks its model afterwards (the parse-cost lens) runs without a limit. */
  lift(): void {
    this.fileEnd = Infinity;
    this.end = Infinity;
  }

  /** The file's whole budget is spent: what is left to run is skipped. */
  filePassed(): boolean {
    return this.now() > this.fileEnd;
  }

  /** The error that says what ran over and which limit. */
  exceeded(): DeadlineExceeded {
    return this.end < this.fileEnd
      ? new DeadlineExceeded(
          `rule ${this.part} took longer than ${this.budget.ruleMilliseconds} ms (the time budget of one rule) and was stopped`,
        )
      : new DeadlineExceeded(
          `the analysis of this file took longer than ${this.budget.fileMilliseconds} ms (the time budget of one file); stopped at ${this.part}`,
        );
  }

  /** Throws DeadlineExceeded once the current limit has passed. */
  check(): void {
    if (++this.checks < CHECKS_PER_CLOCK_READ) return;
    this.checks = 0;
    if (this.now() > this.end) throw this.exceeded();
  }
}
