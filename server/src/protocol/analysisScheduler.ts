// When each open document is analysed, and how a request gets the analysis of the text it asks
// about. An analysis runs in steps (core/analyze.ts analysisSteps pauses inside the model and the
// rules), one per turn of the event loop: between them the event loop reads and answers requests,
// so a hover or completion never waits behind a whole analysis. Per document at most one analysis runs; a newer text or a
// reschedule stops it at its next pause (its result would be stale), and only a finished analysis
// of the document's current text is published. A request that needs findings (code actions) gets
// them for the current text: from the cache, from the run under way for that text, or from a run it
// starts at once (skipping the debounce).
import type { Finding } from '../core/findings';
import { AdaptiveDelay, Debouncer } from './debouncer';

/** What the scheduler needs from the server. */
export interface AnalysisHost {
  /** The document's revision now (the server's count of its texts); undefined when it is closed. */
  revisionOf(uri: string): number | undefined;
  /** The findings of that revision, when already computed. */
  cached(uri: string, revision: number): Finding[] | undefined;
  /** The steps of the analysis of the document's current text; their result is cached by the host. */
  analysisSteps(uri: string): Generator<void, Finding[]> | null;
  /** Resolves when an analysis may start (the deployment's config files are read, at start-up). */
  ready(): Promise<void>;
  publish(uri: string, findings: Finding[]): void;
  log(message: string): void;
}

interface Run {
  revision: number;
  cancelled: boolean;
  result: Promise<Finding[] | null>;
}

const toEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Runs `steps` to the end, one step per turn of the event loop; null when `cancelled()` turns true
 * at a pause (the steps are then closed with `return()`, so that their `finally` blocks free what
 * they hold, and never resumed). `worked` is told the time spent in the steps, without the pauses.
 * `giveWay`, asked at each pause, returns a promise while more urgent work runs (the workspace scan
 * waits for the open documents' analyses).
 *
 * One step, not a slice of several: vscode-jsonrpc reads a message, hands it to its handler and
 * writes the answer in turns of their own (a setImmediate each), so a request waits for what runs
 * in each of those turns. Measured over stdio on the 5,000-line file, slices of 8 ms made hover and
 * completion p95 while typing 84-91 ms, one step per turn 29 ms; the turns cost the workspace scan
 * of 600 files 4% (2.9 s instead of 2.8 s).
 */
export async function runInSlices<T>(
  steps: Generator<void, T>,
  cancelled: () => boolean,
  worked?: (milliseconds: number) => void,
  giveWay?: () => Promise<void> | undefined,
): Promise<T | null> {
  let busy = 0;
  for (;;) {
    const stepStart = performance.now();
    const step = steps.next();
    busy += performance.now() - stepStart;
    if (step.done) {
      worked?.(busy);
      return step.value;
    }
    await toEventLoop();
    for (let waiting = giveWay?.(); waiting && !cancelled(); waiting = giveWay?.()) await waiting;
    if (cancelled()) {
      steps.return(undefined as T);
      return null;
    }
  }
}

export class AnalysisScheduler {
  private readonly debouncer = new Debouncer();
  private readonly runs = new Map<string, Run>();
  readonly delay = new AdaptiveDelay();
  /** Called when a document's analysis starts its steps (the start-up warm-up gives way then). */
  onAnalysisStart: () => void = () => undefined;
  /** Called when a document's analysis ends, finished or stopped (the idle collection follows). */
  onAnalysisEnd: () => void = () => undefined;
  /**
   * Whether a document has been scheduled for analysis since the server started: its own analysis
   * warms what a warm-up would (and may be waiting for the config files' walk, during which requests
   * must stay quick).
   */
  analysed = false;

  /** Who waits for the end of a document's analysis (see settled). */
  private readonly settling = new Map<string, Array<() => void>>();
  /** Who waits for the open documents' analyses to end (see idle). */
  private idleWaiters: Array<() => void> = [];

  constructor(private readonly host: AnalysisHost) {}

  /**
   * The document's text changed (or its settings did): the analysis under way is stopped and a new
   * one starts after the document's debounce (at once with `immediately`, as on open).
   */
  schedule(uri: string, immediately = false): void {
    this.analysed = true;
    this.stopRun(uri);
    this.debouncer.schedule(uri, () => void this.start(uri), immediately ? 0 : this.delay.delayFor(uri));
    // Whoever waited for the older text's analysis looks again (at the new text).
    this.settle(uri);
  }

  /** The document closed: nothing pending, nothing running, nothing remembered. */
  cancel(uri: string): void {
    this.debouncer.cancel(uri);
    this.stopRun(uri);
    this.delay.forget(uri);
    this.settle(uri);
  }

  /**
   * Resolves when the document's analysis of `revision` is no longer pending or running: it
   * finished (its result is cached), it was stopped, or the text moved on. It starts nothing (the
   * debounce stands): a request that can wait for the analysis' by-products (the code lens reads
   * its model) waits here instead of building them again.
   */
  async settled(uri: string, revision: number): Promise<void> {
    while (this.host.revisionOf(uri) === revision && this.pendingFor(uri, revision)) {
      await new Promise<void>((resolve) => {
        const waiters = this.settling.get(uri) ?? [];
        waiters.push(resolve);
        this.settling.set(uri, waiters);
      });
    }
  }

  /** Whether an analysis of the document's `revision` waits for its debounce or runs. */
  private pendingFor(uri: string, revision: number): boolean {
    const running = this.runs.get(uri);
    return this.debouncer.pending(uri) || (running !== undefined && running.revision === revision);
  }

  /**
   * While an open document's analysis is pending or running (or a request waits for one): a
   * promise that resolves when none is. Background work (the workspace scan) waits on it between
   * its slices, so that the document being edited, and the code action waiting for it, come first.
   * Undefined when no analysis is pending.
   */
  busy(): Promise<void> | undefined {
    if (this.idle()) return undefined;
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Whether no analysis is pending or running, and no request waits for one. */
  idle(): boolean {
    return this.runs.size === 0 && this.waitingRequests === 0 && !this.debouncer.anyPending();
  }

  private waitingRequests = 0;

  private settle(uri: string): void {
    const waiters = this.settling.get(uri);
    this.settling.delete(uri);
    for (const resolve of waiters ?? []) resolve();
    this.mayRelease();
  }

  private mayRelease(): void {
    // A turn of the event loop later: the request whose findings just came resumes in a microtask
    // and answers first; resolved now, the workspace scan would resume before it and could analyse
    // (and publish) a file while that request still waits.
    if (this.idle() && this.idleWaiters.length > 0) setImmediate(() => this.releaseIdleWaiters());
  }

  /**
   * Runs a request's own steps (the code lens's count, in slices) with background work held back
   * until they end, as while a request waits for an analysis: the lens's steps and the workspace
   * scan's would otherwise share the turns of the event loop, and the lens take twice as long.
   */
  async forRequest<T>(work: () => Promise<T>): Promise<T> {
    this.waitingRequests++;
    try {
      return await work();
    } finally {
      this.waitingRequests--;
      this.mayRelease();
    }
  }

  /** Lets background work go on, if nothing more urgent started meanwhile (else the next settle will). */
  private releaseIdleWaiters(): void {
    if (!this.idle()) return;
    const idle = this.idleWaiters;
    this.idleWaiters = [];
    for (const resolve of idle) resolve();
  }

  /**
   * The findings of the document's current text, for a request that must answer for it: from the
   * cache, from the run under way for that text, or from a run started now. When the text changes
   * while waiting, the answer is for the newer text (the request's document has moved on). Null
   * when the document is closed.
   */
  async findingsNow(uri: string): Promise<Finding[] | null> {
    this.waitingRequests++;
    try {
      return await this.findingsOfCurrentText(uri);
    } finally {
      this.waitingRequests--;
      this.settle(uri);
    }
  }

  private async findingsOfCurrentText(uri: string): Promise<Finding[] | null> {
    let failed: number | undefined;
    for (;;) {
      const revision = this.host.revisionOf(uri);
      if (revision === undefined) return null;
      const cached = this.host.cached(uri, revision);
      if (cached) return cached;
      const running = this.runs.get(uri);
      const findings = await (running && running.revision === revision ? running.result : this.start(uri));
      if (this.host.revisionOf(uri) !== revision) continue;
      if (findings) return findings;
      // Stopped by a reschedule (settings changed): once more; failed twice on the same text: none.
      if (failed === revision) return null;
      failed = revision;
    }
  }

  dispose(): void {
    this.debouncer.dispose();
    for (const uri of [...this.runs.keys()]) this.stopRun(uri);
    for (const uri of [...this.settling.keys()]) this.settle(uri);
    for (const resolve of this.idleWaiters.splice(0)) resolve();
  }

  private stopRun(uri: string): void {
    const run = this.runs.get(uri);
    if (run) run.cancelled = true;
    this.runs.delete(uri);
  }

  /** Starts the analysis of the document's current text now (its debounce, if pending, is dropped). */
  private start(uri: string): Promise<Finding[] | null> {
    this.debouncer.cancel(uri);
    this.stopRun(uri);
    const revision = this.host.revisionOf(uri);
    if (revision === undefined) {
      this.settle(uri);
      return Promise.resolve(null);
    }
    const run: Run = { revision, cancelled: false, result: Promise.resolve(null) };
    run.result = this.analyse(uri, run).finally(() => {
      if (this.runs.get(uri) === run) this.runs.delete(uri);
      this.settle(uri);
      this.onAnalysisEnd();
    });
    this.runs.set(uri, run);
    return run.result;
  }

  private async analyse(uri: string, run: Run): Promise<Finding[] | null> {
    try {
      await this.host.ready();
      // Stopped while waiting, or the text moved on (its own schedule is coming).
      if (run.cancelled || this.host.revisionOf(uri) !== run.revision) return null;
      let findings = this.host.cached(uri, run.revision) ?? null;
      if (!findings) {
        const steps = this.host.analysisSteps(uri);
        if (!steps) return null;
        this.onAnalysisStart();
        findings = await runInSlices(
          steps,
          () => run.cancelled,
          (milliseconds) => this.delay.measured(uri, milliseconds),
        );
      }
      // A run is stopped before its document's text changes, so a result here is for the current
      // text; the revision is compared all the same, as the one thing that must never happen.
      if (findings && !run.cancelled && this.host.revisionOf(uri) === run.revision) this.host.publish(uri, findings);
      return findings;
    } catch (error) {
      this.host.log(`analysis of ${uri} failed: ${(error as Error).stack ?? String(error)}`);
      return null;
    }
  }
}
