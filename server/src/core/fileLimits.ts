// Files the analysis does not take on: larger than the `maxFileSize` setting, or whose parse ran
// out of time (tree-sitter's grammar is super-linear on some shapes, such as thousands of
// backslash continuations inside an open bracket). Such a file gets one information finding that
// says it was not analysed and why, in the CLI and the editor alike, instead of a silent nothing
// or a stall.
import { toSentence } from './rules/sentences';
import type { Finding } from './findings';
import { tomlKey } from './settings/schema';

/** The code of the "not analysed" finding: not a rule (nothing to select, ignore or suppress). */
export const NOT_ANALYSED = 'DG000';

/**
 * How long one parse may take before the file is left unanalysed. A 1.5 MB file of plain
 * statements parses in about 2 s on a loaded machine; only pathological shapes take longer.
 */
export const PARSE_BUDGET_MS = 5_000;

/** The UTF-8 size of `text` in bytes, counting no further than `stopAfter`. */
export function utf8Size(text: string, stopAfter = Infinity): number {
  let bytes = 0;
  for (let index = 0; index < text.length && bytes <= stopAfter; index++) {
    const code = text.charCodeAt(index);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff && index + 1 < text.length && (text.charCodeAt(index + 1) & 0xfc00) === 0xdc00) {
      bytes += 4;
      index++;
    } else bytes += 3;
  }
  return bytes;
}

/** Why `text` is too large to analyse under `maxFileSize` (bytes; 0: no limit), or null when it is not. */
export function oversizeReason(text: string, maxFileSize: number): string | null {
  // A UTF-16 unit is at most 3 UTF-8 bytes: most texts are answered without counting.
  if (maxFileSize <= 0 || text.length * 3 <= maxFileSize) return null;
  if (utf8Size(text, maxFileSize) <= maxFileSize) return null;
  return `it is ${describeBytes(utf8Size(text))}, over the maxFileSize setting of ${describeBytes(maxFileSize)} (the setting is \`${tomlKey('maxFileSize')}\` in pyproject.toml)`;
}

export const PARSE_TIMEOUT_REASON = `parsing it took longer than ${PARSE_BUDGET_MS / 1000} s (long runs of backslash continuations or deep nesting make the Python grammar slow)`;

/**
 * The one finding of a file that was not analysed, on its first line: the reason in the message,
 * its closing parenthesis (why, where the setting is) in the detail.
 */
export function notAnalysedFinding(text: string, reason: string): Finding {
  const firstLineEnd = text.search(/\r|\n|$/);
  const [, main, aside] = /^(.*?) \((.*)\)$/.exec(reason) ?? [reason, reason, ''];
  return {
    code: NOT_ANALYSED,
    severity: 'information',
    message: `DAG Guard did not analyse this file: ${main}.`,
    ...(aside ? { detail: toSentence(aside) } : {}),
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: Math.min(firstLineEnd, 200) } },
    fix: null,
  };
}

function describeBytes(bytes: number): string {
  if (bytes >= 1_000_000) return `${Number((bytes / 1_000_000).toFixed(2))} MB`;
  if (bytes >= 1_000) return `${Number((bytes / 1_000).toFixed(2))} kB`;
  return `${bytes} bytes`;
}
