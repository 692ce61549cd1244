// The parse interval and timeouts a project runs Airflow with, read from its own files:
// airflow.cfg, and AIRFLOW__{SECTION}__{KEY} environment variables in .env, docker-compose files,
// Helm values files and Dockerfiles (environment variables win over airflow.cfg, as in Airflow).
// Both the Airflow 2 names ([scheduler] min_file_process_interval, [core]
// dag_file_processor_timeout) and the Airflow 3 [dag_processor] ones are read. What no file sets
// is Airflow's default. YAML is read line by line for just these entries: `KEY: value`,
// `- KEY=value`, `- name: KEY` + `value: ...`, and the Helm chart's `config:` section.
import path from 'node:path';
import { AIRFLOW_DEFAULT_TIMINGS, type ParseTimings, type TimingValue } from '../core/cost/parseCost';
import { MAX_CONFIG_BYTES, readRegularText } from './readRegularFile';
import { beforeTrailingComment } from '../core/config/lineText';
import { byEntryName, type FolderListings, runAtOnce, runInSlices, type FolderWalk, type SliceOptions } from './slices';
import type { ConfigLayer } from '../core/config/effective';
import { compareText } from '../core/ordering';

export interface ConfigFile {
  /** Relative to the project root, with forward slashes. */
  path: string;
  text: string;
}

type Kind = 'env' | 'envfile' | 'compose' | 'helm' | 'dockerfile' | 'cfg';

// In precedence order: a compose service's `environment:` wins over the env files it loads
// (Docker's rule), which win over the image's ENV; all environment variables win over airflow.cfg.
const KINDS: Array<[Kind, RegExp]> = [
  ['compose', /^(docker-)?compose.*\.ya?ml$/i],
  ['env', /^\.env$/],
  // `airflow.env`, `.env.prod`: read only when a compose file loads them (`env_file:`).
  ['envfile', /^(\.env\..+|.+\.env)$/i],
  ['helm', /^values.*\.ya?ml$/i],
  ['dockerfile', /^(Dockerfile.*|.*\.Dockerfile)$/i],
  ['cfg', /^airflow\.cfg$/],
];

const SKIPPED_FOLDERS = new Set([
  'node_modules',
  '.git',
  '.venv',
  'venv',
  '__pycache__',
  'site-packages',
  'dist',
  'build',
  '.tox',
  '.mypy_cache',
]);
const MAX_DEPTH = 3;
const MAX_FILES = 40;

interface Spec {
  env: [string, string][];
  cfg: [string, string][];
}

/** For each timing: the environment variable and airflow.cfg names, Airflow 2 first. */
const SPECS: Record<keyof ParseTimings, Spec> = {
  minFileProcessInterval: {
    env: [
      ['AIRFLOW__SCHEDULER__MIN_FILE_PROCESS_INTERVAL', '2'],
      ['AIRFLOW__DAG_PROCESSOR__MIN_FILE_PROCESS_INTERVAL', '3'],
    ],
    cfg: [
      ['scheduler.min_file_process_interval', '2'],
      ['dag_processor.min_file_process_interval', '3'],
    ],
  },
  dagbagImportTimeout: {
    env: [['AIRFLOW__CORE__DAGBAG_IMPORT_TIMEOUT', '2']],
    cfg: [['core.dagbag_import_timeout', '2']],
  },
  dagFileProcessorTimeout: {
    env: [
      ['AIRFLOW__CORE__DAG_FILE_PROCESSOR_TIMEOUT', '2'],
      ['AIRFLOW__DAG_PROCESSOR__DAG_FILE_PROCESSOR_TIMEOUT', '3'],
    ],
    cfg: [
      ['core.dag_file_processor_timeout', '2'],
      ['dag_processor.dag_file_processor_timeout', '3'],
    ],
  },
};

/**
 * The config files nearest to `start`: in `start` (and a few folders below it), else in the first
 * folder above it up to `stop` that has any; paths relative to `stop` (to `start` when outside it).
 */
export function findConfigFilesNear(start: string, stop: string, listings?: FolderListings): ConfigFile[] {
  const last = path.resolve(stop);
  let folder = path.resolve(start);
  if (folder !== last && !folder.startsWith(last + path.sep)) return findConfigFiles(folder, listings);
  for (;;) {
    const files = findConfigFiles(folder, listings);
    if (files.length > 0 || folder === last) {
      const relativeToStop = path.relative(last, folder);
      return files.map((file) => ({
        ...file,
        path: relativeToStop ? `${relativeToStop.split(path.sep).join('/')}/${file.path}` : file.path,
      }));
    }
    folder = path.dirname(folder);
  }
}

/** `listings`: the run's folder reads, shared with its other walks (the CLI). */
export function findConfigFiles(root: string, listings?: FolderListings): ConfigFile[] {
  return runAtOnce(configFilesWalk(root), listings);
}

/** The same walk as findConfigFiles, reading folders asynchronously so the event loop runs (null when cancelled). */
export function findConfigFilesInSlices(root: string, options: SliceOptions): Promise<ConfigFile[] | null> {
  return runInSlices(configFilesWalk(root), options);
}

/** findConfigFiles as a walk: yields each folder it reads (see slices.ts). */
function* configFilesWalk(root: string): FolderWalk<ConfigFile[]> {
  const found: ConfigFile[] = [];
  function* walk(folder: string, depth: number): FolderWalk<void> {
    const read = yield folder;
    if (read instanceof Error) return;
    const entries = read.sort(byEntryName);
    for (const entry of entries) {
      if (found.length >= MAX_FILES) return;
      const full = path.join(folder, entry.name);
      if (entry.isDirectory()) {
        if (depth < MAX_DEPTH && !SKIPPED_FOLDERS.has(entry.name)) yield* walk(full, depth + 1);
      } else if ((entry.isFile() || entry.isSymbolicLink()) && kindOf(entry.name)) {
        // A symlink is read when its target is a regular file; unreadable, a device or too large: as if absent.
        const read = readRegularText(full, MAX_CONFIG_BYTES);
        if (read.ok) found.push({ path: path.relative(root, full).split(path.sep).join('/'), text: read.text });
      }
    }
  }
  yield* walk(path.resolve(root), 0);
  return found;
}

function kindOf(name: string): Kind | null {
  return KINDS.find(([, pattern]) => pattern.test(name))?.[0] ?? null;
}

/**
 * The files' entries in precedence order: compose `environment:`, the env files compose loads
 * (its `env_file:` entries; when no compose file names one, the `.env` files), Helm, Dockerfile,
 * then airflow.cfg; shallower first. An env file compose does not load is left out: Airflow
 * never sees it.
 */
export function entriesInPrecedence(
  files: readonly ConfigFile[],
): Array<{ file: ConfigFile; env: Map<string, string>; cfg: Map<string, string> }> {
  const order = (file: ConfigFile) => KINDS.findIndex(([kind]) => kind === kindOf(path.posix.basename(file.path)));
  const loaded = composeEnvFiles(files);
  const isLoaded = (file: ConfigFile) => {
    const kind = kindOf(path.posix.basename(file.path));
    if (kind !== 'env' && kind !== 'envfile') return true;
    return loaded ? loaded.has(file.path) : kind === 'env';
  };
  const sorted = files
    .filter((file) => order(file) >= 0 && isLoaded(file))
    .sort((a, b) => order(a) - order(b) || depth(a) - depth(b) || compareText(a.path, b.path));
  return sorted.map((file) => ({ file, ...entriesOf(file) }));
}

/** The files as ConfigLayers for effective-value look-ups (core/config/effective.ts), values unquoted. */
export function configLayers(files: readonly ConfigFile[]): ConfigLayer[] {
  const unquoted = (map: Map<string, string>) => new Map([...map].map(([name, raw]) => [name, unquotedValue(raw) ?? raw]));
  return entriesInPrecedence(files).map(({ file, env, cfg }) => ({ source: file.path, env: unquoted(env), cfg: unquoted(cfg) }));
}

/**
 * The config files as layers for the document at `relativePath` (relative to the files' root),
 * with `text` standing for that file (open and unsaved, or stdin); a config file the walk did not
 * find is added. For DG503 and the hover's value in effect.
 */
export function configProjectOf(files: readonly ConfigFile[], relativePath: string, text: string): { path: string; layers: ConfigLayer[] } {
  const own = files.some((candidate) => candidate.path === relativePath);
  const current = own
    ? files.map((candidate) => (candidate.path === relativePath ? { path: relativePath, text } : candidate))
    : kindOf(path.posix.basename(relativePath))
      ? [...files, { path: relativePath, text }]
      : files;
  return { path: relativePath, layers: configLayers(current) };
}

/**
 * The env files the compose files load (`env_file: .env`, a list, or `- path: x.env` entries),
 * as project paths; null when no compose file names one. `${ENV_FILE_PATH:-.env}` reads as its default.
 */
function composeEnvFiles(files: readonly ConfigFile[]): Set<string> | null {
  let loaded: Set<string> | null = null;
  for (const file of files) {
    if (kindOf(path.posix.basename(file.path)) !== 'compose') continue;
    const folder = path.posix.dirname(file.path);
    const add = (raw: string) => {
      const value = unquotedValue(stripComment(raw));
      if (!value || value.includes('$')) return;
      (loaded ??= new Set()).add(path.posix.normalize(path.posix.join(folder, value)));
    };
    let listIndent: number | null = null;
    for (const line of file.text.split(/\r\n|\r|\n/)) {
      const entry = /^(\s*)env_file\s*:\s*(.*)$/.exec(line);
      if (entry) {
        const value = entry[2].trim();
        listIndent = null;
        if (value.startsWith('[')) for (const item of value.replace(/^\[|\]\s*(#.*)?$/g, '').split(',')) add(item);
        else if (value === '' || value.startsWith('#')) listIndent = entry[1].length;
        else add(value);
        continue;
      }
      if (listIndent === null) continue;
      const item = /^(\s*)-\s+(?:path\s*:\s*)?(.*)$/.exec(line);
      if (item && item[1].length >= listIndent) add(item[2]);
      else if (/^\s*(required|format)\s*:/.test(line)) continue;
      else if (line.trim() !== '' && /^\s*/.exec(line)![0].length <= listIndent) listIndent = null;
    }
  }
  return loaded;
}

/** Pure: the timings the files set, environment variables first (.env, compose, Helm, Dockerfile), then airflow.cfg. */
export function resolveTimings(files: readonly ConfigFile[], airflowVersion: 2 | 3 | null): ParseTimings {
  const read = entriesInPrecedence(files);
  const result = { ...AIRFLOW_DEFAULT_TIMINGS };
  for (const key of Object.keys(SPECS) as Array<keyof ParseTimings>) {
    const spec = SPECS[key];
    const prefer = <T extends [string, string]>(names: T[]) =>
      airflowVersion === 3 ? [...names].sort((a, b) => (a[1] === '3' ? -1 : 0) - (b[1] === '3' ? -1 : 0)) : names;
    let value: TimingValue | null = null;
    for (const entry of read) {
      for (const [name] of prefer(spec.env)) {
        const seconds = seconds_(entry.env.get(name));
        if (seconds !== null) value ??= { seconds, source: entry.file.path, key: name };
      }
      if (value) break;
    }
    if (!value) {
      for (const entry of read) {
        for (const [name] of prefer(spec.cfg)) {
          const seconds = seconds_(entry.cfg.get(name));
          const [section, option] = name.split('.');
          if (seconds !== null) value ??= { seconds, source: entry.file.path, key: `[${section}] ${option}` };
        }
        if (value) break;
      }
    }
    if (value) result[key] = value;
  }
  return result;
}

function depth(file: ConfigFile): number {
  return file.path.split('/').length;
}

/** "60", "60.0", "${MIN_INTERVAL:-60}" -> seconds; anything else -> null. */
function seconds_(raw: string | undefined): number | null {
  const text = unquotedValue(raw);
  if (text === null || !/^\d+(\.\d+)?$/.test(text)) return null;
  return Number(text);
}

/** A value without its quotes, a `${VAR:-default}` substitution read as its default. */
export function unquotedValue(raw: string | undefined): string | null {
  if (raw === undefined) return null;
  const text = raw
    .trim()
    .replace(/^(['"])(.*)\1$/, '$2')
    .trim();
  const substitution = /^\$\{\w+:?-([^}]*)\}$/.exec(text);
  return substitution ? substitution[1].trim() : text;
}

/** The environment variables read from the project's files: Airflow's options, AIRFLOW_HOME, and PYTHONPATH (import roots). */
const READ_VARIABLE = /^(AIRFLOW__\w+__\w+|AIRFLOW_HOME|PYTHONPATH)$/;

/** Environment variables (`env`: AIRFLOW__ names, AIRFLOW_HOME, PYTHONPATH) and airflow.cfg options (`cfg`, "section.key") a file sets. */
export function entriesOf(file: ConfigFile): { env: Map<string, string>; cfg: Map<string, string> } {
  const kind = kindOf(path.posix.basename(file.path));
  const env = new Map<string, string>();
  const cfg = new Map<string, string>();
  const lines = file.text.replace(/^\ufeff/, '').split(/\r\n|\r|\n/);
  const setEnv = (name: string, value: string) => {
    if (READ_VARIABLE.test(name) && !env.has(name)) env.set(name, stripComment(value));
  };
  if (kind === 'cfg') {
    let section = '';
    for (const line of lines) {
      const header = /^\s*\[([^\]]+)\]\s*$/.exec(line);
      if (header) section = header[1].trim().toLowerCase();
      const option = /^([A-Za-z_][\w.-]*)\s*[=:]\s*(.*)$/.exec(line);
      if (option && section && !cfg.has(`${section}.${option[1].toLowerCase()}`))
        cfg.set(`${section}.${option[1].toLowerCase()}`, stripComment(option[2]));
    }
  } else if (kind === 'env' || kind === 'envfile') {
    for (const line of lines) {
      const match = /^\s*(?:export\s+)?([A-Z_][A-Z0-9_]*)\s*=\s*(.*)$/.exec(line);
      if (match) setEnv(match[1], match[2]);
    }
  } else if (kind === 'dockerfile') {
    const joined = file.text.replace(/\\\r?\n/g, ' ').split(/\r\n|\r|\n/);
    for (const line of joined) {
      const instruction = /^\s*ENV\s+(.*)$/i.exec(line);
      if (!instruction) continue;
      // A name starts a word: without `(?<!\w)` a long word with no `=` was rescanned from each of its letters.
      const pairs = [...instruction[1].matchAll(/(?<!\w)([A-Za-z_]\w*)=("[^"]*"|'[^']*'|\S*)/g)];
      if (pairs.length > 0) for (const pair of pairs) setEnv(pair[1], pair[2]);
      else {
        const legacy = /^([A-Za-z_]\w*)\s+(.*)$/.exec(instruction[1].trim());
        if (legacy) setEnv(legacy[1], legacy[2]);
      }
    }
  } else {
    readYamlEntries(lines, setEnv, (key, value) => {
      if (!cfg.has(key)) cfg.set(key, stripComment(value));
    });
  }
  return { env, cfg };
}

/** The YAML shapes that set Airflow options, read line by line (anchors and merges need no resolution: the values are written once). */
function readYamlEntries(
  lines: string[],
  setEnv: (name: string, value: string) => void,
  setCfg: (key: string, value: string) => void,
): void {
  const path: Array<{ indent: number; key: string }> = [];
  let pendingName: { name: string; indent: number } | null = null;
  for (const line of lines) {
    if (/^\s*(#|$)/.test(line)) continue;
    const indent = /^[ -]*/.exec(line)![0].length;
    const listItem = /^(\s*)-\s+(.*)$/.exec(line);
    const content = listItem ? listItem[2] : line.trim();
    // - AIRFLOW__X=60   or   - "AIRFLOW__X=60"
    const assignment = listItem ? listAssignment(content) : null;
    if (assignment) {
      setEnv(assignment.name, assignment.value);
      continue;
    }
    const pair = /^(['"]?)([\w.-]+)\1\s*:(?:\s+(.*))?$/.exec(content);
    if (!pair) continue;
    const [, , key, rawValue] = pair;
    const value = rawValue === undefined ? '' : rawValue.trim();
    while (path.length > 0 && path[path.length - 1].indent >= indent) path.pop();
    if (key === 'name' && /^['"]?(AIRFLOW__\w+|AIRFLOW_HOME|PYTHONPATH)['"]?$/.test(value)) {
      pendingName = { name: value.replace(/['"]/g, ''), indent };
      continue;
    }
    if (key === 'value' && pendingName && pendingName.indent === indent) {
      setEnv(pendingName.name, value);
      pendingName = null;
      continue;
    }
    if (value === '' || /^[|>&]/.test(value)) {
      path.push({ indent, key });
      continue;
    }
    if (/^(AIRFLOW__\w+|AIRFLOW_HOME|PYTHONPATH)$/.test(key)) setEnv(key, value);
    // Helm: config: {scheduler: {min_file_process_interval: 60}}
    const parent = path[path.length - 1];
    const grandparent = path[path.length - 2];
    if (parent && grandparent?.key === 'config') setCfg(`${parent.key.toLowerCase()}.${key.toLowerCase()}`, value);
  }
}

function stripComment(value: string): string {
  return beforeTrailingComment(value).trim();
}

/**
 * `AIRFLOW__X=60`, `"AIRFLOW__X=60"` (a YAML list item), with an optional trailing comment. Scanned
 * rather than matched with `(.*?)\1\s*(#.*)?$`, which retries a run of spaces at each character.
 */
function listAssignment(content: string): { name: string; value: string } | null {
  const head = /^(['"]?)(AIRFLOW__\w+|AIRFLOW_HOME|PYTHONPATH)=/.exec(content);
  if (!head) return null;
  const [prefix, quote, name] = head;
  const rest = content.slice(prefix.length);
  if (quote === '') {
    const hash = rest.indexOf('#');
    return { name, value: (hash < 0 ? rest : rest.slice(0, hash)).trimEnd() };
  }
  // The value ends at the first closing quote followed by nothing but spaces and a comment.
  for (let close = rest.indexOf(quote); close >= 0; close = rest.indexOf(quote, close + 1)) {
    let after = close + 1;
    while (after < rest.length && /\s/.test(rest[after])) after++;
    if (after === rest.length || rest[after] === '#') return { name, value: rest.slice(0, close) };
  }
  return null;
}
