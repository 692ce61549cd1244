// Summarises one project module (see modules.ts): its imports, what its module body runs when it is
// imported, and what each of its functions and classes runs when called.
import { ImportMap } from '../model/imports';
import type { SourceFile } from '../model/source';
import type { ModuleImport, ModuleSummary } from './modules';

export function summarizeModule(source: SourceFile): ModuleSummary {
  return { path: source.path, imports: importsOf(source) };
}

function importsOf(source: SourceFile): ModuleImport[] {
  const byStatement = new Map<number, ModuleImport>();
  for (const binding of new ImportMap(source).bindings) {
    const existing = byStatement.get(binding.statement.id);
    const isFrom = binding.statement.type === 'import_from_statement';
    const dots = /^\.*/.exec(binding.module)?.[0].length ?? 0;
    const range = source.rangeOf(binding.statement);
    const entry = existing ?? { module: binding.module.slice(dots), level: dots, names: [], range };
    if (isFrom) entry.names.push(binding.qualified.slice(binding.qualified.lastIndexOf('.') + 1));
    if (!existing) byStatement.set(binding.statement.id, entry);
    else if (!isFrom) byStatement.set(-binding.nameNode.id, { module: binding.module, level: 0, names: [], range });
  }
  return [...byStatement.values()];
}
