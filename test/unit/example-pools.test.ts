// `dag-guard check examples/dags`, run from the repository root, finds examples/pyproject.toml and
// the pools file it names, and shows every pool, priority and weight rule on the example DAG.
import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import { parseCliArgs, type CheckArgs } from '../../server/src/cli/args';
import { runCheck } from '../../server/src/cli/check';

const ROOT = path.join(__dirname, '..', '..');

describe('the example gallery with its pools file', () => {
  it('reports DG201 to DG207 on examples/dags/ml_training_pools.py, with the pools of examples/pools.json', async () => {
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
        [10, 'DG207'],
        [23, 'DG201'],
        [24, 'DG206'],
        [30, 'DG206'],
        [31, 'DG206'],
        [36, 'DG205'],
        [47, 'DG203'],
        [57, 'DG204'],
        [65, 'DG202'],
        [70, 'DG205'],
      ],
    );
    assert.equal(file.diagnostics[6].message, 'pool "gpu_pool" is not a known pool; did you mean "gpu"?');
    assert.equal(
      file.diagnostics[6].detail,
      'The known pools come from pools.json. The scheduler never runs a task whose pool does not exist.',
    );
    assert.match(file.diagnostics[9].message, /^@task\.kubernetes starts resource-heavy work and has no pool/);
    assert.match(file.diagnostics[9].detail!, /^It runs as a KubernetesPodOperator\./);
    assert.equal(file.diagnostics[7].message, 'pool_slots=4 is more than pool "gpu" has (2 slots): the task can never start.');
    assert.equal(file.diagnostics[7].detail, "The pool's size comes from pools.json.");
    assert.equal(file.diagnostics[0].message, '"airflow.operators.dummy_operator" is deprecated, gone in Airflow 3.');
    assert.match(file.diagnostics[0].detail!, /^Use EmptyOperator from "airflow\.operators\.empty"\./);
  });
});
