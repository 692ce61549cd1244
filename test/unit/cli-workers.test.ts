// `dag-guard check` on worker threads gives exactly the output of one thread: the same findings,
// in the same order, with the same cross-file chains, on the rule fixtures and the example gallery.
// Run through the bundle (dist/cli.js, built by `npm test`'s pretest): it is the workers' entry too.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { workerCount } from '../../server/src/cli/workers';

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

  it('starts workers only for many files on more than one core, unless told', () => {
    const previous = process.env.DAG_GUARD_WORKERS;
    delete process.env.DAG_GUARD_WORKERS;
    try {
      assert.equal(workerCount(10), 0);
      assert.ok(workerCount(500) === 0 || workerCount(500) >= 2);
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
