// `dag-guard check examples/dags`, run from the repository root, finds examples/pyproject.toml and
// the pools file it names, and shows every pool, priority and weight rule on the example DAG.
import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import { parseCliArgs, type CheckArgs } from '../../server/src/cli/args';
import { runCheck } from '../../server/src/cli/check';

const ROOT = path.join(__dirname, '..', '..');

describe('the example gallery with its pools file', () => {
  it('reports DG201 to DG206 on examples/dags/ml_training_pools.py, with the pools of examples/pools.json', async () => {
    let out = '';
    let err = '';
    const args = parseCliArgs(['check', 'examples/dags/ml_training_pools.py', '--format', 'json', '--select', 'DG2']) as CheckArgs;
    const code = await runCheck(args, { stdout: (text) => (out += text), stderr: (text) => (err += text), cwd: ROOT, color: false });
    assert.equal(err, '');
    assert.equal(code, 1);
    const [file] = JSON.parse(out).files as Array<{
      path: string;
      diagnostics: Array<{ code: string; message: string; detail?: string; range: { start: { line: number } } }>;
    }>;
    assert.equal(file.path, 'examples/dags/ml_training_pools.py');
    assert.deepEqual(
      file.diagnostics.map((d) => [d.range.start.line + 1, d.code]),
      [
        [21, 'DG201'],
        [22, 'DG206'],
        [28, 'DG206'],
        [29, 'DG206'],
        [34, 'DG205'],
        [45, 'DG203'],
        [55, 'DG204'],
        [63, 'DG202'],
        [68, 'DG205'],
      ],
    );
    assert.equal(file.diagnostics[5].message, 'pool "gpu_pool" is not a known pool; did you mean "gpu"?');
    assert.equal(
      file.diagnostics[5].detail,
      'The known pools come from pools.json. The scheduler never runs a task whose pool does not exist.',
    );
    assert.match(file.diagnostics[8].message, /^@task\.kubernetes starts resource-heavy work and has no pool/);
    assert.match(file.diagnostics[8].detail!, /^It runs as a KubernetesPodOperator\./);
    assert.equal(file.diagnostics[6].message, 'pool_slots=4 is more than pool "gpu" has (2 slots): the task can never start.');
    assert.equal(file.diagnostics[6].detail, "The pool's size comes from pools.json.");
  });
});
