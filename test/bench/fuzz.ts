// `npm run fuzz [-- seconds]`: random edits to every rule fixture and example, each broken text
// sent through what the editor does with it (analysis, every fix and its result, fix-all, the noqa
// edits, hover, completion, argument actions; config analysis and hover for config files).
// Besides small edits, hostile inputs (fuzzGenerators.ts): open quotes and brackets at the end,
// long runs of one character, deep nesting, whole files of once super-linear shapes. Two properties
// are checked too: a text with lone-CR line ends finds what its "\n" twin finds; the server's
// document store follows edits sent with reused version numbers and ranges written end first.
// Reports every exception, including rule errors the analysis would swallow, and every input over
// its time budget; the variants run in a child process that is stopped and reported when one
// never finishes (a synchronous loop cannot be interrupted from inside). Each failure comes with
// the seed that replays it: `npm run fuzz -- --seed N`. Not a test: it reports, like the
// benchmarks; run it after touching code that reads trees.
import { fork } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { argumentActions } from '../../server/src/core/actions/taskArguments';
import { analyzeConfigText } from '../../server/src/core/analyzeConfig';
import { pythonCompletions } from '../../server/src/core/completion/python';
import { readConfigDocument } from '../../server/src/core/config/document';
import { documentKind, isConfigKind } from '../../server/src/core/documentKind';
import { Engine } from '../../server/src/core/engine';
import { applySafeFixes } from '../../server/src/core/fixes/fixAll';
import { configNoqaEdit } from '../../server/src/core/fixes/configNoqa';
import { noqaEdit } from '../../server/src/core/fixes/noqa';
import { configHover } from '../../server/src/core/hover/config';
import { pythonHover } from '../../server/src/core/hover/python';
import type { Finding } from '../../server/src/core/findings';
import { defaultSettings } from '../../server/src/core/settings/schema';
import { createPythonParser, parsePython } from '../../server/src/core/syntax/parser';
import { applyEdits, LineIndex } from '../../server/src/core/syntax/positions';
import { runToEnd } from '../../server/src/core/steps';
import { DocumentStore } from '../../server/src/protocol/documents';
import type { Node, Parser } from 'web-tree-sitter';
import { NOT_ANALYSED } from '../../server/src/core/fileLimits';
import { hostileVariant, ORDINARY_BUDGET_MS } from './fuzzGenerators';

const ROOT = path.resolve(__dirname, '../..');
/** A variant still running after this many times its budget is taken to never finish: its child is stopped. */
const HANG_FACTOR = 3;
/** How long a child may take to start (load the grammar) before its first variant. */
const START_MS = 60_000;
const FRAGMENTS = [
  '(',
  ')',
  '[',
  ']',
  '{',
  '}',
  ':',
  ',',
  '"',
  "'",
  '"""',
  'f"{',
  '}"',
  '\n',
  '\r\n',
  '\t',
  '    ',
  '#',
  '\\',
  '=',
  '.',
  'Variable.get(',
  'import pandas',
  'é',
  '🚀',
  '\u00a0',
  'def ',
  'class ',
  '@task',
  'with DAG(',
  'for x in range(3):\n    ',
  '[core]\n',
  'AIRFLOW__CORE__',
  '# noqa: DG101',
  '%s',
  ' % ',
  'lambda: ',
  'await ',
  '\0',
];

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? files(full) : [full];
  });
}

/** A small seeded generator, so a failure can be replayed with the printed seed. */
function random(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => (state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

function mutate(text: string, next: () => number): string {
  const at = Math.floor(next() * (text.length + 1));
  const span = Math.floor(next() * 40);
  switch (Math.floor(next() * 5)) {
    case 0:
      return text.slice(0, at) + text.slice(at + span);
    case 1:
      return text.slice(0, at) + FRAGMENTS[Math.floor(next() * FRAGMENTS.length)] + text.slice(at);
    case 2:
      return text.slice(0, at) + text.slice(Math.max(0, at - span), at) + text.slice(at);
    case 3:
      return text.slice(0, at);
    default:
      return text.slice(0, at) + text.slice(at).replace(/\n/, '\r\n');
  }
}

interface Variant {
  file: string;
  text: string;
  generator: string;
  budgetMs: number;
}

function variantOf(seed: number, inputs: ReadonlyArray<{ file: string; text: string }>, next: () => number): Variant {
  const { file, text: original } = inputs[seed % inputs.length];
  let text = original;
  for (let edits = 1 + Math.floor(next() * 4); edits > 0; edits--) text = mutate(text, next);
  const hostile = hostileVariant(text, next);
  return hostile ? { file, ...hostile } : { file, text, generator: 'edits', budgetMs: ORDINARY_BUDGET_MS };
}

/** Messages from the child that runs the variants to the parent that watches it. */
type Report =
  | { kind: 'start'; seed: number; file: string; generator: string; budgetMs: number }
  | { kind: 'failure'; key: string; text: string }
  | { kind: 'done'; variants: number };

function inputFiles(): Array<{ file: string; text: string }> {
  return [...files(path.join(ROOT, 'test/fixtures/rules')), ...files(path.join(ROOT, 'examples'))].map((file) => ({
    file,
    text: readFileSync(file, 'utf8'),
  }));
}

/** Runs variants from `firstSeed` until `deadline` (or only `firstSeed` when `only`), reporting each. */
async function runVariants(firstSeed: number, deadline: number, only: boolean, report: (message: Report) => void): Promise<void> {
  const engine = await Engine.create();
  const storeParser = await createPythonParser();
  const settings = defaultSettings();
  const inputs = inputFiles();
  const reported = new Set<string>();
  let variants = 0;
  for (let seed = firstSeed; only ? seed === firstSeed : Date.now() < deadline; seed++) {
    const next = random(seed);
    const { file, text, generator, budgetMs } = variantOf(seed, inputs, next);
    const fail = (where: string, error: unknown) => {
      const message = error instanceof Error ? (error.stack ?? error.message).split('\n').slice(0, 4).join(' | ') : String(error);
      const key = `${where}: ${message.split(' | ')[0]}`;
      if (reported.has(key)) return;
      reported.add(key);
      report({ kind: 'failure', key, text: `${key}\n    seed ${seed}, ${path.relative(ROOT, file)} (${generator})\n    ${message}` });
    };
    report({ kind: 'start', seed, file: path.relative(ROOT, file), generator, budgetMs });
    variants++;
    const started = performance.now();
    exercise(engine, storeParser, settings, file, text, seed, next, fail);
    const elapsed = performance.now() - started;
    if (elapsed > budgetMs)
      fail(
        `over budget (${generator})`,
        `${path.relative(ROOT, file)}: ${elapsed.toFixed(0)} ms, budget ${budgetMs} ms, ${text.length} characters`,
      );
  }
  report({ kind: 'done', variants });
}

/** What a user sees of findings: codes, ranges, messages, fix edits (lone CRs in edits read as "\n"). */
function seenFindings(findings: Finding[]): string {
  return JSON.stringify(
    findings.map((finding) => [
      finding.code,
      finding.range,
      finding.message,
      [finding.fix, ...(finding.alternatives ?? [])].map((fix) =>
        fix?.edits.map((edit) => [edit.range, edit.newText.replace(/\r(?!\n)/g, '\n')]),
      ),
    ]),
  );
}

/**
 * Lone CR (issue 12, item 5): Python reads a lone "\r" as a line end, so the text written with
 * lone-CR line ends must give the findings of its "\n" twin. Throws when they differ.
 */
function checkLoneCr(engine: Engine, file: string, text: string, options: Parameters<Engine['analyzeText']>[2]): void {
  const plain = text.replace(/\r\n?/g, '\n');
  const cr = plain.replace(/\n/g, '\r');
  const expected = seenFindings(engine.analyzeText(file, plain, options));
  const actual = seenFindings(engine.analyzeText(file, cr, options));
  if (actual !== expected)
    throw new Error(`lone-CR findings differ from the "\\n" twin: ${actual.slice(0, 300)} vs ${expected.slice(0, 300)}`);
}

/** Every node with its type and offsets: two trees print alike only when they read the same text alike. */
function treeDump(root: Node): string {
  // Iterative: a fuzzed file nests thousands deep, past the JS stack.
  const parts: string[] = [];
  const pending: Array<Node | ')'> = [root];
  while (pending.length > 0) {
    const item = pending.pop()!;
    if (item === ')') {
      parts.push(')');
      continue;
    }
    parts.push(` (${item.type} ${item.startIndex}-${item.endIndex}`);
    pending.push(')');
    const children = item.children;
    for (let index = children.length - 1; index >= 0; index--) {
      const child = children[index];
      if (child) pending.push(child);
    }
  }
  return parts.join('').slice(1);
}

/**
 * Reused versions and reversed ranges (issue 12, item 11): edits sent to the server's document
 * store as a careless client sends them, some with the range written end first, some with the
 * version number of the change before. The text, the analysis view and the tree must all follow
 * the edits: throws when the store's text, its SourceFile or its tree differ from a fresh parse.
 */
function checkStoreEdits(parser: Parser, text: string, next: () => number): void {
  const store = new DocumentStore(parser);
  const uri = 'file:///fuzz/store.py';
  try {
    let entry = store.open(uri, 'python', 1, text);
    let expected = text;
    let version = 1;
    for (let edits = 1 + Math.floor(next() * 6); edits > 0; edits--) {
      const a = Math.floor(next() * (expected.length + 1));
      const b = Math.min(expected.length, a + Math.floor(next() * 12));
      // Editors never split a surrogate pair or a CRLF.
      if ([a, b].some((at) => /[\uDC00-\uDFFF]/.test(expected[at] ?? '') || (expected[at - 1] === '\r' && expected[at] === '\n'))) continue;
      const fragment = FRAGMENTS[Math.floor(next() * FRAGMENTS.length)];
      const lines = new LineIndex(expected);
      const range = next() < 0.5 ? lines.rangeOf(b, a) : lines.rangeOf(a, b);
      if (next() < 0.7) version++;
      // A large text's first parse runs in slices (as the server's analysis runs them).
      runToEnd(store.parseSteps(entry));
      store.sourceOf(entry);
      entry = store.change(uri, version, [{ range, text: fragment }])!;
      expected = expected.slice(0, a) + fragment + expected.slice(b);
    }
    if (entry.document.getText() !== expected) throw new Error("the store's text differs from the edited text");
    runToEnd(store.parseSteps(entry));
    if (store.sourceOf(entry)?.text !== expected)
      throw new Error(`the store's SourceFile is of an earlier text (version ${version} reused)`);
    const fresh = parsePython(parser, expected);
    const same = treeDump(store.treeOf(entry)!.rootNode) === treeDump(fresh.rootNode);
    fresh.delete();
    if (!same) throw new Error('the incrementally edited tree differs from a fresh parse');
  } finally {
    store.dispose();
  }
}

/** What the editor does with one text: analysis, fixes, fix-all, noqa, hover, completion, actions. */
function exercise(
  engine: Engine,
  storeParser: Parser,
  settings: ReturnType<typeof defaultSettings>,
  file: string,
  text: string,
  seed: number,
  next: () => number,
  fail: (where: string, error: unknown) => void,
): void {
  const kind = documentKind(file, undefined, text);
  const offsets = Array.from({ length: 8 }, () => Math.floor(next() * (text.length + 1)));
  try {
    if (kind === 'python') {
      const options = {
        settings,
        airflowVersion: 2 as const,
        onRuleError: (rule: { code: string }, error: unknown) => fail(`rule ${rule.code}`, error),
        onAnalysisError: (error: unknown) => fail('model', error),
      };
      const findings: Finding[] = engine.analyzeText(file, text, options);
      // A file not analysed (too large, or its parse ran out of time) has no tree in the editor either.
      if (findings.some((finding) => finding.code === NOT_ANALYSED)) return;
      engine.withSource(file, text, (source) => {
        for (const finding of findings) {
          for (const fix of [...(finding.fix ? [finding.fix] : []), ...(finding.alternatives ?? [])]) applyEdits(text, fix.edits);
          noqaEdit(source, finding.code, finding.range.start.line, finding.range.end.line);
        }
        for (const offset of offsets) {
          pythonHover({ source, offset, airflowVersion: 2 });
          pythonCompletions({ source, offset, pools: null });
          argumentActions({ source, offset, pools: null, snippets: true });
        }
      });
      if (seed % 4 === 0)
        applySafeFixes(
          text,
          (current) => engine.analyzeText(file, current, options),
          (current, use) => engine.withSource(file, current, use),
        );
      if (seed % 3 === 0) checkLoneCr(engine, file, text, options);
      if (seed % 3 === 1) checkStoreEdits(storeParser, text, next);
    } else if (isConfigKind(kind)) {
      const findings = analyzeConfigText(text, kind, {
        settings,
        airflowVersion: 2,
        onRuleError: (rule, error) => fail(`rule ${rule.code}`, error),
      });
      const document = readConfigDocument(text, kind);
      for (const finding of findings) configNoqaEdit(document, finding.code, finding.range.start.line);
      for (const offset of offsets) configHover(document, offset);
    }
  } catch (error) {
    fail(kind, error);
  }
}

/** The parent: runs the variants in a child, restarts it after a variant that never finishes. */
async function main(): Promise<void> {
  const seedFlag = process.argv.indexOf('--seed');
  if (seedFlag >= 0) {
    // Replays one seed in this process, saying what it ran and how long it took.
    const seed = Number(process.argv[seedFlag + 1]);
    const started = performance.now();
    await runVariants(seed, Infinity, true, (message) => {
      if (message.kind === 'start') console.log(`seed ${seed}: ${message.file} (${message.generator}), budget ${message.budgetMs} ms`);
      if (message.kind === 'failure') console.log(message.text);
    });
    console.log(`took ${(performance.now() - started).toFixed(0)} ms`);
    return;
  }
  if (process.argv[2] === '--child') {
    const [firstSeed, deadline] = [Number(process.argv[3]), Number(process.argv[4])];
    await runVariants(firstSeed, deadline, false, (message) => process.send!(message));
    process.disconnect();
    return;
  }
  const seconds = Number(process.argv[2] ?? 60);
  const deadline = Date.now() + seconds * 1000;
  const failures = new Map<string, string>();
  let variants = 0;
  const inputs = inputFiles().length;
  // Each child runs from `seed` until the deadline; one that hangs is replaced from the next seed.
  for (let seed = 1; Date.now() < deadline; ) {
    const outcome = await new Promise<{ hungAt: number | null }>((resolve) => {
      const child = fork(__filename, ['--child', String(seed), String(deadline)], { execArgv: ['--import', 'tsx'], stdio: 'inherit' });
      let current: Extract<Report, { kind: 'start' }> | null = null;
      let timer: NodeJS.Timeout | undefined;
      const watch = () => {
        clearTimeout(timer);
        timer = setTimeout(
          () => {
            child.kill('SIGKILL');
            resolve({ hungAt: current?.seed ?? seed });
          },
          current ? current.budgetMs * HANG_FACTOR : START_MS,
        );
      };
      watch();
      child.on('message', (message: Report) => {
        watch();
        if (message.kind === 'start') {
          // Remembered for the report, should this variant never finish.
          current = message;
          variants++;
        } else if (message.kind === 'failure' && !failures.has(message.key)) failures.set(message.key, message.text);
      });
      child.on('exit', () => {
        clearTimeout(timer);
        resolve({ hungAt: null });
      });
    });
    if (outcome.hungAt === null) break;
    const key = `never finished (stopped at ${HANG_FACTOR} times its budget)`;
    failures.set(`${key} ${outcome.hungAt}`, `${key}\n    seed ${outcome.hungAt}: replay with npm run fuzz -- --seed ${outcome.hungAt}`);
    seed = outcome.hungAt + 1;
  }
  console.log(`fuzz: ${variants} variants of ${inputs} files in ${seconds} s; ${failures.size} distinct failures`);
  for (const failure of failures.values()) console.log(failure);
  process.exitCode = failures.size > 0 ? 1 : 0;
}

void main();
