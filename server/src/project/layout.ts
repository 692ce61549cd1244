// Where a project's Python lives, as Airflow sees it: the DAG folder(s) the DAG processor parses,
// and the folders it puts on sys.path (so that a DAG file's imports resolve to project modules).
// The seam between the layout reader (dags_folder, .airflowignore) and the project's module index.
//
// The DAG folder comes from, first to last: the `dagsFolder` setting; Airflow 3's DAG bundles
// (dagBundles.ts); `[core] dags_folder` as the project's config files set it (AIRFLOW__CORE__DAGS_FOLDER in .env, compose files, Helm values and
// Dockerfiles winning over airflow.cfg, read by airflowTimings.ts); else `$AIRFLOW_HOME/dags` when
// the project says where AIRFLOW_HOME is (AIRFLOW_HOME set, or the official image /opt/airflow, or
// Astronomer's /usr/local/airflow). Such a path is the container's: containerPaths.ts maps it to
// the project's folder. When nothing names a folder of the project, the
// DAG folder is unknown and every file is left to Airflow's safe-mode test, except the files that
// the conventional dags/ folder's .airflowignore files hide.
import path from 'node:path';
import { booleanValue } from '../core/rules/config/values';
import type { Settings } from '../core/settings/schema';
import { AirflowIgnore, type IgnoreSyntax } from './airflowIgnore';
import { entriesInPrecedence, findConfigFiles, unquotedValue, type ConfigFile } from './airflowTimings';
import { expandHome, hostFolderOf, imageHome, isDirectory, readMounts } from './containerPaths';
import { readBundles } from './dagBundles';
import { fastResolve } from './fastPaths';

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
   * analysed file as a candidate DAG file, as before the layout was known (but false for the files
   * the conventional dags/ folder's .airflowignore files hide).
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
  return {
    root: resolved,
    dagsFolders: [],
    importRoots: [resolved],
    isParsedByAirflow: () => null,
    dagsFolderSource: null,
    ignoreSyntax: 'either',
    safeMode: true,
  };
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

export function readProjectLayout(
  root: string,
  settings: Pick<Settings, 'dagsFolder' | 'pythonPath'>,
  options: LayoutOptions,
): ProjectLayout {
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
    const folders = bundles.map((bundle) =>
      bundle.kind === 'dags-folder'
        ? (coreDagsFolder()?.folder ?? null)
        : bundle.kind === 'path'
          ? hostFolder(expand(bundle.path))
          : isDirectory(path.resolve(resolvedRoot, bundle.subdir))
            ? path.resolve(resolvedRoot, bundle.subdir)
            : null,
    );
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

  const plugins = hostFolder(expand(option('core', 'plugins_folder')?.value ?? `${home ?? '~/airflow'}/plugins`));
  const config = home ? hostFolder(`${home}/config`) : null;
  // Unknown DAG folder: imports still resolve against the conventional dags/ (Airflow's default, $AIRFLOW_HOME/dags).
  const dagsRoots = dagsFolders.length > 0 ? dagsFolders : [path.join(resolvedRoot, 'dags')].filter(isDirectory);
  // sys.path as Airflow extends it. Airflow 2 (airflow/settings.py prepare_syspath, 2.0 to 2.11):
  // the DAG folder, $AIRFLOW_HOME/config, the plugins folder. Airflow 3 (settings.py
  // prepare_syspath_for_config_and_plugins at start-up; BundleDagBag appends the bundle's path, the
  // DAG folder, when a file is parsed): config and plugins first.
  const airflowRoots = options.airflowVersion === 3 ? [config, plugins, ...dagsRoots] : [...dagsRoots, config, plugins];
  const pythonPath = settings.pythonPath.map((folder) => path.resolve(resolvedRoot, folder)).filter(isDirectory);
  // The image's PYTHONPATH (a Dockerfile ENV, compose `environment:`): Python puts it on sys.path
  // ahead of the folders Airflow appends. Its absolute container paths only (`${PYTHONPATH}` and
  // relative entries name no folder here), mapped like the DAG folder (`/opt/airflow/project/src`).
  const imagePythonPath = (env('PYTHONPATH')?.value ?? '')
    .split(':')
    .map((entry) => entry.trim())
    .filter((entry) => entry.startsWith('/') && !entry.includes('$'))
    .map((entry) => hostFolder(entry));
  const importRoots = [
    ...new Set(
      [...imagePythonPath, ...airflowRoots].filter((folder): folder is string => folder !== null).concat(resolvedRoot, pythonPath),
    ),
  ];

  const syntaxOption = option('core', 'dag_ignore_file_syntax')?.value;
  const ignoreSyntax: IgnoreSyntax | 'either' =
    syntaxOption === 'glob' || syntaxOption === 'regexp'
      ? syntaxOption
      : options.airflowVersion === 3
        ? 'glob'
        : options.airflowVersion === 2
          ? 'regexp'
          : 'either';
  const safeModeOption = option('core', 'dag_discovery_safe_mode');
  const safeMode = safeModeOption ? (booleanValue(safeModeOption.value) ?? true) : true;

  const ignores = dagsFolders.map((folder) => new AirflowIgnore(folder, ignoreSyntax));
  // Unknown DAG folder: the conventional dags/'s .airflowignore files still hide their files. Airflow
  // either walks through dags/ (reading them on its way down) or never reaches dags/ at all.
  const conventional = dagsFolders.length === 0 ? dagsRoots.map((folder) => new AirflowIgnore(folder, ignoreSyntax)) : [];
  return {
    root: resolvedRoot,
    dagsFolders,
    importRoots,
    dagsFolderSource,
    ignoreSyntax,
    safeMode,
    isParsedByAirflow: (file) => {
      const resolved = fastResolve(file);
      if (dagsFolders.length === 0)
        return conventional.some((ignore) => resolved.startsWith(ignore.dagsFolder + path.sep) && ignore.ignores(resolved)) ? false : null;
      // Airflow lists .py files (and zip archives) of the DAG folder only; with several bundles, a
      // file is parsed when one of the folders holding it does not ignore it.
      if (!resolved.endsWith('.py')) return false;
      return ignores.some((ignore) => resolved.startsWith(ignore.dagsFolder + path.sep) && !ignore.ignores(resolved));
    },
  };
}
