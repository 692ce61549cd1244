// The deployment settings that change what DAG code does (`[operators] default_deferrable`) or
// what it costs (`[secrets] use_cache`, `cache_ttl_seconds`), and the project's airflow.cfg, read
// from the same project files as the parse timings (airflowTimings.ts: airflow.cfg, .env, compose
// files, Helm values, Dockerfiles), with the same precedence: an AIRFLOW__ variable wins over
// airflow.cfg. Values are read the way Airflow's getboolean reads them; one it would reject is
// ignored (as if unset).
import type { AirflowDeployment, DeploymentValue } from '../core/airflow/deployment';
import path from 'node:path';
import { CACHE_TTL_VARIABLE, USE_CACHE_VARIABLE } from '../core/airflow/secretsCache';
import { booleanValue, isInteger } from '../core/rules/config/values';
import { entriesInPrecedence, findConfigFilesNear, unquotedValue, type ConfigFile } from './airflowTimings';
import { compareText } from '../core/ordering';

/** Reads the config files nearest to `start`, looking up to `stop` (see findConfigFilesNear). */
export function readAirflowDeploymentNear(start: string, stop: string): AirflowDeployment {
  return resolveDeployment(findConfigFilesNear(start, stop));
}

/** Pure: what the files set. */
export function resolveDeployment(files: readonly ConfigFile[]): AirflowDeployment {
  const airflowCfg = files
    .filter((file) => path.posix.basename(file.path) === 'airflow.cfg')
    .sort((a, b) => a.path.split('/').length - b.path.split('/').length || compareText(a.path, b.path))[0];
  return {
    defaultDeferrable: resolveValue(files, 'AIRFLOW__OPERATORS__DEFAULT_DEFERRABLE', 'operators.default_deferrable', flag),
    secretsCache: resolveValue(files, USE_CACHE_VARIABLE, 'secrets.use_cache', flag),
    secretsCacheTtl: resolveValue(files, CACHE_TTL_VARIABLE, 'secrets.cache_ttl_seconds', integer),
    airflowCfg: airflowCfg?.path ?? null,
  };
}

function resolveValue<T>(
  files: readonly ConfigFile[],
  variable: string,
  option: string,
  read: (raw: string | undefined) => T | null,
): DeploymentValue<T> | null {
  const entries = entriesInPrecedence(files);
  for (const entry of entries) {
    const value = read(entry.env.get(variable));
    if (value !== null) return { value, source: entry.file.path, key: variable };
  }
  const [section, key] = option.split('.');
  for (const entry of entries) {
    const value = read(entry.cfg.get(option));
    if (value !== null) return { value, source: entry.file.path, key: `[${section}] ${key}` };
  }
  return null;
}

/** As getint reads it: an integer, or nothing. */
function integer(raw: string | undefined): number | null {
  const text = unquotedValue(raw);
  return text !== null && isInteger(text) ? Number(text.replace(/_/g, '')) : null;
}

function flag(raw: string | undefined): boolean | null {
  const text = unquotedValue(raw);
  return text === null ? null : booleanValue(text);
}
