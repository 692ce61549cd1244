// Operator classes a project defines outside the DAG file being analysed, anywhere Airflow could
// import them from: the DAG folders (`dags/operators/`), the plugins folder, the project root
// (Astronomer's `include/`) and the python-path folders (the layout's import roots). Their
// `template_fields` and bases are read with the same pure reader the core uses for the DAG file
// itself, and passed to the analysis through AnalysisOptions.operatorClasses. Only parsed, never
// imported or run. The walk is bounded (file count and size caps, no virtual environments,
// node_modules or hidden folders, the exclude globs) and each file is read again only when it
// changes.
import path from 'node:path';
import type { Parser } from 'web-tree-sitter';
import { SourceFile } from '../core/model/source';
import { parsePython } from '../core/syntax/parser';
import { readOperatorClasses, type OperatorClassSpec } from '../core/templating/operatorClassReader';
import type { FileFilter } from './files';
import type { ProjectLayout } from './layout';
import { decodeSource } from './readSource';
import { readRegularFile } from './readRegularFile';
import { fastJoin } from './fastPaths';
import type { Stats } from 'node:fs';
import { byEntryName, type FolderListings, runAtOnce, runInSlices, type FolderWalk, type SliceOptions } from './slices';

const MAX_FILES = 3000;
const MAX_BYTES = 1_000_000;
const DEFINES_OPERATOR = /template_fields|^[ \t]*class\s+\w+\s*\([^)]*(?:Operator|Sensor)\b/m;
const SKIPPED_FOLDERS = new Set(['__pycache__', 'node_modules', 'venv', 'site-packages', 'dist', 'build']);

/**
 * What an earlier run found in each file, reused while the file is unchanged (the CLI's results
 * cache: a repeat run reads none of the unchanged files).
 */
export interface OperatorScanMemo {
  /** The classes found in `file` when it is unchanged since, else undefined. */
  known(file: string): readonly OperatorClassSpec[] | undefined;
  /** The classes found in `file`, read as `stats` (taken before its bytes were read) said. */
  learned(file: string, specs: readonly OperatorClassSpec[], stats: Stats): void;
}

/** The operator classes of a project's Python files, read once and re-read per changed file. */
export class OperatorIndex {
  private files: Map<string, readonly OperatorClassSpec[]> | null = null;
  private flattened: readonly OperatorClassSpec[] | null = null;
  private readonly roots: string[];

  /** `parser`: null when only `classesParsedWith` is used. */
  constructor(
    private readonly parser: Parser | null,
    layout: ProjectLayout,
    private readonly filter: FileFilter | null = null,
    private readonly memo: OperatorScanMemo | null = null,
  ) {
    // Each folder once: a root inside another one is walked as part of it.
    const candidates = [...new Set([...layout.dagsFolders, ...layout.importRoots].map((folder) => path.resolve(folder)))];
    this.roots = candidates.filter((folder) => !candidates.some((other) => other !== folder && isInside(folder, other)));
  }

  /** Every operator class found (classes that set template_fields or extend an operator or sensor). */
  classes(): readonly OperatorClassSpec[] {
    if (!this.flattened) this.flattened = [...this.indexed().values()].flat();
    return this.flattened;
  }

  /** Is `file` a Python file the index reads (so that a change to it matters)? */
  covers(file: string): boolean {
    const resolved = path.resolve(file);
    if (!resolved.endsWith('.py') || this.filter?.excludes(resolved)) return false;
    const root = this.roots.find((folder) => isInside(resolved, folder));
    if (!root) return false;
    return path
      .relative(root, path.dirname(resolved))
      .split(path.sep)
      .every((part) => part === '' || !isSkippedFolder(part));
  }

  /** A Python file changed, appeared or went away on disk: re-read it alone. Returns whether the classes changed. */
  fileChanged(file: string): boolean {
    if (!this.files || !this.covers(file)) return false;
    const resolved = path.resolve(file);
    const before = this.files.get(resolved) ?? [];
    const specs = this.read(resolved);
    if (JSON.stringify(specs) === JSON.stringify(before)) return false;
    if (specs.length > 0) this.files.set(resolved, specs);
    else this.files.delete(resolved);
    this.flattened = null;
    return true;
  }

  /**
   * Builds the index with the event loop free between folder reads and between files (the
   * language server, before its first analysis: a workspace of 40,000 folders must not stall
   * requests). Without it, the first `classes()` walks synchronously (the CLI).
   */
  async prepare(options: SliceOptions = {}): Promise<void> {
    if (this.files) return;
    const found = await runInSlices(this.walk(), options);
    if (!found || this.files) return;
    const files = new Map<string, readonly OperatorClassSpec[]>();
    for (const [index, file] of found.entries()) {
      if (options.cancelled?.()) return;
      const specs = this.read(file);
      if (specs.length > 0) files.set(file, specs);
      if (index % 20 === 19) await new Promise((resolve) => setImmediate(resolve));
    }
    if (!this.files) this.files = files;
  }

  private indexed(): Map<string, readonly OperatorClassSpec[]> {
    this.files ??= classesByFile(runAtOnce(this.walk()), (file) => this.read(file));
    return this.files;
  }

  /** The Python files under the roots, as a walk (see slices.ts), at most MAX_FILES. */
  private *walk(): FolderWalk<string[]> {
    const found: string[] = [];
    const filter = this.filter;
    function* visit(folder: string): FolderWalk<void> {
      if (filter?.skipsFolder(folder)) return;
      const entries = yield folder;
      if (entries instanceof Error) return;
      entries.sort(byEntryName);
      for (const entry of entries) {
        if (found.length >= MAX_FILES) return;
        const full = fastJoin(folder, entry.name);
        if (entry.isDirectory()) {
          if (!isSkippedFolder(entry.name)) yield* visit(full);
        } else if ((entry.isFile() || entry.isSymbolicLink()) && entry.name.endsWith('.py') && !filter?.excludes(full)) found.push(full);
      }
    }
    for (const root of this.roots) yield* visit(root);
    return found;
  }

  private read(file: string): readonly OperatorClassSpec[] {
    const scanned = this.scan(file);
    if ('specs' in scanned) return scanned.specs;
    if (!this.parser) throw new Error('OperatorIndex: a file needs parsing and no parser was given');
    return this.parse(file, scanned.text, scanned.stats, this.parser);
  }

  /**
   * A file's classes when no parse is needed (the memo knows them, or the file cannot define one),
   * else the text to parse. Cheap test before parsing (most DAG files use operators but define
   * none): only a file that sets template_fields or has a class statement naming an operator or
   * sensor base is parsed.
   */
  private scan(file: string): { specs: readonly OperatorClassSpec[] } | { text: string; stats: Stats } {
    const known = this.memo?.known(file);
    if (known) return { specs: known };
    // A symlink is read when its target is a regular file; a module over 1 MB is no operator class.
    const bytes = readRegularFile(file, MAX_BYTES);
    if (!bytes.ok) return { specs: [] };
    const read = decodeSource(bytes.bytes);
    if (read.ok && DEFINES_OPERATOR.test(read.text)) return { text: read.text, stats: bytes.stats };
    this.memo?.learned(file, [], bytes.stats);
    return { specs: [] };
  }

  private parse(file: string, text: string, stats: Stats, parser: Parser): OperatorClassSpec[] {
    const tree = parsePython(parser, text);
    let specs: OperatorClassSpec[];
    try {
      specs = readOperatorClasses(new SourceFile(file, text, tree)).filter(
        (spec) => spec.fields !== null || spec.bases.some((base) => /(Operator|Sensor)$/.test(base)),
      );
    } finally {
      tree.delete();
    }
    this.memo?.learned(file, specs, stats);
    return specs;
  }

  /**
   * `classes()` with the parser asked for only when a file needs parsing (the CLI: a run whose
   * files the results cache knows never loads the parser's WebAssembly).
   */
  async classesParsedWith(parser: () => Promise<Parser>, listings?: FolderListings): Promise<readonly OperatorClassSpec[]> {
    if (!this.files) {
      const files = runAtOnce(this.walk(), listings);
      const scans = files.map((file) => this.scan(file));
      const loaded = scans.some((scan) => !('specs' in scan)) ? await parser() : null;
      this.files ??= classesByFile(files, (file, index) => {
        const scan = scans[index] as (typeof scans)[number];
        return 'specs' in scan ? scan.specs : this.parse(file, scan.text, scan.stats, loaded as Parser);
      });
    }
    return this.classes();
  }
}

/** Each file's classes, for the files that define some, in walk order; `classesOf` reads one file. */
function classesByFile(
  files: readonly string[],
  classesOf: (file: string, index: number) => readonly OperatorClassSpec[],
): Map<string, readonly OperatorClassSpec[]> {
  const classes = new Map<string, readonly OperatorClassSpec[]>();
  files.forEach((file, index) => {
    const specs = classesOf(file, index);
    if (specs.length > 0) classes.set(file, specs);
  });
  return classes;
}

/** The operator classes of a project, read once (the CLI's `report`). */
export function indexOperatorClasses(
  layout: ProjectLayout,
  parser: Parser,
  filter: FileFilter | null = null,
): readonly OperatorClassSpec[] {
  return new OperatorIndex(parser, layout, filter).classes();
}

function isSkippedFolder(name: string): boolean {
  return name.startsWith('.') || SKIPPED_FOLDERS.has(name);
}

function isInside(file: string, folder: string): boolean {
  return file === folder || file.startsWith(folder + path.sep);
}
