// Random edits of a Python DAG file, as a user makes them: keystrokes inside calls, strings,
// decorators, imports and module-level assignments (one character per edit, sometimes deleted
// again), and random insertions and deletions. Shared by the tests that hold an edited document's
// analysis equal to a fresh one (test/unit/edited-analysis.test.ts, test/protocol/edited-diagnostics.test.ts).

/** A small deterministic PRNG, so that a failure can be replayed from its seed. */
export function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    return state / 0x7fffffff;
  };
}

/** One change of the text: replace [start, end) with `text`. */
export interface Edit {
  start: number;
  end: number;
  text: string;
}

const RANDOM_SNIPPETS = [
  'x',
  '\n',
  '    ',
  '(',
  ')',
  '"',
  "'",
  ',',
  ':',
  '=',
  '#',
  'é',
  '😀',
  'Variable.get("k")',
  'def f(:\n',
  '@task\n',
  '',
];

/** What a user types at each kind of place, one keystroke per edit. */
const TYPED = {
  call: [', retries=3', 'pool="p"', 'Variable.get("v")', 'x'],
  string: ['{{ ds }}', '{REGION}', 'abc', '"'],
  decorator: ['@task\n', '@dag(schedule=None)\n', '@task.kubernetes\n'],
  import: ['from airflow.models import Variable\n', 'import pendulum\n', 'from airflow.hooks.base import BaseHook\n', 'import pandas\n'],
  assignment: ['REGION = Variable.get("other")\n', 'START = pendulum.now()\n', 'N = 3\n', 'default_args = {"pool": "p"}\n'],
} as const;

/** Offsets where typing of each kind starts in `text` (line starts for statements, inside for calls and strings). */
function anchors(text: string, kind: keyof typeof TYPED): number[] {
  const found: number[] = [];
  const lines = text.split('\n');
  let offset = 0;
  for (const [index, line] of lines.entries()) {
    if (kind === 'decorator' && /^\s*def /.test(line)) found.push(offset + line.search(/\S/));
    if (kind === 'import' && (index === 0 || /^(from|import) /.test(line))) found.push(offset);
    if (kind === 'assignment' && index > 0 && lines[index - 1] === '' && !/^\s/.test(line)) found.push(offset);
    offset += line.length + 1;
  }
  if (kind === 'call') for (const match of text.matchAll(/\w\(/g)) found.push(match.index + 2);
  if (kind === 'string') for (const match of text.matchAll(/["'](?=\w)/g)) found.push(match.index + 1);
  return found;
}

/** A sequence of edits for `text`: keystrokes at anchors, deletions of what was typed, random edits. */
export function* randomEdits(initial: string, next: () => number, count: number): Generator<Edit, void, string> {
  let text = initial;
  let made = 0;
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)];
  while (made < count) {
    const roll = next();
    if (roll < 0.3) {
      // A random insertion or deletion (never splitting a surrogate pair).
      const start = Math.floor(next() * (text.length + 1));
      const end = Math.min(text.length, start + (next() < 0.5 ? 0 : Math.floor(next() * 8)));
      if (/[\uDC00-\uDFFF]/.test(text[start] ?? '') || /[\uDC00-\uDFFF]/.test(text[end] ?? '')) continue;
      text = yield { start, end, text: pick(RANDOM_SNIPPETS) };
      made++;
      continue;
    }
    const kind = pick(Object.keys(TYPED) as Array<keyof typeof TYPED>);
    const places = anchors(text, kind);
    if (places.length === 0) continue;
    let at = pick(places);
    const typed = pick(TYPED[kind]);
    // Type it one character at a time (a surrogate pair as one), then maybe delete it again.
    for (const character of typed) {
      text = yield { start: at, end: at, text: character };
      at += character.length;
      made++;
    }
    if (next() < 0.4) {
      text = yield { start: at - typed.length, end: at, text: '' };
      made++;
    } else if (kind === 'import' && next() < 0.5) {
      // Delete a whole import line the file had.
      const line = text.slice(at).match(/^(from|import) [^\n]*\n/);
      if (line) {
        text = yield { start: at, end: at + line[0].length, text: '' };
        made++;
      }
    }
  }
}
