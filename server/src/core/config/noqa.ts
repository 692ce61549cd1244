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

/**
 * airflow.cfg and Dockerfiles have no comments after a value: a `noqa` written there suppresses
 * nothing (it is part of the value, or an argument). The lines where one is, with what it names,
 * so that the finding can say where the noqa has to go.
 */
export function misplacedNoqaLines(document: ConfigDocument): Map<number, LineSuppression> {
  const result = new Map<number, LineSuppression>();
  const syntax = commentSyntax(document.kind);
  if (syntax.trailing || !/noqa/i.test(document.text)) return result;
  for (let line = 0; line < document.lines.lineCount; line++) {
    const text = document.lines.lineText(line);
    if (!/noqa/i.test(text) || isCommentLine(text, syntax)) continue;
    const suppression = noqaOf(text, syntax.prefix);
    if (suppression) addSuppression(result, line, suppression);
  }
  return result;
}

/** What a finding on a line with a misplaced noqa adds to its detail: why the noqa suppressed nothing. */
export function misplacedNoqaHint(document: ConfigDocument, code: string): string {
  return document.kind === 'dockerfile'
    ? `In a Dockerfile \`#\` starts a comment only at the start of a line: the noqa after the instruction suppresses nothing; put \`# noqa: ${code}\` on the line above.`
    : `In airflow.cfg the noqa after the value is part of the value and suppresses nothing: put \`# noqa: ${code}\` on the line above.`;
}
