// The imports a fix leaves unused. The template fixes of DG101/DG102 take `Variable.get(...)` and
// `BaseHook.get_connection(...)` out of the file; when that was the last use of `Variable`, its
// `from airflow.models import Variable` goes too (the whole statement, or the one name and its
// comma). Only Airflow imports that bind exactly one name are touched (`from airflow... import X`,
// `import airflow.x as y`); `import airflow.models` binds `airflow`, which any `airflow.` chain
// reads, and is left alone. Anything that might still refer to the name keeps the import: another
// identifier spelled the same (a read, a second import, an assignment), a string annotation
// (`v: "Variable"`, `cast("Variable", v)`), the name listed in `__all__` (a re-export), a `# noqa`
// on the import, and being in a package's `__init__.py` (whose imports are its exports).
import type { ImportBinding, ImportMap } from '../model/imports';
import { isBoundByImport } from '../model/nameUses';
import type { SourceFile } from '../model/source';
import { children, contains, field, namedChildren, unparenthesize, type Node } from '../syntax/nodes';
import type { TextEdit } from '../syntax/positions';

/** The import that binds `local`, when it is one a fix may remove. */
export function removableImport(local: string, imports: ImportMap): ImportBinding | null {
  const binding = imports.binding(local);
  if (!binding || binding.statement.hasError) return null;
  const { statement, nameNode, module } = binding;
  if (!module.startsWith('airflow.') && module !== 'airflow') return null;
  if (statement.type === 'import_from_statement') return binding;
  // `import airflow.models as models` binds only `models`; `import airflow.models` binds `airflow`.
  return statement.type === 'import_statement' && nameNode.type === 'aliased_import' ? binding : null;
}

/** The root name of a callee: `Variable` of `Variable.get`, `models` of `models.Variable.get`. */
export function calleeRoot(call: Node): Node | null {
  let node = unparenthesize(field(call, 'function'));
  while (node?.type === 'attribute') node = unparenthesize(field(node, 'object'));
  return node?.type === 'identifier' ? node : null;
}

/**
 * Everything in the file that may refer to the name `binding` binds, other than the binding
 * itself: identifiers that read or bind it, string annotations that mention it, and its string in
 * a file that has `__all__`. Stops at the first one outside `consumed` (nodes a fix removes).
 */
function hasReferenceOutside(binding: ImportBinding, source: SourceFile, consumed: readonly Node[]): boolean {
  const { local, nameNode } = binding;
  const outside = (node: Node) => !consumed.some((removed) => contains(removed, node));
  for (const identifier of source.identifiers(local)) {
    if (contains(nameNode, identifier) || !isReference(identifier)) continue;
    if (outside(identifier)) return true;
  }
  // Strings are looked up only where the text spells the name (comments and docstrings are skipped).
  const exported = source.identifiers('__all__').length > 0;
  const pattern = new RegExp(`(?<![\\w.])${local}(?!\\w)`, 'gu');
  for (const match of source.text.matchAll(pattern)) {
    const node = source.root.descendantForIndex(match.index, match.index + local.length);
    if (node?.type !== 'string_content' || !outside(node)) continue;
    if (exported && node.text === local) return true;
    if (isInAnnotation(node) || isCastType(node)) return true;
  }
  return false;
}

/** An identifier that refers to a variable: not `x.name`, not `f(name=...)`, not a module path in an import. */
function isReference(identifier: Node): boolean {
  const parent = identifier.parent;
  if (!parent) return false;
  if (parent.type === 'attribute' && field(parent, 'attribute')?.id === identifier.id) return false;
  if (parent.type === 'keyword_argument' && field(parent, 'name')?.id === identifier.id) return false;
  // In an import, an identifier sits in a dotted_name (itself maybe in an aliased_import) or an aliased_import.
  if (parent.type !== 'dotted_name' && parent.type !== 'aliased_import') return true;
  const holder = parent.parent?.type === 'aliased_import' ? parent.parent : parent;
  const statement = holder.parent;
  if (statement?.type === 'future_import_statement') return false;
  if (statement?.type === 'import_statement' || statement?.type === 'import_from_statement') return isBoundByImport(identifier, statement);
  return true;
}

/** Inside a type annotation (`x: "Variable"`, `-> Optional["Variable"]`): type checkers read the string. */
function isInAnnotation(node: Node): boolean {
  for (let current = node.parent; current; current = current.parent) {
    if (current.type === 'type') return true;
    if (current.type === 'block' || current.type === 'module' || current.type.endsWith('statement')) return false;
  }
  return false;
}

/** The type of `cast("Variable", value)` (also `typing.cast`), which type checkers read. */
function isCastType(content: Node): boolean {
  const string = content.parent;
  const list = string?.parent;
  const call = list?.parent;
  if (!string || list?.type !== 'argument_list' || call?.type !== 'call' || namedChildren(list)[0]?.id !== string.id) return false;
  return /(^|\.)cast$/.test(field(call, 'function')?.text ?? '');
}

/** A `# noqa` on the import (blanket, or naming F401): the author keeps it on purpose. */
function keptOnPurpose(statement: Node, source: SourceFile): boolean {
  const { lines } = source;
  const first = lines.positionAt(statement.startIndex).line;
  const last = lines.positionAt(statement.endIndex).line;
  for (let line = first; line <= last; line++) {
    const comment = /#.*$/.exec(lines.lineText(line))?.[0] ?? '';
    if (/#\s*noqa(?!\s*:)/i.test(comment) || /#\s*noqa\s*:[^#]*\bF401\b/i.test(comment)) return true;
  }
  return false;
}

/**
 * The edits that remove the imports of `locals` that nothing outside `consumed` refers to; a
 * name whose import cannot be removed exactly (a `;` on its line) is left as it is.
 */
export function unusedImportRemovals(
  source: SourceFile,
  imports: ImportMap,
  locals: Iterable<string>,
  consumed: readonly Node[] = [],
): TextEdit[] {
  // A package's `__init__.py` imports names for others to import from it.
  if (/(^|[\\/])__init__\.py$/.test(source.path)) return [];
  const byStatement = new Map<number, { statement: Node; names: Node[] }>();
  for (const local of new Set(locals)) {
    const binding = removableImport(local, imports);
    if (!binding || keptOnPurpose(binding.statement, source) || hasReferenceOutside(binding, source, consumed)) continue;
    const entry = byStatement.get(binding.statement.id) ?? { statement: binding.statement, names: [] };
    entry.names.push(binding.nameNode);
    byStatement.set(binding.statement.id, entry);
  }
  const edits: TextEdit[] = [];
  // What goes: the fix's nodes, then each import removed whole (so that of two imports that are a
  // block's only statements, the second becomes `pass`).
  const gone = [...consumed];
  const statements = [...byStatement.values()].sort((a, b) => a.statement.startIndex - b.statement.startIndex);
  for (const { statement, names } of statements) edits.push(...namesRemoval(statement, names, source, gone));
  return edits;
}

/** The names an import statement binds, in order (not the module of a `from` import). */
function importedNames(statement: Node): Node[] {
  const moduleName = field(statement, 'module_name');
  return namedChildren(statement).filter(
    (child) => (child.type === 'dotted_name' || child.type === 'aliased_import') && child.id !== moduleName?.id,
  );
}

/**
 * Removes `removed` from `statement`: the whole statement when it names nothing else, otherwise
 * each run of removed names with the comma after it (or, for a run at the end, the comma before
 * it), or with their lines when they stand on lines of their own inside parentheses. A run at the
 * end always reaches back into the previous name's text, so two fixes that each remove one name
 * of the same import overlap, and fix-all never applies both in one pass (which could leave
 * `from m import ()`).
 */
function namesRemoval(statement: Node, removed: readonly Node[], source: SourceFile, goneNodes: Node[]): TextEdit[] {
  const names = importedNames(statement);
  const gone = names.map((name) => removed.some((node) => node.id === name.id));
  if (gone.every(Boolean)) {
    const edit = statementRemoval(statement, source, goneNodes);
    if (edit) goneNodes.push(statement);
    return edit ? [edit] : [];
  }
  const { lines } = source;
  const parenthesized = children(statement).some((child) => child.type === '(');
  const lineOf = (offset: number) => lines.positionAt(offset).line;
  const ownLines = (first: Node, last: Node) =>
    parenthesized &&
    /^[ \t]*$/.test(source.text.slice(lines.lineStart(lineOf(first.startIndex)), first.startIndex)) &&
    /^[ \t]*,?[ \t]*(#.*)?$/.test(source.text.slice(last.endIndex, lines.lineEnd(lineOf(last.endIndex))));
  const edits: TextEdit[] = [];
  for (let i = 0; i < names.length; i++) {
    if (!gone[i]) continue;
    let j = i;
    while (j + 1 < names.length && gone[j + 1]) j++;
    const [first, last] = [names[i], names[j]];
    const next = names[j + 1];
    const previous = names[i - 1];
    if (next) {
      // `A, B` -> `B`; on lines of their own: the lines.
      const [start, end] = ownLines(first, last)
        ? [lines.lineStart(lineOf(first.startIndex)), lines.lineStart(lineOf(last.endIndex) + 1)]
        : [first.startIndex, next.startIndex];
      edits.push({ range: lines.rangeOf(start, end), newText: '' });
    } else if (previous) {
      // `A, B` -> `A`; on lines of their own: from the end of the line before to the end of the last.
      const [start, end] = ownLines(first, last)
        ? [lines.lineEnd(lineOf(first.startIndex) - 1), lines.lineEnd(lineOf(last.endIndex))]
        : [previous.endIndex, last.endIndex];
      edits.push({ range: lines.rangeOf(start, end), newText: '' });
    }
    i = j;
  }
  return edits;
}

/**
 * The whole statement with its lines; `pass` when no other statement of its block stays (the fix
 * may remove the others: `gone`); null when code shares its lines.
 */
function statementRemoval(statement: Node, source: SourceFile, gone: readonly Node[]): TextEdit | null {
  const { lines } = source;
  const startLine = lines.positionAt(statement.startIndex).line;
  const endLine = lines.positionAt(statement.endIndex).line;
  const before = source.text.slice(lines.lineStart(startLine), statement.startIndex);
  const after = source.text.slice(statement.endIndex, lines.lineEnd(endLine));
  if (!/^[ \t]*$/.test(before) || !/^[ \t]*(#.*)?$/.test(after)) return null;
  const block = statement.parent;
  const stays = (child: Node) => child.id !== statement.id && child.type !== 'comment' && !gone.some((removed) => contains(removed, child));
  if (block?.type === 'block' && !namedChildren(block).some(stays)) {
    return { range: source.rangeOf(statement), newText: 'pass' };
  }
  const end = endLine + 1 < lines.lineCount ? lines.lineStart(endLine + 1) : source.text.length;
  return { range: lines.rangeOf(lines.lineStart(startLine), end), newText: '' };
}
