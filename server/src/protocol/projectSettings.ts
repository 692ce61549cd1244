// Settings for each document: the editor's `dagGuard.*` settings, overlaid by the
// `[tool.dag-guard]` table of the pyproject.toml nearest the file (the team's shared choice, the
// same one CI's `dag-guard check` reads), and the Airflow version the project pins.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defaultSettings, mergeSettings, type Settings, type SettingsProblem } from '../core/settings/schema';
import { AIRFLOW_DEFAULT_TIMINGS, type ParseTimings } from '../core/cost/parseCost';
import { findConfigFiles, findConfigFilesInSlices, resolveTimings, type ConfigFile } from '../project/airflowTimings';
import { resolveDeployment } from '../project/airflowDeployment';
import { UNKNOWN_DEPLOYMENT, type AirflowDeployment } from '../core/airflow/deployment';
import { FileFilter } from '../project/files';
import type { KnownPools } from '../core/airflow/pools';
import { loadProjectConfig, type ProjectConfig } from '../project/projectConfig';
import { loadKnownPools } from '../project/pools';
import { indexOperatorClasses, isIndexedPath } from '../project/operatorIndex';
import type { OperatorClassSpec } from '../core/templating/operatorClassReader';
import type { Parser } from 'web-tree-sitter';

export interface DocumentSettings {
  settings: Settings;
  airflowVersion: 2 | 3 | null;
  /** The lowest minor version the project pins, or null. */
  airflowMinor: number | null;
  /** Operator classes of the project's plugins/ and include/ folders (read on first use). */
  operatorClasses: readonly OperatorClassSpec[];
  /** Null for documents without a file path (untitled), which are always analysed. */
  filter: FileFilter | null;
  path: string | null;
  /** The deployment's pools, when the settings or a pools file name them. */
  pools: KnownPools | null;
}

export function uriToPath(uri: string): string | null {
  if (!uri.startsWith('file:')) return null;
  try {
    return fileURLToPath(uri);
  } catch {
    return null;
  }
}

export class ProjectSettings {
  private editor: Settings = defaultSettings();
  private readonly projects = new Map<string, { config: ProjectConfig; filter: FileFilter }>();
  private workspaceFolders: string[] = [];
  /** The Airflow config files (airflow.cfg, .env, compose, ...) per folder searched: one walk for both uses below. */
  private readonly configFiles = new Map<string, ConfigFile[]>();
  /** The parse interval and timeouts per folder searched (the workspace folder of a file). */
  private readonly timings = new Map<string, ParseTimings>();
  /** What the deployment's config sets (`[operators] default_deferrable`), per folder searched. */
  private readonly deployments = new Map<string, AirflowDeployment>();
  /** Project root -> its operator classes, read once until a file under plugins/ or include/ changes. */
  private readonly operatorIndex = new Map<string, readonly OperatorClassSpec[]>();
  private parser: Parser | null = null;
  /** Bumped whenever what was read from disk is forgotten: a walk of an older epoch is dropped. */
  private epoch = 0;
  /** The walk of the workspace folders' config files for the current epoch (see configFilesReady). */
  private preparing: Promise<void> | null = null;

  /** The parser that reads plugins/ and include/ (without one, no project operators are known). */
  setParser(parser: Parser): void {
    this.parser = parser;
  }

  /** A Python file changed on disk: forget the operator index of the project that holds it. */
  pythonFileChanged(file: string): void {
    for (const root of this.operatorIndex.keys()) if (isIndexedPath(root, file)) this.operatorIndex.delete(root);
  }

  operatorClassesOf(root: string): readonly OperatorClassSpec[] {
    let classes = this.operatorIndex.get(root);
    if (!classes) {
      classes = this.parser ? indexOperatorClasses(root, this.parser) : [];
      this.operatorIndex.set(root, classes);
    }
    return classes;
  }

  setWorkspaceFolders(folders: string[]): void {
    this.workspaceFolders = folders.map((folder) => path.resolve(folder));
    this.forgetConfigFiles();
    this.projects.clear();
    this.configFiles.clear();
    this.timings.clear();
    this.deployments.clear();
  }

  /** Replaces the editor settings; returns what was wrong with them (logged, never fatal). */
  setEditorSettings(values: Record<string, unknown> | null | undefined): SettingsProblem[] {
    const { settings, problems } = mergeSettings(defaultSettings(), values ?? {});
    this.editor = settings;
    this.projects.clear();
    return problems;
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

  /** What the deployment's config files (found as for the timings) set that changes what DAG code does. */
  deploymentFor(uri: string, onProblem?: (problem: string) => void): AirflowDeployment {
    const folder = this.configFolderOf(uri, onProblem);
    if (!folder) return UNKNOWN_DEPLOYMENT;
    let deployment = this.deployments.get(folder);
    if (!deployment) this.deployments.set(folder, (deployment = resolveDeployment(this.configFilesIn(folder))));
    return deployment;
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
    return file ? (this.workspaceOf(path.dirname(file)) ?? this.projectFor(path.dirname(file), onProblem).config.root) : this.workspaceFolders[0];
  }

  private workspaceOf(folder: string): string | undefined {
    return this.workspaceFolders.filter((root) => folder === root || folder.startsWith(root + path.sep)).sort((a, b) => b.length - a.length)[0];
  }

  /** Is `file` the pools file of a project read so far? */
  isPoolsFile(file: string): boolean {
    const resolved = path.resolve(file);
    return [...this.projects.values()].some((project) => project.config.poolsFile === resolved);
  }

  forUri(uri: string, onProblem?: (problem: string) => void): DocumentSettings {
    const file = uriToPath(uri);
    if (!file) {
      const version = this.editor.airflowVersion === 'auto' ? null : (Number(this.editor.airflowVersion) as 2 | 3);
      const pools = loadKnownPools(this.workspaceFolders[0] ?? process.cwd(), this.editor);
      for (const problem of pools.problems) onProblem?.(problem.message);
      return { settings: this.editor, airflowVersion: version, airflowMinor: null, operatorClasses: [], filter: null, path: null, pools: pools.pools };
    }
    const project = this.projectFor(path.dirname(file), onProblem);
    return {
      settings: project.config.settings,
      airflowVersion: project.config.airflowVersion,
      airflowMinor: project.config.airflowMinor,
      operatorClasses: this.operatorClassesOf(project.config.root),
      filter: project.filter,
      path: file,
      pools: project.config.pools,
    };
  }

  projectFor(folder: string, onProblem?: (problem: string) => void): { config: ProjectConfig; filter: FileFilter } {
    let project = this.projects.get(folder);
    if (!project) {
      const workspace = this.workspaceFolders
        .filter((root) => folder === root || folder.startsWith(root + path.sep))
        .sort((a, b) => b.length - a.length)[0];
      const config = loadProjectConfig(folder, this.editor, workspace);
      for (const problem of config.problems) onProblem?.(`${config.pyprojectPath ?? folder}: ${problem.message}`);
      project = { config, filter: new FileFilter(config.root, config.settings) };
      this.projects.set(folder, project);
    }
    return project;
  }
}
