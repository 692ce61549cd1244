// The fuzz's generators of hostile inputs, besides its small random edits: the shapes an outside
// stress test found to hang or stall the analysis (issue 12, items 1 and 10). An unbalanced quote
// or bracket at the end of a file (the ERROR-rooted tree that looped for ever), long runs of one
// character, deep nesting, and whole files of the shapes that were super-linear.
import { SHAPES } from './shapeGenerators';

export interface Generated {
  text: string;
  /** Which generator made it: failures are grouped by it. */
  generator: string;
  /** Milliseconds the whole round (analysis, fixes, hover...) may take on it. */
  budgetMs: number;
}

/** What a file can end with while typing: quotes and brackets left open. */
const OPEN_TAILS = [
  '(',
  '[',
  '{',
  '"',
  "'",
  '"""',
  "'''",
  'f"{',
  'G(n,t=S(",y=f/{K',
  'x = (',
  'def f(',
  'class C(',
  '@task(',
  '\\',
  'lambda: (',
  '"""\n',
  'if x:\n',
  'f"{x!r:{',
];
const RUN_CHARACTERS = ['(', '[', '{', ')', '"', "'", '\\\n', ' ', '\t', 'a', '#', '\n', '.', '+', ',', ':', '\r\n', '@', 'é'];
/** Openers and closers of the nesting generator: expressions, and blocks by indentation. */
const NESTINGS: Array<{ name: string; make: (depth: number) => string; maxDepth?: number }> = [
  { name: 'parentheses', make: (depth) => `x = ${'('.repeat(depth)}Variable.get("k")${')'.repeat(depth)}\n` },
  { name: 'lists', make: (depth) => `x = ${'['.repeat(depth)}1${']'.repeat(depth)}\n` },
  { name: 'dicts', make: (depth) => `x = ${'{"a": '.repeat(depth)}Variable.get("k")${'}'.repeat(depth)}\n` },
  { name: 'calls', make: (depth) => `x = ${'f('.repeat(depth)}Variable.get("k")${')'.repeat(depth)}\n` },
  { name: 'attributes', make: (depth) => `x = Variable${'.get()'.repeat(depth)}\n` },
  // Indented blocks grow as the square of their depth: 500 levels are 125,000 characters.
  {
    name: 'functions',
    maxDepth: 500,
    make: (depth) =>
      Array.from({ length: depth }, (_, level) => `${' '.repeat(level)}def f${level}():`).join('\n') +
      `\n${' '.repeat(depth)}return Variable.get("k")\n`,
  },
  {
    name: 'ifs',
    maxDepth: 500,
    make: (depth) =>
      Array.from({ length: depth }, (_, level) => `${' '.repeat(level)}if x:`).join('\n') + `\n${' '.repeat(depth)}Variable.get("k")\n`,
  },
  { name: 'lambdas', make: (depth) => `f = ${'lambda: '.repeat(depth)}Variable.get("k")\n` },
  { name: 'unclosed', make: (depth) => `x = ${'f(['.repeat(depth)}\n` },
];

// Two parses per round (analysis, then hover and the rest), each allowed the parse budget of
// core/fileLimits.ts: the grammar alone can take seconds on a long run of one bracket.
const REGULAR_BUDGET_MS = 10_000;
const LARGE_BUDGET_MS = 20_000;

/**
 * A hostile variant of `text` (a fixture or an example), or null for one of the fuzz's ordinary
 * small edits instead. About one seed in three gets one.
 */
export function hostileVariant(text: string, next: () => number): Generated | null {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)];
  const at = Math.floor(next() * (text.length + 1));
  switch (Math.floor(next() * 9)) {
    case 0:
    case 1:
      return { text: text.slice(0, at) + pick(OPEN_TAILS), generator: 'open tail', budgetMs: REGULAR_BUDGET_MS };
    case 2: {
      // A call of one of the file's functions (an inner one, maybe) before the open tail: the
      // module-level lookup of a name defined only in a nested scope is what looped on an ERROR root.
      const inner = innerFunctionNames(text);
      const call = inner.length > 0 ? `\n\n${pick(inner)}()\n` : '\ndef outer():\n    def inner():\n        pass\n\n\ninner()\n';
      return { text: text + call + pick(OPEN_TAILS), generator: 'open tail', budgetMs: REGULAR_BUDGET_MS };
    }
    case 3: {
      const run = pick(RUN_CHARACTERS).repeat(1 + Math.floor(next() ** 2 * 20_000));
      return { text: text.slice(0, at) + run + text.slice(at), generator: 'run of one character', budgetMs: REGULAR_BUDGET_MS };
    }
    case 4: {
      const nesting = pick(NESTINGS);
      const depth = 1 + Math.floor(next() ** 2 * (nesting.maxDepth ?? 3_000));
      return { text: `${text}\n${nesting.make(depth)}`, generator: `nested ${nesting.name}`, budgetMs: REGULAR_BUDGET_MS };
    }
    case 5: {
      // One in thirty of these: a whole file of a once super-linear shape, at a size it used to choke on.
      if (next() > 1 / 30) return null;
      const shape = pick(SHAPES);
      return {
        text: shape.make(shape.sizes[Math.floor(next() * shape.sizes.length)]),
        generator: `shape ${shape.name}`,
        budgetMs: LARGE_BUDGET_MS,
      };
    }
    default:
      return null;
  }
}

/** Functions defined inside functions (not methods): `def` lines whose enclosing line is a `def`. */
function innerFunctionNames(text: string): string[] {
  const names: string[] = [];
  const open: Array<{ indent: number; isDef: boolean }> = [];
  for (const line of text.split(/\r\n|\r|\n/)) {
    const match = /^([ \t]*)(?:async\s+)?(def|class)\s+(\w+)/.exec(line);
    if (!match) continue;
    const indent = match[1].length;
    while (open.length > 0 && open[open.length - 1].indent >= indent) open.pop();
    if (match[2] === 'def' && open.length > 0 && open[open.length - 1].isDef) names.push(match[3]);
    open.push({ indent, isDef: match[2] === 'def' });
  }
  return names;
}

export const ORDINARY_BUDGET_MS = REGULAR_BUDGET_MS;
