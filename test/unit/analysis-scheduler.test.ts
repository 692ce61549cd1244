// The language server's scheduling (server/src/protocol/analysisScheduler.ts, debouncer.ts): which
// analyses run, which results are published, what a request waiting for a text's analysis gets.
// A fake host stands for the server: its "analysis" of a revision returns one finding naming it,
// in steps that each do some work, with a pause of the scheduler between them.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Finding } from '../../server/src/core/findings';
import { AnalysisScheduler, runInSlices } from '../../server/src/protocol/analysisScheduler';
import { AdaptiveDelay } from '../../server/src/protocol/debouncer';
import { Deadline } from '../../server/src/core/deadline';

const URI = 'untitled:a.py';
const STEPS = 4;
/** Each step of the fake analysis works this long. */
const STEP_MS = 2;

function busy(milliseconds: number): void {
  const end = performance.now() + milliseconds;
  while (performance.now() < end);
}

class FakeServer {
  revision = 1;
  readonly cache = new Map<number, Finding[]>();
  readonly published: string[] = [];
  /** The revisions whose analysis started, in order. */
  readonly started: number[] = [];
  readonly scheduler = new AnalysisScheduler({
    revisionOf: () => this.revision,
    cached: (_uri, revision) => this.cache.get(revision),
    analysisSteps: () => this.steps(this.revision),
    ready: async () => undefined,
    publish: (_uri, findings) => this.published.push(findings[0].code),
    log: () => undefined,
  });

  private *steps(revision: number): Generator<void, Finding[]> {
    this.started.push(revision);
    for (let i = 0; i < STEPS; i++) {
      busy(STEP_MS);
      yield;
    }
    const findings = [{ code: `text ${revision}` } as Finding];
    this.cache.set(revision, findings);
    return findings;
  }

  /** A new text, as didChange brings it: the scheduler hears of it in the same turn. */
  change(): void {
    this.revision++;
    this.scheduler.schedule(URI);
  }
}

/** Resolves when `condition` holds, checking between turns of the event loop. */
async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 1));
}

/**
 * The scheduler's `busy()` promise, checked to be there and still unresolved a turn of the event
 * loop later (background work held back); `released` resolves when it lets that work go on.
 */
async function heldBack(scheduler: AnalysisScheduler): Promise<{ released: Promise<void> }> {
  const idle = scheduler.busy();
  assert.ok(idle);
  let released = false;
  void idle.then(() => (released = true));
  await new Promise((resolve) => setImmediate(resolve));
  assert.equal(released, false);
  return { released: idle };
}

describe('analysis scheduler', () => {
  it('a change while an analysis runs stops it: only the newer text is published', async () => {
    const server = new FakeServer();
    server.scheduler.schedule(URI, true);
    await until(() => server.started.length === 1);
    server.change();
    await until(() => server.published.length > 0);
    await new Promise((resolve) => setTimeout(resolve, 100));
    assert.deepEqual(server.published, ['text 2']);
    assert.deepEqual(server.started, [1, 2]);
  });

  it('a request for a text whose debounce is pending runs its analysis at once, and only once', async () => {
    const server = new FakeServer();
    server.scheduler.schedule(URI);
    const findings = await server.scheduler.findingsNow(URI);
    assert.deepEqual(
      findings?.map((finding) => finding.code),
      ['text 1'],
    );
    // The debounce would have fired by now: it was dropped, the one analysis published.
    await new Promise((resolve) => setTimeout(resolve, AdaptiveDelay.UNMEASURED_MS + 50));
    assert.deepEqual(server.started, [1]);
    assert.deepEqual(server.published, ['text 1']);
  });

  it('a request for a text being analysed waits for that analysis instead of starting another', async () => {
    const server = new FakeServer();
    server.scheduler.schedule(URI, true);
    await until(() => server.started.length === 1);
    const findings = await server.scheduler.findingsNow(URI);
    assert.deepEqual(
      findings?.map((finding) => finding.code),
      ['text 1'],
    );
    assert.deepEqual(server.started, [1]);
  });

  it('a request whose text changes while it waits is answered for the newer text', async () => {
    const server = new FakeServer();
    server.scheduler.schedule(URI, true);
    await until(() => server.started.length === 1);
    const answer = server.scheduler.findingsNow(URI);
    server.change();
    assert.deepEqual(
      (await answer)?.map((finding) => finding.code),
      ['text 2'],
    );
    assert.ok(!server.published.includes('text 1'), `published: ${server.published.join(', ')}`);
  });

  it('a cached text is answered from the cache without an analysis', async () => {
    const server = new FakeServer();
    server.cache.set(1, [{ code: 'cached' } as Finding]);
    assert.deepEqual(
      (await server.scheduler.findingsNow(URI))?.map((finding) => finding.code),
      ['cached'],
    );
    assert.deepEqual(server.started, []);
  });

  it('a closed document gets no analysis and no answer', async () => {
    const server = new FakeServer();
    server.scheduler.schedule(URI);
    server.scheduler.cancel(URI);
    await new Promise((resolve) => setTimeout(resolve, AdaptiveDelay.UNMEASURED_MS + 50));
    assert.deepEqual(server.started, []);
  });
});

describe('adaptive debounce', () => {
  it('waits a share of the measured analysis time, between the floor and the ceiling', () => {
    const delay = new AdaptiveDelay();
    assert.equal(delay.delayFor('new'), AdaptiveDelay.UNMEASURED_MS);
    delay.measured('small', 3);
    assert.equal(delay.delayFor('small'), AdaptiveDelay.MIN_MS);
    delay.measured('large', 80);
    assert.equal(delay.delayFor('large'), 40);
    delay.measured('huge', 2000);
    assert.equal(delay.delayFor('huge'), AdaptiveDelay.MAX_MS);
  });

  it('settled waits for the analysis of a revision without starting it early, and follows a newer text', async () => {
    const server = new FakeServer();
    server.scheduler.schedule(URI);
    let settled = false;
    const waiting = server.scheduler.settled(URI, 1).then(() => (settled = true));
    // Still in its debounce: nothing started, nothing settled.
    assert.deepEqual(server.started, []);
    await waiting;
    assert.equal(settled, true);
    assert.deepEqual(server.published, ['text 1']);
    // A newer text: whoever waited for revision 2 is told when the text moves on to 3.
    server.change();
    const moved = server.scheduler.settled(URI, 2);
    server.change();
    await moved;
    assert.equal(server.revision, 3);
    await server.scheduler.settled(URI, 3);
    assert.deepEqual(server.published, ['text 1', 'text 3']);
  });

  it("busy holds background work while a document's analysis is pending or running", async () => {
    const server = new FakeServer();
    assert.equal(server.scheduler.busy(), undefined);
    // From the edit on: its analysis waits for the debounce, then runs.
    server.scheduler.schedule(URI);
    assert.ok(server.scheduler.busy());
    assert.deepEqual(server.started, []);
    await until(() => server.started.length === 1);
    const { released } = await heldBack(server.scheduler);
    await released;
    assert.deepEqual(server.published, ['text 1']);
    assert.equal(server.scheduler.busy(), undefined);
  });

  it('busy holds background work while a request runs steps of its own (the code lens counting)', async () => {
    const server = new FakeServer();
    let finish = () => undefined as void;
    const counting = server.scheduler.forRequest(() => new Promise<void>((resolve) => (finish = resolve)));
    const { released } = await heldBack(server.scheduler);
    finish();
    await counting;
    await released;
    assert.equal(server.scheduler.busy(), undefined);
  });

  it('runs one step per turn of the event loop, so that a message read and answered in several turns waits a step per turn', async () => {
    // vscode-jsonrpc reads a message, hands it to its handler and writes the answer in turns of
    // their own (a setImmediate each): a request waits for what runs in each of those turns.
    let ran = 0;
    function* work(): Generator<void, void> {
      for (let i = 0; i < 1_000; i++) {
        busy(1);
        ran++;
        yield;
      }
    }
    let stop = false;
    const running = runInSlices(work(), () => stop);
    const before = ran;
    for (let turn = 0; turn < 4; turn++) await new Promise((resolve) => setImmediate(resolve));
    const during = ran - before;
    stop = true;
    await running;
    assert.ok(during <= 5, `${during} steps ran during 4 turns`);
  });

  it('steps stopped at a pause are closed, so that what they hold is freed', async () => {
    let freed = false;
    function* holding(): Generator<void, string> {
      try {
        for (;;) {
          busy(STEP_MS);
          yield;
        }
      } finally {
        freed = true;
      }
    }
    let stop = false;
    const result = runInSlices(holding(), () => stop);
    stop = true;
    assert.equal(await result, null);
    assert.equal(freed, true);
  });

  it('one slow analysis moves the wait only part of the way', () => {
    const delay = new AdaptiveDelay();
    delay.measured('file', 80);
    delay.measured('file', 280);
    assert.equal(delay.delayFor('file'), 70);
    delay.forget('file');
    assert.equal(delay.delayFor('file'), AdaptiveDelay.UNMEASURED_MS);
  });
});

describe('time budget of an analysis run in slices', () => {
  it('a pause between steps does not count against the file or the rule budget', () => {
    let now = 0;
    const deadline = new Deadline({ fileMilliseconds: 100, ruleMilliseconds: 50 }, () => now);
    deadline.startRule('DG101');
    now = 40;
    const paused = deadline.pausedAt();
    now = 5_000;
    deadline.resumedFrom(paused);
    assert.equal(deadline.filePassed(), false);
    assert.doesNotThrow(() => {
      for (let i = 0; i < 200; i++) deadline.check();
    });
    now = 5_070;
    assert.throws(() => {
      for (let i = 0; i < 200; i++) deadline.check();
    }, /rule DG101 took longer than 50 ms/);
  });
});
