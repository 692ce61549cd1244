// The orders the project sorts its output in. Both compare UTF-16 code units, never the locale's
// collation (`localeCompare`): a CI runner and a laptop with different locales must report the
// same findings in the same order, pick the same airflow.cfg and list paths alike, and code-unit
// order needs none of ICU's collation data (loading it cost 8 ms of a CLI start).
import type { Finding } from './findings';

/** Code-unit order of two strings: "B" before "a", "Z.py" before "a.py". */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Findings by where they start, then by rule code: the order every report lists them in. */
export function byPosition(a: Finding, b: Finding): number {
  return a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character || compareText(a.code, b.code);
}
