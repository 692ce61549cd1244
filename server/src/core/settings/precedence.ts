// Which settings apply when the editor and pyproject.toml's [tool.dag-guard] both set a key:
// `configurationPreference`, as Ruff's extension has it. `editorFirst` (the default): what the user
// set in the editor wins, key by key, and pyproject.toml fills in the rest; `filesystemFirst`:
// pyproject.toml wins (the settings `dag-guard check` reads in CI); `editorOnly`: pyproject.toml's
// settings are not read. Keys are compared whole: an editor `ignore` replaces pyproject's `ignore`.
import { SETTING_KEYS, SETTINGS, tomlKey, type ConfigurationPreference, type SettingKey, type SettingsProblem } from './schema';

export interface FileValuesInEffect {
  /** pyproject.toml's values that apply (its kebab-case keys, as read). */
  values: Record<string, unknown>;
  /** Keys both set where the editor's value wins (editorFirst). */
  editorWins: SettingKey[];
  /** Keys both set where pyproject.toml's value wins (filesystemFirst). */
  fileWins: SettingKey[];
  /** pyproject.toml keys that only the editor may set. */
  problems: SettingsProblem[];
}

const BY_TOML_KEY = new Map(SETTING_KEYS.map((key) => [tomlKey(key), key]));

/**
 * pyproject.toml's `values` filtered by `preference`. `editorKeys` are the keys the user set in the
 * editor (not the defaults an editor sends along): only those can win over the file.
 */
export function fileValuesInEffect(
  values: Record<string, unknown>,
  editorKeys: ReadonlySet<SettingKey>,
  preference: ConfigurationPreference,
): FileValuesInEffect {
  const result: FileValuesInEffect = { values: {}, editorWins: [], fileWins: [], problems: [] };
  if (preference === 'editorOnly') return result;
  for (const [name, value] of Object.entries(values)) {
    const key = BY_TOML_KEY.get(name);
    if (key && SETTINGS[key].notInPyproject) {
      result.problems.push({ key: name, message: `"${name}" is an editor setting: pyproject.toml cannot set it` });
      continue;
    }
    if (key && editorKeys.has(key)) {
      if (preference === 'editorFirst') {
        result.editorWins.push(key);
        continue;
      }
      result.fileWins.push(key);
    }
    result.values[name] = value;
  }
  return result;
}
