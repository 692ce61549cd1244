// The exit code of `check`: 2 when a path was missing, a file could not be read (what the run
// was asked to check was not all checked) or a fixed file could not be written, else 1 when a finding at or above --fail-on remains
// (or --diff has something to show), else 0. --exit-zero turns 1 and the skipped files' 2 into 0.
import type { Severity } from '../core/findings';
import type { FileResult } from './check';

const RANK: Record<Severity, number> = { error: 3, warning: 2, information: 1, hint: 0 };

function failsOn(severity: Severity, threshold: Severity): boolean {
  return RANK[severity] >= RANK[threshold];
}

export function checkExitCode(
  results: readonly FileResult[],
  run: { missing: number; unwritten: number; exitZero: boolean; failOn: Severity; diff: boolean },
): number {
  if (run.missing > 0 || run.unwritten > 0) return 2;
  if (run.exitZero) return 0;
  if (results.some((result) => result.error)) return 2;
  if (run.diff) return results.some((result) => result.diff) ? 1 : 0;
  return results.some((result) => result.findings.some((finding) => failsOn(finding.severity, run.failOn))) ? 1 : 0;
}
