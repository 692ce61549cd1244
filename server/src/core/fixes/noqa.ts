// The "suppress with # noqa" edit: appended to the finding's line, or merged into the line's
// existing `# noqa: ...` comment. Never inside a multi-line string or after a `\` continuation,
// where a comment would change the code; then the finding's last line is tried instead.
import type { SourceFile } from '../model/source';
import type { TextEdit } from '../syntax/positions';
import type { Node } from '../syntax/nodes';
import { noqaCodesIn } from '../suppression';

export function noqaEdit(source: SourceFile, code: string, startLine: number, endLine: number): TextEdit | null {
  for (const line of startLine === endLine ? [startLine] : [startLine, endLine]) {
    const edit = noqaEditOnLine(source, code, line);
    if (edit) return edit;
  }
  return null;
}

function noqaEditOnLine(source: SourceFile, code: string, line: number): TextEdit | null {
  const { lines } = source;
  const lineEnd = lines.lineEnd(line);
  const lineStart = lines.lineStart(line);
  const text = lines.lineText(line);
  if (/\\\s*$/.test(text)) return null;
  const comment = source.nodes('comment').find((node) => node.startIndex >= lineStart && node.endIndex <= lineEnd);
  if (comment) {
    const codes = noqaCodesIn(comment.text);
    if (/#\s*noqa(?!:)/i.test(comment.text) && codes.length === 0) return null; // bare noqa: already all
    if (codes.some((entry) => entry.code === code)) return null;
    if (codes.length > 0) {
      const last = codes[codes.length - 1];
      const at = lines.positionAt(comment.startIndex + last.end);
      return { range: { start: at, end: at }, newText: `, ${code}` };
    }
    const at = lines.positionAt(comment.endIndex);
    return { range: { start: at, end: at }, newText: `  # noqa: ${code}` };
  }
  // A line that ends inside a string (a multi-line literal) cannot take a comment.
  const last = source.root.descendantForIndex(Math.max(lineStart, lineEnd - 1), lineEnd);
  for (let node: Node | null = last; node; node = node.parent) {
    if ((node.type === 'string' || node.type === 'string_content') && node.endIndex > lineEnd) return null;
  }
  const trimmedEnd = lineStart + text.replace(/\s+$/, '').length;
  const at = lines.positionAt(trimmedEnd);
  return { range: { start: at, end: lines.positionAt(lineEnd) }, newText: `  # noqa: ${code}` };
}
