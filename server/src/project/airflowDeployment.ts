// The deployment settings that change what DAG code does (`[operators] default_deferrable`), read
// from the same project files as the parse timings (airflowTimings.ts: airflow.cfg, .env, compose
// files, Helm values, Dockerfiles), with the same precedence: an AIRFLOW__ variable wins over
// airflow.cfg. Values are read the way Airflow's getboolean reads them; one it would reject is
// ignored (as if unset).
import type { AirflowDeployment, DeploymentValue } from '../core/airflow/deployment';
import { booleanValue } from '../core/rules/config/values';
import { entriesInPrecedence, findConfigFilesNear, unquotedValue, type ConfigFile } from './airflowTimings';

/** Reads the config files nearest to `start`, looking up to `stop` (see findConfigFilesNear). */
export function readAirflowDeploymentNear(start: string, stop: string): AirflowDeployment {
  return resolveDeployment(findConfigFilesNear(start, stop));
}

/** Pure: what the files set. */
export function resolveDeployment(files: readonly ConfigFile[]): AirflowDeployment {
  return { defaultDeferrable: resolveBoolean(files, 'AIRFLOW__OPERATORS__DEFAULT_DEFERRABLE', 'operators.default_deferrable') };
}

function resolveBoolean(files: readonly ConfigFile[], variable: string, option: string): DeploymentValue<boolean> | null {
  const read = entriesInPrecedence(files);
  for (const entry of read) {
    const value = flag(entry.env.get(variable));
    if (value !== null) return { value, source: entry.file.path, key: variable };
  }
  const [section, key] = option.split('.');
  for (const entry of read) {
    const value = flag(entry.cfg.get(option));
    if (value !== null) return { value, source: entry.file.path, key: `[${section}] ${key}` };
  }
  return null;
}

function flag(raw: string | undefined): boolean | null {
  const text = unquotedValue(raw);
  return text === null ? null : booleanValue(text);
}
