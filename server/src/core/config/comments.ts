// Where a comment can stand in each kind of config file without changing a value. Checked against
// each tool's source or reference (see README, "Suppressing findings in config files"):
// - airflow.cfg: Airflow builds its ConfigParser with Python's defaults, comment_prefixes ('#', ';')
//   and inline_comment_prefixes None: a comment is a line of its own (skipped wherever it stands,
//   even between continuation lines), and `key = 1  # x` has the value "1  # x".
// - Dockerfile: `#` starts a comment only at the start of a line; elsewhere it is an argument.
//   Comment lines are removed before instructions run, also inside `\` continuations.
// - .env: docker compose ends an unquoted value at ` #`, but `docker run --env-file` passes the rest
//   of the line through untouched: only a comment line changes no value for every reader.
// - Shell scripts: a word that starts with `#` starts a comment (outside quotes and heredocs).
// - YAML: `#` after whitespace starts a comment (outside quotes and block scalars).
import type { DocumentKind } from '../documentKind';
import type { NoqaPrefix } from '../suppression';

export interface CommentSyntax {
  /** The characters that start a comment: `#`, and `;` too in airflow.cfg. */
  prefix: NoqaPrefix;
  /** Whether a comment may follow a value on its line. */
  trailing: boolean;
  /** Where a new `# noqa` goes: on a line of its own above the setting, or at the end of its line. */
  noqaAt: 'line-above' | 'end-of-line';
  /** Shell quotes open anywhere; YAML and .env quotes only at the start of a value or word. */
  quotesAnywhere: boolean;
  /** Shell and Dockerfile heredocs (`<<EOF` ... `EOF`). */
  heredocs: boolean;
}

export function commentSyntax(kind: DocumentKind): CommentSyntax {
  switch (kind) {
    case 'airflow-cfg':
      return { prefix: '#;', trailing: false, noqaAt: 'line-above', quotesAnywhere: false, heredocs: false };
    case 'dockerfile':
      return { prefix: '#', trailing: false, noqaAt: 'line-above', quotesAnywhere: false, heredocs: true };
    case 'dotenv':
      return { prefix: '#', trailing: true, noqaAt: 'line-above', quotesAnywhere: false, heredocs: false };
    case 'shell':
      return { prefix: '#', trailing: true, noqaAt: 'end-of-line', quotesAnywhere: true, heredocs: true };
    default:
      // docker-compose, helm-values, kubernetes, yaml.
      return { prefix: '#', trailing: true, noqaAt: 'end-of-line', quotesAnywhere: false, heredocs: false };
  }
}

export function isYamlKind(kind: DocumentKind): boolean {
  return kind === 'docker-compose' || kind === 'helm-values' || kind === 'kubernetes' || kind === 'yaml';
}

/** Whether the line is a comment of its own (only whitespace before the comment character). */
export function isCommentLine(lineText: string, syntax: CommentSyntax): boolean {
  const first = lineText.trimStart()[0];
  return first === '#' || (first === ';' && syntax.prefix === '#;');
}

export interface LineScan {
  /** Offset in the line of the comment that ends it, or -1. */
  comment: number;
  /** The quote still open at the end of the line (before any comment), or null. */
  openQuote: string | null;
}

/**
 * Finds the comment on one line: a `#` at the start of the line or after whitespace, outside quotes.
 * `openQuote` is a quote left open by the lines before (a multi-line string).
 */
export function scanLine(lineText: string, syntax: CommentSyntax, openQuote: string | null = null): LineScan {
  let quote = openQuote;
  for (let i = 0; i < lineText.length; i++) {
    const c = lineText[i];
    if (quote) {
      if (c === '\\' && quote === '"') i++;
      else if (c === quote) quote = null;
      continue;
    }
    if (c === '#' && (i === 0 || /\s/.test(lineText[i - 1]))) return { comment: i, openQuote: null };
    if (c === '\\' && syntax.quotesAnywhere) {
      i++;
      continue;
    }
    if ((c === '"' || c === "'") && (syntax.quotesAnywhere || i === 0 || /[\s=:[{,(]/.test(lineText[i - 1]))) quote = c;
  }
  return { comment: -1, openQuote: quote };
}
