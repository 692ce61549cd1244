// Inserting a statement at the start of a function's body: after its docstring, at the body's own
// indentation, with the file's own line ends. Shared by the fixes that move a module-level
// statement into the functions that need it (DG105's imports, DG101/DG102's lookups).
import type { SourceFile } from '../model/source';
import { field, namedChildren, type Node } from '../syntax/nodes';
import type { TextEdit } from '../syntax/positions';

/**
 * The edit that puts `text` (one statement, no line end) first in `fn`'s body, after the
 * docstring; null when it cannot be written exactly (a one-line `def f(): ...` body, a body that
 * is only a docstring, `;`-joined statements).
 */
export function insertAtBodyStart(fn: Node, text: string, source: SourceFile): TextEdit | null {
  const statements = namedChildren(field(fn, 'body')).filter((child) => child.type !== 'comment');
  const first = statements[0];
  if (!first) return null;
  const hasDocstring =
    first.type === 'expression_statement' &&
    namedChildren(first).length === 1 &&
    ['string', 'concatenated_string'].includes(namedChildren(first)[0].type);
  const anchor = hasDocstring ? statements[1] : first;
  // A body that is only a docstring uses nothing: there is always a statement to anchor on.
  if (!anchor) return null;
  const indent = indentationBefore(anchor, source);
  if (indent === null) return null;
  const position = source.lines.positionAt(anchor.startIndex);
  return { range: { start: position, end: position }, newText: `${text}${lineEndOf(position.line, source)}${indent}` };
}

/** The whitespace before `node` on its line, or null when something else precedes it there. */
function indentationBefore(node: Node, source: SourceFile): string | null {
  const { line } = source.lines.positionAt(node.startIndex);
  const before = source.text.slice(source.lines.lineStart(line), node.startIndex);
  return /^[ \t]*$/.test(before) ? before : null;
}

/** The line end the file uses at `line` ("\r\n", "\n" or "\r"), or its first one. */
function lineEndOf(line: number, source: SourceFile): string {
  const end = source.lines.lineEnd(line);
  const own = /^(\r\n|\n|\r)/.exec(source.text.slice(end, end + 2));
  if (own) return own[1];
  return /\r\n|\n|\r/.exec(source.text)?.[0] ?? '\n';
}
