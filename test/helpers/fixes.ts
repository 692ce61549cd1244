// Helpers for fix tests: apply one finding's fix (or a named alternative) and check that the result
// is still Python, with python3's own parser (every machine here has python3; test/helpers/pythonChecker.ts).
import assert from 'node:assert/strict';
import type { Finding, Fix } from '../../server/src/core/findings';
import { applyEdits } from '../../server/src/core/syntax/positions';
import { analyze } from './engine';
import { pythonSyntaxErrors } from './pythonChecker';

/** The fixes of a finding, the preferred one first. */
export function fixesOf(finding: Finding): Fix[] {
  return [...(finding.fix ? [finding.fix] : []), ...(finding.alternatives ?? [])];
}

/** The findings of `code` in `text` (analysed as `path`). */
export async function findingsOf(text: string, code: string, path = 'dag.py'): Promise<Finding[]> {
  return (await analyze(text, { path })).filter((finding) => finding.code === code);
}

/**
 * Applies the fix of the only finding of `code` on 1-based `line` whose title contains `title`
 * (default: the finding's main fix) and returns the new text.
 */
export async function applyFixAt(text: string, code: string, line: number, title?: string, path = 'dag.py'): Promise<string> {
  const findings = (await findingsOf(text, code, path)).filter((finding) => finding.range.start.line === line - 1);
  assert.equal(findings.length, 1, `one ${code} finding on line ${line}, got ${findings.length}`);
  const fix = title ? fixesOf(findings[0]).find((candidate) => candidate.title.includes(title)) : findings[0].fix;
  assert.ok(fix, `no fix${title ? ` titled "${title}"` : ''} for ${code} on line ${line}`);
  return applyEdits(text, fix.edits);
}

/** For each text, null when python3 parses it, else its error message ("msg at line N"). */
export function pythonSyntaxError(texts: string[]): Array<string | null> {
  return pythonSyntaxErrors(texts);
}

export function assertParses(text: string): void {
  const [error] = pythonSyntaxError([text]);
  assert.equal(error, null, `not valid Python (${error}):\n${text}`);
}
