// The CLI's cache of analysis results (`.dag-guard-cache/` at the project root), as ruff keeps one:
// a repeat `dag-guard check` of an unchanged repository reads its findings instead of parsing.
//
// A result is reused only when everything that made it is unchanged:
// - the run's facts, in the cache file's name: the tool's version, the settings, the Airflow
//   version, pools, operator classes, deployment, exports' keys, the project root and today's date
//   (DG301's fix writes it);
// - the file's own text and whether Airflow parses it;
// - every project module the analysis resolved (the import, where it resolved to, and that file's
//   text) and every template path it asked about (DG605). An import that did not resolve is
//   recorded too, so a module added later invalidates the result.
// Anything unreadable or malformed in the cache is ignored (the run analyses afresh); a cache that
// cannot be written is skipped silently: it only ever saves time.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { AnalysisOptions } from '../core/analyze';
import type { Engine } from '../core/engine';
import type { PathExists } from '../core/jinja/templateFiles';
import type { ProjectModules } from '../core/project/modules';
import type { Finding } from '../core/findings';
import { readRegularText } from './readRegularFile';
import { fastRelative } from './fastPaths';

const CACHE_FOLDER = '.dag-guard-cache';
/** A cache file over this size is not read (a repository of 10,000 files stays far below it). */
const MAX_CACHE_BYTES = 256 * 1024 * 1024;
/** Bumped when the entry format changes. */
const FORMAT = 1;

/** One import the analysis resolved: from which file, what, and the file it found (null: none). */
export type ResolvedImport = [fromPath: string, module: string, level: number, found: string | null];

export interface CacheEntry {
  /** sha1 of the file's text. */
  text: string;
  parsedByAirflow: boolean | null;
  imports: ResolvedImport[];
  /** Each module file the imports found, with the sha1 of its text then (null: unreadable). */
  modules: [file: string, hash: string | null][];
  /** Each path DG605 asked about, and the answer. */
  paths: [file: string, exists: boolean | null][];
  findings: Finding[];
}

/** How the cache checks an entry's dependencies against the project as it is now. */
export interface DependencyCheck {
  locate(fromPath: string, module: string, level: number): string | null;
  contentHash(file: string): string | null;
  pathExists(file: string): boolean | undefined;
}

export class ResultCache {
  private readonly entries: Map<string, CacheEntry>;
  private readonly file: string;
  private changed = false;
  /**
   * Entries already checked in this run (before the workers, then in the loop), with the text hash they were checked for.
   * A --fix run rewrites helper modules as it goes; it asks `get` once per file, after the fixes of
   * the files before it, so a remembered answer never hides a module changed in between.
   */
  private readonly checked = new Map<string, { hash: string; parsedByAirflow: boolean | null; findings: Finding[] | undefined }>();

  /**
   * `root`: the project folder the cache lives in; `run`: the facts every result of this run
   * depends on (any JSON-like value: Maps and Sets are taken in order).
   */
  /** `build`: the tool's version and build; each build has its own folder, the others are removed on save. */
  constructor(
    private readonly root: string,
    run: unknown,
    build: string,
  ) {
    const folder = path.join(root, CACHE_FOLDER, safeName(build));
    this.file = path.join(folder, `${digest({ format: FORMAT, run: canonical(run) })}.json`);
    this.entries = readEntries(this.file);
  }

  /** The findings cached for `file` when its text and every dependency are as they were, else undefined. */
  get(file: string, text: string, parsedByAirflow: boolean | null, check: DependencyCheck): Finding[] | undefined {
    const key = this.key(file);
    const hash = hashText(text);
    const checked = this.checked.get(key);
    if (checked && checked.hash === hash && checked.parsedByAirflow === parsedByAirflow) return checked.findings;
    const entry = this.entries.get(key);
    const findings =
      entry && entry.text === hash && entry.parsedByAirflow === parsedByAirflow && dependenciesHold(entry, check)
        ? entry.findings
        : undefined;
    this.checked.set(key, { hash, parsedByAirflow, findings });
    return findings;
  }

  put(file: string, entry: CacheEntry): void {
    this.checked.delete(this.key(file));
    this.entries.set(this.key(file), entry);
    this.changed = true;
  }

  /** Writes the cache when it changed (in one rename, so a reader never sees half a file). */
  save(): void {
    if (!this.changed) return;
    const temporary = `${this.file}.${process.pid}.tmp`;
    try {
      const top = path.join(this.root, CACHE_FOLDER);
      mkdirSync(path.dirname(this.file), { recursive: true });
      // As ruff does: the cache folder keeps itself out of git and out of backups.
      if (!existsSync(path.join(top, '.gitignore')))
        writeFileSync(path.join(top, '.gitignore'), '# Created by dag-guard automatically.\n*\n');
      if (!existsSync(path.join(top, 'CACHEDIR.TAG')))
        writeFileSync(
          path.join(top, 'CACHEDIR.TAG'),
          'Signature: 8a477f597d28d172789f06886806bc55\n# This file is a cache directory tag created by dag-guard.\n',
        );
      writeFileSync(temporary, JSON.stringify(Object.fromEntries(this.entries)));
      renameSync(temporary, this.file);
      this.changed = false;
      // Results of other builds are never read again: they go.
      const own = path.basename(path.dirname(this.file));
      for (const entry of readdirSync(top, { withFileTypes: true }))
        if (entry.isDirectory() && entry.name !== own) removeQuietly(path.join(top, entry.name), true);
    } catch {
      // A read-only checkout or a full disk: the run's output does not depend on the cache.
      removeQuietly(temporary);
    }
  }

  private key(file: string): string {
    return fastRelative(this.root, file);
  }
}

function removeQuietly(file: string, recursive = false): void {
  try {
    rmSync(file, { force: true, recursive });
  } catch {
    // The folder is not there (or not a folder): nothing was written.
  }
}

export function hashText(text: string): string {
  return createHash('sha1').update(text).digest('base64');
}

function dependenciesHold(entry: CacheEntry, check: DependencyCheck): boolean {
  for (const [fromPath, module, level, found] of entry.imports) if (check.locate(fromPath, module, level) !== found) return false;
  for (const [file, hash] of entry.modules) if (check.contentHash(file) !== hash) return false;
  for (const [file, exists] of entry.paths) if ((check.pathExists(file) ?? null) !== exists) return false;
  return true;
}

function readEntries(file: string): Map<string, CacheEntry> {
  const read = readRegularText(file, MAX_CACHE_BYTES);
  if (!read.ok) return new Map();
  try {
    const parsed: unknown = JSON.parse(read.text);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return new Map();
    return new Map(Object.entries(parsed as Record<string, CacheEntry>).filter(([, entry]) => isEntry(entry)));
  } catch {
    return new Map();
  }
}

function isEntry(value: unknown): value is CacheEntry {
  const entry = value as CacheEntry;
  return (
    typeof entry === 'object' &&
    entry !== null &&
    typeof entry.text === 'string' &&
    Array.isArray(entry.imports) &&
    Array.isArray(entry.modules) &&
    Array.isArray(entry.paths) &&
    Array.isArray(entry.findings)
  );
}

function digest(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value)).digest('hex').slice(0, 24);
}

/** A JSON-able copy with object keys sorted and Maps/Sets as arrays, so equal facts give equal names. */
function canonical(value: unknown): unknown {
  if (value instanceof Map) return [...value].map(([key, entry]) => [canonical(key), canonical(entry)]);
  if (value instanceof Set) return [...value].map(canonical);
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((key) => [key, canonical((value as Record<string, unknown>)[key])]),
    );
  }
  if (typeof value === 'function') return undefined;
  return value;
}

function safeName(version: string): string {
  return version.replace(/[^A-Za-z0-9._-]/g, '_');
}

/**
 * Watches one analysis' questions to the project (the imports it resolved, the template paths it
 * asked about) so that its result can be cached with what it depends on.
 */
class DependencyRecorder {
  private readonly imports = new Map<string, ResolvedImport>();
  private readonly paths = new Map<string, boolean | null>();
  readonly modules: ProjectModules;
  readonly pathExists: PathExists;

  constructor(
    private readonly project: ProjectModules & Pick<DependencyCheck, 'locate' | 'contentHash'>,
    exists: PathExists,
  ) {
    this.modules = {
      resolve: (fromPath, module, level) => {
        this.imports.set(`${fromPath}\0${module}\0${level}`, [fromPath, module, level, project.locate(fromPath, module, level)]);
        return project.resolve(fromPath, module, level);
      },
    };
    this.pathExists = (file) => {
      const answer = exists(file);
      this.paths.set(file, answer ?? null);
      return answer;
    };
  }

  entry(text: string, parsedByAirflow: boolean | null, findings: Finding[]): CacheEntry {
    const imports = [...this.imports.values()];
    const found = [...new Set(imports.map(([, , , file]) => file).filter((file): file is string => file !== null))];
    return {
      text: hashText(text),
      parsedByAirflow,
      imports,
      modules: found.map((file) => [file, this.project.contentHash(file)]),
      paths: [...this.paths],
      findings,
    };
  }
}

/**
 * Analyses a file with its project questions watched: its findings, and the cache entry for them
 * (null when a rule failed or ran out of time, so that an incomplete result is never kept).
 */
export function analyseRecorded(
  engine: Engine,
  file: string,
  text: string,
  options: AnalysisOptions,
  project: ProjectModules & Pick<DependencyCheck, 'locate' | 'contentHash'>,
  pathExists: PathExists,
): { findings: Finding[]; entry: CacheEntry | null } {
  const recorder = new DependencyRecorder(project, pathExists);
  let complete = true;
  const findings = engine.analyzeText(file, text, {
    ...options,
    project: recorder.modules,
    pathExists: recorder.pathExists,
    onRuleError: (rule, error) => {
      complete = false;
      options.onRuleError?.(rule, error);
    },
    onAnalysisError: (error) => {
      complete = false;
      options.onAnalysisError?.(error);
    },
  });
  return { findings, entry: complete ? recorder.entry(text, options.parsedByAirflow ?? null, findings) : null };
}
