// The "suppress with # noqa" edit for config findings, in the form the file's kind takes without
// changing a value (config/comments.ts): a comment line above the setting, with its indentation, in
// airflow.cfg, Dockerfiles and .env files; the end of the line in YAML and shell scripts (the line
// above when the end of the line cannot take a comment). A `noqa` that already applies to the line
// gets the code added to its list; one that already covers the code means there is nothing to do.
// Never inside a heredoc, a YAML block scalar or a multi-line string, and never between shell lines
// joined by `\`, where a comment would become part of a value or cut a command in two.
import { commentSyntax, isCommentLine, isYamlKind, scanLine, type CommentSyntax, type LineScan } from '../config/comments';
import type { ConfigDocument } from '../config/document';
import { configNoqaLines } from '../config/noqa';
import type { TextEdit } from '../syntax/positions';
import { noqaCodesIn } from '../suppression';

interface LineState {
  /** The whole line belongs to something that started earlier: a heredoc, a block scalar, a string. */
  content: boolean;
  /** The line ends inside a quote. */
  openEnd: boolean;
  /** The line ends with a `\` that joins it to the next (shell, Dockerfile). */
  continues: boolean;
  /** Offset in the line of the comment that ends it (-1 when none). */
  comment: number;
}

export function configNoqaEdit(document: ConfigDocument, code: string, line: number): TextEdit | null {
  const { lines } = document;
  if (line < 0 || line >= lines.lineCount) return null;
  const covered = configNoqaLines(document).get(line);
  if (covered === 'all' || covered?.has(code)) return null;

  const syntax = commentSyntax(document.kind);
  const states = lineStates(document, syntax);
  const state = states[line];
  const lineText = lines.lineText(line);

  // A noqa comment already there (for other codes): add the code to its list.
  const above =
    line > 0 && !states[line - 1].content && isCommentLine(lines.lineText(line - 1), syntax) ? { line: line - 1, from: 0 } : null;
  const trailing =
    syntax.trailing && !state.content && state.comment >= 0 && !isCommentLine(lineText, syntax) ? { line, from: state.comment } : null;
  for (const existing of syntax.noqaAt === 'line-above' ? [above, trailing] : [trailing, above]) {
    if (!existing) continue;
    const codes = noqaCodesIn(lines.lineText(existing.line).slice(existing.from), syntax.prefix);
    if (codes.length === 0) continue;
    const at = lines.positionAt(lines.lineStart(existing.line) + existing.from + codes[codes.length - 1].end);
    return { range: { start: at, end: at }, newText: `, ${code}` };
  }

  if (state.content) return null;
  const endOfLine = (): TextEdit | null => {
    if (state.openEnd || state.continues) return null;
    const start = lines.lineStart(line);
    const at = lines.positionAt(start + lineText.trimEnd().length);
    return { range: { start: at, end: lines.positionAt(lines.lineEnd(line)) }, newText: `  # noqa: ${code}` };
  };
  const lineAbove = (): TextEdit | null => {
    // A comment line between shell lines joined by `\` would end the command there.
    if (document.kind === 'shell' && line > 0 && states[line - 1].continues) return null;
    const at = lines.positionAt(lines.lineStart(line));
    const indent = /^[ \t]*/.exec(lineText)![0];
    return { range: { start: at, end: at }, newText: `${indent}# noqa: ${code}${lines.eol}` };
  };
  return syntax.noqaAt === 'line-above' ? lineAbove() : (endOfLine() ?? lineAbove());
}

const HEREDOC = /(?<!<)<<(-?)\s*(["']?)([A-Za-z_][A-Za-z0-9_]*)\2/g;
const BLOCK_SCALAR = /(?:^\s*|:\s+|(?:^|\s)-\s+)[|>](?:[1-9][+-]?|[+-][1-9]?)?\s*$/;

/** What each line is, read from the top: needed because heredocs, block scalars and strings span lines. */
function lineStates(document: ConfigDocument, syntax: CommentSyntax): LineState[] {
  const { lines } = document;
  const yaml = isYamlKind(document.kind);
  const states: LineState[] = [];
  const contentLine: LineState = { content: true, openEnd: false, continues: false, comment: -1 };
  let quote: string | null = null;
  let heredoc: { word: string; stripTabs: boolean } | null = null;
  const pendingHeredocs: Array<{ word: string; stripTabs: boolean }> = [];
  let blockIndent: number | null = null;
  for (let line = 0; line < lines.lineCount; line++) {
    const text = lines.lineText(line);
    if (heredoc) {
      if ((heredoc.stripTabs ? text.replace(/^\t+/, '') : text) === heredoc.word) heredoc = pendingHeredocs.shift() ?? null;
      states.push(contentLine);
      continue;
    }
    const indent = text.length - text.trimStart().length;
    if (blockIndent !== null) {
      if (text.trim() === '' || indent > blockIndent) {
        states.push(contentLine);
        continue;
      }
      blockIndent = null;
    }
    const startsInQuote = quote !== null;
    if (!startsInQuote && isCommentLine(text, syntax)) {
      states.push({ content: false, openEnd: false, continues: false, comment: indent });
      continue;
    }
    const scan: LineScan = syntax.trailing ? scanLine(text, syntax, quote) : { comment: -1, openQuote: null };
    quote = scan.openQuote;
    const body = scan.comment >= 0 ? text.slice(0, scan.comment) : text;
    const continues = quote === null && (document.kind === 'shell' || document.kind === 'dockerfile') && /\\\s*$/.test(body);
    states.push({ content: startsInQuote, openEnd: quote !== null, continues, comment: scan.comment });
    if (syntax.heredocs && quote === null) {
      for (const match of body.matchAll(HEREDOC)) pendingHeredocs.push({ word: match[3], stripTabs: match[1] === '-' });
      if (!continues) heredoc = pendingHeredocs.shift() ?? null;
    }
    if (yaml && quote === null && BLOCK_SCALAR.test(body)) blockIndent = indent;
  }
  return states;
}
