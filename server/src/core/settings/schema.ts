// The one settings schema. The editor reads it as `dagGuard.<key>` (package.json
// contributes.configuration, kept equal by a test) and the CLI as `[tool.dag-guard]` in
// pyproject.toml with kebab-case keys (`airflow-version`). Adding a setting: add it here, then to
// package.json; the test tells you if you forget.
import { poolFromValue } from '../airflow/pools';
import type { Severity } from '../findings';
import { didYouMean } from '../suggest';

/** "auto", a major version, or a major and minor version ("2.7"). */
export type AirflowVersionSetting = 'auto' | '2' | '3' | `${2 | 3}.${number}`;

/** The release a non-auto setting names ("2.7": major 2, minor 7; "3": minor unknown). */
export function releaseOfSetting(value: AirflowVersionSetting): { major: 2 | 3; minor: number | null } | null {
  const match = /^([23])(?:\.(\d+))?$/.exec(value);
  return match ? { major: Number(match[1]) as 2 | 3, minor: match[2] === undefined ? null : Number(match[2]) } : null;
}

export interface Settings {
  select: string[];
  ignore: string[];
  severity: Record<string, Severity | 'off'>;
  include: string[];
  exclude: string[];
  airflowVersion: AirflowVersionSetting;
  maxWorkspaceFiles: number;
  maxFileSize: number;
  pools: Record<string, PoolSetting>;
  poolsFile: string;
  dagsFolder: string;
  pythonPath: string[];
  variablesFile: string;
  connectionsFile: string;
  ioCalls: Record<string, IoKind>;
  heavyModules: string[];
  parseTimeErrorThreshold: number;
  parseCostLens: boolean;
  sensorPokeIntervalThreshold: number;
  sensorTimeoutThreshold: number;
  respectGitignore: boolean;
  configurationPreference: ConfigurationPreference;
  failOn: Severity;
}

/** Which wins when the editor's settings and pyproject.toml's [tool.dag-guard] set the same key (as Ruff's extension names it). */
export type ConfigurationPreference = 'editorFirst' | 'filesystemFirst' | 'editorOnly';
const CONFIGURATION_PREFERENCES: readonly ConfigurationPreference[] = ['editorFirst', 'filesystemFirst', 'editorOnly'];

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
  /**
   * Names a file the tool reads. Set in a repository's own files (pyproject.toml, workspace
   * settings), it must stay inside the folder they govern; only the user's own settings may point
   * elsewhere. The manifest declares it a restricted configuration (VS Code's Restricted Mode).
   */
  path?: boolean;
  /** Only `dag-guard check` uses it: not an editor setting (left out of package.json). */
  cliOnly?: boolean;
  /** Only the editor's settings may set it: pyproject.toml setting it is a problem. */
  notInPyproject?: boolean;
  /** What a valid value is, for the message when one is not ("an array of strings"). */
  expected: string;
  validate(value: unknown): value is T;
}

const isStringArray = (value: unknown): value is string[] => Array.isArray(value) && value.every((item) => typeof item === 'string');
const SEVERITIES = ['error', 'warning', 'information', 'hint', 'off'];

export const SETTINGS: { [K in keyof Settings]: SettingSpec<Settings[K]> } = {
  select: {
    expected: 'an array of rule codes or prefixes (strings)',
    default: [],
    description: 'Rule codes or prefixes to run (e.g. ["DG1", "DG201"]). Empty: every rule.',
    schema: { type: 'array', items: { type: 'string' } },
    validate: isStringArray,
  },
  ignore: {
    expected: 'an array of rule codes or prefixes (strings)',
    default: [],
    description: 'Rule codes or prefixes never to report (e.g. ["DG105"]). Wins over select.',
    schema: { type: 'array', items: { type: 'string' } },
    validate: isStringArray,
  },
  severity: {
    expected: 'a table of rule codes to one of error, warning, information, hint, off',
    default: {},
    description: 'Severity per rule code, overriding its default: error, warning, information, hint, or off.',
    schema: { type: 'object', additionalProperties: { type: 'string', enum: SEVERITIES } },
    validate: (value): value is Record<string, Severity | 'off'> =>
      typeof value === 'object' &&
      value !== null &&
      !Array.isArray(value) &&
      Object.values(value).every((item) => SEVERITIES.includes(item as string)),
  },
  include: {
    expected: 'an array of glob strings',
    default: ['**/*.py'],
    description: 'Globs (relative to the workspace or the current folder) of the Python files to analyse.',
    schema: { type: 'array', items: { type: 'string' } },
    validate: isStringArray,
  },
  exclude: {
    expected: 'an array of glob strings',
    default: ['**/.git/**', '**/node_modules/**', '**/.venv/**', '**/venv/**', '**/__pycache__/**', '**/site-packages/**'],
    description: 'Globs of files never to analyse. Wins over include.',
    schema: { type: 'array', items: { type: 'string' } },
    validate: isStringArray,
  },
  airflowVersion: {
    expected: '"auto", "2", "3" or a minor version such as "2.7"',
    default: 'auto',
    description:
      'The Airflow version your DAGs target: "2", "3", a minor version such as "2.7", or "auto" (read from requirements and constraints files, pyproject.toml dependencies, compose `image:` and Dockerfile `FROM` tags, up to two folders below the project; the lowest when they disagree).',
    schema: { type: 'string', pattern: '^(auto|[23](\\.\\d+)?)$' },
    validate: (value): value is AirflowVersionSetting => typeof value === 'string' && /^(auto|[23](\.\d+)?)$/.test(value),
  },
  maxWorkspaceFiles: {
    expected: 'a whole number, 0 or more',
    default: 2000,
    description: 'How many Python files the language server analyses in the background when a workspace opens (0: none).',
    schema: { type: 'integer', minimum: 0 },
    editorOnly: true,
    validate: (value): value is number => typeof value === 'number' && Number.isInteger(value) && value >= 0,
  },
  maxFileSize: {
    expected: 'a whole number of bytes, 0 or more',
    default: 1_500_000,
    description:
      'The largest Python file analysed, in bytes (0: no limit). A larger file gets one information diagnostic (DG000) saying it was not analysed, instead of slowing every keystroke.',
    schema: { type: 'integer', minimum: 0 },
    validate: (value): value is number => typeof value === 'number' && Number.isInteger(value) && value >= 0,
  },
  pools: {
    expected: 'a table of pool names to a slot count or { slots, description }',
    default: {},
    description:
      'The pools of your Airflow deployment, by name: a slot count (`{"etl": 4}`) or what `airflow pools export` writes (`{"etl": {"slots": 4, "description": "..."}}`). Used by pool completion and DG203/DG204; adds to (and wins over) the pools file.',
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
      typeof value === 'object' &&
      value !== null &&
      !Array.isArray(value) &&
      Object.entries(value).every(([name, entry]) => poolFromValue(name, entry).pool !== null),
  },
  poolsFile: {
    expected: 'a string (a file path)',
    default: '',
    description:
      "A JSON file of pools as `airflow pools export FILE` writes it, relative to the project root (the folder of pyproject.toml, else the workspace folder). Empty: none. Set in pyproject.toml or a workspace's settings, it must stay inside that project or workspace folder; only your user settings may point elsewhere.",
    schema: { type: 'string' },
    path: true,
    validate: (value): value is string => typeof value === 'string',
  },
  dagsFolder: {
    expected: 'a string (a folder path)',
    default: '',
    description:
      'The folder Airflow parses DAG files from, relative to the project root. Files outside it, or hidden by its .airflowignore files, get no parse-time findings. Empty: read from the project\'s airflow.cfg, AIRFLOW__CORE__DAGS_FOLDER (.env, compose, Helm values, Dockerfiles) and compose volume mounts; when nothing names it, every file that mentions "airflow" and "dag" is analysed as a DAG file.',
    schema: { type: 'string' },
    validate: (value): value is string => typeof value === 'string',
  },
  pythonPath: {
    expected: 'an array of strings (folder paths)',
    default: [],
    description:
      'More folders (relative to the project root) that DAG files import modules from, as on PYTHONPATH, e.g. ["src"]. Added to the folders Airflow puts on sys.path (the DAG folder, plugins, the project root) and those of the PYTHONPATH a Dockerfile ENV or compose environment sets (mapped like the DAG folder).',
    schema: { type: 'array', items: { type: 'string' } },
    validate: isStringArray,
  },
  variablesFile: {
    expected: 'a string (a file path)',
    default: '',
    description:
      "A JSON file of Airflow Variables as `airflow variables export FILE` writes it, relative to the project root: DG606 reports keys it lacks. Only the keys are read. Empty: none. Set in pyproject.toml or a workspace's settings, it must stay inside that project or workspace folder; only your user settings may point elsewhere.",
    schema: { type: 'string' },
    path: true,
    validate: (value): value is string => typeof value === 'string',
  },
  connectionsFile: {
    expected: 'a string (a file path)',
    default: '',
    description:
      "A JSON file of connections as `airflow connections export FILE` writes it, relative to the project root: DG606 reports connection ids it lacks. Only the ids are read, never a password or an extra. Empty: none. Set in pyproject.toml or a workspace's settings, it must stay inside that project or workspace folder; only your user settings may point elsewhere.",
    schema: { type: 'string' },
    path: true,
    validate: (value): value is string => typeof value === 'string',
  },
  ioCalls: {
    expected: 'a table of qualified names to one of network, database, subprocess, sleep',
    default: {},
    description:
      'More calls that DG104 reports at parse time and the parse-cost summary counts: qualified name to kind, e.g. {"mycompany.api.fetch": "network"}. Kinds: network, database, subprocess, sleep.',
    schema: { type: 'object', additionalProperties: { type: 'string', enum: [...IO_KINDS] } },
    validate: (value): value is Record<string, IoKind> =>
      typeof value === 'object' &&
      value !== null &&
      !Array.isArray(value) &&
      Object.values(value).every((item) => IO_KINDS.includes(item as IoKind)),
  },
  heavyModules: {
    expected: 'an array of module names (strings)',
    default: [],
    description: 'More top-level modules that DG105 treats as heavy to import, added to the built-in list (pandas, numpy, torch, ...).',
    schema: { type: 'array', items: { type: 'string' } },
    validate: isStringArray,
  },
  parseTimeErrorThreshold: {
    expected: 'a whole number, 0 or more',
    default: 10,
    description:
      'DG101 to DG104 report an error instead of a warning when a database or network call runs at least this many times per parse (0: never).',
    schema: { type: 'integer', minimum: 0 },
    validate: (value): value is number => typeof value === 'number' && Number.isInteger(value) && value >= 0,
  },
  parseCostLens: {
    expected: 'true or false',
    default: true,
    description:
      'Show the parse-cost summary (what runs at each parse, and how often the file is parsed) as a code lens on the first line of DAG files.',
    schema: { type: 'boolean' },
    editorOnly: true,
    validate: (value): value is boolean => typeof value === 'boolean',
  },
  sensorPokeIntervalThreshold: {
    expected: 'a number of seconds, 0 or more',
    default: 60,
    description: 'DG402: a sensor in poke mode whose poke_interval is this many seconds or more holds a worker slot for a long wait.',
    schema: { type: 'number', minimum: 0 },
    validate: (value): value is number => typeof value === 'number' && Number.isFinite(value) && value >= 0,
  },
  sensorTimeoutThreshold: {
    expected: 'a number of seconds, 0 or more',
    default: 3600,
    description: 'DG402: a sensor in poke mode whose timeout is more than this many seconds holds a worker slot for a long wait.',
    schema: { type: 'number', minimum: 0 },
    validate: (value): value is number => typeof value === 'number' && Number.isFinite(value) && value >= 0,
  },
  respectGitignore: {
    expected: 'true or false',
    default: true,
    description: 'Leave out the files that .gitignore lists when walking folders (inside a git repository, as git reads them).',
    schema: { type: 'boolean' },
    validate: (value): value is boolean => typeof value === 'boolean',
  },
  configurationPreference: {
    expected: 'one of editorFirst, filesystemFirst, editorOnly',
    default: 'editorFirst',
    description:
      "When a setting is set both in the editor and in `[tool.dag-guard]` of the project's pyproject.toml: `editorFirst` (default): the editor's value wins, key by key, and pyproject.toml sets the keys the editor leaves alone; `filesystemFirst`: pyproject.toml wins (what `dag-guard check` in CI reads); `editorOnly`: pyproject.toml's settings are not read. The status item and the output channel say which files are in effect. Only the editor settings can set this.",
    schema: {
      type: 'string',
      enum: [...CONFIGURATION_PREFERENCES],
      markdownEnumDescriptions: [
        'Editor settings win over pyproject.toml for the keys they set.',
        'pyproject.toml wins over editor settings for the keys it sets.',
        "Only editor settings: pyproject.toml's [tool.dag-guard] is not read.",
      ],
    },
    editorOnly: true,
    notInPyproject: true,
    validate: (value): value is ConfigurationPreference => CONFIGURATION_PREFERENCES.includes(value as ConfigurationPreference),
  },
  failOn: {
    expected: 'one of error, warning, information, hint',
    default: 'warning',
    description:
      'The lowest severity that makes `dag-guard check` exit 1: information and hints inform without failing a build by default.',
    schema: { type: 'string', enum: ['error', 'warning', 'information', 'hint'] },
    cliOnly: true,
    validate: (value): value is Severity => value === 'error' || value === 'warning' || value === 'information' || value === 'hint',
  },
};

export type SettingKey = keyof Settings;

/**
 * Settings only the VS Code extension reads (never sent to the server): package.json declares them
 * with the schema's settings (`npm run generate`). `trace.server` is vscode-languageclient's own.
 */
export const CLIENT_SETTINGS: Record<
  string,
  { default: unknown; description: string; schema: Record<string, unknown>; scope: 'window' | 'resource' }
> = {
  enable: {
    default: true,
    description: 'Run the DAG Guard language server. Off: the server is stopped and DAG Guard reports nothing; on again: it starts.',
    schema: { type: 'boolean' },
    scope: 'window',
  },
  'trace.server': {
    default: 'off',
    description: 'Log the messages between VS Code and the DAG Guard server to the output channel (for bug reports).',
    schema: { type: 'string', enum: ['off', 'messages', 'verbose'] },
    scope: 'window',
  },
};
/** The first segment of each client setting: the key of its value in the settings object VS Code gives (`trace`). */
export const CLIENT_SETTING_ROOTS: readonly string[] = [...new Set(Object.keys(CLIENT_SETTINGS).map((key) => key.split('.')[0]))];
/** The settings the editor reads (package.json's contributes.configuration). */
export const EDITOR_SETTING_KEYS = (Object.keys(SETTINGS) as SettingKey[]).filter((key) => !SETTINGS[key].cliOnly);
export const SETTING_KEYS = Object.keys(SETTINGS) as SettingKey[];
/** The settings that name files (see SettingSpec.path). */
export const PATH_SETTING_KEYS: readonly SettingKey[] = SETTING_KEYS.filter((key) => SETTINGS[key].path === true);

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
 * wrong type are reported, not thrown: a typo in a setting must not stop the analysis (the CLI
 * turns any problem into exit code 2; the editor shows it).
 */
export function mergeSettings(
  base: Settings,
  partial: Record<string, unknown>,
  keyStyle: 'camel' | 'kebab' = 'camel',
): { settings: Settings; problems: SettingsProblem[] } {
  const settings = structuredClone(base);
  const problems: SettingsProblem[] = [];
  const byName = new Map(SETTING_KEYS.map((key) => [keyStyle === 'kebab' ? tomlKey(key) : key, key]));
  for (const [name, value] of Object.entries(partial)) {
    const key = byName.get(name);
    if (!key) {
      const guess = didYouMean(name, [...byName.keys()]);
      problems.push({ key: name, message: `unknown setting "${name}"${guess ? ` (did you mean "${guess}"?)` : ''}` });
      continue;
    }
    if (value === undefined || value === null) continue;
    const spec = SETTINGS[key] as SettingSpec<unknown>;
    if (!spec.validate(value)) {
      problems.push(
        entryProblem(name, value) ?? { key: name, message: `"${name}" must be ${spec.expected}, not ${JSON.stringify(value)}` },
      );
      continue;
    }
    (settings as unknown as Record<string, unknown>)[key] = structuredClone(value);
  }
  return { settings, problems };
}

/** Tables whose values are one of a few words: the first bad entry, named by its own key. */
const ENTRY_CHOICES: Record<string, readonly string[]> = { severity: SEVERITIES, 'io-calls': IO_KINDS, ioCalls: IO_KINDS };

function entryProblem(name: string, value: unknown): SettingsProblem | null {
  const choices = ENTRY_CHOICES[name];
  if (!choices || typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  const bad = Object.entries(value).find(([, entry]) => !choices.includes(entry as string));
  if (!bad) return null;
  return { key: `${name}.${bad[0]}`, message: `"${name}.${bad[0]}" must be one of ${choices.join(', ')}, not ${JSON.stringify(bad[1])}` };
}
