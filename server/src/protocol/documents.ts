// The open documents, each with its text and, for Python, a tree-sitter tree that is edited and
// re-parsed incrementally on every change (a 5,000-line file re-parses in a few milliseconds).
// The store owns the trees: every tree it replaces or drops is deleted, or WASM memory grows.
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { TextDocumentContentChangeEvent } from 'vscode-languageserver';
import type { Parser, Tree } from 'web-tree-sitter';
import { readConfigDocument, type ConfigDocument } from '../core/config/document';
import { documentKind, type DocumentKind } from '../core/documentKind';
import { SourceFile } from '../core/model/source';
import { oversizeReason, PARSE_BUDGET_MS, PARSE_TIMEOUT_REASON } from '../core/fileLimits';
import { parsePythonWithin } from '../core/syntax/parser';
import { uriToPath } from './projectSettings';

export interface OpenDocument {
  uri: string;
  kind: DocumentKind;
  document: TextDocument;
  tree: Tree | null;
  /** The settings view of a config document, for the version it was read at. */
  config?: { version: number; document: ConfigDocument };
  /** The analysis view of a Python document, for the version it was made at (see sourceOf). */
  source?: { version: number; file: SourceFile };
  /**
   * Why a Python document has no tree: over the maxFileSize setting, or its parse ran out of time.
   * Nothing reads it then (no analysis, hover or code lens); it gets the "not analysed" finding.
   */
  notAnalysed?: string;
}

export class DocumentStore {
  private readonly documents = new Map<string, OpenDocument>();

  constructor(
    private readonly parser: Parser,
    /** The maxFileSize setting for a document (0: no limit). */
    private readonly maxFileSizeOf: (uri: string) => number = () => 0,
  ) {}

  get(uri: string): OpenDocument | undefined {
    return this.documents.get(uri);
  }

  all(): OpenDocument[] {
    return [...this.documents.values()];
  }

  open(uri: string, languageId: string, version: number, text: string): OpenDocument {
    this.close(uri);
    const kind = documentKind(uri, languageId, text);
    const document = TextDocument.create(uri, languageId, version, text);
    const entry: OpenDocument = { uri, kind, document, tree: null };
    if (kind === 'python') this.parse(entry, null);
    this.documents.set(uri, entry);
    return entry;
  }

  /** Applies LSP content changes in order, editing the tree so that the re-parse is incremental. */
  change(uri: string, version: number, changes: readonly TextDocumentContentChangeEvent[]): OpenDocument | undefined {
    const entry = this.documents.get(uri);
    if (!entry) return undefined;
    let incremental = entry.tree !== null;
    for (const change of changes) {
      if ('range' in change && change.range) {
        if (entry.tree) {
          const before = entry.document;
          const startIndex = before.offsetAt(change.range.start);
          const oldEndIndex = before.offsetAt(change.range.end);
          const start = before.positionAt(startIndex);
          const oldEnd = before.positionAt(oldEndIndex);
          entry.tree.edit({
            startIndex,
            oldEndIndex,
            newEndIndex: startIndex + change.text.length,
            startPosition: { row: start.line, column: start.character },
            oldEndPosition: { row: oldEnd.line, column: oldEnd.character },
            newEndPosition: advance({ row: start.line, column: start.character }, change.text),
          });
        }
        entry.document = TextDocument.update(entry.document, [change], version);
      } else {
        incremental = false;
        entry.document = TextDocument.update(entry.document, [change], version);
      }
    }
    entry.document = TextDocument.update(entry.document, [], version);
    entry.source = undefined;
    if (entry.kind === 'python') {
      const old = entry.tree;
      this.parse(entry, incremental ? old : null);
      old?.delete();
    }
    return entry;
  }

  /**
   * Parses a Python document's text into `entry.tree`, unless it is over the maxFileSize setting
   * or the parse runs out of time: then no tree, and `notAnalysed` says why.
   */
  private parse(entry: OpenDocument, old: Tree | null): void {
    const text = entry.document.getText();
    const tooLarge = oversizeReason(text, this.maxFileSizeOf(entry.uri));
    entry.tree = tooLarge ? null : parsePythonWithin(this.parser, text, old, PARSE_BUDGET_MS);
    entry.notAnalysed = tooLarge ?? (entry.tree ? undefined : PARSE_TIMEOUT_REASON);
  }

  /** After a settings change: a document's maxFileSize may now allow its tree, or forbid it. */
  recheckLimits(): void {
    for (const entry of this.documents.values()) {
      if (entry.kind !== 'python') continue;
      if (entry.tree && !oversizeReason(entry.document.getText(), this.maxFileSizeOf(entry.uri))) continue;
      const old = entry.tree;
      entry.source = undefined;
      this.parse(entry, null);
      old?.delete();
    }
  }

  close(uri: string): void {
    const entry = this.documents.get(uri);
    entry?.tree?.delete();
    this.documents.delete(uri);
  }

  dispose(): void {
    for (const uri of [...this.documents.keys()]) this.close(uri);
  }

  /** The settings view of a config document (airflow.cfg, .env, ...), read once per version. */
  configOf(entry: OpenDocument): ConfigDocument {
    const version = entry.document.version;
    if (entry.config?.version !== version) entry.config = { version, document: readConfigDocument(entry.document.getText(), entry.kind) };
    return entry.config.document;
  }



  /** The analysis view of a Python document (valid until its next change). */
  sourceOf(entry: OpenDocument): SourceFile | null {
    if (!entry.tree) return null;
    // One SourceFile per version: its node index (a pass over the whole tree) is then shared by
    // the analysis and every hover, completion, code action and code lens until the next change.
    const version = entry.document.version;
    if (entry.source?.version !== version) {
      entry.source = { version, file: new SourceFile(uriToPath(entry.uri) ?? entry.uri, entry.document.getText(), entry.tree) };
    }
    return entry.source.file;
  }
}

/** The tree-sitter point after inserting `text` at `point` (rows break on "\n", as tree-sitter's do). */
function advance(point: { row: number; column: number }, text: string): { row: number; column: number } {
  const lastBreak = text.lastIndexOf('\n');
  if (lastBreak < 0) return { row: point.row, column: point.column + text.length };
  let rows = 0;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) rows++;
  return { row: point.row + rows, column: text.length - lastBreak - 1 };
}
