// `# noqa` in config files. Two places count, in every kind of file:
// - a comment line directly above the setting (`# noqa: DG502`, or `; noqa: DG502` in airflow.cfg):
//   the only form airflow.cfg, Dockerfiles and .env files can take without changing a value;
// - a comment at the end of the setting's line, where the file's syntax makes it a comment
//   (YAML, shell scripts, .env files as docker compose reads them). In airflow.cfg the text after
//   a value is part of the value, so a trailing `# noqa` there suppresses nothing.
// A bare `noqa` silences every code; a list (comma or space separated) only the codes it names.
import type { ConfigDocument } from './document';
import { commentSyntax, isCommentLine, scanLine } from './comments';
import { addSuppression, noqaOf, type LineSuppression } from '../suppression';

/** The suppressions of each line of a config document (keyed by the line they apply to). */
export function configNoqaLines(document: ConfigDocument): Map<number, LineSuppression> {
  const result = new Map<number, LineSuppression>();
  if (!/noqa/i.test(document.text)) return result;
  const syntax = commentSyntax(document.kind);
  const { lines } = document;
  for (let line = 0; line < lines.lineCount; line++) {
    const text = lines.lineText(line);
    if (!/noqa/i.test(text)) continue;
    if (isCommentLine(text, syntax)) {
      const suppression = noqaOf(text.trimStart(), syntax.prefix);
      if (suppression) addSuppression(result, line + 1, suppression);
      continue;
    }
    if (!syntax.trailing) continue;
    const { comment } = scanLine(text, syntax);
    if (comment < 0) continue;
    const suppression = noqaOf(text.slice(comment), syntax.prefix);
    if (suppression) addSuppression(result, line, suppression);
  }
  return result;
}
