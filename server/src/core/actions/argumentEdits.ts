// Edits that set arguments of a call or entries of a default_args dict the way the author would
// type them: an existing argument is edited in place (never written twice), a new one follows the
// call's layout (same line for a one-line call; one per line, at the arguments' indentation, for a
// multi-line call), and a trailing comma stays a trailing comma.
//
// With `snippets`, values can be tab stops ($1, ${1:value}); all edits of one action are then
// folded into a single edit, because clients apply at most one snippet per document and edit.
import type { ArgumentSite } from '../airflow/argumentSites';
import type { SourceFile } from '../model/source';
import { children, namedChildren, type Node } from '../syntax/nodes';
import type { TextEdit } from '../syntax/positions';

export interface ArgumentSetting {
  name: string;
  /** The value as Python source (`"etl"`, `1`). */
  value: string;
  /** A tab stop on the value when snippets are on. */
  placeholder?: boolean | undefined;
  /** An existing argument keeps its value (made a tab stop when snippets are on). */
  keepExisting?: boolean;
  /** `value` is written as it is: already escaped (and with its own tab stops) for snippets. */
  raw?: boolean;
  /**
   * With snippets, a choice instead of a tab stop: the contents of the string literal `value`
   * may be (each already escaped for Python), in order.
   */
  choices?: readonly string[] | undefined;
}

interface OffsetEdit {
  start: number;
  end: number;
  text: string;
}

/**
 * A new dict literal with these entries (`{"pool": "etl", "pool_slots": 1}`), for `default_args=`
 * on a DAG that has none: tab stops numbered from 1 when snippets are on.
 */
export function dictLiteral(values: readonly ArgumentSetting[], quote: string, snippets: boolean): string {
  let stop = 0;
  const entries = values.map((value) => {
    const key = `${quote}${value.name}${quote}: `;
    if (!snippets) return key + value.value;
    if (!value.placeholder) return escapeSnippet(key + value.value);
    return escapeSnippet(key) + snippetStop(value.value, ++stop, value.choices);
  });
  return `{${entries.join(', ')}}`;
}

/** Escapes text for an LSP snippet ($, } and \ are special). */
function escapeSnippet(text: string): string {
  return text.replace(/[\\$}]/g, '\\$&');
}

/** Escapes an element of a snippet choice (`${1|a,b|}`: also `,` and `|`). */
function escapeChoice(text: string): string {
  return text.replace(/[\\$}|,]/g, '\\$&');
}

/**
 * Tab stop `number` on a value: a string's content is the stop, not its quotes (`"${1:etl}"`);
 * with `choices`, a choice between string contents (`"${1|etl,gpu|}"`).
 */
function snippetStop(value: string, number: number, choices?: readonly string[]): string {
  const quoted = /^([rRuU]?["'])(.*)(["'])$/s.exec(value);
  if (quoted && choices && choices.length > 0) return `${quoted[1]}\${${number}|${choices.map(escapeChoice).join(',')}|}${quoted[3]}`;
  return quoted ? `${quoted[1]}\${${number}:${escapeSnippet(quoted[2])}}${quoted[3]}` : `\${${number}:${escapeSnippet(value)}}`;
}

/**
 * The edits that give `site` these arguments, or null when the site cannot be edited safely (a
 * broken argument list, a missing closing bracket). An empty list means nothing to change.
 */
export function setArgumentEdits(
  source: SourceFile,
  site: ArgumentSite,
  values: readonly ArgumentSetting[],
  snippets: boolean,
): TextEdit[] | null {
  const container = site.container;
  if (!container || container.hasError) return null;
  const open = container.child(0);
  const close = container.child(container.childCount - 1);
  if (!open || !close || close.isMissing || !/^[({]$/.test(open.type) || !/^[)}]$/.test(close.type)) return null;

  let stop = 0;
  const tabStop = (text: string, choices?: readonly string[]) => (snippets ? snippetStop(text, ++stop, choices) : text);
  const plain = (text: string) => (snippets ? escapeSnippet(text) : text);
  const edits: OffsetEdit[] = [];
  const missing: string[] = [];
  for (const value of values) {
    const existing = site.entries.get(value.name);
    if (existing) {
      const current = source.textOf(existing.value);
      if (value.keepExisting) {
        if (snippets) edits.push({ start: existing.value.startIndex, end: existing.value.endIndex, text: tabStop(current) });
      } else if (current !== value.value) {
        edits.push({
          start: existing.value.startIndex,
          end: existing.value.endIndex,
          text: value.placeholder ? tabStop(value.value, value.choices) : plain(value.value),
        });
      }
    } else {
      const key = site.style === 'keyword' ? `${value.name}=` : `${quoteOf(source, site)}${value.name}${quoteOf(source, site)}: `;
      missing.push(plain(key) + (value.raw ? value.value : value.placeholder ? tabStop(value.value, value.choices) : plain(value.value)));
    }
  }
  if (missing.length > 0) edits.push(...insertEdits(source, container, open, missing));
  if (edits.length === 0) return [];
  edits.sort((a, b) => a.start - b.start);
  if (snippets) {
    // One edit from the first change to the last; the text in between is kept (escaped).
    let start = edits[0].start;
    let text = '';
    let cursor = start;
    for (const edit of edits) {
      text += escapeSnippet(source.text.slice(cursor, edit.start)) + edit.text;
      cursor = edit.end;
    }
    // VS Code indents every new line of a snippet by the whitespace that starts the edit's line
    // (up to the edit's column); vscode-languageclient cannot ask it not to (keepWhitespace). An
    // edit that starts at its line's start gets no such indentation: the lines keep their own.
    if (/[\r\n]/.test(text)) {
      const lineStart = source.lines.lineStart(source.lines.positionAt(start).line);
      text = escapeSnippet(source.text.slice(lineStart, start)) + text;
      start = lineStart;
    }
    return [{ range: source.lines.rangeOf(start, cursor), newText: text }];
  }
  return edits.map((edit) => ({ range: source.lines.rangeOf(edit.start, edit.end), newText: edit.text }));
}

/** Insertions of new entries after the last one, following the layout. */
function insertEdits(source: SourceFile, container: Node, open: Node, entries: string[]): OffsetEdit[] {
  const items = namedChildren(container).filter((child) => child.type !== 'comment');
  if (items.length === 0) return [{ start: open.endIndex, end: open.endIndex, text: entries.join(', ') }];
  const last = items[items.length - 1];
  const comma = trailingComma(last);
  const lines = source.lines;
  const lineOf = (offset: number) => lines.positionAt(offset).line;
  const multiLine = lineOf(last.startIndex) !== lineOf(open.startIndex);
  if (!multiLine) {
    return comma
      ? [{ start: comma.endIndex, end: comma.endIndex, text: ` ${entries.join(', ')},` }]
      : [{ start: last.endIndex, end: last.endIndex, text: `, ${entries.join(', ')}` }];
  }
  const eol = lines.eol;
  // The indentation of the first entry on the last entry's line: the line's own when the entry
  // starts the line, else the entry's column (arguments aligned after the opening bracket).
  const lastLine = lineOf(last.startIndex);
  const first = items.find((item) => lineOf(item.startIndex) === lastLine) ?? last;
  const before = source.text.slice(lines.lineStart(lastLine), first.startIndex);
  const indent = /^\s*$/.test(before) ? before : before.replace(/[^\t]/g, ' ');
  const anchor = comma ? comma.endIndex : last.endIndex;
  const anchorLine = lineOf(anchor);
  const lineEnd = lines.lineEnd(anchorLine);
  const rest = source.text.slice(anchor, lineEnd);
  const newLines = entries.map((entry) => `${eol}${indent}${entry}`);
  if (/^\s*(#.*)?$/.test(rest)) {
    // Nothing but a comment after the last entry: the new lines go after it.
    const edits: OffsetEdit[] = [];
    if (!comma) edits.push({ start: last.endIndex, end: last.endIndex, text: ',' });
    edits.push({ start: lineEnd, end: lineEnd, text: comma ? newLines.map((line) => `${line},`).join('') : newLines.join(',') });
    return edits;
  }
  // The closing bracket (or more) follows on the same line: insert right after the last entry.
  return [{ start: anchor, end: anchor, text: comma ? newLines.map((line) => `${line},`).join('') : `,${newLines.join(',')}` }];
}

/** The `,` that follows an entry (comments may sit between), if any. */
function trailingComma(item: Node): Node | null {
  for (let next = item.nextSibling; next; next = next.nextSibling) {
    if (next.type === 'comment') continue;
    return next.type === ',' ? next : null;
  }
  return null;
}

/** The quote the site's own string keys or values use ("), for new dict keys and string values. */
export function quoteOf(source: SourceFile, site: ArgumentSite): string {
  for (const entry of site.entries.values()) {
    for (const node of [entry.key, entry.value]) {
      if (node.type !== 'string') continue;
      const start = children(node).find((child) => child.type === 'string_start');
      const quote = start?.text.slice(-1);
      if (quote === '"' || quote === "'") return quote;
    }
  }
  return '"';
}

/** A Python string literal in the site's quote style. */
export function pythonString(source: SourceFile, site: ArgumentSite, value: string): string {
  const quote = quoteOf(source, site);
  return `${quote}${pythonStringContent(quote, value)}${quote}`;
}

/** The content of a Python string literal quoted with `quote` whose value is `value`. */
export function pythonStringContent(quote: string, value: string): string {
  return value.replace(/\\/g, '\\\\').replace(new RegExp(quote, 'g'), `\\${quote}`);
}
