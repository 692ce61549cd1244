// The analysis never hangs: files that once looped for ever finish, and every analysis runs under a
// time budget that skips a rule which overruns it (logged, the other rules still report).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, it } from 'node:test';
import { tempFolder } from '../helpers/tempFolder';

const ROOT = path.resolve(__dirname, '../..');

/** Runs `dag-guard check` from the sources in a child process, killed after `seconds`. */
function checkInChild(cwd: string, args: string[], seconds = 20): { status: number | null; stdout: string; stderr: string; timedOut: boolean } {
  const script = `import(${JSON.stringify(path.join(ROOT, 'server/src/cli/main.ts'))}).then(async (m) => { process.exitCode = await (m.main ?? m.default.main)(${JSON.stringify(['check', ...args])}, { cwd: ${JSON.stringify(cwd)}, color: false }); });`;
  const result = spawnSync(process.execPath, ['--import', 'tsx', '-e', script], { cwd: ROOT, timeout: seconds * 1000, encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr, timedOut: result.error !== undefined || result.signal !== null };
}

// A tree whose root is an ERROR node: the scope climb of the parse-time model once never ended.
const ERROR_ROOT = 'def outer():\n    def extract():\n        pass\n\n\nextract()\nG(n,t=S(",y=f/{K\n';

describe('files that once hung the analysis', () => {
  it('finishes `dag-guard check` on a file whose tree root is an ERROR node', () => {
    const cwd = tempFolder({ 'broken.py': ERROR_ROOT, 'broken_dag.py': `# airflow DAG\n${ERROR_ROOT}`, 'dag.py': 'from airflow import DAG\nfrom airflow.models import Variable\n\nenv = Variable.get("env")\n' });
    const result = checkInChild(cwd, ['broken.py', 'broken_dag.py', 'dag.py']);
    assert.equal(result.timedOut, false, 'dag-guard check did not finish');
    assert.equal(result.stderr, '');
    assert.match(result.stdout, /^dag\.py:4:7: DG101 Variable\.get\("env"\) runs at every parse/m);
    assert.match(result.stdout, /Found 1 finding in 1 of 3 files\./);
    assert.equal(result.status, 1);
  });
});
