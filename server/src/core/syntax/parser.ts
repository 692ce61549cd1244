// Loads web-tree-sitter and the Python grammar once per process. Bundled, both wasm files sit
// next to the bundle (dist/); run from sources (tests), they are found in node_modules.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { Language, Parser, type ParseState, type Tree } from 'web-tree-sitter';
import { adoptBinding } from './cursorCalls';

let loading: Promise<Language> | undefined;
/** The runtime's module object once loaded: Emscripten keeps its current memory views on it. */
let runtimeModule: { HEAP8?: { length: number } } | null = null;

function locateWasm(fileName: string, packageName: string): string {
  const besideBundle = path.join(__dirname, fileName);
  if (existsSync(besideBundle)) return besideBundle;
  return require.resolve(`${packageName}/${fileName}`);
}

/** The Python language, loaded once. */
export function loadPython(): Promise<Language> {
  loading ??= (async () => {
    const runtime = locateWasm('tree-sitter.wasm', 'web-tree-sitter');
    // Emscripten fills this object in as the binding's module: the snapshot's walk calls it.
    const binding = { locateFile: () => runtime };
    await Parser.init(binding);
    adoptBinding(binding);
    runtimeModule = binding as { HEAP8?: { length: number } };
    return Language.load(locateWasm('tree-sitter-python.wasm', 'tree-sitter-python'));
  })();
  return loading;
}

/**
 * The bytes of tree-sitter's WebAssembly memory, or null before it is loaded. It grows with the
 * largest parse so far (error recovery in a long broken file takes most) and never shrinks: the
 * part of the server's RSS outside V8's heap that `npm run soak` watches.
 */
export function parserMemoryBytes(): number | null {
  return runtimeModule?.HEAP8?.length ?? null;
}

/** A parser for Python. Parsers are cheap; each document holder may keep its own. */
export async function createPythonParser(): Promise<Parser> {
  const language = await loadPython();
  const parser = new Parser();
  parser.setLanguage(language);
  return parser;
}

/**
 * Parses `text`, reusing `oldTree` (already `edit`ed) when given. Tree-sitter never fails on
 * broken Python: it returns a tree with ERROR and MISSING nodes, which the analysis tolerates.
 *
 * Python reads a lone "\r" as a line end (universal newlines), but tree-sitter-python's grammar
 * only ends lines on "\n" and reads a lone "\r" as blank space, so a file written with lone-CR
 * line ends would parse as one broken line. The parser is therefore given the text with each lone
 * "\r" read as "\n": one UTF-16 unit for one, so every offset, and every position LineIndex
 * computes from it, is the same as in the real text, and tree rows then count the same lines
 * LineIndex counts. Node texts show "\n" where the file has a lone "\r".
 */
export function parsePython(parser: Parser, text: string, oldTree?: Tree | null): Tree {
  const tree = parser.parse(parserText(text), oldTree ?? null);
  if (!tree) throw new Error('tree-sitter returned no tree (parser has no language?)');
  return tree;
}

/**
 * `parsePython` that gives up after `milliseconds`: null when the parse ran out of time (the
 * grammar is super-linear on some shapes of text). The parser is reset, so that its next parse
 * starts afresh rather than resuming this one.
 */
export function parsePythonWithin(parser: Parser, text: string, oldTree: Tree | null, milliseconds: number): Tree | null {
  const end = performance.now() + milliseconds;
  // The callback's result cancels the parse when true (typed as void in web-tree-sitter 0.25).
  const progressCallback = (() => performance.now() > end) as unknown as (state: ParseState) => void;
  const tree = parser.parse(parserText(text), oldTree, { progressCallback });
  if (!tree) parser.reset();
  return tree;
}

/** A new parser for the same language (a parse run in slices needs a parser of its own). */
export function parserLike(parser: Parser): Parser {
  const fresh = new Parser();
  fresh.setLanguage(parser.language);
  return fresh;
}

/**
 * One slice of a parse that may take several: the tree, or null when the slice ran out of
 * `milliseconds`. The parser keeps its progress: asked again with the same text, it resumes
 * (web-tree-sitter 0.25, as tree-sitter's C API; test/unit/parse-resume.test.ts). Another text
 * needs `parser.reset()` first.
 */
export function parsePythonSlice(parser: Parser, text: string, milliseconds: number): Tree | null {
  const end = performance.now() + milliseconds;
  const progressCallback = (() => performance.now() > end) as unknown as (state: ParseState) => void;
  return parser.parse(parserText(text), null, { progressCallback });
}

/** The text as the grammar should see it: each lone "\r" read as "\n" (same length, same offsets). */
export function parserText(text: string): string {
  return text.includes('\r') ? text.replace(/\r(?!\n)/g, '\n') : text;
}
