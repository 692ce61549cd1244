// Loads web-tree-sitter and the Python grammar once per process. Bundled, both wasm files sit
// next to the bundle (dist/); run from sources (tests), they are found in node_modules.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { Language, Parser, type Tree } from 'web-tree-sitter';

let loading: Promise<Language> | undefined;

function locateWasm(fileName: string, packageName: string): string {
  const besideBundle = path.join(__dirname, fileName);
  if (existsSync(besideBundle)) return besideBundle;
  return require.resolve(`${packageName}/${fileName}`);
}

/** The Python language, loaded once. */
export function loadPython(): Promise<Language> {
  loading ??= (async () => {
    const runtime = locateWasm('tree-sitter.wasm', 'web-tree-sitter');
    await Parser.init({ locateFile: () => runtime });
    return Language.load(locateWasm('tree-sitter-python.wasm', 'tree-sitter-python'));
  })();
  return loading;
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
 */
export function parsePython(parser: Parser, text: string, oldTree?: Tree | null): Tree {
  const tree = parser.parse(text, oldTree ?? null);
  if (!tree) throw new Error('tree-sitter returned no tree (parser has no language?)');
  return tree;
}
