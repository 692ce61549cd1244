// An in-memory project for tests of the cross-module analysis: module texts by path, summarised
// through the real `summarizeModule` (once per path: `builds` counts them), resolved against
// sys.path-like roots the way Python does (`a/b.py`, else `a/b/__init__.py`; relative imports from
// the importing file's package).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { summarizeModule, type ModuleSummary, type ProjectModules } from '../../server/src/core/project/modules';
import { getEngine } from './engine';

export interface TestProject extends ProjectModules {
  /** How many summaries were built. */
  builds: number;
  files: Map<string, string>;
  generation: number;
  /** Replaces a module's text (its summary is rebuilt on next use) and moves the generation on. */
  set(path: string, text: string): void;
}

export async function inMemoryProject(files: Record<string, string> | Map<string, string>, roots: string[] = ['']): Promise<TestProject> {
  const engine = await getEngine();
  const texts = files instanceof Map ? files : new Map(Object.entries(files));
  const summaries = new Map<string, ModuleSummary>();
  const project: TestProject = {
    builds: 0,
    files: texts,
    generation: 0,
    set(path, text) {
      texts.set(path, text);
      summaries.delete(path);
      project.generation++;
    },
    resolve(fromPath, module, level) {
      const parts = module ? module.split('.') : [];
      const bases = level > 0 ? [path.posix.join(path.posix.dirname(fromPath), ...Array<string>(level - 1).fill('..'))] : roots;
      for (const base of bases) {
        for (const candidate of [`${path.posix.join(base, ...parts)}.py`, path.posix.join(base, ...parts, '__init__.py')]) {
          if (parts.length === 0 && !candidate.endsWith('__init__.py')) continue;
          const text = texts.get(candidate);
          if (text === undefined) continue;
          let summary = summaries.get(candidate);
          if (!summary) {
            summary = engine.withSource(candidate, text, (source) => summarizeModule(source));
            summaries.set(candidate, summary);
            project.builds++;
          }
          return summary;
        }
      }
      return null;
    },
  };
  return project;
}

/** Every .py file under `folder`, keyed by its path relative to `folder` (`dags/common/variables.py`). */
export function readProjectFiles(folder: string): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const full = path.join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (name.endsWith('.py')) files.set(path.relative(folder, full).split(path.sep).join('/'), readFileSync(full, 'utf8'));
    }
  };
  walk(folder);
  return files;
}
