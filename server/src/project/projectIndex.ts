// The project's modules on disk, as the analysis sees them through `ProjectModules`: an import
// resolves the way Python's path finder would against the layout's import roots (a package's
// `__init__.py`, a module file, a namespace package: a folder without `__init__.py`, relative imports
// from a module's package), and each module is summarised once per content. Files are read lazily,
// on the first resolve that needs them; folder listings and resolutions are remembered until a
// file is created or deleted. Summaries are keyed by path and content hash, so an unchanged module
// is never summarised again, whether the index lives for one CLI run or for the server's lifetime.
// Open documents' texts win over the disk (`setOverlay`).
import { createHash } from 'node:crypto';
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Engine } from '../core/engine';
import { summarizeModule, type ModuleSummary, type ProjectModules } from '../core/project/modules';
import { isInstalledModule } from './installedModules';
import type { ProjectLayout } from './layout';
import { readSourceFile } from './readSource';
import { fastResolve } from './fastPaths';

/** Modules larger than this are not read (generated code, data dumped into .py files). */
const MAX_MODULE_BYTES = 1_000_000;
/** Summaries kept (least recently used dropped first): a few per module (disk, open-editor versions). */
const MAX_SUMMARIES = 20_000;

/** A folder searched for modules, and the import root its package names are relative to. */
type Place = { dir: string; root: string };
/** Where an import landed: a module or package file (with a package's folder), or a namespace package's folders. */
type Target = { file: string | null; places: Place[] };

type Listing = Map<string, 'file' | 'dir'>;

/**
 * Module summaries by path and content hash, least recently used dropped first. Shared by the
 * indexes of a server (a layout change makes a new index, not new summaries).
 */
export class SummaryCache {
  /** Summaries built so far (tests assert that unchanged modules are not summarised again). */
  builds = 0;
  private readonly entries = new Map<string, ModuleSummary>();

  constructor(private readonly limit = MAX_SUMMARIES) {}

  get(key: string): ModuleSummary | undefined {
    const cached = this.entries.get(key);
    if (cached) {
      // Most recently used last: the map's order is the eviction order.
      this.entries.delete(key);
      this.entries.set(key, cached);
    }
    return cached;
  }

  build(key: string, make: () => ModuleSummary): ModuleSummary {
    this.builds++;
    const summary = make();
    this.entries.set(key, summary);
    if (this.entries.size > this.limit) this.entries.delete(this.entries.keys().next().value!);
    return summary;
  }
}

export interface ProjectIndexOptions {
  /**
   * Check a remembered file's size and modification time before using what was read from it (for a
   * server whose client sends no file-watcher events). Without it, only `fileChanged` says so.
   */
  verifyDisk?: boolean;
  /** Summaries to share with other indexes (default: the index's own). */
  summaries?: SummaryCache;
}

export class ProjectIndex implements ProjectModules {
  /** Module files read from disk so far. */
  fileReads = 0;
  private readonly listings = new Map<string, Listing | null>();
  private readonly resolutions = new Map<string, Target | null>();
  /** The content hash of each module read (disk or open document), until it changes. */
  private readonly current = new Map<string, { hash: string; text: string | null; stamp: string | null }>();
  private readonly summaries: SummaryCache;
  private readonly overlays = new Map<string, string>();
  /** For each file analysed through `track`, the module files its analysis resolved (transitively). */
  private readonly dependencies = new Map<string, Set<string>>();
  private recording: Set<string> | null = null;
  /** The import root each resolved module was found under (its package is relative to it). */
  private readonly rootOf = new Map<string, string>();

  constructor(
    readonly layout: ProjectLayout,
    private readonly engine: Pick<Engine, 'withSource'>,
    private readonly options: ProjectIndexOptions = {},
  ) {
    this.summaries = options.summaries ?? new SummaryCache();
  }

  /** Summaries built so far (tests assert that unchanged modules are not summarised again). */
  get summaryBuilds(): number {
    return this.summaries.builds;
  }

  resolve(fromPath: string, module: string, level: number): ModuleSummary | null {
    const target = this.targetOf(fromPath, module, level);
    if (!target) return null;
    if (target.file) return this.summaryOf(target.file);
    // A namespace package has no code of its own: an empty module, named by its first folder.
    return this.summaryOfText(target.places[0].dir, '');
  }

  /**
   * Where `resolve` would find the module, without reading or summarising it: its file, the first
   * folder of a namespace package, or null (the CLI's result cache checks its entries with this).
   */
  locate(fromPath: string, module: string, level: number): string | null {
    const target = this.targetOf(fromPath, module, level);
    return target ? (target.file ?? target.places[0]?.dir ?? null) : null;
  }

  /** The sha1 of a module file's current text (open document's, else the disk's), null when unreadable. */
  contentHash(file: string): string | null {
    return this.contentOf(fastResolve(file))?.hash ?? null;
  }

  private targetOf(fromPath: string, module: string, level: number): Target | null {
    return level > 0 ? this.resolveRelative(fastResolve(fromPath), module, level) : this.resolveAbsolute(module);
  }

  /** The summary of a module file (open document's text, else the disk's), or null when unreadable. */
  summaryOf(module: string): ModuleSummary | null {
    const file = fastResolve(module);
    this.recording?.add(file);
    const content = this.contentOf(file);
    if (!content) return null;
    const key = `${file}\0${content.hash}`;
    const cached = this.summaries.get(key);
    if (cached) return cached;
    const text = content.text ?? this.overlays.get(file) ?? this.readText(file);
    if (text === null) return null;
    return this.store(key, file, text);
  }

  /**
   * Runs `analyse` (the analysis of `file`) and remembers every module it resolved, directly or
   * through other modules: `dependentsOf` answers from these sets.
   */
  track<T>(file: string, analyse: () => T): T {
    const outer = this.recording;
    const recorded = new Set<string>();
    this.recording = recorded;
    try {
      return analyse();
    } finally {
      this.recording = outer;
      if (outer) for (const dependency of recorded) outer.add(dependency);
      recorded.delete(path.resolve(file));
      this.dependencies.set(path.resolve(file), recorded);
    }
  }

  /**
   * `track` for an analysis run in steps (core/analyze.ts analysisSteps), with other work between
   * them: the recording is on only while a step runs, so another file's analysis that runs in
   * between records its own reads.
   */
  *trackSteps<T>(file: string, steps: Generator<void, T>): Generator<void, T> {
    const recorded = new Set<string>();
    let step: IteratorResult<void, T>;
    for (;;) {
      const outer = this.recording;
      this.recording = recorded;
      try {
        step = steps.next();
      } finally {
        this.recording = outer;
        if (outer) for (const dependency of recorded) outer.add(dependency);
      }
      if (step.done) break;
      yield;
    }
    recorded.delete(path.resolve(file));
    this.dependencies.set(path.resolve(file), recorded);
    return step.value;
  }

  /** The files analysed through `track` whose analysis read `module` (directly or transitively). */
  dependentsOf(module: string): string[] {
    const resolved = path.resolve(module);
    return [...this.dependencies].filter(([, modules]) => modules.has(resolved)).map(([file]) => file);
  }

  /** Forget a file's dependencies (it was closed or deleted). */
  forget(file: string): void {
    this.dependencies.delete(path.resolve(file));
  }

  /** An open document's text, which wins over the disk until `clearOverlay`. */
  setOverlay(file: string, text: string): void {
    const resolved = path.resolve(file);
    this.overlays.set(resolved, text);
    this.current.delete(resolved);
  }

  clearOverlay(file: string): void {
    const resolved = path.resolve(file);
    if (this.overlays.delete(resolved)) this.current.delete(resolved);
  }

  /** A file's content changed on disk: read it again when next needed. */
  fileChanged(file: string): void {
    this.current.delete(path.resolve(file));
  }

  /** A file (or folder) was created or deleted: folder listings and resolutions are stale. */
  fileCreatedOrDeleted(file: string): void {
    this.current.delete(path.resolve(file));
    this.listings.clear();
    this.resolutions.clear();
  }

  private resolveAbsolute(module: string): Target | null {
    const key = `0\0${module}`;
    if (this.resolutions.has(key)) return this.resolutions.get(key)!;
    const parts = module.split('.');
    let target: Target | null = null;
    if (parts.every(isIdentifier) && !isInstalledModule(parts[0])) {
      const roots = this.layout.importRoots.map((root) => path.resolve(root));
      target = { file: null, places: roots.map((root) => ({ dir: root, root })) };
      for (const part of parts) target = target && target.places.length > 0 ? this.findIn(part, target.places) : null;
    }
    this.resolutions.set(key, target);
    return target;
  }

  private resolveRelative(fromPath: string, module: string, level: number): Target | null {
    // The importing module's package is its folder; `level` dots go up level - 1 folders from it,
    // never above the import root the module lives under (Python: "beyond top-level package"). A
    // DAG file at the top of the DAG folder has no package: Airflow loads it under a name without
    // dots, so its relative imports fail.
    const root = this.rootOf.get(fromPath) ?? this.containingRoot(fromPath);
    if (!root) return null;
    const packageParts = path.relative(root, path.dirname(fromPath)).split(path.sep).filter(Boolean);
    if (level > packageParts.length) return null;
    const base = path.join(root, ...packageParts.slice(0, packageParts.length - (level - 1)));
    const key = `${level}\0${base}\0${module}`;
    if (this.resolutions.has(key)) return this.resolutions.get(key)!;
    const parts = module === '' ? [] : module.split('.');
    // `from . import x` names the package itself: found as its own name in its parent folder.
    let target: Target | null =
      parts.length === 0
        ? this.findIn(path.basename(base), [{ dir: path.dirname(base), root }])
        : parts.every(isIdentifier)
          ? { file: null, places: [{ dir: base, root }] }
          : null;
    for (const part of parts) target = target && target.places.length > 0 ? this.findIn(part, target.places) : null;
    this.resolutions.set(key, target);
    return target;
  }

  /**
   * Python's path finder for one name in the given folders: in each folder, a package (a folder
   * with `__init__.py`) wins, then a module file; a folder without `__init__.py` is a portion of a
   * namespace package, used only when no folder has a package or module of that name.
   */
  private findIn(name: string, places: readonly Place[]): Target | null {
    const portions: Place[] = [];
    for (const { dir, root } of places) {
      const listing = this.listing(dir);
      if (!listing) continue;
      const sub = path.join(dir, name);
      if (listing.get(name) === 'dir' && this.listing(sub)?.get('__init__.py') === 'file') {
        return this.found(path.join(sub, '__init__.py'), root, [{ dir: sub, root }]);
      }
      if (listing.get(`${name}.py`) === 'file') return this.found(path.join(dir, `${name}.py`), root, []);
      if (listing.get(name) === 'dir') portions.push({ dir: sub, root });
    }
    return portions.length > 0 ? { file: null, places: portions } : null;
  }

  private found(file: string, root: string, places: Place[]): Target {
    if (!this.rootOf.has(file)) this.rootOf.set(file, root);
    return { file, places };
  }

  /** The first import root (in sys.path order) that holds `file`. */
  private containingRoot(file: string): string | undefined {
    return this.layout.importRoots.map((root) => path.resolve(root)).find((root) => file.startsWith(root + path.sep));
  }

  private listing(dir: string): Listing | null {
    if (this.listings.has(dir)) return this.listings.get(dir)!;
    let listing: Listing | null = null;
    try {
      listing = new Map();
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const kind = entry.isSymbolicLink()
          ? kindOf(path.join(dir, entry.name))
          : entry.isDirectory()
            ? 'dir'
            : entry.isFile()
              ? 'file'
              : null;
        if (kind === 'dir' || (kind === 'file' && entry.name.endsWith('.py'))) listing.set(entry.name, kind);
      }
    } catch {
      listing = null;
    }
    this.listings.set(dir, listing);
    return listing;
  }

  private contentOf(file: string): { hash: string; text: string | null } | null {
    let content = this.current.get(file);
    if (content && this.options.verifyDisk && content.stamp !== null && content.stamp !== stampOf(file)) content = undefined;
    if (content) return content;
    const overlay = this.overlays.get(file);
    const stamp = overlay === undefined ? stampOf(file) : null;
    const text = overlay ?? this.readText(file);
    if (text === null) return null;
    // The text is kept only until it is summarised (see store), never for the index's lifetime.
    content = { hash: hashOf(text), text, stamp };
    this.current.set(file, content);
    return content;
  }

  private readText(file: string): string | null {
    // Only regular files, and not huge ones: a module path could name a FIFO or a device.
    try {
      const stats = statSync(file);
      if (!stats.isFile() || stats.size > MAX_MODULE_BYTES) return null;
    } catch {
      return null;
    }
    this.fileReads++;
    const read = readSourceFile(file);
    return read.ok ? read.text : null;
  }

  private store(key: string, file: string, text: string): ModuleSummary {
    const summary = this.summaries.build(key, () => this.engine.withSource(file, text, summarizeModule));
    const content = this.current.get(file);
    if (content) content.text = null;
    return summary;
  }

  private summaryOfText(file: string, text: string): ModuleSummary {
    const key = `${file}\0${hashOf(text)}`;
    return this.summaries.get(key) ?? this.store(key, file, text);
  }
}

function isIdentifier(name: string): boolean {
  return /^[\p{L}_][\p{L}\p{N}_]*$/u.test(name);
}

function hashOf(text: string): string {
  return createHash('sha1').update(text).digest('base64');
}

/** What a symbolic link points at (Python follows links); null for anything but a file or folder. */
function kindOf(link: string): 'file' | 'dir' | null {
  try {
    const stats = statSync(link);
    return stats.isDirectory() ? 'dir' : stats.isFile() ? 'file' : null;
  } catch {
    return null;
  }
}

function stampOf(file: string): string | null {
  try {
    const stats = statSync(file);
    return `${stats.size}:${stats.mtimeMs}`;
  } catch {
    return null;
  }
}
