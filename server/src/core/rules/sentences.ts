// Writing a finding's detail: sentences joined, each starting with a capital and ending with a stop.

/** `each call stalls the DAG processor` -> `Each call stalls the DAG processor.` ('' stays ''). */
export function toSentence(text: string): string {
  const trimmed = text.trim();
  if (!trimmed) return '';
  const capital = `${trimmed.charAt(0).toUpperCase()}${trimmed.slice(1)}`;
  return /[.?!]\)?$/.test(capital) ? capital : `${capital}.`;
}

/** The non-empty parts as one text, each made a sentence. */
export function joinSentences(...parts: Array<string | null | undefined>): string {
  return parts
    .map((part) => toSentence(part ?? ''))
    .filter(Boolean)
    .join(' ');
}

/**
 * A text of several sentences cut after its first (a stop, then a space and a capital letter or a
 * backtick, outside backticks): `["Unknown tag `endfor`.", "Jinja was looking for ..."]`.
 */
export function splitFirstSentence(text: string): [string, string] {
  let code = false;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '`') code = !code;
    if (code || !'.?!'.includes(text[i])) continue;
    if (/^ [A-Z`]/.test(text.slice(i + 1, i + 3))) return [text.slice(0, i + 1), text.slice(i + 2)];
  }
  return [text, ''];
}

/** How long a finding's first sentence may get: what the editor's Problems panel shows uncut. */
export const MAX_FIRST_SENTENCE = 100;

/**
 * `head; tail.` (or another joint: `head: tail.`) as the message when that fits in one short first sentence, else `Head.` with
 * `Tail.` as the detail: a suggestion (`did you mean [core] parallelism?`) stays in sight when the
 * names are short, and long names (`AIRFLOW__SCHEDULER__...`) do not push the finding off screen.
 */
export function headWithTail(head: string, tail: string, joint = '; '): { message: string; detail: string } {
  const whole = toSentence(`${head}${joint}${tail}`);
  return whole.length <= MAX_FIRST_SENTENCE ? { message: whole, detail: '' } : { message: toSentence(head), detail: toSentence(tail) };
}
