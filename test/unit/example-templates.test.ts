// `dag-guard check examples/dags/revenue_report.py`, run from the repository root, shows each
// template rule (DG601 to DG606) once, with the exports and the SQL file of the example project.
import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import { parseCliArgs, type CheckArgs } from '../../server/src/cli/args';
import { runCheck } from '../../server/src/cli/check';

const ROOT = path.join(__dirname, '..', '..');

describe('the example gallery: templates', () => {
  it('reports DG601 to DG606 on examples/dags/revenue_report.py, and nothing else', async () => {
    let out = '';
    let err = '';
    const args = parseCliArgs(['check', 'examples/dags/revenue_report.py', '--format', 'json']) as CheckArgs;
    await runCheck(args, { stdout: (text) => (out += text), stderr: (text) => (err += text), cwd: ROOT, color: false });
    assert.equal(err, '');
    const [file] = JSON.parse(out).files as Array<{
      diagnostics: Array<{ code: string; message: string; range: { start: { line: number } } }>;
    }>;
    assert.deepEqual(
      file.diagnostics.map((d) => [d.range.start.line + 1, d.code]),
      [
        [32, 'DG605'],
        [36, 'DG603'],
        [36, 'DG606'],
        [37, 'DG601'],
        [41, 'DG602'],
        [45, 'DG604'],
      ],
    );
    assert.doesNotMatch(out, /example-not-a-secret/);
  });
});
