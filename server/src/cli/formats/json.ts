// The JSON contract (documented in the README): 0-based lines, UTF-16 characters, exactly as the
// language server reports them. Keys are only ever added, never renamed.
import type { Fix } from '../../core/findings';
import type { FileResult } from '../check';

// `condition`: the fix is right only under it (an added key, only when present).
const jsonFix = (fix: Fix) => ({
  title: fix.title,
  safe: fix.safe,
  ...(fix.condition ? { condition: fix.condition } : {}),
  edits: fix.edits,
});

export function formatJson(results: readonly FileResult[]): string {
  const files = results.map((result) => ({
    path: result.path,
    ...(result.error ? { error: result.error } : {}),
    diagnostics: result.findings.map((finding) => ({
      code: finding.code,
      severity: finding.severity,
      message: finding.message,
      // What explains the finding beyond its message (an added key, only when present).
      ...(finding.detail ? { detail: finding.detail } : {}),
      range: finding.range,
      fix: finding.fix ? jsonFix(finding.fix) : null,
      alternatives: (finding.alternatives ?? []).map(jsonFix),
      // Cross-module findings: the hazard in the helper first, then the calls or imports leading to it.
      ...(finding.related?.length ? { related: finding.related.map(({ path, range, message }) => ({ path, range, message })) } : {}),
      // 'deprecated': the code uses something Airflow deprecated (an added key, only when present).
      ...(finding.tags?.length ? { tags: finding.tags } : {}),
      // The airflow.cfg option the remedy sets (the editor offers the edit; the CLI never makes it).
      ...(finding.configChange ? { configChange: finding.configChange } : {}),
    })),
  }));
  return `${JSON.stringify({ files }, null, 2)}\n`;
}
