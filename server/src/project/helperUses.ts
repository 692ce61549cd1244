// The helper's end of a cross-file finding. A DAG file's finding about a cost that lives in a
// helper module carries `related` entries: the hazards in the helper (role 'hazard'; without roles,
// the first entry) and the calls on the way to them. This inverts them, so that the helper's hazard
// line says which DAG files run it at every parse
// (`Variable.get("x") runs at every parse of dags/export_dag.py and 2 more`). The CLI records the
// DAG files it analysed, the server the open documents and the workspace scan's files. Pure data in,
// findings out; `# noqa` on the helper's line silences the helper's end.
import type { Finding, Severity } from '../core/findings';
import { effectiveSeverity, isRuleEnabled } from '../core/rules/selection';
import type { Settings } from '../core/settings/schema';
import { isSuppressed, type LineSuppression } from '../core/suppression';
import type { Range } from '../core/syntax/positions';
import { byPosition } from '../core/ordering';
import { joinSentences } from '../core/rules/sentences';

/** A place in another file that a finding points at (core/rules/rule.ts: Finding.related). */
export interface RelatedPlace {
  path: string;
  range: Range;
  message: string;
  /** 'hazard': the cost itself; 'via': a call or import on the way to it. */
  role?: 'hazard' | 'via';
}

/** One hazard of a helper that a DAG file's finding reaches. */
interface HazardUse {
  code: string;
  severity: Severity;
  range: Range;
}

/** A finding that may point into other files. */
export type CrossFileFinding = Finding & { related?: readonly RelatedPlace[] | undefined };

const RANK: Record<Severity, number> = { error: 0, warning: 1, information: 2, hint: 3 };

export class HelperUses {
  /** helper path -> DAG file path -> the DAG file's findings whose hazard is in that helper. */
  private readonly byHelper = new Map<string, Map<string, HazardUse[]>>();
  /** DAG file path -> the helpers its findings point into. */
  private readonly byDagFile = new Map<string, Set<string>>();

  /** Records a DAG file's findings (replacing what it had); returns the helpers whose uses changed. */
  record(dagFile: string, findings: readonly CrossFileFinding[]): string[] {
    const previous = this.byDagFile.get(dagFile) ?? new Set<string>();
    const now = new Map<string, HazardUse[]>();
    for (const finding of findings) {
      for (const hazard of hazardsOf(finding)) {
        if (hazard.path === dagFile) continue;
        const use = { code: finding.code, severity: finding.severity, range: hazard.range };
        const list = now.get(hazard.path);
        if (list) list.push(use);
        else now.set(hazard.path, [use]);
      }
    }
    const changed = new Set<string>();
    for (const helper of previous) {
      if (now.has(helper)) continue;
      this.byHelper.get(helper)?.delete(dagFile);
      changed.add(helper);
    }
    for (const [helper, list] of now) {
      let users = this.byHelper.get(helper);
      if (!users) this.byHelper.set(helper, (users = new Map()));
      if (!sameHazards(users.get(dagFile), list)) changed.add(helper);
      users.set(dagFile, list);
    }
    if (now.size > 0) this.byDagFile.set(dagFile, new Set(now.keys()));
    else this.byDagFile.delete(dagFile);
    return [...changed];
  }

  /** Forgets a DAG file (deleted); returns the helpers whose uses changed. */
  forget(dagFile: string): string[] {
    return this.record(dagFile, []);
  }

  /** The DAG files whose findings point into `helper`. */
  usersOf(helper: string): string[] {
    return [...(this.byHelper.get(helper)?.keys() ?? [])].sort();
  }

  /**
   * The helper's findings with its end added: one finding per hazard of `helper` that DAG files
   * reach at parse time, in the helper's own settings (a rule it ignores says nothing) and silenced
   * by a `# noqa` on its line. `own`: the helper's own findings. When Airflow parses the helper too
   * (a module in the DAG folder that passes its safe-mode test), its own finding on the same hazard
   * says so already: the DAG files that run it join that finding's detail instead of a second
   * finding on the same range. `display` writes a DAG file's path as the user reads it; `text` is
   * the helper's text. Sorted by position.
   */
  findingsFor(
    helper: string,
    text: string,
    settings: Settings,
    suppressions: Map<number, LineSuppression>,
    display: (file: string) => string,
    own: readonly Finding[] = [],
  ): Finding[] {
    const users = this.byHelper.get(helper);
    if (!users) return [...own].sort(byPosition);
    const hazards = new Map<string, { code: string; range: Range; severity: Severity; files: Set<string> }>();
    for (const [dagFile, uses] of users) {
      for (const { code, severity, range } of uses) {
        const key = `${code}:${range.start.line}:${range.start.character}:${range.end.line}:${range.end.character}`;
        const entry = hazards.get(key);
        if (entry) {
          entry.files.add(dagFile);
          if (RANK[severity] < RANK[entry.severity]) entry.severity = severity;
        } else {
          hazards.set(key, { code, range, severity, files: new Set([dagFile]) });
        }
      }
    }
    const found: Finding[] = [...own];
    const lines = text.split(/\r\n|\r|\n/);
    for (const { code, range, severity, files } of hazards.values()) {
      if (!isRuleEnabled(code, settings) || isSuppressed(suppressions, code, range.start.line, range.end.line)) continue;
      const names = [...files].map(display).sort();
      const mine = found.findIndex((finding) => finding.code === code && sameRange(finding.range, range));
      if (mine >= 0) {
        const finding = found[mine] as Finding;
        const ranked = effectiveSeverity(code, severity, settings);
        found[mine] = {
          ...finding,
          severity: RANK[ranked] < RANK[finding.severity] ? ranked : finding.severity,
          detail: joinSentences(
            finding.detail,
            `It also runs at every parse of ${listFiles(names)}, whose imports reach this module`,
            names.length > 2 ? `The DAG files that run it: ${listAll(names)}` : null,
          ),
        };
        continue;
      }
      found.push({
        code,
        severity: effectiveSeverity(code, severity, settings),
        message: `${quote(lines, range)} runs at every parse of ${listFiles(names)}`,
        // The message names the first file of a longer list: the detail names them all.
        ...(names.length > 2 ? { detail: `The DAG files that run it: ${listAll(names)}.` } : {}),
        range,
        fix: null,
      });
    }
    return found.sort(byPosition);
  }
}

/** `a.py`, `a.py and b.py`, `a.py and 2 more`. */
function listFiles(files: readonly string[]): string {
  if (files.length <= 2) return files.join(' and ');
  return `${files[0]} and ${files.length - 1} more`;
}

/** `a.py, b.py, c.py`, the first MAX_FILES_LISTED of them, then how many more. */
function listAll(files: readonly string[]): string {
  const shown = files.slice(0, MAX_FILES_LISTED).join(', ');
  return files.length > MAX_FILES_LISTED ? `${shown} and ${files.length - MAX_FILES_LISTED} more` : shown;
}

const MAX_FILES_LISTED = 20;

/** The hazards a finding points at in other files: entries marked 'hazard', else the first (the contract before roles). */
function hazardsOf(finding: CrossFileFinding): readonly RelatedPlace[] {
  const related = finding.related ?? [];
  if (related.some((place) => place.role !== undefined)) return related.filter((place) => place.role === 'hazard');
  return related.slice(0, 1);
}

/** The hazard's text as a message names it: `Variable.get("a")`, its first line, shortened when long. */
function quote(lines: readonly string[], range: Range): string {
  const line = lines[range.start.line] ?? '';
  const end = range.end.line === range.start.line ? range.end.character : line.length;
  let text = line.slice(range.start.character, end).trim();
  if (text.length > 60 || range.end.line !== range.start.line) text = `${text.slice(0, 57).trimEnd()}...`;
  return text ? `\`${text}\`` : 'This line';
}

function sameRange(a: Range, b: Range): boolean {
  return (
    a.start.line === b.start.line &&
    a.start.character === b.start.character &&
    a.end.line === b.end.line &&
    a.end.character === b.end.character
  );
}

function sameHazards(before: readonly HazardUse[] | undefined, after: readonly HazardUse[]): boolean {
  const keyOf = (use: HazardUse) => `${use.code}\0${use.severity}\0${JSON.stringify(use.range)}`;
  if (!before || before.length !== after.length) return false;
  const keys = new Set(before.map(keyOf));
  return after.every((finding) => keys.has(keyOf(finding)));
}
