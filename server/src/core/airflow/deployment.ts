// What the deployment's own configuration says that changes what a DAG file's code does. The
// project layer reads it from airflow.cfg and AIRFLOW__ variables (server/src/project/
// airflowDeployment.ts) and passes it in as `AnalysisOptions.deployment`; the core reads no files.

/** A value the deployment sets, and where: `{ value: true, source: 'deploy/airflow.cfg', key: '[operators] default_deferrable' }`. */
export interface DeploymentValue<T> {
  value: T;
  /** The file that sets it, relative to the project root. */
  source: string;
  /** `[section] key` in airflow.cfg, or the `AIRFLOW__SECTION__KEY` variable. */
  key: string;
}

export interface AirflowDeployment {
  /**
   * `[operators] default_deferrable` (Airflow 2.7+): the default of the `deferrable` argument of
   * every operator and sensor that can defer (`conf.getboolean("operators", "default_deferrable",
   * fallback=False)`). Null when no file sets it: Airflow's default, False.
   */
  defaultDeferrable: DeploymentValue<boolean> | null;
  /**
   * `[secrets] use_cache` (Airflow 2.7+, see secretsCache.ts): the DAG processor caches Variable
   * and connection reads for `cache_ttl_seconds`. Null when no file sets it: Airflow's default, False.
   */
  secretsCache?: DeploymentValue<boolean> | null;
  /** `[secrets] cache_ttl_seconds`; null when no file sets it (900). */
  secretsCacheTtl?: DeploymentValue<number> | null;
  /** The project's airflow.cfg (relative to the project root), where a config edit would go; null when it has none. */
  airflowCfg?: string | null;
}

export const UNKNOWN_DEPLOYMENT: AirflowDeployment = Object.freeze({
  defaultDeferrable: null,
  secretsCache: null,
  secretsCacheTtl: null,
  airflowCfg: null,
});

/** "`[operators] default_deferrable = True` in deploy/airflow.cfg" */
export function describeDeploymentValue(setting: DeploymentValue<boolean>): string {
  const written = setting.key.startsWith('[')
    ? `${setting.key} = ${setting.value ? 'True' : 'False'}`
    : `${setting.key}=${setting.value ? 'true' : 'false'}`;
  return `\`${written}\` in ${setting.source}`;
}
