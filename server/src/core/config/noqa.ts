// `# noqa` in config files. Two places count, in every kind of file:
// - a comment line directly above the setting (`# noqa: DG502`, or `; noqa: DG502` in airflow.cfg):
//   the only form airflow.cfg and Dockerfiles can take without changing a value;
// - a comment at the end of the setting's line, where the file's syntax makes it a comment
//   (YAML, shell scripts, .env files as docker compose reads them). In airflow.cfg the text after
//   a value is part of the value, so a trailing `# noqa` there suppresses nothing.
// A bare `noqa` silences every code; a list (comma or space separated) only the codes it names.
import type { ConfigDocument } from './document';
import { commentSyntax, isCommentLine, scanLine } from './comments';
import { addSuppression, noqaOf, type LineSuppression } from '../suppression';

export interface ConfigComment {
  /** Offset of the comment in the document, and its text (to the end of the line). */
  start: number;
  text: string;
  /** The line it suppresses on: the next one for a comment line, its own for a trailing comment. */
  appliesTo: number;
}

/** The comment on `line` that may carry a noqa (a comment line, or a trailing comment where the syntax has them). */
export function configCommentOn(document: ConfigDocument, line: number): ConfigComment | null {
  const syntax = commentSyntax(document.kind);
  const { lines } = document;
  const text = lines.lineText(line);
  const start = lines.lineStart(line);
  if (isCommentLine(text, syntax)) {
    const indent = text.length - text.trimStart().length;
    return { start: start + indent, text: text.slice(indent), appliesTo: line + 1 };
  }
  if (!syntax.trailing) return null;
  const { comment } = scanLine(text, syntax);
  return comment < 0 ? null : { start: start + comment, text: text.slice(comment), appliesTo: line };
}

/** The suppressions of each line of a config document (keyed by the line they apply to). */
export function configNoqaLines(document: ConfigDocument): Map<number, LineSuppression> {
  const result = new Map<number, LineSuppression>();
  if (!/noqa/i.test(document.text)) return result;
  const { prefix } = commentSyntax(document.kind);
  for (let line = 0; line < document.lines.lineCount; line++) {
    if (!/noqa/i.test(document.lines.lineText(line))) continue;
    const comment = configCommentOn(document, line);
    const suppression = comment && noqaOf(comment.text, prefix);
    if (comment && suppression) addSuppression(result, comment.appliesTo, suppression);
  }
  return result;
}
