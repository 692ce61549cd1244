// `dag-guard check examples/dags/partner_api_ingest.py`, run from the repository root: the gallery's
// two remedies where the Jinja template cannot go. A Variable only the task's callable and its
// failure callback read gets the move into those functions (an unsafe fix, with its diff); a
// Variable the loop needs gets the secrets cache, with the edit in the gallery's deploy/airflow.cfg.
import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import { parseCliArgs, type CheckArgs } from '../../server/src/cli/args';
import { runCheck } from '../../server/src/cli/check';
import { said } from '../helpers/said';

const ROOT = path.join(__dirname, '..', '..');

async function check(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCheck(parseCliArgs(argv) as CheckArgs, {
    stdout: (text) => (out += text),
    stderr: (text) => (err += text),
    cwd: ROOT,
    color: false,
  });
  return { code, out, err };
}

describe('the example gallery: remedies for Variables the template cannot replace', () => {
  it('moves a lookup read only at run time, and names the secrets cache for one the loop needs', async () => {
    const { out, err } = await check(['check', 'examples/dags/partner_api_ingest.py', '--format', 'json', '--select', 'DG101']);
    assert.equal(err, '');
    const [file] = JSON.parse(out).files as Array<{
      diagnostics: Array<{
        message: string;
        severity: string;
        fix: { title: string; safe: boolean } | null;
        range: { start: { line: number } };
        configChange?: { title: string; path: string; section: string; key: string; value: string };
      }>;
    }>;
    const [moved, shaping] = file.diagnostics;
    assert.equal(moved.range.start.line + 1, 16);
    assert.match(
      said(moved),
      /Its value is only read inside `fetch_orders\(\)` and `report_failure\(\)`, which run when their tasks run: move the lookup there\.$/,
    );
    assert.deepEqual(moved.fix && [moved.fix.title, moved.fix.safe], [
      'Move the lookup of `PARTNER_API` into `fetch_orders()`, `report_failure()`',
      false,
    ]);
    assert.equal(shaping.range.start.line + 1, 17);
    assert.equal(shaping.fix, null);
    assert.ok(
      said(shaping).endsWith(
        "The value shapes the DAG: the loop at line 40. If it is fixed per deployment, an `AIRFLOW_VAR_PARTNER_API_PAGES` environment variable serves it with no database query (Airflow looks there before the database), as would a file next to the DAG. Airflow 2.7+ can cache these reads while it parses DAG files: set `[secrets] use_cache = True` in dags/deploy/airflow.cfg (`cache_ttl_seconds`, 900 s by default, is how stale a value may get). The editor's quick fix makes this edit; `dag-guard check --fix` does not.",
      ),
      said(shaping),
    );
    // The edit the editor offers, named in JSON (the CLI never makes it).
    assert.deepEqual(shaping.configChange, {
      title: 'Turn on the secrets cache: `[secrets] use_cache = True` in dags/deploy/airflow.cfg',
      path: 'dags/deploy/airflow.cfg',
      section: 'secrets',
      key: 'use_cache',
      value: 'True',
    });
    assert.equal(moved.configChange, undefined);
  });

  it('--diff --unsafe-fixes shows the move', async () => {
    const { out } = await check(['check', 'examples/dags/partner_api_ingest.py', '--select', 'DG101', '--diff', '--unsafe-fixes']);
    assert.match(out, /^-PARTNER_API = Variable\.get\("partner_api_url"\)$/m);
    assert.equal(out.match(/^\+    PARTNER_API = Variable\.get\("partner_api_url"\)$/gm)?.length, 2);
  });
});
