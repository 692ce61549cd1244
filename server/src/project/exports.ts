// The project's Variable and connection exports (the `variablesFile` and `connectionsFile`
// settings), read for their keys only: the analysis core gets the keys, never a value, a password
// or an extra. Shared by the CLI and the language server, like the pools file.
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { parseConnectionsExport, parseVariablesExport, type KnownKeys, type ParsedKeys } from '../core/airflow/exports';
import type { Settings, SettingsProblem } from '../core/settings/schema';

export interface LoadedExports {
  variables: KnownKeys | null;
  connections: KnownKeys | null;
  problems: SettingsProblem[];
}

/** Parsed files by path, re-read when their modification time or size changes. */
const cache = new Map<string, { mtimeMs: number; size: number; parsed: ParsedKeys }>();

function readKeys(file: string, parse: (text: string) => ParsedKeys): ParsedKeys {
  let stat;
  try {
    stat = statSync(file);
  } catch {
    cache.delete(file);
    return { ok: false, problem: 'the file does not exist' };
  }
  const cached = cache.get(file);
  if (cached && cached.mtimeMs === stat.mtimeMs && cached.size === stat.size) return cached.parsed;
  let parsed: ParsedKeys;
  try {
    parsed = parse(readFileSync(file, 'utf8'));
  } catch (error) {
    parsed = { ok: false, problem: `cannot be read: ${(error as Error).message}` };
  }
  cache.set(file, { mtimeMs: stat.mtimeMs, size: stat.size, parsed });
  return parsed;
}

export function loadExports(root: string, settings: Settings): LoadedExports {
  const problems: SettingsProblem[] = [];
  const load = (key: 'variablesFile' | 'connectionsFile', parse: (text: string) => ParsedKeys): KnownKeys | null => {
    const given = settings[key].trim();
    if (given === '') return null;
    const file = path.resolve(root, given);
    const read = readKeys(file, parse);
    if (!read.ok) {
      problems.push({ key, message: `${key === 'variablesFile' ? 'variables' : 'connections'} file ${file}: ${read.problem}` });
      return null;
    }
    return { keys: read.keys, source: given };
  };
  return { variables: load('variablesFile', parseVariablesExport), connections: load('connectionsFile', parseConnectionsExport), problems };
}
