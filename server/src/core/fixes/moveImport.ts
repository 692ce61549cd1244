// The DG105 fix: move a module-level import into the functions that use it (after each one's
// docstring, at the body's own indentation, with the file's own line ends) and remove it from
// module level: the whole statement, or only the heavy name of `import numpy, os`. Returns null
// whenever the edit cannot be made exactly (a one-line `def f(): ...` body, `;`-joined statements,
// an import inside `if`/`try`), so that the finding is reported without a fix.
import type { HeavyImport } from '../model/heavyImports';
import type { FunctionInfo } from '../model/parseTime';
import type { Fix } from '../findings';
import type { RuleContext } from '../ruleContext';
import { field, namedChildren } from '../syntax/nodes';
import type { TextEdit } from '../syntax/positions';
import { insertAtBodyStart } from './bodyStart';

export function moveImportFix(heavy: HeavyImport, functions: readonly FunctionInfo[], context: Pick<RuleContext, 'source'>): Fix | null {
  const { source } = context;
  const { statement } = heavy;
  if (heavy.wildcard || statement.parent?.type !== 'module') return null;
  const edits: TextEdit[] = [];
  for (const info of functions) {
    const insertion = insertImport(info, importTextFor(heavy, info), context);
    if (!insertion) return null;
    edits.push(insertion);
  }
  const removal = removeImport(heavy, context);
  if (!removal) return null;
  edits.push(removal);
  const where = functions.map((info) => `${info.name}()`);
  return {
    title:
      where.length > 0
        ? `Move \`${heavy.label}\` into ${where.length > 3 ? `${where.length} functions` : where.join(', ')}`
        : `Remove the module-level \`${heavy.label}\``,
    safe: false,
    preferred: true,
    edits: edits.sort((a, b) => source.lines.offsetAt(a.range.start) - source.lines.offsetAt(b.range.start)),
  };
}

/** `import pandas as pd`, or `from pandas import DataFrame` with only the names `info` uses. */
function importTextFor(heavy: HeavyImport, info: FunctionInfo): string {
  if (heavy.statement.type === 'import_statement') return `import ${heavy.names[0].importText}`;
  const body = field(info.node, 'body');
  const used = heavy.names.filter((name) => body && new RegExp(`(?<![\\w.])${name.local}(?!\\w)`).test(body.text));
  return `from ${heavy.module} import ${(used.length > 0 ? used : heavy.names).map((name) => name.importText).join(', ')}`;
}

function insertImport(info: FunctionInfo, importText: string, { source }: Pick<RuleContext, 'source'>): TextEdit | null {
  return insertAtBodyStart(info.node, importText, source);
}

function removeImport(heavy: HeavyImport, { source }: Pick<RuleContext, 'source'>): TextEdit | null {
  const { statement } = heavy;
  const names = namedChildren(statement).filter((child) => child.type === 'dotted_name' || child.type === 'aliased_import');
  if (statement.type === 'import_statement' && names.length > 1) {
    // `import numpy, os`: remove `numpy, ` (or `, numpy` when it is the last name).
    const index = names.findIndex((name) => name.id === heavy.nameNode.id);
    if (index < 0) return null;
    const [start, end] =
      index + 1 < names.length
        ? [names[index].startIndex, names[index + 1].startIndex]
        : [names[index - 1].endIndex, names[index].endIndex];
    return { range: source.lines.rangeOf(start, end), newText: '' };
  }
  // The whole statement, with its line end: it must have its lines to itself.
  const startLine = source.lines.positionAt(statement.startIndex).line;
  const endLine = source.lines.positionAt(statement.endIndex).line;
  const before = source.text.slice(source.lines.lineStart(startLine), statement.startIndex);
  const after = source.text.slice(statement.endIndex, source.lines.lineEnd(endLine));
  if (!/^[ \t]*$/.test(before) || !/^[ \t]*(#.*)?$/.test(after)) return null;
  const end = endLine + 1 < source.lines.lineCount ? source.lines.lineStart(endLine + 1) : source.text.length;
  return { range: source.lines.rangeOf(source.lines.lineStart(startLine), end), newText: '' };
}
