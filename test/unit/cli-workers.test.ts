// `dag-guard check` on worker threads gives exactly the output of one thread: the same findings,
// in the same order, with the same cross-file chains, on the rule fixtures and the example gallery.
// Run through the bundle (dist/cli.js, built by `npm test`'s pretest): it is the workers' entry too.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { sliceStarts, workerCount } from '../../server/src/cli/workers';

const ROOT = path.join(__dirname, '..', '..');
const CLI = path.join(ROOT, 'dist', 'cli.js');

async function run(args: string[], workers: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const result = spawnSync(process.execPath, [CLI, ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', DAG_GUARD_WORKERS: workers },
    maxBuffer: 64 * 1024 * 1024,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('dag-guard check on worker threads', () => {
  after(() => delete process.env.DAG_GUARD_WORKERS);

  for (const folder of ['test/fixtures/rules', 'examples/dags', 'test/fixtures/project']) {
    it(`gives the single-threaded output on ${folder}`, async () => {
      const single = await run(['check', folder, '--format', 'json', '--no-cache'], '0');
      const threaded = await run(['check', folder, '--format', 'json', '--no-cache'], '3');
      assert.ok(JSON.parse(single.stdout).files.length > 1, 'several files checked');
      assert.equal(threaded.stdout, single.stdout);
      assert.equal(threaded.stderr, single.stderr);
      assert.equal(threaded.code, single.code);
    });
  }

  it('splits the files into contiguous slices of about the same amount of text, not the same count', () => {
    assert.deepEqual(sliceStarts(Array(10).fill(1), 2), [0, 5]);
    // A repository's 90 small DAG files, then its 10 large ones: by count, one worker got all the large.
    const sizes = [...Array(90).fill(100), ...Array(10).fill(10_000)];
    assert.deepEqual(sliceStarts(sizes, 2), [0, 95]);
    assert.deepEqual(sliceStarts([5, 5], 4), [0, 1], 'never an empty slice');
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
    for (let round = 0; round < 500; round++) {
      const random = Array.from({ length: 1 + Math.floor(next() * 60) }, () => Math.floor(next() ** 3 * 50_000));
      const count = 2 + Math.floor(next() * 3);
      const starts = sliceStarts(random, count);
      assert.equal(starts[0], 0);
      assert.ok(starts.length <= count && starts.length <= random.length);
      const total = random.reduce((sum, size) => sum + size, 0);
      for (const [index, start] of starts.entries()) {
        const end = starts[index + 1] ?? random.length;
        assert.ok(end > start, `slice ${index} of ${JSON.stringify(random)} is empty`);
        const slice = random.slice(start, end);
        const weight = slice.reduce((sum, size) => sum + size, 0);
        // No slice exceeds its share by more than one job's text (the cut falls next to a job).
        assert.ok(weight <= total / count + 2 * Math.max(...random), `${weight} of ${total} in slice ${index} of ${count}`);
      }
    }
  });

  it('starts workers only for many files on four cores or more, unless told', () => {
    const previous = process.env.DAG_GUARD_WORKERS;
    delete process.env.DAG_GUARD_WORKERS;
    try {
      assert.equal(workerCount(10, 8), 0, 'few files');
      assert.equal(workerCount(500, 2), 0, 'two cores: one thread is as fast');
      assert.equal(workerCount(500, 3), 0);
      assert.equal(workerCount(500, 4), 4);
      assert.equal(workerCount(500, 16), 4, 'at most four');
      process.env.DAG_GUARD_WORKERS = '2';
      assert.equal(workerCount(500, 2), 2, 'told, on any machine');
      process.env.DAG_GUARD_WORKERS = '2';
      assert.equal(workerCount(10), 2);
      assert.equal(workerCount(1), 0);
      process.env.DAG_GUARD_WORKERS = '1';
      assert.equal(workerCount(500), 0);
    } finally {
      if (previous === undefined) delete process.env.DAG_GUARD_WORKERS;
      else process.env.DAG_GUARD_WORKERS = previous;
    }
  });
});
