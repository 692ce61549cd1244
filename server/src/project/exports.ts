// The project's Variable and connection exports (the `variablesFile` and `connectionsFile`
// settings), read for their keys only: the analysis core gets the keys, never a value, a password
// or an extra. Shared by the CLI and the language server, like the pools file, and confined the
// same way (a path set in a repository's files stays inside the folder they govern).
import { statSync, type Stats } from 'node:fs';
import { parseConnectionsExport, parseVariablesExport, type KnownKeys, type ParsedKeys } from '../core/airflow/exports';
import type { SettingKey, Settings, SettingsProblem } from '../core/settings/schema';
import { resolvePathSetting, type PathConfinement } from './pathSettings';
import { readRegularText } from './readRegularFile';

export interface LoadedExports {
  variables: KnownKeys | null;
  connections: KnownKeys | null;
  problems: SettingsProblem[];
}

/** Parsed files by path, re-read when their modification time or size changes. */
const cache = new Map<string, { mtimeMs: number; size: number; parsed: ParsedKeys }>();

function readKeys(file: string, parse: (text: string) => ParsedKeys): ParsedKeys {
  let stat: Stats;
  try {
    stat = statSync(file);
  } catch {
    cache.delete(file);
    return { ok: false, problem: 'the file does not exist' };
  }
  const cached = cache.get(file);
  if (cached && cached.mtimeMs === stat.mtimeMs && cached.size === stat.size) return cached.parsed;
  // Regular files only, with a size cap: a symlink to /dev/zero is refused, not read without end.
  const read = readRegularText(file, 20_000_000);
  const parsed: ParsedKeys = read.ok ? parse(read.text) : { ok: false, problem: `cannot be read: ${read.reason}` };
  cache.set(file, { mtimeMs: stat.mtimeMs, size: stat.size, parsed });
  return parsed;
}

export function loadExports(
  root: string,
  settings: Settings,
  confinement: (key: SettingKey) => PathConfinement | null = () => null,
): LoadedExports {
  const problems: SettingsProblem[] = [];
  const load = (key: 'variablesFile' | 'connectionsFile', parse: (text: string) => ParsedKeys): KnownKeys | null => {
    const given = settings[key].trim();
    if (given === '') return null;
    const what = key === 'variablesFile' ? 'variables' : 'connections';
    const resolved = resolvePathSetting(root, given, confinement(key));
    if (!resolved.ok) {
      problems.push({ key, message: `${what} file ${resolved.file}: ${resolved.reason}` });
      return null;
    }
    const file = resolved.file;
    const read = readKeys(file, parse);
    if (!read.ok) {
      problems.push({ key, message: `${key === 'variablesFile' ? 'variables' : 'connections'} file ${file}: ${read.problem}` });
      return null;
    }
    return { keys: read.keys, source: given };
  };
  return { variables: load('variablesFile', parseVariablesExport), connections: load('connectionsFile', parseConnectionsExport), problems };
}
