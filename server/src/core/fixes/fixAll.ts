// Applies every safe fix of a file: what `check --fix`, "fix all" and fix-on-save do. Fixes of
// one pass that overlap are deferred to the next pass (re-analysed on the new text), so the
// result is the same as applying them one at a time, and a second run changes nothing. A pass
// whose fixes together add a syntax error (two fixes that each delete one of a block's two
// statements) is redone with the first half of its fixes. Then the imports the fixes left unused go: each
// fix saw the others' uses of `Variable` and kept its import, so the names the fixes released are
// checked once more on the final text.
import { ImportMap } from '../model/imports';
import type { SourceFile } from '../model/source';
import type { Finding, Fix } from '../findings';
import { applyEdits, LineIndex, type TextEdit } from '../syntax/positions';
import { unusedImportRemovals } from './unusedImports';

/** Parses `text` and hands it to `use` (an Engine's `withSource`): the syntax check of a pass, the cleanup after the fixes. */
export type WithSource = <T>(text: string, use: (source: SourceFile) => T) => T;

const MAX_PASSES = 10;

export function safeFixes(findings: readonly Finding[]): Fix[] {
  return findings.map((finding) => finding.fix).filter((fix): fix is Fix => !!fix && fix.safe);
}

/**
 * The fix `check --unsafe-fixes` applies for a finding: its own fix, safe or not, else its first
 * alternative (where a rule puts the fix it cannot call safe, DG101/DG102's template fixes); none
 * when that is a choice among values only the user can pick (DG205's pools).
 */
export function offeredFix(finding: Finding): Fix | null {
  if (finding.fix) return finding.fix.choice ? null : finding.fix;
  const first = finding.alternatives?.[0];
  return first && !first.choice ? first : null;
}

export function unsafeIncludedFixes(findings: readonly Finding[]): Fix[] {
  return findings.map(offeredFix).filter((fix): fix is Fix => !!fix);
}

type Span = readonly [start: number, end: number];

/** Two edits conflict when their ranges overlap, or both insert at the same point (order unknown). */
function conflicts([s1, e1]: Span, [s2, e2]: Span): boolean {
  return (s1 < e2 && s2 < e1) || (s1 === s2 && e1 === e2);
}

/** Non-overlapping edits of the fixes, in order; a fix whose edits conflict with an earlier one waits. */
export function combineFixes(fixes: readonly Fix[]): { edits: TextEdit[]; applied: Fix[] } {
  const taken: Span[] = [];
  const edits: TextEdit[] = [];
  const applied: Fix[] = [];
  // Positions compared as (line, character) pairs folded into one number.
  const key = (position: { line: number; character: number }) => position.line * 1e7 + position.character;
  for (const fix of fixes) {
    const spans = fix.edits.map((edit): Span => [key(edit.range.start), key(edit.range.end)]);
    if (spans.some((span) => taken.some((other) => conflicts(span, other)))) continue;
    taken.push(...spans);
    edits.push(...fix.edits);
    applied.push(fix);
  }
  return { edits, applied };
}

export function applySafeFixes(
  text: string,
  analyze: (text: string) => Finding[],
  withSource: WithSource,
  pick: (findings: readonly Finding[]) => Fix[] = safeFixes,
): { text: string; fixed: number } {
  let current = text;
  let fixed = 0;
  const released = new Set<string>();
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    const { applied, next } = applyValid(current, combineFixes(pick(analyze(current))).applied, withSource);
    if (applied.length === 0 || next === current) break;
    current = next;
    fixed += applied.length;
    for (const fix of applied) for (const name of fix.releasedImports ?? []) released.add(name);
  }
  if (released.size > 0) {
    // Only names a fix took uses of: an import that was unused before is not ours to touch.
    const removals = withSource(current, (source) => unusedImportRemovals(source, new ImportMap(source), released));
    if (removals.length > 0) current = applyEdits(current, removals);
  }
  return { text: current, fixed };
}

/**
 * The text after the fixes of a pass. Each fix keeps the file valid on its own (the fix tests
 * check that); together they may not (two fixes that each delete one of a block's two
 * statements). Then the first half of them, and so on: a few parses, only for such a pass.
 */
function applyValid(current: string, fixes: Fix[], withSource: WithSource): { applied: Fix[]; next: string } {
  let applied = fixes;
  let next = applyEdits(
    current,
    applied.flatMap((fix) => fix.edits),
  );
  if (applied.length < 2) return { applied, next };
  const before = withSource(current, syntaxErrors);
  while (applied.length > 1 && withSource(next, syntaxErrors) > before) {
    applied = applied.slice(0, Math.ceil(applied.length / 2));
    next = applyEdits(
      current,
      applied.flatMap((fix) => fix.edits),
    );
  }
  return { applied, next };
}

/**
 * How broken a text is: its ERROR nodes (at least 1 when the tree has an error: a MISSING node),
 * and its empty blocks, which tree-sitter accepts and Python does not (`if x:` with no body).
 */
function syntaxErrors(source: SourceFile): number {
  const { root } = source;
  const empty = root.descendantsOfType('block').filter((block) => !block?.namedChildren.some((child) => child?.type !== 'comment')).length;
  return empty + (root.hasError ? Math.max(1, root.descendantsOfType('ERROR').length) : 0);
}

/**
 * One edit that turns `before` into `after`: the span between their common start and common end
 * (what an editor applies for "fix all": the untouched code around it stays as it is).
 */
export function wholeTextEdit(before: string, after: string): TextEdit {
  let start = 0;
  const shorter = Math.min(before.length, after.length);
  while (start < shorter && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  let end = 0;
  while (end < shorter - start && before.charCodeAt(before.length - 1 - end) === after.charCodeAt(after.length - 1 - end)) end++;
  // Never split a surrogate pair or a CRLF.
  while (start > 0 && (isLowSurrogate(before.charCodeAt(start)) || (before[start - 1] === '\r' && before[start] === '\n'))) start--;
  while (
    end > 0 &&
    (isLowSurrogate(before.charCodeAt(before.length - end)) ||
      (before[before.length - end - 1] === '\r' && before[before.length - end] === '\n'))
  )
    end--;
  const lines = new LineIndex(before);
  return { range: lines.rangeOf(start, before.length - end), newText: after.slice(start, after.length - end) };
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}
