// The open documents, each with its text and, for Python, a tree-sitter tree that is edited on
// every change and re-parsed incrementally when next read (`treeOf`, `sourceOf`, `parseSteps`):
// a burst of changes costs one re-parse, not one each (a re-parse of a 5,000-line file with a
// syntax error costs tens of milliseconds, and requests queued behind a flood of changes waited
// for all of them). The store owns the trees: every tree it replaces or drops is deleted, or WASM
// memory grows.
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Range, TextDocumentContentChangeEvent } from 'vscode-languageserver';
import type { Edit, Parser, Tree } from 'web-tree-sitter';
import { readConfigDocument, type ConfigDocument } from '../core/config/document';
import { documentKind, type DocumentKind } from '../core/documentKind';
import { SourceFile } from '../core/model/source';
import { oversizeReason, PARSE_BUDGET_MS, PARSE_TIMEOUT_REASON } from '../core/fileLimits';
import { parsePythonSlice, parsePythonWithin, parserLike } from '../core/syntax/parser';
import type { PreviousSnapshot, TextEditSpan, TreeSnapshot } from '../core/syntax/snapshot';
import { uriToPath } from './projectSettings';

export interface OpenDocument {
  uri: string;
  kind: DocumentKind;
  document: TextDocument;
  /**
   * The document's tree. While `unparsed`, it is the last tree parsed, edited to match the text
   * (or null when a change replaced the whole text): read it through `DocumentStore.treeOf`.
   */
  tree: Tree | null;
  /** The text changed since `tree` was parsed: the next read re-parses it (`ensureParsed`). */
  unparsed: boolean;
  /**
   * The server's own count of this document's texts, bumped by every open and change. What is
   * computed from a text is keyed by it, not by the client's version number: a client may send a
   * version twice, or open a document again without closing it, and must not get the old results.
   */
  revision: number;
  /** The settings view of a config document, for the revision it was read at. */
  config?: { revision: number; document: ConfigDocument } | undefined;
  /** The analysis view of a Python document, for the revision it was made at (see sourceOf). */
  source?: { revision: number; file: SourceFile } | undefined;
  /**
   * Why a Python document has no tree: over the maxFileSize setting, or its parse ran out of time.
   * Nothing reads it then (no analysis, hover or code lens); it gets the "not analysed" finding.
   */
  notAnalysed?: string | undefined;
  /**
   * The last tree snapshot an analysis built for this document, the edits made since and the
   * ranges whose syntax changed since (each re-parse's changed ranges, moved by the later edits):
   * the next snapshot copies from it what did not change (core/syntax/snapshot.ts).
   */
  base?: { snapshot: TreeSnapshot; edits: TextEditSpan[]; changed: ChangedRange[] } | undefined;
  /**
   * The parse of a large text that has no tree to start from (opened, or replaced whole), run a
   * slice at a time by `parseSteps` so that requests are answered in between (a 5,000-line file's
   * first parse took 90 ms in one call). No tree until it ends; a change starts it again.
   */
  pending?: { parser: Parser; spent: number } | undefined;
}

/** A text this long or longer, with no tree to start from, is parsed in slices (`parseSteps`). */
export const SLICED_PARSE_CHARS = 64 * 1024;
/** One slice of such a parse. */
const PARSE_SLICE_MS = 4;

/** Shared by all documents, so that a document opened again never starts from a revision it had. */
let lastRevision = 0;

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
    const entry: OpenDocument = { uri, kind, document, revision: ++lastRevision, tree: null, unparsed: kind === 'python' };
    this.documents.set(uri, entry);
    return entry;
  }

  /**
   * Applies LSP content changes in order, editing the tree so that the re-parse is incremental.
   * Parses nothing: the next read of the tree does.
   */
  change(uri: string, version: number, changes: readonly TextDocumentContentChangeEvent[]): OpenDocument | undefined {
    const entry = this.documents.get(uri);
    if (!entry) return undefined;
    keepBuiltSnapshot(entry);
    for (const change of changes) {
      if ('range' in change && change.range) {
        // TextDocument.update changes the document in place: read the old positions first.
        const edit = entry.tree ? treeEditBefore(entry.document, change.range, change.text.length) : null;
        entry.document = TextDocument.update(entry.document, [change], version);
        if (edit && entry.tree) {
          entry.tree.edit({ ...edit, newEndPosition: point(entry.document, edit.newEndIndex) });
          if (entry.base) recordEdit(entry.base, edit);
        }
      } else {
        // The whole text replaced: nothing of the tree carries over (later ranged changes of the
        // same batch find no tree to edit).
        entry.tree?.delete();
        entry.tree = null;
        entry.base = undefined;
        entry.document = TextDocument.update(entry.document, [change], version);
      }
    }
    entry.document = TextDocument.update(entry.document, [], version);
    entry.revision = ++lastRevision;
    entry.source = undefined;
    entry.config = undefined;
    entry.unparsed = entry.kind === 'python';
    return entry;
  }

  /** The document's tree for its current text (re-parsed now if a change came since); null as for `sourceOf`. */
  treeOf(entry: OpenDocument): Tree | null {
    this.ensureParsed(entry);
    return entry.tree;
  }

  /**
   * Re-parses the document if its text changed since its tree was parsed: incrementally from the
   * edited tree, whose changed ranges the snapshot base records (see `base`).
   */
  private ensureParsed(entry: OpenDocument): void {
    if (!entry.unparsed) return;
    entry.unparsed = false;
    const old = entry.tree;
    this.parse(entry, old);
    if (entry.base && old && entry.tree) entry.base.changed.push(...old.getChangedRanges(entry.tree));
    old?.delete();
    if (!entry.tree) entry.base = undefined;
  }

  /**
   * Parses a Python document's text into `entry.tree`, unless it is over the maxFileSize setting
   * or the parse runs out of time: then no tree, and `notAnalysed` says why.
   */
  private parse(entry: OpenDocument, old: Tree | null): void {
    const text = entry.document.getText();
    const tooLarge = oversizeReason(text, this.maxFileSizeOf(entry.uri));
    if (!tooLarge && !old && text.length >= SLICED_PARSE_CHARS) {
      // Started here, run by parseSteps (the analysis' first steps, or a request that needs the tree).
      if (entry.pending) entry.pending.parser.reset();
      entry.pending = { parser: entry.pending?.parser ?? parserLike(this.parser), spent: 0 };
      entry.tree = null;
      entry.notAnalysed = undefined;
      return;
    }
    stopPending(entry);
    entry.tree = tooLarge ? null : parsePythonWithin(this.parser, text, old, PARSE_BUDGET_MS);
    entry.notAnalysed = tooLarge ?? (entry.tree ? undefined : PARSE_TIMEOUT_REASON);
  }

  /**
   * Re-parses the document if its text changed, then runs its pending parse, if any (a large
   * text with no tree to start from), a slice of PARSE_SLICE_MS per step, until it has its tree,
   * or until it has spent PARSE_BUDGET_MS (then `notAnalysed` says so, as for a parse in one go).
   */
  *parseSteps(entry: OpenDocument): Generator<void, void> {
    this.ensureParsed(entry);
    for (let pending = entry.pending; pending; pending = entry.pending) {
      const started = performance.now();
      // The same text at every slice: a change starts the parse again (`parse`).
      const tree = parsePythonSlice(pending.parser, entry.document.getText(), PARSE_SLICE_MS);
      pending.spent += performance.now() - started;
      if (tree) {
        stopPending(entry);
        entry.tree = tree;
      } else if (pending.spent > PARSE_BUDGET_MS) {
        stopPending(entry);
        entry.notAnalysed = PARSE_TIMEOUT_REASON;
      } else {
        yield;
      }
    }
  }

  /** After a settings change: a document's maxFileSize may now allow its tree, or forbid it. */
  recheckLimits(): void {
    for (const entry of this.documents.values()) {
      // A document waiting for its re-parse is checked by it.
      if (entry.kind !== 'python' || entry.unparsed) continue;
      if ((entry.tree || entry.pending) && !oversizeReason(entry.document.getText(), this.maxFileSizeOf(entry.uri))) continue;
      const old = entry.tree;
      entry.source = undefined;
      entry.base = undefined;
      this.parse(entry, null);
      old?.delete();
    }
  }

  close(uri: string): void {
    const entry = this.documents.get(uri);
    entry?.tree?.delete();
    if (entry) stopPending(entry);
    this.documents.delete(uri);
  }

  dispose(): void {
    for (const uri of [...this.documents.keys()]) this.close(uri);
  }

  /** The settings view of a config document (airflow.cfg, .env, ...), read once per version. */
  configOf(entry: OpenDocument): ConfigDocument {
    const { revision } = entry;
    if (entry.config?.revision !== revision)
      entry.config = { revision, document: readConfigDocument(entry.document.getText(), entry.kind) };
    return entry.config.document;
  }

  /**
   * The analysis view of a Python document (valid until its next change); null while it has no
   * tree (too large, its parse ran out of time, or its first parse is still running).
   */
  sourceOf(entry: OpenDocument): SourceFile | null {
    this.ensureParsed(entry);
    if (!entry.tree) return null;
    // One SourceFile per revision: its node index (a pass over the whole tree) is then shared by
    // the analysis and every hover, completion, code action and code lens until the next change.
    const { revision } = entry;
    if (entry.source?.revision !== revision) {
      const path = uriToPath(entry.uri) ?? entry.uri;
      entry.source = { revision, file: new SourceFile(path, entry.document.getText(), entry.tree, previousSnapshot(entry)) };
    }
    return entry.source.file;
  }
}

interface ChangedRange {
  startIndex: number;
  endIndex: number;
}

/**
 * Before a change: the snapshot of the current revision, if an analysis built it, becomes the
 * base the next snapshots copy from (it stays when none was built, and keeps collecting edits).
 */
function keepBuiltSnapshot(entry: OpenDocument): void {
  const built = entry.source?.revision === entry.revision ? entry.source.file.builtSnapshot : undefined;
  if (!built || !entry.tree || entry.base?.snapshot === built) return;
  entry.base = { snapshot: built, edits: [], changed: [] };
}

function stopPending(entry: OpenDocument): void {
  entry.pending?.parser.delete();
  entry.pending = undefined;
}

/**
 * Adds an edit to the base, and moves the changed ranges recorded so far into the edited text's
 * offsets: a range before the edit stays, one after it moves, one that meets it grows to cover
 * the edit (a range only needs to cover every place whose syntax may have changed).
 */
function recordEdit(base: NonNullable<OpenDocument['base']>, edit: TextEditSpan): void {
  const { startIndex, oldEndIndex, newEndIndex } = edit;
  base.edits.push({ startIndex, oldEndIndex, newEndIndex });
  const delta = newEndIndex - oldEndIndex;
  base.changed = base.changed.map((range) => {
    if (range.endIndex < startIndex) return range;
    if (range.startIndex > oldEndIndex) return { startIndex: range.startIndex + delta, endIndex: range.endIndex + delta };
    return { startIndex: Math.min(range.startIndex, startIndex), endIndex: Math.max(range.endIndex + delta, newEndIndex) };
  });
}

/** What the next snapshot can copy from the base: its snapshot, the edits since, what changed. */
function previousSnapshot(entry: OpenDocument): PreviousSnapshot | undefined {
  const base = entry.base;
  if (!base) return undefined;
  return { snapshot: base.snapshot, edits: [...base.edits], changed: [...base.changed] };
}

/**
 * The tree-sitter edit for one ranged change, read from the text before it (the new end's
 * position is read after it). A range whose start comes after its end is read as TextDocument
 * reads it (the two ends swapped), so the tree is edited where the text was. The edit starts one
 * unit early after a "\r": the parser reads a lone "\r" as "\n" (parsePython), so a "\n" inserted
 * or deleted right after one changes how that "\r" is read. Rows are the document's lines, which
 * are the parser's rows for that text.
 */
function treeEditBefore(before: TextDocument, range: Range, insertedLength: number): Omit<Edit, 'newEndPosition'> {
  let startIndex = before.offsetAt(range.start);
  let oldEndIndex = before.offsetAt(range.end);
  if (oldEndIndex < startIndex) [startIndex, oldEndIndex] = [oldEndIndex, startIndex];
  const newEndIndex = startIndex + insertedLength;
  if (startIndex > 0 && before.getText().charCodeAt(startIndex - 1) === 13) startIndex--;
  return { startIndex, oldEndIndex, newEndIndex, startPosition: point(before, startIndex), oldEndPosition: point(before, oldEndIndex) };
}

function point(document: TextDocument, offset: number): { row: number; column: number } {
  const position = document.positionAt(offset);
  return { row: position.line, column: position.character };
}
