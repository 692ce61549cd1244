// The text edits of a template fix: expressions replaced by templates (as new string literals,
// or inside their f-string, all of one f-string's interpolations in one edit), a statement
// removed with its line, and the import of `Variable` / `BaseHook` removed when the fix takes its
// last use.
import { calleeRoot, removableImport, unusedImportRemovals } from '../fixes/unusedImports';
import type { ImportMap } from '../model/imports';
import type { SourceFile } from '../model/source';
import { namedChildren, unparenthesize, parentOf, type Node } from '../syntax/nodes';
import type { TextEdit } from '../syntax/positions';
import { pythonStringLiteral, quoteOf, rewriteFString } from './pythonText';

export interface Replacement {
  /** The expression whose value the template replaces. */
  node: Node;
  /** The Jinja text, written for a Python string delimited by `quote`. */
  jinja: (quote: string) => string;
}

/** One edit per f-string that holds replaced expressions, one per other expression; null for a raw f-string that cannot hold the text. */
export function replacementEdits(replacements: readonly Replacement[], source: SourceFile): TextEdit[] | null {
  const edits: TextEdit[] = [];
  const fStrings = new Map<number, { string: Node; texts: Map<number, string> }>();
  for (const { node, jinja } of replacements) {
    const parent = parentOf(node);
    const interpolation = parent?.type === 'interpolation' ? parent : null;
    const outer = parentOf(interpolation);
    const string = outer?.type === 'string' ? outer : null;
    if (interpolation && string) {
      const entry = fStrings.get(string.id) ?? { string, texts: new Map<number, string>() };
      entry.texts.set(interpolation.id, jinja(quoteOf(string)));
      fStrings.set(string.id, entry);
    } else {
      edits.push({ range: source.rangeOf(node), newText: pythonStringLiteral(jinja('"')) });
    }
  }
  for (const { string, texts } of fStrings.values()) {
    const text = rewriteFString(string, texts);
    if (text === null) return null;
    edits.push({ range: source.rangeOf(string), newText: text });
  }
  return edits;
}

/** Deletes the statement holding `assignment` with its line, or null when other code shares the line. */
export function statementRemoval(assignment: Node, source: SourceFile): TextEdit | null {
  const statement = parentOf(assignment);
  if (statement?.type !== 'expression_statement' || unparenthesize(namedChildren(statement)[0] ?? null)?.id !== assignment.id) return null;
  const { lines } = source;
  const range = source.rangeOf(statement);
  const before = lines.lineText(range.start.line).slice(0, range.start.character);
  const after = lines.lineText(range.end.line).slice(range.end.character);
  if (before.trim() !== '' || !/^\s*(#.*)?$/.test(after)) return null;
  // The only statement of a block: `pass` keeps the block valid. (A module may have thousands of
  // statements: only a block's are counted.)
  const block = parentOf(statement);
  if (block?.type === 'block' && namedChildren(block).filter((child) => child.type !== 'comment').length === 1)
    return { range, newText: 'pass' };
  const end =
    range.end.line + 1 < lines.lineCount
      ? { line: range.end.line + 1, character: 0 }
      : { line: range.end.line, character: lines.lineText(range.end.line).length };
  return { range: { start: { line: range.start.line, character: 0 }, end }, newText: '' };
}

/**
 * The edits that remove the import of the call's root name (`Variable` of `Variable.get`) when
 * `consumed`, the nodes the fix removes or replaces, hold its last use; and that name, for
 * fix-all's cleanup (see `Fix.releasedImports`).
 */
export function importCleanup(
  call: Node,
  consumed: readonly Node[],
  source: SourceFile,
  imports: ImportMap,
): { edits: TextEdit[]; released: string[] } {
  const root = calleeRoot(call);
  if (!root || !removableImport(root.text, imports)) return { edits: [], released: [] };
  return { edits: unusedImportRemovals(source, imports, [root.text], consumed), released: [root.text] };
}
