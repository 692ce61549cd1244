// `# noqa` comments, as ruff and flake8 users write them: a bare `# noqa` silences every finding
// on its line, `# noqa: DG101, DG102` only the codes it lists (other tools' codes may sit beside
// ours). Only real comments count: the text inside a string is not a comment. Config files
// (airflow.cfg, .env, YAML, ...) read the same comment text: see config/noqa.ts.
import type { SourceFile } from './model/source';

const NOQA_BODY = String.raw`noqa(?::\s*(?<codes>[A-Za-z]+[0-9]+(?:[\s,]+[A-Za-z]+[0-9]+)*))?`;
const NOQA = new RegExp(String.raw`#\s*${NOQA_BODY}`, 'i');
/** airflow.cfg comments also start with `;` (ConfigParser's comment_prefixes are `#` and `;`). */
const NOQA_HASH_OR_SEMICOLON = new RegExp(String.raw`[#;]\s*${NOQA_BODY}`, 'i');

export type LineSuppression = 'all' | Set<string>;

/** Which characters start the comment a `noqa` follows: `#` everywhere, also `;` in airflow.cfg. */
export type NoqaPrefix = '#' | '#;';

function noqaPattern(prefix: NoqaPrefix): RegExp {
  return prefix === '#' ? NOQA : NOQA_HASH_OR_SEMICOLON;
}

/** What the `noqa` in a comment's text suppresses: every code, the codes it lists, or nothing (null). */
export function noqaOf(commentText: string, prefix: NoqaPrefix = '#'): LineSuppression | null {
  const match = noqaPattern(prefix).exec(commentText);
  if (!match) return null;
  const codes = match.groups?.codes;
  if (!codes) return 'all';
  return new Set(
    codes
      .split(/[\s,]+/)
      .filter(Boolean)
      .map((code) => code.toUpperCase()),
  );
}

/** Adds what `suppression` silences to the entry of `line`. */
export function addSuppression(lines: Map<number, LineSuppression>, line: number, suppression: LineSuppression): void {
  const previous = lines.get(line);
  if (previous === 'all') return;
  if (suppression === 'all' || !previous) {
    lines.set(line, suppression === 'all' ? 'all' : new Set(suppression));
    return;
  }
  for (const code of suppression) previous.add(code);
}

/** False when no `noqa` can be in the text's comments (most files): noqaComments is then empty, without a parse. */
export function mayHaveNoqa(text: string): boolean {
  return /noqa/i.test(text);
}

export function noqaComments(source: SourceFile): Map<number, LineSuppression> {
  const lines = new Map<number, LineSuppression>();
  // Reading every comment's text costs a WASM call each; most files say noqa nowhere.
  if (!mayHaveNoqa(source.text)) return lines;
  for (const comment of source.nodes('comment')) {
    const suppression = noqaOf(comment.text);
    if (suppression) addSuppression(lines, source.lines.positionAt(comment.startIndex).line, suppression);
  }
  return lines;
}

export function isSuppressed(suppressions: Map<number, LineSuppression>, code: string, startLine: number, endLine: number): boolean {
  for (const line of startLine === endLine ? [startLine] : [startLine, endLine]) {
    const entry = suppressions.get(line);
    if (entry === 'all' || entry?.has(code)) return true;
  }
  return false;
}

/** The parts of a `# noqa` comment, for the hover on a code in it: [code, start, end] offsets in the comment. */
export function noqaCodesIn(commentText: string, prefix: NoqaPrefix = '#'): Array<{ code: string; start: number; end: number }> {
  const match = noqaPattern(prefix).exec(commentText);
  const codes = match?.groups?.codes;
  if (!match || !codes) return [];
  const base = match.index + match[0].length - codes.length;
  const result: Array<{ code: string; start: number; end: number }> = [];
  for (const found of codes.matchAll(/[A-Za-z]+[0-9]+/g)) {
    result.push({ code: found[0].toUpperCase(), start: base + found.index!, end: base + found.index! + found[0].length });
  }
  return result;
}
