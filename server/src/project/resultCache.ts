// The CLI's cache of analysis results (`.dag-guard-cache/` at the project root), as ruff keeps one:
// a repeat `dag-guard check` of an unchanged repository reads its findings instead of parsing.
//
// A result is reused only when everything that made it is unchanged:
// - the run's facts, in the cache file's name: the tool's version, the settings, the Airflow
//   version, pools, deployment, exports' keys, the project root and today's date (DG301's fix
//   writes it); and the operator classes, confirmed in the file once the operator index ran (the
//   cache also keeps what the index found in each file, by the file's stamp);
// - the file's own text and whether Airflow parses it;
// - every project module the analysis resolved (the import, where it resolved to, and that file's
//   text) and every template path it asked about (DG605). An import that did not resolve is
//   recorded too, so a module added later invalidates the result.
// The file's text is known unchanged without reading it when its stamp (size, modification and
// change times, inode, device: see fileStamp; taken before the file is read) is the one recorded;
// otherwise it is read and its hash compared, as git and ruff do. The change time cannot be set
// back by a tool (a `git checkout`, an editor's save, `touch -r` or `cp -p` all give a new one, so
// a text restored with its old modification time is read again), and a file changed in the 2 s
// before its stat is never stamped, so a second write within the same tick of a coarse
// file-system clock cannot hide. A file touched without a change is read and hashed once, then
// stamped anew.
// Each dependency is stored once per cache file and checked once per run, however many files share it.
// The file also keeps the last run's whole output (see RunRecord): a repeat run of the same command
// whose every input file has its recorded stamp, and whose every dependency still holds, prints it
// without parsing the entries (the file's head says so; its entries are parsed only when needed).
// Anything unreadable or malformed in the cache is ignored (the run analyses afresh); a cache that
// cannot be written is skipped silently: it only ever saves time.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, type Stats, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { AnalysisOptions } from '../core/analyze';
import { isDagFileText } from '../core/dagFile';
import type { Engine } from '../core/engine';
import type { PathExists } from '../core/jinja/templateFiles';
import type { ProjectModules } from '../core/project/modules';
import type { Finding } from '../core/findings';
import type { OperatorClassSpec } from '../core/templating/operatorClassReader';
import type { OperatorScanMemo } from './operatorIndex';
import { fastRelative } from './fastPaths';
import { fileIdentity, readFirstLine, RecordedOutput, StoredParts, writeCacheFile } from './cacheFile';

const CACHE_FOLDER = '.dag-guard-cache';
/** A cache file over this size is not read (a repository of 10,000 files stays far below it). */
const MAX_CACHE_BYTES = 256 * 1024 * 1024;
/** Bumped when the entry format changes. */
const FORMAT = 4;
/**
 * A file modified or changed this recently (ms) before its stat is not stamped: its times may not
 * move on a second write within the same tick (2 s on FAT, 1 s on ext3 and HFS+).
 */
const RECENT_MS = 2_000;

/** One import the analysis resolved: from which file, what, and the file it found (null: none). */
export type ResolvedImport = [fromPath: string, module: string, level: number, found: string | null];

export interface CacheEntry {
  /** sha1 of the file's text. */
  text: string;
  parsedByAirflow: boolean | null;
  /** Whether the text is a DAG file's by Airflow's safe-mode test (the CLI's helper's end asks). */
  dagFile: boolean;
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
  /** The answers do not change during the run (no --fix): each dependency is checked once. */
  readonly stable: boolean;
}

/** A file as the cache asks about it: its stamp now, and (only when the stamp does not say) its text. */
export interface CachedSource {
  file: string;
  /** fileStamp of the file as its text was (or would be) read; null when none vouches for it. */
  stamp(): string | null;
  text(): string;
}

/** One thing an analysis asked the project, with the answer it got. */
type Dependency =
  | [kind: 'import', fromPath: string, module: string, level: number, found: string | null]
  | [kind: 'module', file: string, hash: string | null]
  | [kind: 'path', file: string, exists: boolean | null];

/** An entry as stored: its dependencies are indices into the cache file's one table of them. */
type StoredEntry = [
  stamp: string | null,
  text: string,
  parsedByAirflow: boolean | null,
  dagFile: boolean,
  dependencies: number[],
  findings: Finding[],
];

/**
 * The cache file is three parts, one after the other: the head (one line of JSON), the entries
 * (one line of JSON, `body` bytes) and the last run's output (its bytes, as printed). A run reads
 * the head; a repeat then reads the output and never the entries (two thirds of the file on a
 * large repository: reading is not free), another run reads the entries and never the output.
 */
interface CacheHead {
  /** The digest of the facts `confirm` was given (see there). */
  confirmed: string | null;
  /** The operator classes each file defines (see operatorIndex.ts), by its stamp. */
  operators: Record<string, [stamp: string, specs: readonly OperatorClassSpec[]]>;
  run: RunRecord | null;
  /** The entries' length in bytes (the part after the head's line). */
  body: number;
}

interface CacheBody {
  dependencies: Dependency[];
  files: Record<string, StoredEntry>;
}

/** An input file of a run: its path, its stamp as the run read it, and whether Airflow parses it. */
export type RunInput = [file: string, stamp: string | null, parsedByAirflow: boolean | null];

/**
 * A whole run of `check`, kept so that a repeat of it prints its output without looking at each
 * file's entry: the digest of what shapes the output (the arguments, the current folder, colour),
 * the input files in order with their stamps, every dependency of their entries, and the exit code.
 * Recorded only for a run whose every input was stamped, each Python one with a complete entry.
 */
interface RunRecord {
  shape: string;
  inputs: RunInput[];
  /** The other files the helper's end looked at for DAG files (null: it walked no folder). */
  walked: RunInput[] | null;
  dependencies: Dependency[];
  exitCode: number;
  /** The output's length in bytes (the file's last part). */
  bytes: number;
}

/** The entries as read from the file, parsed when first needed. */
interface Entries {
  entries: Map<string, StoredEntry>;
  dependencies: Dependency[];
}

/**
 * What a file's stat says of its content: its size, modification and change times, inode and
 * device; null when it was modified or changed less than RECENT_MS before `now`.
 */
export function fileStamp(stats: Stats, now = Date.now()): string | null {
  if (stats.mtimeMs > now - RECENT_MS || stats.ctimeMs > now - RECENT_MS) return null;
  return `${stats.size}:${stats.mtimeMs}:${stats.ctimeMs}:${stats.ino}:${stats.dev}`;
}

/** Each file's stamp as first asked for in a run (one stat a file, however many parts of the run ask). */
export class FileStamps {
  private readonly stamps = new Map<string, string | null>();

  of(file: string): string | null {
    let stamp = this.stamps.get(file);
    if (stamp === undefined) {
      try {
        const stats = statSync(file, { throwIfNoEntry: false });
        stamp = stats?.isFile() ? fileStamp(stats) : null;
      } catch {
        stamp = null;
      }
      this.stamps.set(file, stamp);
    }
    return stamp;
  }
}

export class ResultCache implements OperatorScanMemo {
  private readonly operators: Map<string, [stamp: string, specs: readonly OperatorClassSpec[]]>;
  private confirmed: string | null;
  /** The file's entries and output as stored, read when first needed (null: none to read). */
  private stored: StoredParts | null;
  private parsed: Entries | null = null;
  private run: RunRecord | null;
  /** The recorded run's output (null: the stored one, not read yet). */
  private output: Buffer | string | null;
  /** The files whose entries `put` made in this run. */
  private readonly made = new Set<string>();
  /** For each dependency of the table read, whether it still holds (with a stable check). */
  private readonly holds: (boolean | undefined)[] = [];
  private readonly file: string;
  private changed = false;
  /**
   * Entries already checked in this run (before the workers, then in the loop), with the text hash they were checked for.
   * A --fix run rewrites helper modules as it goes; it asks `get` once per file, after the fixes of
   * the files before it, so a remembered answer never hides a module changed in between.
   */
  private readonly checked = new Map<
    string,
    { hash: string; parsedByAirflow: boolean | null; findings: Finding[] | undefined; dagFile: boolean | undefined }
  >();

  /**
   * `root`: the project folder the cache lives in; `run`: the facts every result of this run
   * depends on (any JSON-like value: Maps and Sets are taken in order).
   */
  /** `build`: the tool's version and build; each build has its own folder, the others are removed on save. */
  constructor(
    private readonly root: string,
    run: unknown,
    build: string,
    private readonly stamps = new FileStamps(),
  ) {
    const folder = path.join(root, CACHE_FOLDER, safeName(build));
    this.file = path.join(folder, `${digest({ format: FORMAT, run: canonical(run) })}.cache`);
    const read = readCacheHead(this.file);
    this.operators = read.operators;
    this.confirmed = read.confirmed;
    this.stored = read.stored;
    this.run = read.run;
    this.output = read.run ? null : '';
  }

  private get entries(): Map<string, StoredEntry> {
    return this.table().entries;
  }

  private get dependencies(): Dependency[] {
    return this.table().dependencies;
  }

  private table(): Entries {
    this.parsed ??= parseEntries(this.stored?.body() ?? null);
    return this.parsed;
  }

  /** The recorded run's output, opened (null, with the run dropped: the file was replaced meanwhile). */
  private recordedOutput(): RecordedOutput | null {
    if (this.output !== null) return new RecordedOutput(this.output);
    const stored = this.stored?.output() ?? null;
    if (!stored) {
      this.run = null;
      this.output = '';
    }
    return stored;
  }

  /**
   * The run's facts that are known only once the cache is open (the operator classes, which it
   * helps find): the entries made under other ones are dropped. Called before any `get`.
   */
  confirm(facts: unknown): void {
    const confirmed = digest(canonical(facts));
    if (confirmed === this.confirmed) return;
    this.confirmed = confirmed;
    this.parsed = { entries: new Map(), dependencies: [] };
    this.stored = null;
    this.run = null;
    this.output = '';
    this.changed = true;
  }

  /**
   * The output and exit code of the run recorded with the same `shape` (see RunRecord), when every
   * input is the one recorded, under the same stamp and Airflow's same view of it, and every
   * dependency of their entries still holds; else undefined. Called after `confirm`.
   */
  repeat(
    shape: unknown,
    inputs: readonly RunInput[],
    walked: () => readonly RunInput[],
    check: DependencyCheck,
  ): { output: RecordedOutput; exitCode: number } | undefined {
    const run = this.run;
    if (!run || run.shape !== digest(canonical(shape)) || !sameInputs(inputs, run.inputs)) return undefined;
    if (run.walked && !sameInputs(walked(), run.walked)) return undefined;
    if (!run.dependencies.every((dependency) => dependencyHolds(dependency, check))) return undefined;
    const output = this.recordedOutput();
    return output ? { output, exitCode: run.exitCode } : undefined;
  }

  /**
   * Keeps this run's output for `repeat`, when every input and every file the helper's end looked
   * at is stamped, and every Python input has an entry that this run checked or made (with the
   * dependencies `repeat` will check, also those of the DAG files the helper's end analysed); else
   * keeps none. (A configuration file's findings depend on its text and the run's shape only.)
   */
  record(
    shape: unknown,
    inputs: readonly RunInput[],
    walked: readonly RunInput[] | null,
    isPython: (file: string) => boolean,
    output: string,
    exitCode: number,
  ): void {
    // Each file's entry checked or made in this run, looked up once.
    const files = [...inputs, ...(walked ?? [])];
    const entries = files.map(([file]) => {
      const key = this.key(file);
      const entry = this.entries.get(key);
      return entry && (this.made.has(key) || this.answered(file)) ? entry : undefined;
    });
    const complete = files.every(
      ([file, stamp], at) => stamp !== null && (at >= inputs.length || !isPython(file) || entries[at] !== undefined),
    );
    const used = new Set<number>();
    if (complete) for (const entry of entries) for (const index of entry?.[4] ?? []) used.add(index);
    this.run = complete
      ? {
          shape: digest(canonical(shape)),
          inputs: [...inputs],
          walked: walked && [...walked],
          dependencies: [...used].map((index) => this.dependencies[index]),
          exitCode,
          bytes: Buffer.byteLength(output),
        }
      : null;
    this.output = complete ? output : '';
    this.changed = true;
  }

  known(file: string): readonly OperatorClassSpec[] | undefined {
    const scan = this.operators.get(this.key(file));
    return scan && this.stamps.of(file) === scan[0] ? scan[1] : undefined;
  }

  learned(file: string, specs: readonly OperatorClassSpec[], stats: Stats): void {
    const stamp = fileStamp(stats);
    const key = this.key(file);
    if (stamp === null) {
      if (this.operators.delete(key)) this.changed = true;
      return;
    }
    this.operators.set(key, [stamp, specs]);
    this.changed = true;
  }

  /** The findings cached for the file when its text and every dependency are as they were, else undefined. */
  get(source: CachedSource, parsedByAirflow: boolean | null, check: DependencyCheck): Finding[] | undefined {
    return this.lookup(source, parsedByAirflow, check, source.text);
  }

  /** `get` for a file whose stamp says it is unchanged; undefined, without reading it, otherwise. */
  getUnread(source: Omit<CachedSource, 'text'>, parsedByAirflow: boolean | null, check: DependencyCheck): Finding[] | undefined {
    return this.lookup(source, parsedByAirflow, check, null);
  }

  /** `get`, or without `text` (null) `getUnread`. */
  private lookup(
    source: Omit<CachedSource, 'text'>,
    parsedByAirflow: boolean | null,
    check: DependencyCheck,
    text: (() => string) | null,
  ): Finding[] | undefined {
    const key = this.key(source.file);
    const entry = this.entries.get(key);
    const recorded = entry?.[0] ?? null;
    // Unchanged by its stamp: the text is neither read nor hashed.
    const unchanged = recorded !== null && source.stamp() === recorded;
    const hash = entry && unchanged ? entry[1] : text ? hashText(text()) : null;
    if (hash === null) return undefined;
    const checked = this.checked.get(key);
    if (checked && checked.hash === hash && checked.parsedByAirflow === parsedByAirflow) return checked.findings;
    const valid = entry !== undefined && entry[1] === hash && entry[2] === parsedByAirflow && this.dependenciesHold(entry[4], check);
    if (valid && !unchanged) {
      // The same text under a new stamp (touched, checked out again, copied): the next run need not read it.
      const now = source.stamp();
      if (now !== recorded) {
        entry[0] = now;
        this.changed = true;
      }
    }
    const findings = valid ? entry[5] : undefined;
    this.checked.set(key, { hash, parsedByAirflow, findings, dagFile: valid ? entry[3] : undefined });
    return findings;
  }

  /** Whether `get` or `getUnread` answered `file` from the cache in this run. */
  answered(file: string): boolean {
    return this.checked.get(this.key(file))?.findings !== undefined;
  }

  /** Whether a file `get` answered from the cache in this run is a DAG file's text (undefined: not answered). */
  dagFile(file: string): boolean | undefined {
    return this.checked.get(this.key(file))?.dagFile;
  }

  /** Keeps `entry` for `file`, whose text was read under `stamp` (null: none vouches for it). */
  put(file: string, entry: CacheEntry, stamp: string | null): void {
    const dependencies: Dependency[] = [
      ...entry.imports.map(([fromPath, module, level, found]): Dependency => ['import', fromPath, module, level, found]),
      ...entry.modules.map(([module, hash]): Dependency => ['module', module, hash]),
      ...entry.paths.map(([target, exists]): Dependency => ['path', target, exists]),
    ];
    this.checked.delete(this.key(file));
    this.made.add(this.key(file));
    this.entries.set(this.key(file), [
      stamp,
      entry.text,
      entry.parsedByAirflow,
      entry.dagFile,
      dependencies.map((dependency) => this.indexOf(dependency)),
      entry.findings,
    ]);
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
      // The stored parts are opened before anything is written: the run record goes if its output is gone.
      const output = this.run ? this.recordedOutput() : null;
      const body = Buffer.from(this.parsed ? JSON.stringify(this.contents()) : (this.stored?.body() ?? '{"dependencies":[],"files":{}}'));
      const head: CacheHead = {
        confirmed: this.confirmed,
        operators: Object.fromEntries(this.operators),
        run: this.run,
        body: body.length,
      };
      writeCacheFile(temporary, JSON.stringify(head), body, output);
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

  /** The entries, with a table of only the dependencies they still use. */
  private contents(): CacheBody {
    const dependencies: Dependency[] = [];
    const renumbered = new Map<number, number>();
    const files: Record<string, StoredEntry> = {};
    for (const [key, entry] of this.entries) {
      const indices = entry[4].map((index) => {
        let kept = renumbered.get(index);
        if (kept === undefined) {
          kept = dependencies.push(this.dependencies[index]) - 1;
          renumbered.set(index, kept);
        }
        return kept;
      });
      files[key] = [entry[0], entry[1], entry[2], entry[3], indices, entry[5]];
    }
    return { dependencies, files };
  }

  private indexes: Map<string, number> | null = null;

  private indexOf(dependency: Dependency): number {
    if (!this.indexes) this.indexes = new Map(this.dependencies.map((known, index) => [dependencyKey(known), index]));
    const key = dependencyKey(dependency);
    let index = this.indexes.get(key);
    if (index === undefined) {
      index = this.dependencies.push(dependency) - 1;
      this.indexes.set(key, index);
    }
    return index;
  }

  private dependenciesHold(indices: readonly number[], check: DependencyCheck): boolean {
    for (const index of indices) {
      let holds = check.stable ? this.holds[index] : undefined;
      if (holds === undefined) {
        holds = dependencyHolds(this.dependencies[index], check);
        if (check.stable) this.holds[index] = holds;
      }
      if (!holds) return false;
    }
    return true;
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

/**
 * One string per distinct dependency, for the table's index: its parts joined by NUL (which no
 * path or module name holds), null as SOH, so `null` and the string "null" differ. Cheaper than
 * JSON.stringify, which cost 34 ms of a first run over 1,121 files (25,000 dependencies).
 */
function dependencyKey(dependency: Dependency): string {
  let key: string = dependency[0];
  for (let i = 1; i < dependency.length; i++) {
    const part = dependency[i];
    key += part === null ? '\0\u0001' : `\0${part}`;
  }
  return key;
}

function dependencyHolds(dependency: Dependency, check: DependencyCheck): boolean {
  switch (dependency[0]) {
    case 'import':
      return check.locate(dependency[1], dependency[2], dependency[3]) === dependency[4];
    case 'module':
      return check.contentHash(dependency[1]) === dependency[2];
    case 'path':
      return (check.pathExists(dependency[1]) ?? null) === dependency[2];
  }
}

interface ReadHead {
  confirmed: string | null;
  operators: Map<string, [string, readonly OperatorClassSpec[]]>;
  run: RunRecord | null;
  /** The entries and the output, to read when needed (null: none). */
  stored: StoredParts | null;
}

/** Reads the cache file's head (its first line); the parts after it are read when asked for. */
function readCacheHead(file: string): ReadHead {
  const none: ReadHead = { confirmed: null, operators: new Map(), run: null, stored: null };
  const read = readFirstLine(file, MAX_CACHE_BYTES);
  if (!read) return none;
  try {
    const head = JSON.parse(read.line) as Partial<CacheHead> | null;
    if (typeof head !== 'object' || head === null) return none;
    if ((head.confirmed !== null && typeof head.confirmed !== 'string') || typeof head.operators !== 'object' || head.operators === null)
      return none;
    // Specs are the operator index's own plain data: an entry of the right shape is taken as it is.
    const operators = Object.entries(head.operators).filter(
      ([, scan]) => Array.isArray(scan) && scan.length === 2 && typeof scan[0] === 'string' && Array.isArray(scan[1]),
    );
    const bodyAt = read.bytes;
    const body = head.body;
    // The body, its newline, then the output: what is left of the file.
    const valid = Number.isInteger(body) && (body as number) >= 0 && bodyAt + (body as number) + 1 <= read.stats.size;
    if (!valid) return { ...none, confirmed: head.confirmed ?? null, operators: new Map(operators) };
    const outputBytes = read.stats.size - bodyAt - (body as number) - 1;
    const run = isRunRecord(head.run) && head.run.bytes === outputBytes ? head.run : null;
    return {
      confirmed: head.confirmed ?? null,
      operators: new Map(operators),
      run,
      stored: new StoredParts(file, fileIdentity(read.stats), bodyAt, body as number, outputBytes),
    };
  } catch {
    return none;
  }
}

/** The entries' part of the file (anything malformed: no entries). */
function parseEntries(body: Buffer | null): Entries {
  const none: Entries = { entries: new Map(), dependencies: [] };
  if (!body) return none;
  try {
    const parsed = JSON.parse(body.toString('utf8')) as Partial<CacheBody> | null;
    if (typeof parsed !== 'object' || parsed === null || !Array.isArray(parsed.dependencies)) return none;
    const { dependencies } = parsed;
    if (typeof parsed.files !== 'object' || parsed.files === null || !dependencies.every(isDependency)) return none;
    const entries = Object.entries(parsed.files).filter(([, entry]) => isStoredEntry(entry, dependencies.length));
    return { entries: new Map(entries), dependencies };
  } catch {
    return none;
  }
}

/** The same files in the same order, each stamped, under the same stamp, with the same answer to whether Airflow parses it. */
function sameInputs(now: readonly RunInput[], recorded: readonly RunInput[]): boolean {
  if (now.length !== recorded.length) return false;
  for (let i = 0; i < now.length; i++) {
    const [file, stamp, parsed] = now[i];
    if (stamp === null || file !== recorded[i][0] || stamp !== recorded[i][1] || parsed !== recorded[i][2]) return false;
  }
  return true;
}

function isRunInput(input: unknown): input is RunInput {
  return (
    Array.isArray(input) &&
    input.length === 3 &&
    typeof input[0] === 'string' &&
    typeof input[1] === 'string' &&
    (input[2] === null || typeof input[2] === 'boolean')
  );
}

function isRunRecord(value: unknown): value is RunRecord {
  if (typeof value !== 'object' || value === null) return false;
  const run = value as Partial<RunRecord>;
  return (
    typeof run.shape === 'string' &&
    Number.isInteger(run.exitCode) &&
    Number.isInteger(run.bytes) &&
    Array.isArray(run.dependencies) &&
    run.dependencies.every(isDependency) &&
    Array.isArray(run.inputs) &&
    run.inputs.every(isRunInput) &&
    (run.walked === null || (Array.isArray(run.walked) && run.walked.every(isRunInput)))
  );
}

function isDependency(value: unknown): value is Dependency {
  if (!Array.isArray(value) || typeof value[1] !== 'string') return false;
  switch (value[0]) {
    case 'import':
      return (
        value.length === 5 &&
        typeof value[2] === 'string' &&
        typeof value[3] === 'number' &&
        (value[4] === null || typeof value[4] === 'string')
      );
    case 'module':
      return value.length === 3 && (value[2] === null || typeof value[2] === 'string');
    case 'path':
      return value.length === 3 && (value[2] === null || typeof value[2] === 'boolean');
    default:
      return false;
  }
}

function isStoredEntry(value: unknown, dependencies: number): value is StoredEntry {
  return (
    Array.isArray(value) &&
    value.length === 6 &&
    (value[0] === null || typeof value[0] === 'string') &&
    typeof value[1] === 'string' &&
    (value[2] === null || typeof value[2] === 'boolean') &&
    typeof value[3] === 'boolean' &&
    Array.isArray(value[4]) &&
    value[4].every((index: unknown) => Number.isInteger(index) && (index as number) >= 0 && (index as number) < dependencies) &&
    Array.isArray(value[5])
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
        // An absolute import resolves the same from any file: recorded once for all of them.
        const from = level === 0 ? '' : fromPath;
        this.imports.set(`${from}\0${module}\0${level}`, [from, module, level, project.locate(from, module, level)]);
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
      dagFile: isDagFileText(text),
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
