// Small, linear steps over one line of a configuration file. Written as scans rather than
// patterns such as `\s+#.*$` or `\s*(\\)?$`: unanchored, those retry from every position of a run
// of spaces and cost N² on a line of N spaces (a one-line .env file of 1 MB took hours).

/** The text before a `#` comment and the whitespace before it (`value  # note` -> `value`); the text when there is none. */
export function beforeTrailingComment(text: string): string {
  let start = text.search(/\s#/);
  if (start < 0) return text;
  while (start > 0 && /\s/.test(text[start - 1])) start--;
  return text.slice(0, start);
}

/** The text without trailing whitespace and, before that, one line-continuation backslash (`a \\` -> `a`). */
export function withoutContinuation(text: string): string {
  return (text.endsWith('\\') ? text.slice(0, -1) : text).trimEnd();
}
