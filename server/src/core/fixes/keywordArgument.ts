// Edits that set a keyword argument of a call, following the call's layout: on one line,
// `, name=value` after the last argument; one argument per line, a new line with the same
// indentation (and a trailing comma when the call has one). An existing keyword gets its value
// replaced instead.
import type { SourceFile } from '../model/source';
import { callArguments, namedChildren, type Node } from '../syntax/nodes';
import type { TextEdit } from '../syntax/positions';

export function setKeywordArgumentEdits(source: SourceFile, call: Node, name: string, value: string): TextEdit[] | null {
  const args = callArguments(call);
  const list = args.list;
  if (!list || list.type !== 'argument_list' || list.hasError) return null;
  const existing = args.keywords.get(name);
  if (existing) return [{ range: source.rangeOf(existing), newText: value }];
  const { lines } = source;
  const at = (offset: number) => lines.positionAt(offset);
  const insert = (offset: number, text: string): TextEdit => ({ range: { start: at(offset), end: at(offset) }, newText: text });
  const argument = `${name}=${value}`;
  const items = namedChildren(list).filter((child) => child.type !== 'comment');
  const last = items[items.length - 1];
  if (!last) return [insert(list.startIndex + 1, argument)];
  const comma = last.nextSibling?.type === ',' ? last.nextSibling : null;
  const close = list.lastChild?.type === ')' ? list.lastChild : null;
  const lastLine = at(last.startIndex).line;
  const multiLine = lastLine > at(list.startIndex).line && !!close && at(close.startIndex).line > at((comma ?? last).endIndex).line;
  if (!multiLine) return [insert(last.endIndex, `, ${argument}`)];
  const lineStart = lines.lineStart(lastLine);
  const indent = /^[ \t]*/.exec(source.text.slice(lineStart, last.startIndex))![0];
  const lineEnd = lines.lineEnd(at((comma ?? last).endIndex).line);
  const edits = [insert(lineEnd, `${lines.eol}${indent}${argument}${comma ? ',' : ''}`)];
  if (!comma) edits.unshift(insert(last.endIndex, ','));
  return edits;
}

