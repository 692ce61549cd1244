// Operator classes a project defines outside its DAG files, in the folders Airflow puts on the
// import path (`plugins/`) or that Astronomer projects use for shared code (`include/`): their
// `template_fields` and bases, read with the same pure reader the core uses for the DAG file
// itself, and passed to the analysis through AnalysisOptions.operatorClasses. Only parsed, never
// imported or run.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import type { Parser } from 'web-tree-sitter';
import { SourceFile } from '../core/model/source';
import { parsePython } from '../core/syntax/parser';
import { readOperatorClasses, type OperatorClassSpec } from '../core/templating/operatorClassReader';
import { decodeSource } from './readSource';
import { readRegularFile } from './readRegularFile';

export const OPERATOR_FOLDERS = ['plugins', 'include'];
const MAX_FILES = 500;
const MAX_BYTES = 1_000_000;
const SKIPPED_FOLDERS = new Set(['__pycache__', 'node_modules', 'venv', '.venv', 'site-packages']);

/** Is `file` in one of the folders the index reads (so that a change to it invalidates the index)? */
export function isIndexedPath(root: string, file: string): boolean {
  const relative = path.relative(root, file).split(path.sep);
  return relative.length > 1 && OPERATOR_FOLDERS.includes(relative[0]) && file.endsWith('.py');
}

/** The operator classes under `<root>/plugins` and `<root>/include` (classes that set template_fields or extend an operator). */
export function indexOperatorClasses(root: string, parser: Parser): OperatorClassSpec[] {
  const files: string[] = [];
  const walk = (folder: string) => {
    let entries;
    try {
      entries = readdirSync(folder, { withFileTypes: true });
    } catch {
      return;
    }
    entries.sort((a, b) => a.name.localeCompare(b.name));
    for (const entry of entries) {
      if (files.length >= MAX_FILES) return;
      if (entry.name.startsWith('.') || SKIPPED_FOLDERS.has(entry.name)) continue;
      const full = path.join(folder, entry.name);
      if (entry.isDirectory()) walk(full);
      else if ((entry.isFile() || entry.isSymbolicLink()) && entry.name.endsWith('.py')) files.push(full);
    }
  };
  for (const folder of OPERATOR_FOLDERS) walk(path.join(root, folder));

  const specs: OperatorClassSpec[] = [];
  for (const file of files) {
    // A symlink is read when its target is a regular file; a module over 1 MB is no operator class.
    const bytes = readRegularFile(file, MAX_BYTES);
    const read = bytes.ok ? decodeSource(bytes.bytes) : bytes;
    // Cheap test before parsing: a file without these words defines no operator we could use.
    if (!read.ok || !/template_fields|Operator|Sensor/.test(read.text)) continue;
    const tree = parsePython(parser, read.text);
    try {
      for (const spec of readOperatorClasses(new SourceFile(file, read.text, tree))) {
        if (spec.fields !== null || spec.bases.some((base) => /(Operator|Sensor)$/.test(base))) specs.push(spec);
      }
    } finally {
      tree.delete();
    }
  }
  return specs;
}
