// Airflow's secrets cache, the remedy for Variable and connection reads that a DAG file needs when
// it is parsed (its loops, task ids, schedule). Facts read from Airflow's own sources:
// - `airflow/secrets/cache.py` (`SecretCache`): `init()` reads `[secrets] use_cache`
//   (`conf.getboolean(..., fallback=False)`) and `cache_ttl_seconds` (`conf.getint(...,
//   fallback=15 * 60)`); it keeps Variables (`__v_` keys) and connection URIs (`__c_` keys), each
//   valid for the TTL.
// - `airflow/dag_processing/manager.py` (`_run_parsing_loop`): the DAG processor calls
//   `SecretCache.init()` before it forks the parsing processes, "to mutualize calls to
//   Variable.get in DAGs": only parsing uses the cache, not tasks.
// - `airflow/models/variable.py` (`get_variable_from_secrets`) and `airflow/models/connection.py`
//   (`get_connection_from_secrets`, which `BaseHook.get_connection` calls) look in the cache
//   before any secrets backend, the metadata database included.
// - `[secrets] use_cache` and `cache_ttl_seconds` came with Airflow 2.7.0 (config.yml's
//   `version_added`, pull request 30259), experimental, off by default; Airflow 3 keeps both.
// The same two keys are in the config catalogue (config/airflowConfig.ts, `since: '2.7'`).

/** The minor release of Airflow 2 that brought the cache. */
const SECRETS_CACHE_SINCE_MINOR = 7;

/** `cache_ttl_seconds` when nothing sets it. */
export const DEFAULT_CACHE_TTL_SECONDS = 900;

export const USE_CACHE_KEY = '[secrets] use_cache';
export const USE_CACHE_VARIABLE = 'AIRFLOW__SECRETS__USE_CACHE';
export const CACHE_TTL_VARIABLE = 'AIRFLOW__SECRETS__CACHE_TTL_SECONDS';

/**
 * Whether the project's Airflow can have the cache: false for a 2.x pin below 2.7, true for 2.7+
 * and 3, null when the version is not known.
 */
export function releaseHasSecretsCache(major: 2 | 3 | null, minor: number | null): boolean | null {
  if (major === 3) return true;
  if (major === 2 && minor !== null) return minor >= SECRETS_CACHE_SINCE_MINOR;
  return null;
}
