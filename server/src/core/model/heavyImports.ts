// The module-level imports of heavy libraries (pandas, numpy, torch, ... and the `heavyModules`
// setting) that run at parse time: what DG105 reports and the parse-cost summary counts.
import { heavyPackageOf } from '../catalogue/heavyModules';
import { field, namedChildren, parentOf, type Node } from '../syntax/nodes';
import { scopeOfStatement } from './bindings';
import type { ParseTimeModel } from './parseTime';
import type { SourceFile } from './source';

export interface HeavyImport {
  statement: Node;
  /** The node the finding points at: the imported name (`import`) or the module (`from`). */
  nameNode: Node;
  package: string;
  /** "import pandas as pd", "from pandas import DataFrame". */
  label: string;
  /** The names the import binds, with the text that re-imports each one alone. */
  names: Array<{ local: string; importText: string; node: Node }>;
  wildcard: boolean;
  /** The module of a `from` import. */
  module?: string;
}

export function moduleLevelHeavyImports(source: SourceFile, model: ParseTimeModel, extra: readonly string[]): HeavyImport[] {
  const result: HeavyImport[] = [];
  const statements = [...source.nodes('import_statement'), ...source.nodes('import_from_statement')];
  for (const statement of statements) {
    if (scopeOfStatement(statement) !== 'module' || model.phaseOf(statement) !== 'parse') continue;
    result.push(...heavyImportsOf(statement, extra));
  }
  const loaded = loadedBefore(statements);
  return result
    .filter((heavy) => !alreadyLoaded(heavy, loaded))
    .sort((a, b) => a.statement.startIndex - b.statement.startIndex || a.nameNode.startIndex - b.nameNode.startIndex);
}

/**
 * `import numpy as np` again after a top-level `import numpy` costs nothing: Python finds the module
 * in sys.modules. Only `import M` forms are skipped (a `from M import x` can load a submodule `x`),
 * and only after an import that surely ran: a statement directly in the module, outside any
 * `if`, `try` or loop, that loads M (`import M`, `import M.sub`, `from M import ...`).
 */
function alreadyLoaded(heavy: HeavyImport, loaded: Array<{ start: number; modules: Set<string> }>): boolean {
  if (heavy.statement.type !== 'import_statement') return false;
  const name = heavy.nameNode.type === 'aliased_import' ? field(heavy.nameNode, 'name') : heavy.nameNode;
  const module = name?.text.replace(/\s+/g, '');
  return !!module && loaded.some((entry) => entry.start < heavy.statement.startIndex && entry.modules.has(module));
}

/** The modules each unconditional top-level import statement loads (a dotted name loads every prefix). */
function loadedBefore(statements: Node[]): Array<{ start: number; modules: Set<string> }> {
  const result: Array<{ start: number; modules: Set<string> }> = [];
  for (const statement of statements) {
    if (parentOf(statement)?.type !== 'module') continue;
    const dotted: string[] = [];
    if (statement.type === 'import_statement') {
      for (const name of namedChildren(statement)) {
        const node = name.type === 'aliased_import' ? field(name, 'name') : name.type === 'dotted_name' ? name : null;
        if (node) dotted.push(node.text.replace(/\s+/g, ''));
      }
    } else {
      const module = field(statement, 'module_name');
      if (module?.type === 'dotted_name') dotted.push(module.text.replace(/\s+/g, ''));
    }
    const modules = new Set<string>();
    for (const text of dotted) {
      const parts = text.split('.');
      for (let index = 0; index < parts.length; index++) modules.add(parts.slice(0, index + 1).join('.'));
    }
    if (modules.size > 0) result.push({ start: statement.startIndex, modules });
  }
  return result;
}

/** The heavy imports of one statement: one per heavy name of `import a, b`, one per `from` statement. */
function heavyImportsOf(statement: Node, extra: readonly string[]): HeavyImport[] {
  const result: HeavyImport[] = [];
  if (statement.type === 'import_statement') {
    for (const name of namedChildren(statement)) {
      const module = name.type === 'aliased_import' ? field(name, 'name')?.text : name.type === 'dotted_name' ? name.text : null;
      const heavy = module ? heavyPackageOf(module.replace(/\s+/g, ''), extra) : null;
      if (!module || !heavy) continue;
      const local = name.type === 'aliased_import' ? field(name, 'alias')?.text : module.split('.')[0];
      if (!local) continue;
      result.push({
        statement,
        nameNode: name,
        package: heavy,
        label: `import ${oneLine(name.text)}`,
        names: [{ local, importText: oneLine(name.text), node: name }],
        wildcard: false,
      });
    }
    return result;
  }
  const moduleNode = field(statement, 'module_name');
  const module = moduleNode?.text.replace(/\s+/g, '');
  const heavy = module ? heavyPackageOf(module, extra) : null;
  if (!moduleNode || !module || !heavy) return result;
  const names: HeavyImport['names'] = [];
  let wildcard = false;
  for (const child of namedChildren(statement)) {
    if (child.id === moduleNode.id || child.type === 'comment') continue;
    if (child.type === 'wildcard_import') wildcard = true;
    else if (child.type === 'dotted_name') names.push({ local: child.text, importText: child.text, node: child });
    else if (child.type === 'aliased_import') {
      const alias = field(child, 'alias')?.text;
      if (alias) names.push({ local: alias, importText: oneLine(child.text), node: child });
    }
  }
  const shown = wildcard ? '*' : names.map((name) => name.importText).join(', ');
  result.push({
    statement,
    nameNode: moduleNode,
    package: heavy,
    label: truncate(`from ${module} import ${shown}`),
    names,
    wildcard,
    module,
  });
  return result;
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function truncate(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
