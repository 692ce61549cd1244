// The JSON contract (documented in the README): 0-based lines, UTF-16 characters, exactly as the
// language server reports them. Keys are only ever added, never renamed.
//
// The objects are built key by key (an optional key only when present) rather than with spreads of
// `cond ? { key } : {}`: for the ~2,000 findings of a large repository the spreads made formatting
// several times slower than the JSON.stringify after it. Insertion order is the output's key order.
import type { Finding, Fix } from '../../core/findings';
import type { FileResult } from '../check';

// `condition`: the fix is right only under it (an added key, only when present).
function jsonFix(fix: Fix): Record<string, unknown> {
  const json: Record<string, unknown> = { title: fix.title, safe: fix.safe };
  if (fix.condition) json.condition = fix.condition;
  json.edits = fix.edits;
  return json;
}

function jsonDiagnostic(finding: Finding): Record<string, unknown> {
  const json: Record<string, unknown> = { code: finding.code, severity: finding.severity, message: finding.message };
  // What explains the finding beyond its message (an added key, only when present).
  if (finding.detail) json.detail = finding.detail;
  json.range = finding.range;
  json.fix = finding.fix ? jsonFix(finding.fix) : null;
  json.alternatives = (finding.alternatives ?? []).map(jsonFix);
  // Cross-module findings: the hazard in the helper first, then the calls or imports leading to it.
  if (finding.related?.length) json.related = finding.related.map(({ path, range, message }) => ({ path, range, message }));
  // 'deprecated': the code uses something Airflow deprecated (an added key, only when present).
  if (finding.tags?.length) json.tags = finding.tags;
  // The airflow.cfg option the remedy sets (the editor offers the edit; the CLI never makes it).
  if (finding.configChange) json.configChange = finding.configChange;
  return json;
}

export function formatJson(results: readonly FileResult[]): string {
  const files = results.map((result) => {
    const json: Record<string, unknown> = { path: result.path };
    if (result.error) json.error = result.error;
    json.diagnostics = result.findings.map(jsonDiagnostic);
    return json;
  });
  return `${JSON.stringify({ files }, null, 2)}\n`;
}
