// The first sentence of a message, as a reader of the Problems panel meets it.

/**
 * Up to the first `.`, `?` or `!` that a space and a capital letter, a backtick or a quote follow,
 * outside backticks (`S3Hook.list_keys()`, `e.g. the` and `vs. x` do not end a sentence).
 */
export function firstSentence(message: string): string {
  let code = false;
  for (let i = 0; i < message.length; i++) {
    const c = message[i];
    if (c === '`') code = !code;
    if (code || !'.?!'.includes(c)) continue;
    if (/^\s+[A-Z`"']/.test(message.slice(i + 1, i + 3))) return message.slice(0, i + 1);
  }
  return message;
}
