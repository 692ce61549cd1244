// Snapshots of a rule fixture's complete output, in the manner of ruff's fixture snapshots: every
// finding with its code, severity, exact range (shown under the source line), message and every
// other field the finding carries, then each fix (title, safe or not, preferred or not) with the
// unified diff it makes and how many findings of the rule are left after it. Stored as readable
// text beside the fixture (test/fixtures/rules/__snapshots__/<fixture>.snap); `npm run test:update`
// rewrites them, and a review of their diff is how an output change is accepted.
//
// Fields are printed generically: a field added to `Finding` or `Fix` appears in every snapshot
// without a change here (only `code`, `severity`, `range`, `fix`, `alternatives` and a fix's
// `title`, `safe`, `preferred`, `edits` have a layout of their own).
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { structuredPatch } from 'diff';
import type { Finding, Fix } from '../../server/src/core/findings';
import { LineIndex, type Range } from '../../server/src/core/syntax/positions';

/** Set by `npm run test:update`: write snapshots instead of comparing them (never in CI). */
export const UPDATE_SNAPSHOTS = process.env.DAG_GUARD_UPDATE_SNAPSHOTS === '1' && process.env.CI !== 'true';

export interface FixOutcome {
  fix: Fix;
  /** The fixture's text with the fix applied. */
  after: string;
  /** Findings of the fixture's rule left in `after`. */
  left: number;
}

export interface SnapshotFinding {
  finding: Finding;
  fixes: FixOutcome[];
}

/** 1-based `line:column` (UTF-16 column), as ruff and editors print positions. */
function position(at: { line: number; character: number }): string {
  return `${at.line + 1}:${at.character + 1}`;
}

function rangeText(range: Range): string {
  return `${position(range.start)}-${position(range.end)}`;
}

function isRange(value: unknown): value is Range {
  const candidate = value as Range;
  return (
    typeof candidate === 'object' &&
    candidate !== null &&
    typeof candidate.start?.line === 'number' &&
    typeof candidate.end?.character === 'number'
  );
}

/** Any other field's value: strings as they are (indented when they span lines), the rest as JSON with ranges shortened. */
function fieldValue(value: unknown, indent: string): string {
  if (typeof value === 'string') return value.replace(/\r\n|\r|\n/g, `\n${indent}  `);
  return JSON.stringify(value, (_key, inner: unknown) => (isRange(inner) ? rangeText(inner) : inner));
}

function fields(object: object, skip: readonly string[], first: readonly string[], indent: string): string[] {
  const keys = Object.keys(object).filter((key) => !skip.includes(key) && (object as Record<string, unknown>)[key] !== undefined);
  const ordered = [...first.filter((key) => keys.includes(key)), ...keys.filter((key) => !first.includes(key)).sort()];
  return ordered.map((key) => `${indent}${key}: ${fieldValue((object as Record<string, unknown>)[key], indent)}`);
}

/** The source lines a range covers (at most 4), each with carets under the covered columns. */
function underline(index: LineIndex, range: Range): string[] {
  const last = Math.min(range.end.line, range.start.line + 3);
  const width = String(last + 1).length;
  const out = [`${' '.repeat(width)} |`];
  for (let line = range.start.line; line <= last; line++) {
    const text = index.lineText(line);
    const from = line === range.start.line ? range.start.character : 0;
    const to = line === range.end.line ? range.end.character : text.length;
    out.push(`${String(line + 1).padStart(width)} | ${text}`.trimEnd());
    out.push(`${' '.repeat(width)} | ${' '.repeat(from)}${'^'.repeat(Math.max(1, to - from))}`);
  }
  if (last < range.end.line) out.push(`${' '.repeat(width)} | ... to line ${range.end.line + 1}`);
  return out;
}

/** The unified diff a fix makes (hunks only, one line of context). */
function fixDiff(before: string, after: string): string[] {
  if (before === after) return ['  (no change)'];
  const patch = structuredPatch('before', 'after', before, after, undefined, undefined, { context: 1 });
  return patch.hunks.flatMap((hunk) => [
    `  @@ -${hunk.oldStart},${hunk.oldLines} +${hunk.newStart},${hunk.newLines} @@`,
    ...hunk.lines.map((line) => `  ${line}`.trimEnd()),
  ]);
}

export function renderSnapshot(file: string, code: string, text: string, entries: readonly SnapshotFinding[]): string {
  const index = new LineIndex(text);
  const out = [
    `# ${file}: ${entries.length} ${code} finding${entries.length === 1 ? '' : 's'}`,
    '# Written by `npm run test:update`; review its diff. Positions are line:column, 1-based, in UTF-16 units; ends are exclusive.',
  ];
  for (const { finding, fixes } of entries) {
    out.push('', `${file}:${rangeText(finding.range)} ${finding.code} ${finding.severity}`);
    out.push(...underline(index, finding.range));
    out.push(...fields(finding, ['code', 'severity', 'range', 'fix', 'alternatives'], ['message'], '  '));
    if (fixes.length === 0) out.push('  fix: none');
    fixes.forEach(({ fix, after, left }, number) => {
      const kind = [
        fix.safe ? 'safe' : 'unsafe',
        ...(fix.preferred ? ['preferred'] : []),
        number === 0 && finding.fix ? 'main' : 'alternative',
      ].join(', ');
      out.push('', `  fix ${number + 1} (${kind}): ${fix.title}`);
      out.push(...fields(fix, ['title', 'safe', 'preferred', 'edits'], [], '    '));
      out.push(...fixDiff(text, after));
      out.push(`  after it: ${left} of ${entries.length} ${code} finding${entries.length === 1 ? '' : 's'} left`);
    });
  }
  return `${out.join('\n')}\n`;
}

/** Compares `actual` with the stored snapshot, or writes it under `npm run test:update`. */
export function matchSnapshot(file: string, actual: string): void {
  if (UPDATE_SNAPSHOTS) {
    mkdirSync(path.dirname(file), { recursive: true });
    if (!existsSync(file) || readFileSync(file, 'utf8') !== actual) writeFileSync(file, actual);
    return;
  }
  assert.ok(existsSync(file), `no snapshot ${path.relative(process.cwd(), file)}: run \`npm run test:update\` and review it`);
  assert.equal(
    actual,
    readFileSync(file, 'utf8'),
    `${path.basename(file)} differs from the output: if the change is intended, run \`npm run test:update\` and review the diff`,
  );
}
