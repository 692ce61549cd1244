// Settings for each document: the editor's `dagGuard.*` settings, overlaid by the
// `[tool.dag-guard]` table of the pyproject.toml nearest the file (the team's shared choice, the
// same one CI's `dag-guard check` reads), and the Airflow version the project pins.
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ruleCodeProblems } from '../core/settings/ruleCodes';
import {
  CLIENT_SETTING_ROOTS,
  defaultSettings,
  mergeSettings,
  PATH_SETTING_KEYS,
  releaseOfSetting,
  SETTING_KEYS,
  type SettingKey,
  type Settings,
  type SettingsProblem,
} from '../core/settings/schema';
import { projectStatus, type ProjectStatus } from '../project/configurationInEffect';
import { AIRFLOW_DEFAULT_TIMINGS, type ParseTimings } from '../core/cost/parseCost';
import { configProjectOf, findConfigFiles, findConfigFilesInSlices, resolveTimings, type ConfigFile } from '../project/airflowTimings';
import type { ConfigProject } from '../core/ruleContext';
import { resolveDeployment } from '../project/airflowDeployment';
import { UNKNOWN_DEPLOYMENT, type AirflowDeployment } from '../core/airflow/deployment';
import { FileFilter } from '../project/files';
import type { KnownPools } from '../core/airflow/pools';
import { loadProjectConfig, type ProjectConfig } from '../project/projectConfig';
import { loadKnownPools } from '../project/pools';
import { OperatorIndex } from '../project/operatorIndex';
import { parsedByAirflow, readProjectLayout, type ProjectLayout } from '../project/layout';
import type { OperatorClassSpec } from '../core/templating/operatorClassReader';
import type { Parser } from 'web-tree-sitter';
import type { PathExists } from '../core/jinja/templateFiles';
import type { KnownKeys } from '../core/airflow/exports';
import { projectPathExists } from '../project/pathExists';

export interface DocumentSettings {
  settings: Settings;
  airflowVersion: 2 | 3 | null;
  /** The lowest minor version the project pins, or null. */
  airflowMinor: number | null;
  /** Operator classes of the project's Python files (read on first use). */
  operatorClasses: readonly OperatorClassSpec[];
  /** Whether Airflow parses the file, from the project's layout (AnalysisOptions.parsedByAirflow). */
  parsedByAirflow: boolean | null;
  /** Null for documents without a file path (untitled), which are always analysed. */
  filter: FileFilter | null;
  path: string | null;
  /** The deployment's pools, when the settings or a pools file name them. */
  pools: KnownPools | null;
  /** Whether a path inside the project exists (DG605); null for untitled documents. */
  pathExists: PathExists | null;
  /** The keys of the project's Variable and connection exports (DG606). */
  variables: KnownKeys | null;
  connections: KnownKeys | null;
}

export function uriToPath(uri: string): string | null {
  if (!uri.startsWith('file:')) return null;
  try {
    return fileURLToPath(uri);
  } catch {
    return null;
  }
}

/**
 * The key a client adds to the dagGuard settings it sends: the path settings whose value is the
 * user's own (VS Code: set in user settings, not a workspace's .vscode/settings.json). Only those
 * may point outside the workspace folder; a client that does not say is treated as a workspace.
 */
const USER_PATH_SETTINGS_KEY = 'userPathSettings';

/**
 * The key a client adds when it sends every setting with its default (VS Code): the keys the user
 * set. Only those win over pyproject.toml (configurationPreference editorFirst). A client that does
 * not say is taken to send only what the user set.
 */
const EXPLICIT_SETTINGS_KEY = 'explicitSettings';

export class ProjectSettings {
  private editor: Settings = defaultSettings();
  private userPaths: ReadonlySet<SettingKey> = new Set();
  /** The editor settings the user set (see EXPLICIT_SETTINGS_KEY). */
  private editorKeys: ReadonlySet<SettingKey> = new Set();
  private readonly projects = new Map<string, { config: ProjectConfig; filter: FileFilter; logged: boolean; versionLogged: boolean }>();
  private workspaceFolders: string[] = [];
  /** The Airflow config files (airflow.cfg, .env, compose, ...) per folder searched: one walk for both uses below. */
  private readonly configFiles = new Map<string, ConfigFile[]>();
  /** The parse interval and timeouts per folder searched (the workspace folder of a file). */
  private readonly timings = new Map<string, ParseTimings>();
  /** What the deployment's config sets (`[operators] default_deferrable`), per folder searched. */
  private readonly deployments = new Map<string, AirflowDeployment>();
  /** Project root -> its operator classes, read once; a changed file is read again alone. */
  private readonly operatorIndex = new Map<string, OperatorIndex>();
  /** Where each project's DAG folder and import roots are (per project root and config folder searched). */
  private readonly layouts = new Map<string, ProjectLayout>();
  private parser: Parser | null = null;
  private log: (message: string) => void = () => undefined;
  /** Where problems go when a caller passes no handler of its own (the background scan, requests). */
  onProblem: ((problem: string) => void) | undefined;
  /** Bumped whenever what was read from disk is forgotten: a walk of an older epoch is dropped. */
  private epoch = 0;
  /** The walk of the workspace folders' config files for the current epoch (see configFilesReady). */
  private preparing: Promise<void> | null = null;

  /** Where to say what was read from disk (the DAG folder found for each project). */
  setLogger(log: (message: string) => void): void {
    this.log = log;
  }

  /** The parser that reads the project's operator classes (without one, none are known). */
  setParser(parser: Parser): void {
    this.parser = parser;
  }

  /** A Python file changed on disk: the operator index of each project that reads it reads it again. Returns whether any operator class changed. */
  pythonFileChanged(file: string): boolean {
    let changed = false;
    for (const index of this.operatorIndex.values()) changed = index.fileChanged(file) || changed;
    return changed;
  }

  private operatorClassesOf(uri: string, project: { config: ProjectConfig; filter: FileFilter }): readonly OperatorClassSpec[] {
    return this.operatorIndexOf(uri, project)?.classes() ?? [];
  }

  private operatorIndexOf(uri: string, project: { config: ProjectConfig; filter: FileFilter }): OperatorIndex | null {
    if (!this.parser) return null;
    let index = this.operatorIndex.get(project.config.root);
    if (!index) this.operatorIndex.set(project.config.root, (index = new OperatorIndex(this.parser, this.layoutFor(uri), project.filter)));
    return index;
  }

  /** The layout of a document's project: its DAG folder from the config files found as for the timings. */
  layoutFor(uri: string, onProblem?: (problem: string) => void): ProjectLayout {
    const file = uriToPath(uri);
    const project = this.projectFor(file ? path.dirname(file) : (this.workspaceFolders[0] ?? process.cwd()), onProblem);
    const folder = this.configFolderOf(uri, onProblem) ?? project.config.root;
    const key = `${project.config.root}\0${folder}`;
    let layout = this.layouts.get(key);
    if (!layout) {
      layout = readProjectLayout(project.config.root, project.config.settings, {
        airflowVersion: project.config.airflowVersion,
        configFiles: this.configFilesIn(folder),
        configFilesRoot: folder,
      });
      this.layouts.set(key, layout);
      const folders = layout.dagsFolders.map((dags) => path.relative(layout!.root, dags) || '.').join(', ');
      this.log(
        folders
          ? `DAG folder of ${layout.root}: ${folders} (${layout.dagsFolderSource}); .airflowignore syntax ${layout.ignoreSyntax}`
          : `DAG folder of ${layout.root}: not named by the project (every file that mentions "airflow" and "dag" is analysed as a DAG file)`,
      );
    }
    return layout;
  }

  /** The workspace folders (resolved paths). */
  get folders(): readonly string[] {
    return this.workspaceFolders;
  }

  setWorkspaceFolders(folders: string[]): void {
    this.workspaceFolders = folders.map((folder) => path.resolve(folder));
    this.forgetConfigFiles();
    this.projects.clear();
    this.configFiles.clear();
    this.timings.clear();
    this.deployments.clear();
    this.layouts.clear();
    this.operatorIndex.clear();
  }

  /** Replaces the editor settings; returns what was wrong with them (logged, never fatal). */
  setEditorSettings(values: Record<string, unknown> | null | undefined): SettingsProblem[] {
    const { [USER_PATH_SETTINGS_KEY]: userPaths, [EXPLICIT_SETTINGS_KEY]: explicit, ...all } = values ?? {};
    // The VS Code extension's own settings (enable, trace.server) are not the server's.
    const rest = Object.fromEntries(Object.entries(all).filter(([key]) => !CLIENT_SETTING_ROOTS.includes(key)));
    const { settings, problems } = mergeSettings(defaultSettings(), rest);
    this.editor = settings;
    this.userPaths = new Set(Array.isArray(userPaths) ? PATH_SETTING_KEYS.filter((key) => userPaths.includes(key)) : []);
    const setKeys = Array.isArray(explicit) ? explicit : Object.keys(rest).filter((key) => rest[key] !== undefined && rest[key] !== null);
    this.editorKeys = new Set(SETTING_KEYS.filter((key) => setKeys.includes(key)));
    this.projects.clear();
    // The dagsFolder and pythonPath settings change the layout, and with it what the index reads.
    this.layouts.clear();
    this.operatorIndex.clear();
    return [...problems, ...ruleCodeProblems(rest)];
  }

  get editorSettings(): Settings {
    return this.editor;
  }

  /** Forget what was read from disk (a pyproject.toml, a requirements file or a Dockerfile changed). */
  invalidate(): void {
    this.forgetConfigFiles();
    this.projects.clear();
    this.operatorIndex.clear();
    this.configFiles.clear();
    this.timings.clear();
    this.deployments.clear();
    this.layouts.clear();
  }

  /**
   * The Airflow parse interval and timeouts for a document: read from the config files of its
   * workspace folder (or its project, outside any workspace folder), else Airflow's defaults.
   */
  timingsFor(uri: string, onProblem?: (problem: string) => void): ParseTimings {
    const settings = this.forUri(uri, onProblem);
    const folder = this.configFolderOf(uri, onProblem);
    if (!folder) return AIRFLOW_DEFAULT_TIMINGS;
    const key = `${folder}\0${settings.airflowVersion}`;
    let timings = this.timings.get(key);
    if (!timings) this.timings.set(key, (timings = resolveTimings(this.configFilesIn(folder), settings.airflowVersion)));
    return timings;
  }

  /**
   * The project's config files as Airflow combines them (for DG503 and the hover's value in
   * effect), with `text` standing for the document's own file: it may be open and unsaved.
   */
  configProjectFor(uri: string, text: string): (ConfigProject & { airflowVersion: 2 | 3 | null }) | undefined {
    const file = uriToPath(uri);
    const folder = file ? this.configFolderOf(uri) : undefined;
    if (!file || !folder) return undefined;
    const relative = path.relative(folder, file).split(path.sep).join('/');
    if (relative.startsWith('../') || path.isAbsolute(relative)) return undefined;
    return { ...configProjectOf(this.configFilesIn(folder), relative, text), airflowVersion: this.forUri(uri).airflowVersion };
  }

  /** What the deployment's config files (found as for the timings) set that changes what DAG code does. */
  deploymentFor(uri: string, onProblem?: (problem: string) => void): AirflowDeployment {
    const folder = this.configFolderOf(uri, onProblem);
    if (!folder) return UNKNOWN_DEPLOYMENT;
    let deployment = this.deployments.get(folder);
    if (!deployment) this.deployments.set(folder, (deployment = resolveDeployment(this.configFilesIn(folder))));
    return deployment;
  }

  /**
   * The config file `relative` (a deployment's `airflowCfg`) of the project that configures the
   * document at `uri`: its URI and its text as read with the project's config files.
   */
  configFileOf(uri: string, relative: string): { uri: string; text: string } | undefined {
    const folder = this.configFolderOf(uri);
    const file = folder ? this.configFilesIn(folder).find((candidate) => candidate.path === relative) : undefined;
    if (!folder || !file) return undefined;
    return { uri: pathToFileURL(path.join(folder, ...relative.split('/'))).toString(), text: file.text };
  }

  /**
   * Resolves once the workspace folders' Airflow config files have been read. Their walk (a few
   * folders deep, but over every folder at those depths) runs in slices that let requests be
   * answered; the analysis and the requests that need the deployment or the timings wait for it
   * here rather than walk synchronously in configFilesIn. Walks again after `invalidate`.
   */
  async configFilesReady(): Promise<void> {
    for (;;) {
      const walk = (this.preparing ??= this.walkConfigFiles(this.epoch));
      await walk;
      if (walk === this.preparing) return;
    }
  }

  private async walkConfigFiles(epoch: number): Promise<void> {
    for (const folder of this.workspaceFolders) {
      if (this.configFiles.has(folder)) continue;
      const files = await findConfigFilesInSlices(folder, { cancelled: () => epoch !== this.epoch });
      if (files === null || epoch !== this.epoch) return;
      this.configFiles.set(folder, files);
      // The folder's operator classes too, in slices: the first analysis would otherwise walk the
      // whole project synchronously (its DAG folders and import roots) while requests wait.
      const someFile = pathToFileURL(path.join(folder, '__init__.py')).toString();
      await this.operatorIndexOf(someFile, this.projectFor(folder))?.prepare({ cancelled: () => epoch !== this.epoch });
      if (epoch !== this.epoch) return;
    }
  }

  private forgetConfigFiles(): void {
    this.epoch++;
    this.preparing = null;
  }

  private configFilesIn(folder: string): ConfigFile[] {
    let files = this.configFiles.get(folder);
    if (!files) this.configFiles.set(folder, (files = findConfigFiles(folder)));
    return files;
  }

  /** Where a document's Airflow config files are looked for: its workspace folder, else its project's root. */
  private configFolderOf(uri: string, onProblem?: (problem: string) => void): string | undefined {
    const file = uriToPath(uri);
    return file
      ? (this.workspaceOf(path.dirname(file)) ?? this.projectFor(path.dirname(file), onProblem).config.root)
      : this.workspaceFolders[0];
  }

  private workspaceOf(folder: string): string | undefined {
    return this.workspaceFolders
      .filter((root) => folder === root || folder.startsWith(root + path.sep))
      .sort((a, b) => b.length - a.length)[0];
  }

  /**
   * What configures each project read so far (one entry per project root): for the status item and
   * the log. The Airflow config files are named once their walk is done (never walked here).
   */
  projectStatuses(): ProjectStatus[] {
    const byRoot = new Map<string, ProjectStatus>();
    for (const { config } of this.projects.values()) {
      if (byRoot.has(config.root)) continue;
      const folder = this.workspaceOf(config.root) ?? config.root;
      const files = this.configFiles.get(folder);
      const relative = (file: string) => path.relative(config.root, path.join(folder, file)).split(path.sep).join('/');
      byRoot.set(config.root, projectStatus(config, files ? files.map((file) => relative(file.path)) : null));
    }
    return [...byRoot.values()];
  }

  /** Is `file` the pools file of a project read so far? */
  isPoolsFile(file: string): boolean {
    const resolved = path.resolve(file);
    return [...this.projects.values()].some((project) => project.config.poolsFile === resolved);
  }

  forUri(uri: string, onProblem?: (problem: string) => void): DocumentSettings {
    const file = uriToPath(uri);
    if (!file) {
      const set = releaseOfSetting(this.editor.airflowVersion);
      const version = set?.major ?? null;
      const folder = this.workspaceFolders[0] ?? process.cwd();
      const confinement = this.userPaths.has('poolsFile')
        ? null
        : { folder, folderName: 'workspace folder', setIn: 'the workspace settings' };
      const pools = loadKnownPools(folder, this.editor, confinement);
      for (const problem of pools.problems) (onProblem ?? this.onProblem)?.(problem.message);
      return {
        settings: this.editor,
        airflowVersion: version,
        airflowMinor: set?.minor ?? null,
        operatorClasses: [],
        parsedByAirflow: null,
        filter: null,
        path: null,
        pools: pools.pools,
        pathExists: null,
        variables: null,
        connections: null,
      };
    }
    const project = this.projectFor(path.dirname(file), onProblem);
    // The operator classes and the layout walk the project (its folders, its config files): read
    // only by the requests that need them, so that a hover at start-up never waits for a walk.
    const lazily = <T>(compute: () => T) => {
      let value: { v: T } | null = null;
      return () => (value ??= { v: compute() }).v;
    };
    const operatorClasses = lazily(() => this.operatorClassesOf(uri, project));
    const parsed = lazily(() => parsedByAirflow(this.layoutFor(uri, onProblem), file));
    return {
      settings: project.config.settings,
      airflowVersion: project.config.airflowVersion,
      airflowMinor: project.config.airflowMinor,
      get operatorClasses() {
        return operatorClasses();
      },
      get parsedByAirflow() {
        return parsed();
      },
      filter: project.filter,
      path: file,
      pools: project.config.pools,
      pathExists: projectPathExists(project.config.root),
      variables: project.config.variables,
      connections: project.config.connections,
    };
  }

  projectFor(folder: string, onProblem?: (problem: string) => void): { config: ProjectConfig; filter: FileFilter } {
    let project = this.projects.get(folder);
    if (!project) {
      const workspace = this.workspaceFolders
        .filter((root) => folder === root || folder.startsWith(root + path.sep))
        .sort((a, b) => b.length - a.length)[0];
      const config = loadProjectConfig(folder, this.editor, workspace, this.userPaths, this.editorKeys);
      project = { config, filter: new FileFilter(config.root, config.settings), logged: false, versionLogged: false };
      this.projects.set(folder, project);
    }
    // Reported once per read of the project, to the caller's handler or else the server's (the
    // workspace scan, which often reads a project first, passes none of its own).
    const report = onProblem ?? this.onProblem;
    if (!project.versionLogged) {
      // Which pin decided the Airflow version (the lowest of several wins), once per project read.
      project.versionLogged = true;
      this.log(`${project.config.root}: ${project.config.airflowVersionSource}`);
    }
    if (report && !project.logged) {
      project.logged = true;
      for (const problem of project.config.problems) report(`${project.config.pyprojectPath ?? folder}: ${problem.message}`);
    }
    return project;
  }
}
