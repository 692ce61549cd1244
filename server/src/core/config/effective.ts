// The value Airflow runs with for a configuration key, combined from the project's files the way
// Airflow combines its sources (AirflowConfigParser.get): environment variables first (the new
// name, then the deprecated one), then airflow.cfg (new, then deprecated), then the default.
// The project layer reads the files and orders them (project/airflowTimings.ts: compose
// `environment:` over the env files compose loads over Dockerfile ENV; shallower files first);
// this module only looks values up, so the core stays free of the disk.
import { KEYS, MOVES } from './airflowConfig';
import { envVarName } from './catalogue';

/** One file's settings: `AIRFLOW__S__K` variables and airflow.cfg-style options ("section.key"). */
export interface ConfigLayer {
  /** The file, relative to the project ("docker/.env"). */
  source: string;
  env: ReadonlyMap<string, string>;
  cfg: ReadonlyMap<string, string>;
}

export interface EffectiveValue {
  value: string;
  /** The file that sets it; null: Airflow's default. */
  source: string | null;
  /** How that file names it: "AIRFLOW__CORE__DAGBAG_IMPORT_TIMEOUT", "[core] dagbag_import_timeout". */
  name: string;
}

/** The names Airflow reads `[section] key` under, in its order: the key itself, then the deprecated names that map to it. */
function namesOf(section: string, key: string, airflowVersion: 2 | 3 | null): Array<[string, string]> {
  const names: Array<[string, string]> = [[section, key]];
  for (const move of MOVES) {
    if (move.toSection !== section || move.toKey !== key) continue;
    // Airflow 2 does not read a name Airflow 3 moved here (it still reads the old place itself).
    if (move.airflow3Only && airflowVersion !== 3) continue;
    names.push([move.fromSection, move.fromKey]);
  }
  return names;
}

/** The value Airflow reads for `[section] key` from the layers (in precedence order), else its default. */
export function effectiveValue(
  layers: readonly ConfigLayer[],
  section: string,
  key: string,
  airflowVersion: 2 | 3 | null,
): EffectiveValue | null {
  const names = namesOf(section, key, airflowVersion);
  for (const [s, k] of names) {
    const variable = envVarName(s, k);
    for (const layer of layers) {
      const value = layer.env.get(variable);
      if (value !== undefined) return { value, source: layer.source, name: variable };
    }
  }
  for (const [s, k] of names) {
    for (const layer of layers) {
      const value = layer.cfg.get(`${s}.${k}`);
      if (value !== undefined) return { value, source: layer.source, name: `[${s}] ${k}` };
    }
  }
  const spec = KEYS.find((candidate) => candidate.section === section && candidate.key === key);
  if (!spec || spec.default === null) return null;
  const value = airflowVersion === 3 && spec.default3 !== undefined ? spec.default3 : spec.default;
  return value === null ? null : { value, source: null, name: `[${section}] ${key}` };
}
