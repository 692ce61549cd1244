// Finds the Python files under the paths a user names, honouring the include / exclude globs
// (matched against the path relative to the project root, with forward slashes), and the
// configuration files whose names say what they are (airflow.cfg, .env, compose files,
// Dockerfiles). Helm values, shell scripts and Kubernetes manifests are checked when named.
import { statSync, type Stats } from 'node:fs';
import path from 'node:path';
import picomatch from 'picomatch';
import { documentKind, type DocumentKind } from '../core/documentKind';
import {
  byEntryName,
  ENTRIES_PER_SLICE,
  type FolderListings,
  PAUSE,
  runAtOnce,
  runInSlices,
  type FolderWalk,
  type SliceOptions,
} from './slices';
import type { Settings } from '../core/settings/schema';
import type { GitIgnores } from './gitignore';
import { fastJoin, fastRelative, fastResolve } from './fastPaths';

/** Config files found when walking folders: the kinds whose names say what they are. */
const WALKED_CONFIG_KINDS = new Set<DocumentKind>(['airflow-cfg', 'dotenv', 'docker-compose', 'dockerfile']);

export class FileFilter {
  private readonly included: (file: string) => boolean;
  private readonly excluded: (file: string) => boolean;

  constructor(
    private readonly root: string,
    settings: Pick<Settings, 'include' | 'exclude'>,
  ) {
    this.included = globMatcher(settings.include);
    this.excluded = globMatcher(settings.exclude);
  }

  /**
   * The path the globs are matched against: relative to the project root, or for a file outside
   * the root (a second folder given to `check`) its absolute path, so that `**` globs still
   * apply to it rather than never matching a `../` path (which left such folders out silently).
   */
  relative(file: string): string {
    const absolute = fastResolve(file);
    const relative = fastRelative(this.root, absolute);
    const outside = relative === '..' || relative.startsWith(`..${path.sep}`) || path.isAbsolute(relative);
    return (outside ? absolute : relative).split(path.sep).join('/');
  }

  accepts(file: string): boolean {
    const relative = this.relative(file);
    return this.included(relative) && !this.excluded(relative);
  }

  excludes(file: string): boolean {
    return this.excluded(this.relative(file));
  }

  /** A folder is skipped whole when everything under it would be excluded. */
  skipsFolder(folder: string): boolean {
    const relative = this.relative(folder);
    return relative !== '' && this.excluded(`${relative}/x`);
  }
}

/**
 * picomatch(globs, { dot: true }) as a plain test: picomatch's own matcher builds a result object
 * for every path and glob (without the `windows` or `format` options its answer is "the path is the glob,
 * or the glob's regular expression matches it"), which cost a repeat `check` of 1,100 files tens of ms.
 */
export function globMatcher(globs: readonly string[]): (file: string) => boolean {
  if (globs.length === 0) return () => false;
  // One regular expression for all the globs (each of picomatch's is anchored at both ends, so the
  // alternation matches when one of them does): one test a path instead of one per glob, and one
  // expression for V8 to compile and tier up in a short CLI run instead of seven.
  const any = new RegExp(globs.map((glob) => `(?:${picomatch.makeRe(glob, { dot: true }).source})`).join('|'));
  const literal = new Set(globs);
  return (file) => file !== '' && (literal.has(file) || any.test(file));
}

export interface Discovered {
  files: string[];
  /** Paths that do not exist or cannot be read. */
  missing: string[];
  /** Files named explicitly that the settings (or a .gitignore) exclude: left out with forceExclude, else kept. */
  excludedNamed: string[];
  /** True when more files were found than `limit` allowed: the list stops at the limit. */
  truncated: boolean;
  /** The folders given whose every file the walk's settings accept is in `files` (.gitignore left none out, no limit stopped it). */
  walkedWhole: string[];
}

export interface DiscoverOptions {
  /** At most this many files. */
  limit?: number;
  /** Leave out the files .gitignore lists when walking folders (and named files, with forceExclude). */
  gitignore?: GitIgnores | null;
  /**
   * Named files that exclude (or a .gitignore) would leave out: true leaves them out (ruff's
   * --force-exclude, what pre-commit wants), false checks them (what the user asked for).
   * Either way they are listed in `excludedNamed`, so the caller can say so.
   */
  forceExclude?: boolean;
  /** The run's folder reads, shared with its other walks (the CLI). */
  listings?: FolderListings | undefined;
}

/**
 * Files under `paths` (files named explicitly are kept even when the include globs would not
 * match them, like ruff does), sorted, at most `limit`.
 */
export function discoverPythonFiles(paths: readonly string[], filter: FileFilter, options: DiscoverOptions = {}): Discovered {
  return runAtOnce(discoveryWalk(paths, filter, options), options.listings);
}

/** The same walk as discoverPythonFiles, reading folders asynchronously so the event loop runs (null when cancelled). */
export function discoverPythonFilesInSlices(
  paths: readonly string[],
  filter: FileFilter,
  options: DiscoverOptions,
  slices: SliceOptions,
): Promise<Discovered | null> {
  return runInSlices(discoveryWalk(paths, filter, options), slices);
}

/** The discovery as a walk: yields each folder it reads (see slices.ts). */
function* discoveryWalk(paths: readonly string[], filter: FileFilter, options: DiscoverOptions): FolderWalk<Discovered> {
  const { limit = Infinity, gitignore = null, forceExclude = true } = options;
  const files = new Set<string>();
  const missing: string[] = [];
  const excludedNamed: string[] = [];
  let truncated = false;
  let gitIgnored = false;
  const folders: string[] = [];
  const add = (file: string) => {
    if (files.size < limit) files.add(file);
    else truncated = true;
  };
  function* walk(folder: string): FolderWalk<void> {
    if (truncated || filter.skipsFolder(folder)) return;
    const entries = yield folder;
    if (entries instanceof Error) {
      missing.push(folder);
      return;
    }
    entries.sort(byEntryName);
    for (const [index, entry] of entries.entries()) {
      if (truncated) return;
      // A folder of thousands of DAG files is read in one call; its entries are handled in parts.
      if (index > 0 && index % ENTRIES_PER_SLICE === 0) yield PAUSE;
      const full = fastJoin(folder, entry.name);
      if (gitignore?.ignores(full, entry.isDirectory())) {
        gitIgnored = true;
        continue;
      }
      if (entry.isDirectory()) yield* walk(full);
      else if (entry.isFile() && entry.name.endsWith('.py') && filter.accepts(full)) add(full);
      else if (entry.isFile() && WALKED_CONFIG_KINDS.has(documentKind(entry.name)) && !filter.excludes(full)) add(full);
    }
  }
  for (const given of paths) {
    let stats: Stats;
    try {
      stats = statSync(given);
    } catch {
      missing.push(given);
      continue;
    }
    if (stats.isDirectory()) {
      folders.push(path.resolve(given));
      yield* walk(given);
    } else if (filter.excludes(given) || gitignore?.ignores(given)) {
      excludedNamed.push(path.resolve(given));
      if (!forceExclude) add(path.resolve(given));
    } else add(path.resolve(given));
  }
  const walkedWhole = gitIgnored || truncated ? [] : folders;
  return { files: [...files].sort(), missing, excludedNamed, truncated, walkedWhole };
}
