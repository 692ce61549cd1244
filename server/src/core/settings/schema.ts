// The one settings schema. The editor reads it as `dagGuard.<key>` (package.json
// contributes.configuration, kept equal by a test) and the CLI as `[tool.dag-guard]` in
// pyproject.toml with kebab-case keys (`airflow-version`). Adding a setting: add it here, then to
// package.json; the test tells you if you forget.
import { poolFromValue } from '../airflow/pools';
import type { Severity } from '../rules/rule';

export type AirflowVersionSetting = 'auto' | '2' | '3';

export interface Settings {
  select: string[];
  ignore: string[];
  severity: Record<string, Severity | 'off'>;
  include: string[];
  exclude: string[];
  airflowVersion: AirflowVersionSetting;
  maxWorkspaceFiles: number;
  pools: Record<string, PoolSetting>;
  poolsFile: string;
  variablesFile: string;
  connectionsFile: string;
  ioCalls: Record<string, IoKind>;
  heavyModules: string[];
  parseTimeErrorThreshold: number;
  parseCostLens: boolean;
  sensorPokeIntervalThreshold: number;
  sensorTimeoutThreshold: number;
}

/** A pool's slot count, or the entry `airflow pools export` writes. */
export type PoolSetting = number | { slots?: number; description?: string };

/** What a call does to the outside world, for DG104 and the parse-cost summary. */
export type IoKind = 'network' | 'database' | 'subprocess' | 'sleep';
export const IO_KINDS: readonly IoKind[] = ['network', 'database', 'subprocess', 'sleep'];

interface SettingSpec<T> {
  default: T;
  description: string;
  /** JSON schema fragment for package.json. */
  schema: Record<string, unknown>;
  /** Only the language server uses it. */
  editorOnly?: boolean;
  validate(value: unknown): value is T;
}

const isStringArray = (value: unknown): value is string[] => Array.isArray(value) && value.every((item) => typeof item === 'string');
const SEVERITIES = ['error', 'warning', 'information', 'hint', 'off'];

export const SETTINGS: { [K in keyof Settings]: SettingSpec<Settings[K]> } = {
  select: {
    default: [],
    description: 'Rule codes or prefixes to run (e.g. ["DG1", "DG201"]). Empty: every rule.',
    schema: { type: 'array', items: { type: 'string' } },
    validate: isStringArray,
  },
  ignore: {
    default: [],
    description: 'Rule codes or prefixes never to report (e.g. ["DG105"]). Wins over select.',
    schema: { type: 'array', items: { type: 'string' } },
    validate: isStringArray,
  },
  severity: {
    default: {},
    description: 'Severity per rule code, overriding its default: error, warning, information, hint, or off.',
    schema: { type: 'object', additionalProperties: { type: 'string', enum: SEVERITIES } },
    validate: (value): value is Record<string, Severity | 'off'> =>
      typeof value === 'object' && value !== null && !Array.isArray(value) && Object.values(value).every((item) => SEVERITIES.includes(item as string)),
  },
  include: {
    default: ['**/*.py'],
    description: 'Globs (relative to the workspace or the current folder) of the Python files to analyse.',
    schema: { type: 'array', items: { type: 'string' } },
    validate: isStringArray,
  },
  exclude: {
    default: ['**/.git/**', '**/node_modules/**', '**/.venv/**', '**/venv/**', '**/__pycache__/**', '**/site-packages/**'],
    description: 'Globs of files never to analyse. Wins over include.',
    schema: { type: 'array', items: { type: 'string' } },
    validate: isStringArray,
  },
  airflowVersion: {
    default: 'auto',
    description: 'The Airflow version your DAGs target: "2", "3", or "auto" (read from requirements files, pyproject.toml and Dockerfile image tags).',
    schema: { type: 'string', enum: ['auto', '2', '3'] },
    validate: (value): value is AirflowVersionSetting => value === 'auto' || value === '2' || value === '3',
  },
  maxWorkspaceFiles: {
    default: 2000,
    description: 'How many Python files the language server analyses in the background when a workspace opens (0: none).',
    schema: { type: 'integer', minimum: 0 },
    editorOnly: true,
    validate: (value): value is number => typeof value === 'number' && Number.isInteger(value) && value >= 0,
  },
  pools: {
    default: {},
    description: 'The pools of your Airflow deployment, by name: a slot count (`{"etl": 4}`) or what `airflow pools export` writes (`{"etl": {"slots": 4, "description": "..."}}`). Used by pool completion and DG203/DG204; adds to (and wins over) the pools file.',
    schema: {
      type: 'object',
      additionalProperties: {
        anyOf: [
          { type: 'integer', minimum: 0 },
          { type: 'object', properties: { slots: { type: 'integer', minimum: 0 }, description: { type: 'string' } } },
        ],
      },
    },
    validate: (value): value is Record<string, PoolSetting> =>
      typeof value === 'object' && value !== null && !Array.isArray(value) && Object.entries(value).every(([name, entry]) => poolFromValue(name, entry).pool !== null),
  },
  poolsFile: {
    default: '',
    description: 'A JSON file of pools as `airflow pools export FILE` writes it, relative to the project root (the folder of pyproject.toml, else the workspace folder). Empty: none.',
    schema: { type: 'string' },
    validate: (value): value is string => typeof value === 'string',
  },
  variablesFile: {
    default: '',
    description: 'A JSON file of Airflow Variables as `airflow variables export FILE` writes it, relative to the project root: DG606 reports keys it lacks. Only the keys are read. Empty: none.',
    schema: { type: 'string' },
    validate: (value): value is string => typeof value === 'string',
  },
  connectionsFile: {
    default: '',
    description: 'A JSON file of connections as `airflow connections export FILE` writes it, relative to the project root: DG606 reports connection ids it lacks. Only the ids are read, never a password or an extra. Empty: none.',
    schema: { type: 'string' },
    validate: (value): value is string => typeof value === 'string',
  },
  ioCalls: {
    default: {},
    description: 'More calls that DG104 reports at parse time and the parse-cost summary counts: qualified name to kind, e.g. {"mycompany.api.fetch": "network"}. Kinds: network, database, subprocess, sleep.',
    schema: { type: 'object', additionalProperties: { type: 'string', enum: [...IO_KINDS] } },
    validate: (value): value is Record<string, IoKind> =>
      typeof value === 'object' && value !== null && !Array.isArray(value) && Object.values(value).every((item) => IO_KINDS.includes(item as IoKind)),
  },
  heavyModules: {
    default: [],
    description: 'More top-level modules that DG105 treats as heavy to import, added to the built-in list (pandas, numpy, torch, ...).',
    schema: { type: 'array', items: { type: 'string' } },
    validate: isStringArray,
  },
  parseTimeErrorThreshold: {
    default: 10,
    description: 'DG101 to DG104 report an error instead of a warning when a database or network call runs at least this many times per parse (0: never).',
    schema: { type: 'integer', minimum: 0 },
    validate: (value): value is number => typeof value === 'number' && Number.isInteger(value) && value >= 0,
  },
  parseCostLens: {
    default: true,
    description: 'Show the parse-cost summary (what runs at each parse, and how often the file is parsed) as a code lens on the first line of DAG files.',
    schema: { type: 'boolean' },
    editorOnly: true,
    validate: (value): value is boolean => typeof value === 'boolean',
  },
  sensorPokeIntervalThreshold: {
    default: 60,
    description: 'DG402: a sensor in poke mode whose poke_interval is this many seconds or more holds a worker slot for a long wait.',
    schema: { type: 'number', minimum: 0 },
    validate: (value): value is number => typeof value === 'number' && Number.isFinite(value) && value >= 0,
  },
  sensorTimeoutThreshold: {
    default: 3600,
    description: 'DG402: a sensor in poke mode whose timeout is more than this many seconds holds a worker slot for a long wait.',
    schema: { type: 'number', minimum: 0 },
    validate: (value): value is number => typeof value === 'number' && Number.isFinite(value) && value >= 0,
  },
};

export type SettingKey = keyof Settings;
export const SETTING_KEYS = Object.keys(SETTINGS) as SettingKey[];

export function defaultSettings(): Settings {
  return structuredClone(Object.fromEntries(SETTING_KEYS.map((key) => [key, SETTINGS[key].default])) as unknown as Settings);
}

/** camelCase setting key -> the kebab-case key used in pyproject.toml. */
export function tomlKey(key: SettingKey): string {
  return key.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);
}

export interface SettingsProblem {
  key: string;
  message: string;
}

/**
 * Overlays `partial` (from the editor or pyproject.toml) on `base`. Unknown keys and values of the
 * wrong type are reported, not thrown: a typo in a setting must not stop the analysis.
 */
export function mergeSettings(base: Settings, partial: Record<string, unknown>, keyStyle: 'camel' | 'kebab' = 'camel'): { settings: Settings; problems: SettingsProblem[] } {
  const settings = structuredClone(base);
  const problems: SettingsProblem[] = [];
  const byName = new Map(SETTING_KEYS.map((key) => [keyStyle === 'kebab' ? tomlKey(key) : key, key]));
  for (const [name, value] of Object.entries(partial)) {
    const key = byName.get(name);
    if (!key) {
      problems.push({ key: name, message: `unknown setting "${name}"` });
      continue;
    }
    if (value === undefined || value === null) continue;
    const spec = SETTINGS[key] as SettingSpec<unknown>;
    if (!spec.validate(value)) {
      problems.push({ key: name, message: `"${name}" has an invalid value ${JSON.stringify(value)}` });
      continue;
    }
    (settings as unknown as Record<string, unknown>)[key] = structuredClone(value);
  }
  return { settings, problems };
}
