// Where a project's Python lives, as Airflow sees it: the DAG folder(s) the DAG processor parses,
// and the folders it puts on sys.path (so that a DAG file's imports resolve to project modules).
// The seam between the layout reader (dags_folder, .airflowignore) and the project's module index.
//
// The DAG folder comes from, first to last: the `dagsFolder` setting; `[core] dags_folder` as the
// project's config files set it (AIRFLOW__CORE__DAGS_FOLDER in .env, compose files, Helm values and
// Dockerfiles winning over airflow.cfg, read by airflowTimings.ts); else `$AIRFLOW_HOME/dags` when
// the project says where AIRFLOW_HOME is (AIRFLOW_HOME set, or the official image /opt/airflow, or
// Astronomer's /usr/local/airflow). Such a path is the container's: it is mapped to the project by
// the compose volumes and Dockerfile COPYs mounted on it, else by its trailing components
// (`/opt/airflow/dags` is the project's `dags/`). When nothing names a folder of the project, the
// DAG folder is unknown and every file is left to Airflow's safe-mode test, as before.
import { statSync } from 'node:fs';
import path from 'node:path';
import { booleanValue } from '../core/rules/config/values';
import type { Settings } from '../core/settings/schema';
import { AirflowIgnore, type IgnoreSyntax } from './airflowIgnore';
import { entriesInPrecedence, findConfigFiles, unquotedValue, type ConfigFile } from './airflowTimings';

export interface ProjectLayout {
  /** The project root: the folder of the nearest pyproject.toml / .git, or the workspace folder. */
  root: string;
  /** Absolute DAG folders; empty when nothing says where the DAG folder is. */
  dagsFolders: string[];
  /** The folders imports resolve against, in sys.path order (DAG folders, plugins, the root, python-path). */
  importRoots: string[];
  /**
   * Would Airflow's DAG processor parse this file (inside a DAG folder, not ignored by
   * .airflowignore)? null when nothing says where the DAG folder is: callers keep treating every
   * analysed file as a candidate DAG file, as before the layout was known.
   */
  isParsedByAirflow(file: string): boolean | null;
  /** Where the DAG folder was read from ("airflow.cfg: [core] dags_folder", "the dagsFolder setting"), null when unknown. */
  dagsFolderSource: string | null;
  /** `[core] dag_ignore_file_syntax`: 'either' when neither the config nor the Airflow version says. */
  ignoreSyntax: IgnoreSyntax | 'either';
  /** `[core] dag_discovery_safe_mode` (default True): only files mentioning "airflow" and "dag" are parsed. */
  safeMode: boolean;
}

/** The layout when nothing is known but the root: imports resolve against the root only. */
export function rootOnlyLayout(root: string): ProjectLayout {
  const resolved = path.resolve(root);
  return { root: resolved, dagsFolders: [], importRoots: [resolved], isParsedByAirflow: () => null, dagsFolderSource: null, ignoreSyntax: 'either', safeMode: true };
}

export interface LayoutOptions {
  airflowVersion: 2 | 3 | null;
  /** The project's Airflow config files, when the caller has walked for them already (the server's one walk per folder). */
  configFiles?: readonly ConfigFile[];
  /** The folder `configFiles`' paths are relative to (default: the root). */
  configFilesRoot?: string;
}

/**
 * What `AnalysisOptions.parsedByAirflow` says for `file`: false outside the DAG folder or ignored
 * there, true inside it when safe mode is off (every .py file is parsed), null when the file's
 * text decides (safe mode's "airflow" and "dag" test) or the DAG folder is unknown.
 */
export function parsedByAirflow(layout: ProjectLayout, file: string): boolean | null {
  const parsed = layout.isParsedByAirflow(file);
  if (parsed === false) return false;
  return parsed === true && !layout.safeMode ? true : null;
}

/** The official image's and Astronomer Runtime's AIRFLOW_HOME. */
const IMAGE_HOMES: Array<[RegExp, string]> = [
  [/\bapache\/airflow\b/, '/opt/airflow'],
  [/\bastro-runtime\b|\bastronomer\/ap-airflow\b/, '/usr/local/airflow'],
];

interface Mount {
  /** Absolute host folder. */
  source: string;
  /** Container path, `$AIRFLOW_HOME` expanded where known. */
  target: string;
}

export function readProjectLayout(root: string, settings: Pick<Settings, 'dagsFolder' | 'pythonPath'>, options: LayoutOptions): ProjectLayout {
  const resolvedRoot = path.resolve(root);
  const files = options.configFiles ?? findConfigFiles(resolvedRoot);
  const read = entriesInPrecedence(files);
  const env = (name: string) => {
    for (const entry of read) {
      const value = unquotedValue(entry.env.get(name));
      if (value) return { value, source: `${entry.file.path}: ${name}` };
    }
    return null;
  };
  const option = (section: string, key: string) => {
    const variable = env(`AIRFLOW__${section.toUpperCase()}__${key.toUpperCase()}`);
    if (variable) return variable;
    for (const entry of read) {
      const value = unquotedValue(entry.cfg.get(`${section}.${key}`));
      if (value) return { value, source: `${entry.file.path}: [${section}] ${key}` };
    }
    return null;
  };

  const home = env('AIRFLOW_HOME')?.value ?? imageHome(files);
  const expand = (value: string) => expandHome(value, home);
  const mounts = readMounts(files, path.resolve(options.configFilesRoot ?? resolvedRoot), expand);
  const hostFolder = (containerPath: string) => hostFolderOf(containerPath, resolvedRoot, mounts);

  let dagsFolders: string[] = [];
  let dagsFolderSource: string | null = null;
  // [core] dags_folder, or $AIRFLOW_HOME/dags when the project says where AIRFLOW_HOME is.
  const coreDagsFolder = (): { folder: string; source: string } | null => {
    const configured = option('core', 'dags_folder');
    const containerPath = configured ? expand(configured.value) : home ? `${home}/dags` : null;
    const folder = containerPath ? hostFolder(containerPath) : null;
    return folder ? { folder, source: configured?.source ?? `$AIRFLOW_HOME/dags (AIRFLOW_HOME ${home})` } : null;
  };
  const bundles = options.airflowVersion === 2 ? null : readBundles(files, option('dag_processor', 'dag_bundle_config_list'));
  if (settings.dagsFolder.trim()) {
    dagsFolders = [path.resolve(resolvedRoot, settings.dagsFolder.trim())];
    dagsFolderSource = 'the dagsFolder setting';
  } else if (bundles === 'unknown') {
    // Bundles this reader cannot follow (an unreadable list, a bundle outside the project): unknown.
  } else if (bundles) {
    const folders = bundles.map((bundle) => (bundle.kind === 'dags-folder' ? (coreDagsFolder()?.folder ?? null) : bundle.kind === 'path' ? hostFolder(expand(bundle.path)) : isDirectory(path.resolve(resolvedRoot, bundle.subdir)) ? path.resolve(resolvedRoot, bundle.subdir) : null));
    if (folders.every((folder): folder is string => folder !== null)) {
      dagsFolders = [...new Set(folders)];
      dagsFolderSource = bundles.source;
    }
  } else {
    const core = coreDagsFolder();
    if (core) {
      dagsFolders = [core.folder];
      dagsFolderSource = core.source;
    }
  }
  const dagsFolder = dagsFolders[0] ?? null;

  const plugins = hostFolder(expand(option('core', 'plugins_folder')?.value ?? `${home ?? '~/airflow'}/plugins`));
  const config = home ? hostFolder(`${home}/config`) : null;
  // Unknown DAG folder: imports still resolve against the conventional dags/ (Airflow's default, $AIRFLOW_HOME/dags).
  const dagsRoot = dagsFolder ?? (isDirectory(path.join(resolvedRoot, 'dags')) ? path.join(resolvedRoot, 'dags') : null);
  // sys.path as Airflow extends it. Airflow 2 (airflow/settings.py prepare_syspath, 2.0 to 2.11):
  // the DAG folder, $AIRFLOW_HOME/config, the plugins folder. Airflow 3 (settings.py
  // prepare_syspath_for_config_and_plugins at start-up; BundleDagBag appends the bundle's path, the
  // DAG folder, when a file is parsed): config and plugins first.
  const airflowRoots = options.airflowVersion === 3 ? [config, plugins, dagsRoot] : [dagsRoot, config, plugins];
  const pythonPath = settings.pythonPath.map((folder) => path.resolve(resolvedRoot, folder)).filter(isDirectory);
  const importRoots = [...new Set([...airflowRoots.filter((folder): folder is string => folder !== null), resolvedRoot, ...pythonPath])];

  const syntaxOption = option('core', 'dag_ignore_file_syntax')?.value;
  const ignoreSyntax: IgnoreSyntax | 'either' = syntaxOption === 'glob' || syntaxOption === 'regexp' ? syntaxOption : options.airflowVersion === 3 ? 'glob' : options.airflowVersion === 2 ? 'regexp' : 'either';
  const safeModeOption = option('core', 'dag_discovery_safe_mode');
  const safeMode = safeModeOption ? (booleanValue(safeModeOption.value) ?? true) : true;

  const ignores = dagsFolders.map((folder) => new AirflowIgnore(folder, ignoreSyntax));
  return {
    root: resolvedRoot,
    dagsFolders,
    importRoots,
    dagsFolderSource,
    ignoreSyntax,
    safeMode,
    isParsedByAirflow: (file) => {
      if (dagsFolders.length === 0) return null;
      const resolved = path.resolve(file);
      // Airflow lists .py files (and zip archives) of the DAG folder only; with several bundles, a
      // file is parsed when one of the folders holding it does not ignore it.
      if (!resolved.endsWith('.py')) return false;
      return ignores.some((ignore) => resolved.startsWith(ignore.dagsFolder + path.sep) && !ignore.ignores(resolved));
    },
  };
}

type Bundle = { kind: 'dags-folder' } | { kind: 'path'; path: string } | { kind: 'subdir'; subdir: string };

/**
 * Airflow 3's `[dag_processor] dag_bundle_config_list` (a JSON list): the folder of each bundle,
 * as far as it can be in the project. A LocalDagBundle reads its `path` (default `[core]
 * dags_folder`, dag_processing/bundles/local.py); a GitDagBundle reads `subdir` of its repository,
 * taken to be this project. null when the list is not set; 'unknown' when it is set but cannot be
 * read (a folded YAML block, several airflow.cfg lines) or names another kind of bundle (S3, ...).
 */
function readBundles(files: readonly ConfigFile[], value: { value: string; source: string } | null): (Bundle[] & { source: string }) | 'unknown' | null {
  // A value over several lines (airflow.cfg continuation lines, a YAML block scalar) is read whole.
  const written = files.map((file) => ({ file, text: multiLineValue(file) })).filter((entry): entry is { file: ConfigFile; text: string } => entry.text !== null);
  if (!value && written.length === 0) return null;
  const candidates = [value?.value, ...written.map((entry) => entry.text)].filter((text): text is string => Boolean(text));
  let list: unknown;
  for (const text of candidates) {
    try {
      list = JSON.parse(text);
      break;
    } catch {
      // The next way of reading it.
    }
  }
  if (!value) value = { value: '', source: `${written[0].file.path}: dag_bundle_config_list` };
  if (!Array.isArray(list) || list.length === 0) return 'unknown';
  const bundles: Bundle[] = [];
  for (const entry of list as Array<{ classpath?: unknown; kwargs?: Record<string, unknown> }>) {
    const classpath = typeof entry?.classpath === 'string' ? entry.classpath : '';
    const kwargs = entry?.kwargs ?? {};
    if (classpath.endsWith('.LocalDagBundle')) bundles.push(typeof kwargs.path === 'string' ? { kind: 'path', path: kwargs.path } : { kind: 'dags-folder' });
    else if (classpath.endsWith('.GitDagBundle')) bundles.push({ kind: 'subdir', subdir: typeof kwargs.subdir === 'string' ? kwargs.subdir : '.' });
    else return 'unknown';
  }
  return Object.assign(bundles, { source: value.source });
}

/** The value of the first `dag_bundle_config_list` key in a file with the lines indented under it (ConfigParser continuations, YAML blocks). */
function multiLineValue(file: ConfigFile): string | null {
  const lines = file.text.split(/\r\n|\r|\n/);
  const start = lines.findIndex((line) => /^\s*(?:-\s+)?['"]?(?:dag_bundle_config_list|AIRFLOW__DAG_PROCESSOR__DAG_BUNDLE_CONFIG_LIST)['"]?\s*[=:]/i.test(line));
  if (start < 0) return null;
  const indent = /^\s*/.exec(lines[start])![0].length;
  const parts = [lines[start].replace(/^[^=:]*[=:]\s*/, '').replace(/^[|>][-+]?\s*$/, '').replace(/^(['"])(.*)\1$/, '$2')];
  for (const line of lines.slice(start + 1)) {
    if (line.trim() && /^\s*/.exec(line)![0].length <= indent) break;
    parts.push(line);
  }
  return parts.join('\n').trim().replace(/^(['"])([\s\S]*)\1$/, '$2');
}

/** `$AIRFLOW_HOME`, `${AIRFLOW_HOME}` and airflow.cfg's `{AIRFLOW_HOME}` replaced (Airflow expands variables in config values). */
function expandHome(value: string, home: string | null): string {
  return value.replace(/\$\{AIRFLOW_HOME\}|\$AIRFLOW_HOME\b|\{AIRFLOW_HOME\}/g, home ?? '~/airflow');
}

function imageHome(files: readonly ConfigFile[]): string | null {
  for (const [pattern, home] of IMAGE_HOMES) if (files.some((file) => /(compose|dockerfile)/i.test(file.path) && pattern.test(file.text))) return home;
  return null;
}

/** Compose volumes (short `host:container[:mode]` and long `source:` / `target:` forms) and Dockerfile COPY/ADD. */
function readMounts(files: readonly ConfigFile[], filesRoot: string, expand: (value: string) => string): Mount[] {
  const mounts: Mount[] = [];
  const add = (file: ConfigFile, source: string, target: string) => {
    const host = substitute(source);
    const container = substitute(target);
    if (host === null || container === null || !container.startsWith('/')) return;
    const folder = path.dirname(path.join(filesRoot, file.path));
    mounts.push({ source: path.resolve(folder, host), target: expand(container).replace(/\/+$/, '') || '/' });
  };
  for (const file of files) {
    const name = path.posix.basename(file.path);
    const lines = file.text.split(/\r\n|\r|\n/);
    if (/compose.*\.ya?ml$/i.test(name)) {
      let source: string | null = null;
      for (const line of lines) {
        const item = /^\s*-\s+(['"]?)([^'"\s#][^'"\s]*)\1\s*(#.*)?$/.exec(line);
        const short = item ? /^([^:]+):(\/[^:]*)(?::[a-z,]+)?$/.exec(item[2].replace(/\$\{(\w+):?-([^}]*)\}/g, '$2')) : null;
        if (short) add(file, short[1], short[2]);
        if (/^\s*-\s/.test(line)) source = null;
        const long = /^\s*(?:-\s+)?(source|target):\s*(['"]?)([^'"\s#]+)\2\s*(#.*)?$/.exec(line);
        if (long?.[1] === 'source') source = long[3];
        else if (long?.[1] === 'target' && source) add(file, source, long[3]);
      }
    } else if (/^(Dockerfile.*|.*\.Dockerfile)$/i.test(name)) {
      for (const line of file.text.replace(/\\\r?\n/g, ' ').split(/\r\n|\r|\n/)) {
        const copy = /^\s*(?:COPY|ADD)\s+(?:--\S+\s+)*(\S+)\s+(\S+)\s*$/i.exec(line);
        if (copy && !copy[1].startsWith('[')) add(file, copy[1], copy[2]);
      }
      // Astronomer Runtime images copy the whole project into AIRFLOW_HOME (ONBUILD COPY . .).
      if (/^\s*FROM\s+\S*astro-runtime/im.test(file.text)) add(file, '.', '/usr/local/airflow');
    }
  }
  return mounts;
}

/** Compose's `${VAR:-default}` / `${VAR-default}` read as the default; another variable: unknown (null). */
function substitute(value: string): string | null {
  const text = value.replace(/\$\{\w+:?-([^}]*)\}/g, '$1');
  return /\$\{?(?!AIRFLOW_HOME\b)\w/.test(text) ? null : text;
}

/** The project folder holding what the container sees at `containerPath`, or null. */
function hostFolderOf(containerPath: string, root: string, mounts: readonly Mount[]): string | null {
  const target = containerPath.replace(/\/+$/, '');
  const mounted = mounts
    .filter((mount) => target === mount.target || target.startsWith(mount.target === '/' ? '/' : `${mount.target}/`))
    .sort((a, b) => b.target.length - a.target.length);
  for (const mount of mounted) {
    const host = path.join(mount.source, target.slice(mount.target.length));
    if (isDirectory(host) && isInside(host, root)) return host;
  }
  if (path.isAbsolute(target) && isInside(target, root) && isDirectory(target)) return path.resolve(target);
  const parts = target.split('/').filter((part) => part && part !== '.' && part !== '..' && part !== '~');
  for (let start = 0; start < parts.length; start++) {
    const candidate = path.join(root, ...parts.slice(start));
    if (isDirectory(candidate)) return candidate;
  }
  // The project root is the folder itself (a workspace opened on dags/).
  return parts.length > 0 && path.basename(root) === parts[parts.length - 1] ? root : null;
}

function isInside(folder: string, root: string): boolean {
  const resolved = path.resolve(folder);
  return resolved === root || resolved.startsWith(root + path.sep);
}

function isDirectory(folder: string): boolean {
  try {
    return statSync(folder).isDirectory();
  } catch {
    return false;
  }
}
