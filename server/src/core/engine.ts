// Parses and analyses whole texts: what the CLI, the benchmarks and the tests call. The language
// server keeps its own incrementally edited trees and calls analyzePython directly.
import type { Parser } from 'web-tree-sitter';
import { analyzePython, type AnalysisOptions } from './analyze';
import { SourceFile } from './model/source';
import type { Finding } from './rules/rule';
import { createPythonParser, parsePython } from './syntax/parser';

export class Engine {
  private constructor(readonly parser: Parser) {}

  static async create(): Promise<Engine> {
    return new Engine(await createPythonParser());
  }

  /** Analyses `text` and frees the tree before returning. */
  analyzeText(path: string, text: string, options: AnalysisOptions): Finding[] {
    const tree = parsePython(this.parser, text);
    try {
      return analyzePython(new SourceFile(path, text, tree), options);
    } finally {
      tree.delete();
    }
  }

  /** Runs `use` on a parsed file and frees the tree afterwards. */
  withSource<T>(path: string, text: string, use: (source: SourceFile) => T): T {
    const tree = parsePython(this.parser, text);
    try {
      return use(new SourceFile(path, text, tree));
    } finally {
      tree.delete();
    }
  }
}
