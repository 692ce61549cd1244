// The analysis' view of the project's other modules (helpers, wrapper classes, factories a DAG
// file imports). The core stays pure: `summarizeModule` turns one parsed module into plain data
// (no tree nodes: trees are freed after summarising, and summaries are cached by content), and the
// project layer (server/src/project/) finds modules on disk, summarises each once per content and
// answers `ProjectModules.resolve` for the analysis.
import { ImportMap } from '../model/imports';
import type { SourceFile } from '../model/source';

/** An import statement of a module: `from ..common import x` is { module: 'common', level: 2 }. */
export interface ModuleImport {
  /** The dotted module name without leading dots ('' for `from . import x`). */
  module: string;
  /** 0 for absolute imports; the number of leading dots for relative ones. */
  level: number;
  /** For `from M import a, b`: the imported names (a submodule of a package may be one of them). */
  names: string[];
}

/** What the analysis knows of one project module, computed from its text alone. Plain data. */
export interface ModuleSummary {
  /** The module's file path, as the project layer gave it. */
  path: string;
  imports: ModuleImport[];
}

/** The project's modules as the analysis of one file sees them. */
export interface ProjectModules {
  /**
   * The summary of the project module that `import`/`from` names from the file at `fromPath`
   * (`level` > 0: relative to that file's package), or null when it is not a module of the project
   * (site-packages, the standard library, a file the project layer cannot read).
   */
  resolve(fromPath: string, module: string, level: number): ModuleSummary | null;
}

export function summarizeModule(source: SourceFile): ModuleSummary {
  const byStatement = new Map<number, ModuleImport>();
  for (const binding of new ImportMap(source).bindings) {
    const existing = byStatement.get(binding.statement.id);
    const isFrom = binding.statement.type === 'import_from_statement';
    const dots = /^\.*/.exec(binding.module)?.[0].length ?? 0;
    const entry = existing ?? { module: binding.module.slice(dots), level: dots, names: [] };
    if (isFrom) entry.names.push(binding.qualified.slice(binding.qualified.lastIndexOf('.') + 1));
    if (!existing) byStatement.set(binding.statement.id, entry);
    else if (!isFrom) byStatement.set(-binding.nameNode.id, { module: binding.module, level: 0, names: [] });
  }
  return { path: source.path, imports: [...byStatement.values()] };
}
