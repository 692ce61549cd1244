// The names Airflow puts in a task's Jinja context (the templates reference page, 2.x and 3.x),
// described in the project's words. Feeds the hover on `{{ ... }}` in DAG files.
import { ownEntry } from '../ownEntry';

export const CONTEXT_NAMES: Readonly<Record<string, string>> = {
  ds: 'The run\'s logical date as `YYYY-MM-DD`. The same for every try of the run: keeps re-runs idempotent.',
  ds_nodash: 'The run\'s logical date as `YYYYMMDD`.',
  ts: 'The run\'s logical date and time, ISO 8601 (`2024-01-31T00:00:00+00:00`).',
  ts_nodash: 'The logical date and time as `YYYYMMDDTHHMMSS`.',
  ts_nodash_with_tz: 'The logical date and time as `YYYYMMDDTHHMMSS+0000`.',
  logical_date: 'The run\'s logical date, a pendulum `DateTime` (`{{ logical_date.strftime("%Y/%m") }}`). Called `execution_date` before Airflow 2.2.',
  execution_date: 'The run\'s logical date. Deprecated since Airflow 2.2 and removed in 3.0: use `logical_date`.',
  data_interval_start: 'The start of the data interval the run covers (a pendulum `DateTime`).',
  data_interval_end: 'The end of the data interval the run covers (a pendulum `DateTime`).',
  prev_data_interval_start_success: 'The start of the data interval of the previous successful run, or None.',
  prev_data_interval_end_success: 'The end of the data interval of the previous successful run, or None.',
  prev_start_date_success: 'When the previous successful run started, or None.',
  prev_end_date_success: 'When the previous successful run ended, or None.',
  next_ds: 'The next run\'s logical date as `YYYY-MM-DD`. Deprecated in Airflow 2.2, removed in 3.0: use `data_interval_end | ds`.',
  prev_ds: 'The previous run\'s logical date as `YYYY-MM-DD`. Deprecated in Airflow 2.2, removed in 3.0.',
  yesterday_ds: 'The day before the logical date. Deprecated in Airflow 2.2, removed in 3.0.',
  tomorrow_ds: 'The day after the logical date. Deprecated in Airflow 2.2, removed in 3.0.',
  dag: 'The DAG object.',
  task: 'The task (operator) object.',
  task_instance: 'The running task instance: `xcom_pull`, `try_number`, `map_index`, ...',
  ti: 'The running task instance (same as `task_instance`): `{{ ti.xcom_pull(task_ids="x") }}`.',
  task_instance_key_str: 'A unique key of the task instance: `dag_id__task_id__YYYYMMDD`.',
  run_id: 'The id of the DAG run (`scheduled__2024-01-31T00:00:00+00:00`, `manual__...`).',
  dag_run: 'The DagRun object: `{{ dag_run.conf }}`, `{{ dag_run.run_type }}`, ...',
  params: 'The DAG\'s and task\'s params, overridden by the trigger\'s conf: `{{ params.name }}`.',
  conf: 'Airflow\'s configuration (`{{ conf.get("core", "dags_folder") }}`), not the run\'s conf (that is `dag_run.conf`).',
  macros: 'Helper functions and modules: `macros.ds_add(ds, 7)`, `macros.datetime`, `macros.timedelta`, ...',
  var: 'Airflow Variables, read when the task runs (not at every parse): `{{ var.value.name }}` (a string), `{{ var.json.name }}` (parsed JSON), `{{ var.value.get("name", "fallback") }}`.',
  conn: 'Airflow connections, read when the task runs: `{{ conn.my_conn.host }}`, `.login`, `.password`, `.port`, `.schema`, `.extra_dejson.key`.',
  test_mode: 'Whether the task runs under `airflow tasks test`.',
  inlets: 'The task\'s inlets (lineage).',
  outlets: 'The task\'s outlets (assets or datasets it updates).',
  triggering_dataset_events: 'The dataset events that triggered a data-aware run (Airflow 2.4 to 2.10).',
  triggering_asset_events: 'The asset events that triggered an asset-scheduled run (Airflow 3).',
  map_index_template: 'The template for the name of a mapped task instance in the UI.',
  expanded_ti_count: 'How many instances a mapped task expanded to.',
  templates_dict: 'The rendered `templates_dict` argument of a PythonOperator.',
};

const CONNECTION_FIELDS: Readonly<Record<string, string>> = {
  host: 'the host', login: 'the login (user name)', password: 'the password', port: 'the port', schema: 'the schema (database)',
  extra: 'the extra field as a JSON string', extra_dejson: 'the extra field parsed from JSON', conn_type: 'the connection type', conn_id: 'the connection id',
  get_uri: 'the connection as a URI',
};

/** Markdown for a dotted name in a template: `var.value.env`, `conn.db.host`, `ds`, `logical_date.year`. */
export function describeTemplateName(path: readonly string[]): string | null {
  const [head, second, third, fourth] = path;
  if (head === 'var' && (second === 'value' || second === 'json') && third && third !== 'get') {
    const shape = second === 'json' ? `parsed from JSON${fourth ? `, then its \`${path.slice(3).join('.')}\` member` : ''}` : 'as a string';
    return `**Airflow Variable \`${third}\`**, ${shape}.\n\nRead from the secrets backend or the metadata database when the task runs, not when the DAG file is parsed. A missing variable fails the rendering: \`var.${second}.get("${third}", "fallback")\` gives a default.`;
  }
  if (head === 'conn' && second) {
    const field = third ? ownEntry(CONNECTION_FIELDS, third) : undefined;
    const what = third ? (field ? `${field} of connection \`${second}\`` : `\`${third}\` of connection \`${second}\``) : `connection \`${second}\``;
    return `**Airflow connection**: ${what}${third === 'extra_dejson' && fourth ? `, key \`${fourth}\`` : ''}.\n\nRead when the task runs, not when the DAG file is parsed.`;
  }
  const text = ownEntry(CONTEXT_NAMES, head);
  if (!text) return null;
  return `**\`${head}\`** (template context)\n\n${text}`;
}
