// Finds a project's own settings on disk: `[tool.dag-guard]` in the nearest pyproject.toml, and
// the Airflow version the project pins. Shared by the CLI and the language server.
import { existsSync, readdirSync, type Dirent } from 'node:fs';
import path from 'node:path';
import { parse as parseToml } from 'smol-toml';
import {
  mergeSettings,
  releaseOfSetting,
  tomlKey,
  type ConfigurationPreference,
  type SettingKey,
  type Settings,
  type SettingsProblem,
} from '../core/settings/schema';
import { fileValuesInEffect } from '../core/settings/precedence';
import { ruleCodeProblems } from '../core/settings/ruleCodes';
import type { KnownPools } from '../core/airflow/pools';
import { airflowPins, describeAirflowVersion, isVersionFile, lowestPin, type AirflowPin, type ProjectFile } from './airflowVersion';
import { loadKnownPools } from './pools';
import { readRegularText } from './readRegularFile';
import type { PathConfinement } from './pathSettings';
import { loadExports } from './exports';
import type { KnownKeys } from '../core/airflow/exports';
import { byEntryName } from './slices';

export interface ProjectConfig {
  /** The folder holding pyproject.toml, or the start folder when there is none. */
  root: string;
  settings: Settings;
  airflowVersion: 2 | 3 | null;
  /** The lowest minor version the project's pins allow, when they name one for that major version. */
  airflowMinor: number | null;
  /** Where the version came from: the setting, or the pin that won over the others (for logs and `--verbose`). */
  airflowVersionSource: string;
  problems: SettingsProblem[];
  pyprojectPath: string | null;
  /** The deployment's pools (pools setting and pools file), null when the project names none. */
  pools: KnownPools | null;
  /** The pools file's absolute path, when the settings name one. */
  poolsFile: string | null;
  /** The keys of the Variable and connection exports the settings name (DG606). */
  variables: KnownKeys | null;
  connections: KnownKeys | null;
  /** Where the Airflow version comes from, in a few words: a pinning file (relative to the root) or the setting that names it. */
  airflowVersionFrom: string | null;
  /** How pyproject.toml's [tool.dag-guard] counts (null: no pyproject.toml, or no settings in it). */
  settingsFile: SettingsFileUse | null;
}

/** pyproject.toml's settings and the editor's, under `configurationPreference` (core/settings/precedence.ts). */
export interface SettingsFileUse {
  path: string;
  preference: ConfigurationPreference;
  /** editorOnly: the file's settings are not read. */
  ignored: boolean;
  editorWins: SettingKey[];
  fileWins: SettingKey[];
}

/** The nearest folder at or above `start` with a pyproject.toml, or null. */
function findPyproject(start: string): string | null {
  let current = path.resolve(start);
  for (;;) {
    const candidate = path.join(current, 'pyproject.toml');
    if (existsSync(candidate)) return candidate;
    const parent = path.dirname(current);
    if (parent === current) return null;
    current = parent;
  }
}

/** Reads `[tool.dag-guard]` from a pyproject.toml text. A TOML syntax error is a problem, not a crash. */
export function readToolSection(text: string): { values: Record<string, unknown>; problems: SettingsProblem[] } {
  try {
    const document = parseToml(text) as Record<string, unknown>;
    const tool = document.tool as Record<string, unknown> | undefined;
    const section = tool?.['dag-guard'];
    if (section === undefined) return { values: {}, problems: [] };
    if (typeof section !== 'object' || section === null || Array.isArray(section)) {
      return { values: {}, problems: [{ key: 'tool.dag-guard', message: '[tool.dag-guard] must be a table' }] };
    }
    return { values: section as Record<string, unknown>, problems: [] };
  } catch (error) {
    return {
      values: {},
      problems: [{ key: 'pyproject.toml', message: `pyproject.toml is not valid TOML: ${(error as Error).message.split('\n')[0]}` }],
    };
  }
}

/**
 * The settings for files under `start`: `base` overlaid by the nearest pyproject.toml. Without
 * one, globs are relative to `fallbackRoot` (the workspace folder) or `start`.
 *
 * Path settings (the pools file) set in pyproject.toml stay inside its folder; set in `base`, they
 * stay inside `fallbackRoot` (the workspace folder whose settings they may come from) unless
 * `userPaths` says that `base`'s value is the user's own.
 */
export function loadProjectConfig(
  start: string,
  base: Settings,
  fallbackRoot?: string,
  userPaths: ReadonlySet<SettingKey> = new Set(),
  /** The keys of `base` the user set in the editor (they win over pyproject.toml under editorFirst). */
  editorKeys: ReadonlySet<SettingKey> = new Set(),
): ProjectConfig {
  const pyprojectPath = findPyproject(start);
  const root = pyprojectPath ? path.dirname(pyprojectPath) : path.resolve(fallbackRoot ?? start);
  let settings = base;
  const problems: SettingsProblem[] = [];
  let fromPyproject: Record<string, unknown> = {};
  let settingsFile: SettingsFileUse | null = null;
  if (pyprojectPath) {
    const read = readRegularText(pyprojectPath);
    if (read.ok) {
      const { values, problems: tomlProblems } = readToolSection(read.text);
      problems.push(...tomlProblems);
      const preference = base.configurationPreference;
      const inEffect = fileValuesInEffect(values, editorKeys, preference);
      fromPyproject = inEffect.values;
      if (Object.keys(values).length > 0)
        settingsFile = {
          path: pyprojectPath,
          preference,
          ignored: preference === 'editorOnly',
          editorWins: inEffect.editorWins,
          fileWins: inEffect.fileWins,
        };
      const merged = mergeSettings(base, fromPyproject, 'kebab');
      settings = merged.settings;
      problems.push(...inEffect.problems, ...merged.problems, ...ruleCodeProblems(fromPyproject));
    } else {
      problems.push({ key: 'pyproject.toml', message: `cannot read pyproject.toml: ${read.reason}` });
    }
  }
  const pins = projectAirflowPins(root);
  const detected = lowestPin(pins);
  const set = releaseOfSetting(settings.airflowVersion);
  const airflowVersion = set ? set.major : (detected?.major ?? null);
  const airflowMinor = set?.minor ?? (detected && detected.major === airflowVersion ? detected.minor : null);
  // Where the version came from, in a few words (the status item): the setting or the pin's file.
  const airflowVersionFrom = set
    ? Object.hasOwn(fromPyproject, 'airflow-version')
      ? 'pyproject.toml [tool.dag-guard] airflow-version'
      : 'the dagGuard.airflowVersion setting'
    : (detected?.file ?? null);
  const confinement = (key: SettingKey): PathConfinement | null => {
    if (Object.hasOwn(fromPyproject, tomlKey(key))) return { folder: root, folderName: 'project folder', setIn: 'pyproject.toml' };
    return userPaths.has(key)
      ? null
      : { folder: path.resolve(fallbackRoot ?? root), folderName: 'workspace folder', setIn: 'the workspace settings' };
  };
  const pools = loadKnownPools(root, settings, confinement('poolsFile'));
  problems.push(...pools.problems);
  const exports = loadExports(root, settings, confinement);
  problems.push(...exports.problems);
  return {
    root,
    settings,
    airflowVersion,
    airflowMinor,
    problems,
    pyprojectPath,
    pools: pools.pools,
    poolsFile: pools.file,
    variables: exports.variables,
    connections: exports.connections,
    airflowVersionSource: describeAirflowVersion(set ? String(settings.airflowVersion) : null, pins),
    airflowVersionFrom,
    settingsFile,
  };
}

/** Folders never searched for pins: dependencies, virtualenvs, caches and build output (and hidden folders). */
const SKIPPED_FOLDERS = new Set(['node_modules', 'venv', 'env', '__pycache__', 'site-packages', 'dist', 'build', 'target']);
/** `src/requirements.txt`, `infra/docker/Dockerfile`: two levels below the root. */
const MAX_PIN_DEPTH = 2;
const MAX_PIN_FOLDERS = 200;

/** The pins of the version-pinning files at the project root and up to two folders below it. */
function projectAirflowPins(root: string): AirflowPin[] {
  const files: ProjectFile[] = [];
  const queue: Array<{ folder: string; depth: number }> = [{ folder: root, depth: 0 }];
  for (let visited = 0; queue.length > 0 && visited < MAX_PIN_FOLDERS; visited++) {
    const { folder, depth } = queue.shift()!;
    let entries: Dirent[];
    try {
      entries = readdirSync(folder, { withFileTypes: true }).sort(byEntryName);
    } catch {
      continue;
    }
    for (const entry of entries) {
      // A symlinked folder is not followed (it may loop or leave the project).
      if (entry.isDirectory()) {
        // Folders past the cap would never be read: a vendor folder of 40,000 packages queued
        // 40,000 paths here, at start-up, before the server answered its first request.
        const room = visited + 1 + queue.length < MAX_PIN_FOLDERS;
        if (room && depth < MAX_PIN_DEPTH && !entry.name.startsWith('.') && !SKIPPED_FOLDERS.has(entry.name))
          queue.push({ folder: path.join(folder, entry.name), depth: depth + 1 });
      } else if (isVersionFile(entry.name)) {
        // Unreadable, not a regular file (a symlink to /dev/zero) or too large: skip it, another file may say.
        const read = readRegularText(path.join(folder, entry.name));
        if (read.ok)
          files.push({
            name: entry.name,
            text: read.text,
            path: path.relative(root, path.join(folder, entry.name)).split(path.sep).join('/'),
          });
      }
    }
  }
  return airflowPins(files);
}
