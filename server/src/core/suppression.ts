// `# noqa` comments, as ruff and flake8 users write them: a bare `# noqa` silences every finding
// on its line, `# noqa: DG101, DG102` only the codes it lists (other tools' codes may sit beside
// ours). Only real comments count: the text inside a string is not a comment.
import type { SourceFile } from './model/source';

const NOQA = /#\s*noqa(?::\s*(?<codes>[A-Za-z]+[0-9]+(?:[\s,]+[A-Za-z]+[0-9]+)*))?/i;

export type LineSuppression = 'all' | Set<string>;

export function noqaComments(source: SourceFile): Map<number, LineSuppression> {
  const lines = new Map<number, LineSuppression>();
  // Reading every comment's text costs a WASM call each; most files say noqa nowhere.
  if (!/noqa/i.test(source.text)) return lines;
  for (const comment of source.nodes('comment')) {
    const match = NOQA.exec(comment.text);
    if (!match) continue;
    const line = source.lines.positionAt(comment.startIndex).line;
    const codes = match.groups?.codes;
    if (!codes) {
      lines.set(line, 'all');
      continue;
    }
    const previous = lines.get(line);
    if (previous === 'all') continue;
    const set = previous ?? new Set<string>();
    for (const code of codes.split(/[\s,]+/)) if (code) set.add(code.toUpperCase());
    lines.set(line, set);
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
export function noqaCodesIn(commentText: string): Array<{ code: string; start: number; end: number }> {
  const match = NOQA.exec(commentText);
  const codes = match?.groups?.codes;
  if (!match || !codes) return [];
  const base = match.index + match[0].length - codes.length;
  const result: Array<{ code: string; start: number; end: number }> = [];
  for (const found of codes.matchAll(/[A-Za-z]+[0-9]+/g)) {
    result.push({ code: found[0].toUpperCase(), start: base + found.index!, end: base + found.index! + found[0].length });
  }
  return result;
}
