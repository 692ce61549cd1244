// `dag-guard check examples/dags`, run from the repository root, follows a DAG file's call into the
// gallery's shared helper module (examples/dags/common/, hidden from the DAG processor by the
// gallery's .airflowignore) and reports both ends: the call in the DAG file, and each hazard in
// the helper with the DAG file that runs it. Related locations are relative paths, as the files are.
import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import { parseCliArgs, type CheckArgs } from '../../server/src/cli/args';
import { runCheck } from '../../server/src/cli/check';

const ROOT = path.join(__dirname, '..', '..');

describe('the example gallery: a helper module', () => {
  it("reports finance_exports.py's call into common/export_settings.py, and the helper's end", async () => {
    let out = '';
    const args = parseCliArgs(['check', 'examples/dags', '--format', 'json']) as CheckArgs;
    await runCheck(args, { stdout: (text) => (out += text), stderr: () => undefined, cwd: ROOT, color: false });
    type Diagnostic = {
      code: string;
      message: string;
      detail?: string;
      range: { start: { line: number; character: number } };
      related?: Array<{ path: string; range: { start: { line: number } } }>;
    };
    const files = JSON.parse(out).files as Array<{ path: string; diagnostics: Diagnostic[] }>;
    const of = (name: string) => files.find((file) => file.path === name)?.diagnostics ?? [];

    const [call, ...others] = of('examples/dags/finance_exports.py');
    assert.deepEqual(others, []);
    assert.equal(call.code, 'DG101');
    assert.deepEqual([call.range.start.line + 1, call.range.start.character + 1], [8, 12]);
    assert.equal(call.message, 'export_settings() runs Variable.get 3x per parse.');
    assert.equal(call.detail, 'At common/export_settings.py:8, 9, 10. Each call queries the metadata database (or secrets backend).');
    assert.deepEqual(
      call.related?.map((step) => [step.path, step.range.start.line + 1]),
      [
        ['examples/dags/common/export_settings.py', 8],
        ['examples/dags/common/export_settings.py', 9],
        ['examples/dags/common/export_settings.py', 10],
      ],
    );

    assert.deepEqual(
      of('examples/dags/common/export_settings.py').map((d) => [d.code, d.range.start.line + 1, d.message]),
      [
        ['DG101', 8, '`Variable.get(f"{team}_export_bucket")` runs at every parse of examples/dags/finance_exports.py'],
        ['DG101', 9, '`Variable.get("export_prefix")` runs at every parse of examples/dags/finance_exports.py'],
        ['DG101', 10, '`Variable.get("export_retention_days")` runs at every parse of examples/dags/finance_exports.py'],
      ],
    );
  });
});
