// Parses and analyses whole texts: what the CLI, the benchmarks and the tests call, and the
// language server for texts that are not an open document's (files on disk, fix-all's
// intermediate texts). Open documents keep their own incrementally edited trees.
import type { Parser } from 'web-tree-sitter';
import { analyzePython, type AnalysisOptions } from './analyze';
import { SourceFile } from './model/source';
import type { Finding } from './findings';
import { notAnalysedFinding, oversizeReason, PARSE_BUDGET_MS, PARSE_TIMEOUT_REASON } from './fileLimits';
import { createPythonParser, parsePython, parsePythonWithin } from './syntax/parser';

export class Engine {
  private constructor(readonly parser: Parser) {}

  static async create(): Promise<Engine> {
    return new Engine(await createPythonParser());
  }

  /** An engine on a parser the caller already has (parsers are synchronous: one can be shared). */
  static withParser(parser: Parser): Engine {
    return new Engine(parser);
  }

  /**
   * Analyses `text` and frees the tree before returning. A text over the `maxFileSize` setting, or
   * whose parse runs out of time, gets the one finding that says it was not analysed.
   */
  analyzeText(path: string, text: string, options: AnalysisOptions): Finding[] {
    const parsed = this.parseForAnalysis(path, text, options.settings.maxFileSize);
    if ('notAnalysed' in parsed) return [parsed.notAnalysed];
    try {
      return analyzePython(parsed.source, options);
    } finally {
      parsed.source.tree.delete();
    }
  }

  /**
   * `text` parsed for an analysis that the caller runs (in steps: the language server's workspace
   * scan), who then frees the tree; or the one finding that says it is not analysed (over
   * `maxFileSize`, or its parse ran out of time).
   */
  parseForAnalysis(path: string, text: string, maxFileSize: number): { source: SourceFile } | { notAnalysed: Finding } {
    const tooLarge = oversizeReason(text, maxFileSize);
    if (tooLarge) return { notAnalysed: notAnalysedFinding(text, tooLarge) };
    const tree = parsePythonWithin(this.parser, text, null, PARSE_BUDGET_MS);
    if (!tree) return { notAnalysed: notAnalysedFinding(text, PARSE_TIMEOUT_REASON) };
    return { source: new SourceFile(path, text, tree) };
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
