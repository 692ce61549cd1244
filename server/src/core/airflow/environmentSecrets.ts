// Where Airflow looks for a Variable or a connection in the environment, before the metadata
// database: `EnvironmentVariablesBackend` reads `AIRFLOW_VAR_` + key.upper() and `AIRFLOW_CONN_` +
// conn_id.upper() (airflow/secrets/environment_variables.py, Airflow 2.x and 3.x), and it comes
// before the metastore on the default search path (airflow/secrets/__init__.py,
// DEFAULT_SECRETS_SEARCH_PATH). So a value that is fixed per deployment can be served from there
// with no database query at parse time.

export type LookupKind = 'variable' | 'connection';

const PREFIX: Record<LookupKind, string> = { variable: 'AIRFLOW_VAR_', connection: 'AIRFLOW_CONN_' };

/** `AIRFLOW_VAR_REGIONS` for the key "regions"; `AIRFLOW_VAR_<KEY>` when the key is not a literal. */
export function environmentVariableFor(kind: LookupKind, key: string | null): string {
  const placeholder = kind === 'variable' ? '<KEY>' : '<CONN_ID>';
  // Python's str.upper(); a key that is not ASCII would need the same casing rules, so it is
  // shown as the placeholder rather than guessed.
  const upper = key !== null && /^[\x20-\x7e]+$/.test(key) ? key.toUpperCase() : placeholder;
  return `${PREFIX[kind]}${upper}`;
}
