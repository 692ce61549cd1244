// The deployment's pools, as the project names them: the `pools` setting and the file that
// `pools-file` points to (written by `airflow pools export FILE`). Shared by the CLI and the
// language server; the analysis core gets the result as data.
import { statSync, type Stats } from 'node:fs';
import { combinePools, parsePoolsExport, poolsFromObject, type KnownPools, type PoolInfo } from '../core/airflow/pools';
import type { Settings, SettingsProblem } from '../core/settings/schema';
import { readRegularText } from './readRegularFile';
import { resolvePathSetting, type PathConfinement } from './pathSettings';

export interface LoadedPools {
  pools: KnownPools | null;
  /** The pools file's absolute path, when the settings name one (watched by the server). */
  file: string | null;
  problems: SettingsProblem[];
}

/** Parsed pools files by path, re-read when their modification time changes. */
const cache = new Map<string, { mtimeMs: number; size: number; pools: Map<string, PoolInfo>; problems: string[] }>();

function readPoolsFile(file: string): { pools: Map<string, PoolInfo>; problems: string[] } {
  let stat: Stats;
  try {
    stat = statSync(file);
  } catch {
    cache.delete(file);
    return { pools: new Map(), problems: ['the file does not exist'] };
  }
  const cached = cache.get(file);
  if (cached && cached.mtimeMs === stat.mtimeMs && cached.size === stat.size) return cached;
  const read = readRegularText(file);
  const parsed = read.ok
    ? parsePoolsExport(read.text)
    : { pools: new Map<string, PoolInfo>(), problems: [`cannot be read: ${read.reason}`] };
  cache.set(file, { mtimeMs: stat.mtimeMs, size: stat.size, ...parsed });
  return parsed;
}

/**
 * The known pools for a project rooted at `root` (the setting's pools win over the file's). The
 * pools file must stay inside `confinement` when given (a path set in a repository's files).
 */
export function loadKnownPools(root: string, settings: Settings, confinement: PathConfinement | null): LoadedPools {
  const problems: SettingsProblem[] = [];
  const parts: Array<{ pools: Map<string, PoolInfo>; source: string }> = [];
  let file: string | null = null;
  if (settings.poolsFile.trim() !== '') {
    const resolved = resolvePathSetting(root, settings.poolsFile, confinement);
    if (resolved.ok) {
      file = resolved.file;
      const read = readPoolsFile(file);
      for (const problem of read.problems) problems.push({ key: 'poolsFile', message: `pools file ${file}: ${problem}` });
      parts.push({ pools: read.pools, source: settings.poolsFile });
    } else {
      problems.push({ key: 'poolsFile', message: `pools file ${resolved.file}: ${resolved.reason}` });
    }
  }
  const fromSetting = poolsFromObject(settings.pools);
  for (const problem of fromSetting.problems) problems.push({ key: 'pools', message: problem });
  parts.push({ pools: fromSetting.pools, source: 'the pools setting' });
  return { pools: combinePools(parts), file, problems };
}
