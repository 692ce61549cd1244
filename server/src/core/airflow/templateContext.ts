// The names Airflow puts in a task's Jinja context, per major version, described in the project's
// words (the hover on `{{ ... }}`), and what Airflow 3 removed with the replacement Airflow itself
// named (DG603). Sources, read from apache/airflow:
// - Airflow 2 (2.10): airflow/utils/context.py, KNOWN_CONTEXT_KEYS ("keep in sync with
//   context.pyi and templates-ref.rst"), and Context._DEPRECATION_REPLACEMENTS in the same file;
// - Airflow 3: task-sdk/src/airflow/sdk/definitions/context.py, the Context TypedDict whose keys
//   are KNOWN_CONTEXT_KEYS.
import { ownEntry } from '../ownEntry';

export const CONTEXT_NAMES: Readonly<Record<string, string>> = {
  ds: "The run's logical date as `YYYY-MM-DD`. The same for every try of the run: keeps re-runs idempotent.",
  ds_nodash: "The run's logical date as `YYYYMMDD`.",
  ts: "The run's logical date and time, ISO 8601 (`2024-01-31T00:00:00+00:00`).",
  ts_nodash: 'The logical date and time as `YYYYMMDDTHHMMSS`.',
  ts_nodash_with_tz: 'The logical date and time as `YYYYMMDDTHHMMSS+0000`.',
  logical_date:
    'The run\'s logical date, a pendulum `DateTime` (`{{ logical_date.strftime("%Y/%m") }}`). Called `execution_date` before Airflow 2.2.',
  execution_date: "The run's logical date. Deprecated since Airflow 2.2 and removed in 3.0: use `logical_date`.",
  data_interval_start: 'The start of the data interval the run covers (a pendulum `DateTime`).',
  data_interval_end: 'The end of the data interval the run covers (a pendulum `DateTime`).',
  prev_data_interval_start_success: 'The start of the data interval of the previous successful run, or None.',
  prev_data_interval_end_success: 'The end of the data interval of the previous successful run, or None.',
  prev_start_date_success: 'When the previous successful run started, or None.',
  prev_end_date_success: 'When the previous successful run ended, or None.',
  next_ds: "The next run's logical date as `YYYY-MM-DD`. Deprecated in Airflow 2.2, removed in 3.0: use `data_interval_end | ds`.",
  prev_ds: "The previous run's logical date as `YYYY-MM-DD`. Deprecated in Airflow 2.2, removed in 3.0.",
  yesterday_ds: 'The day before the logical date. Deprecated in Airflow 2.2, removed in 3.0.',
  tomorrow_ds: 'The day after the logical date. Deprecated in Airflow 2.2, removed in 3.0.',
  dag: 'The DAG object.',
  task: 'The task (operator) object.',
  task_instance: 'The running task instance: `xcom_pull`, `try_number`, `map_index`, ...',
  ti: 'The running task instance (same as `task_instance`): `{{ ti.xcom_pull(task_ids="x") }}`.',
  task_instance_key_str: 'A unique key of the task instance: `dag_id__task_id__YYYYMMDD`.',
  run_id: 'The id of the DAG run (`scheduled__2024-01-31T00:00:00+00:00`, `manual__...`).',
  dag_run: 'The DagRun object: `{{ dag_run.conf }}`, `{{ dag_run.run_type }}`, ...',
  params: "The DAG's and task's params, overridden by the trigger's conf: `{{ params.name }}`.",
  conf: 'Airflow\'s configuration (`{{ conf.get("core", "dags_folder") }}`), not the run\'s conf (that is `dag_run.conf`).',
  macros: 'Helper functions and modules: `macros.ds_add(ds, 7)`, `macros.datetime`, `macros.timedelta`, ...',
  var: 'Airflow Variables, read when the task runs (not at every parse): `{{ var.value.name }}` (a string), `{{ var.json.name }}` (parsed JSON), `{{ var.value.get("name", "fallback") }}`.',
  conn: 'Airflow connections, read when the task runs: `{{ conn.my_conn.host }}`, `.login`, `.password`, `.port`, `.schema`, `.extra_dejson.key`.',
  test_mode: 'Whether the task runs under `airflow tasks test`.',
  inlets: "The task's inlets (lineage).",
  outlets: "The task's outlets (assets or datasets it updates).",
  triggering_dataset_events: 'The dataset events that triggered a data-aware run (Airflow 2.4 to 2.10).',
  triggering_asset_events: 'The asset events that triggered an asset-scheduled run (Airflow 3).',
  map_index_template: 'The template for the name of a mapped task instance in the UI.',
  expanded_ti_count: 'How many instances a mapped task expanded to.',
  templates_dict: 'The rendered `templates_dict` argument of a PythonOperator.',
  next_ds_nodash: "The next run's logical date as `YYYYMMDD`. Removed in Airflow 3.0: use `data_interval_end | ds_nodash`.",
  prev_ds_nodash: "The previous run's logical date as `YYYYMMDD`. Removed in Airflow 3.0.",
  yesterday_ds_nodash: 'The day before the logical date as `YYYYMMDD`. Removed in Airflow 3.0.',
  tomorrow_ds_nodash: 'The day after the logical date as `YYYYMMDD`. Removed in Airflow 3.0.',
  next_execution_date: "The next run's logical date. Removed in Airflow 3.0: use `data_interval_end`.",
  prev_execution_date: "The previous run's logical date. Removed in Airflow 3.0.",
  prev_execution_date_success:
    'The logical date of the previous successful run. Removed in Airflow 3.0: use `prev_data_interval_start_success`.',
  try_number: 'The try being run (1 for the first).',
  exception: 'The exception that failed the task, in failure callbacks.',
  reason: 'Why the task is being run again or skipped, where Airflow says.',
  inlet_events: "The events of the task's inlets (assets or datasets).",
  outlet_events: "Extra information to attach to the events of the task's outlets.",
  start_date: 'When the task instance started (Airflow 3).',
  task_reschedule_count: 'How many times a sensor in reschedule mode was rescheduled (Airflow 3).',
};

/** Airflow 2.10's KNOWN_CONTEXT_KEYS (airflow/utils/context.py). Earlier 2.x minors have a subset. */
const AIRFLOW_2_KEYS = [
  'conf',
  'conn',
  'dag',
  'dag_run',
  'data_interval_end',
  'data_interval_start',
  'ds',
  'ds_nodash',
  'execution_date',
  'expanded_ti_count',
  'exception',
  'inlets',
  'inlet_events',
  'logical_date',
  'macros',
  'map_index_template',
  'next_ds',
  'next_ds_nodash',
  'next_execution_date',
  'outlets',
  'outlet_events',
  'params',
  'prev_data_interval_start_success',
  'prev_data_interval_end_success',
  'prev_ds',
  'prev_ds_nodash',
  'prev_execution_date',
  'prev_execution_date_success',
  'prev_start_date_success',
  'prev_end_date_success',
  'reason',
  'run_id',
  'task',
  'task_instance',
  'task_instance_key_str',
  'test_mode',
  'templates_dict',
  'ti',
  'tomorrow_ds',
  'tomorrow_ds_nodash',
  'triggering_dataset_events',
  'ts',
  'ts_nodash',
  'ts_nodash_with_tz',
  'try_number',
  'var',
  'yesterday_ds',
  'yesterday_ds_nodash',
];

/** Airflow 3's Context TypedDict (task-sdk/src/airflow/sdk/definitions/context.py). */
const AIRFLOW_3_KEYS = [
  'conn',
  'dag',
  'dag_run',
  'data_interval_end',
  'data_interval_start',
  'outlet_events',
  'ds',
  'ds_nodash',
  'expanded_ti_count',
  'exception',
  'inlets',
  'inlet_events',
  'logical_date',
  'macros',
  'map_index_template',
  'outlets',
  'params',
  'prev_data_interval_start_success',
  'prev_data_interval_end_success',
  'prev_start_date_success',
  'prev_end_date_success',
  'reason',
  'run_id',
  'start_date',
  'task',
  'task_reschedule_count',
  'task_instance',
  'task_instance_key_str',
  'templates_dict',
  'test_mode',
  'ti',
  'triggering_asset_events',
  'try_number',
  'ts',
  'ts_nodash',
  'ts_nodash_with_tz',
  'var',
];

const KEYS: Readonly<Record<2 | 3, ReadonlySet<string>>> = { 2: new Set(AIRFLOW_2_KEYS), 3: new Set(AIRFLOW_3_KEYS) };

/** The context's names for a major version; null (unknown version): the names of either. */
export function contextNames(version: 2 | 3 | null): ReadonlySet<string> {
  return version ? KEYS[version] : new Set([...AIRFLOW_2_KEYS, ...AIRFLOW_3_KEYS]);
}

export interface ContextRemoval {
  /** Jinja expression to write instead, or null when Airflow names none. */
  replacement: string | null;
  /** The replacement renders the same text in every run. */
  same: boolean;
  /** How the meaning shifts, or where the advice comes from. */
  note: string;
}

/**
 * Names in Airflow 2.10's context that Airflow 3's lacks. Replacements are the ones Airflow 2's
 * deprecation warning names (Context._DEPRECATION_REPLACEMENTS), plus `macros.ds_add` for the day
 * before and after, which computes the same string.
 */
export const REMOVED_IN_AIRFLOW_3: Readonly<Record<string, ContextRemoval>> = {
  execution_date: { replacement: 'logical_date', same: true, note: '`logical_date` is the same value under its Airflow 2.2+ name' },
  next_ds: {
    replacement: 'data_interval_end | ds',
    same: false,
    note: "for a scheduled run the end of the data interval is the next run's date, but `next_ds` was None for a manually triggered run and a custom timetable can make them differ",
  },
  next_ds_nodash: {
    replacement: 'data_interval_end | ds_nodash',
    same: false,
    note: "for a scheduled run the end of the data interval is the next run's date, but `next_ds_nodash` was None for a manually triggered run and a custom timetable can make them differ",
  },
  next_execution_date: {
    replacement: 'data_interval_end',
    same: false,
    note: "for a scheduled run the end of the data interval is the next run's logical date, but not for a manually triggered run or a custom timetable",
  },
  prev_execution_date_success: {
    replacement: 'prev_data_interval_start_success',
    same: false,
    note: "the start of the previous successful run's data interval, which is its logical date only for interval-based schedules",
  },
  yesterday_ds: { replacement: 'macros.ds_add(ds, -1)', same: true, note: '`macros.ds_add(ds, -1)` writes the same day' },
  tomorrow_ds: { replacement: 'macros.ds_add(ds, 1)', same: true, note: '`macros.ds_add(ds, 1)` writes the same day' },
  triggering_dataset_events: {
    replacement: 'triggering_asset_events',
    same: false,
    note: 'datasets are assets in Airflow 3, and the events are keyed by asset rather than by URI',
  },
  prev_ds: {
    replacement: null,
    same: false,
    note: "Airflow names no replacement; `prev_data_interval_start_success | ds` is the previous *successful* run's",
  },
  prev_ds_nodash: { replacement: null, same: false, note: 'Airflow names no replacement' },
  prev_execution_date: { replacement: null, same: false, note: 'Airflow names no replacement' },
  yesterday_ds_nodash: { replacement: null, same: false, note: 'write `macros.ds_format(macros.ds_add(ds, -1), "%Y-%m-%d", "%Y%m%d")`' },
  tomorrow_ds_nodash: { replacement: null, same: false, note: 'write `macros.ds_format(macros.ds_add(ds, 1), "%Y-%m-%d", "%Y%m%d")`' },
  conf: { replacement: null, same: false, note: "Airflow's configuration is no longer in the context; `dag_run.conf` is the run's conf" },
};

const CONNECTION_FIELDS: Readonly<Record<string, string>> = {
  host: 'the host',
  login: 'the login (user name)',
  password: 'the password',
  port: 'the port',
  schema: 'the schema (database)',
  extra: 'the extra field as a JSON string',
  extra_dejson: 'the extra field parsed from JSON',
  conn_type: 'the connection type',
  conn_id: 'the connection id',
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
    const what = third
      ? field
        ? `${field} of connection \`${second}\``
        : `\`${third}\` of connection \`${second}\``
      : `connection \`${second}\``;
    return `**Airflow connection**: ${what}${third === 'extra_dejson' && fourth ? `, key \`${fourth}\`` : ''}.\n\nRead when the task runs, not when the DAG file is parsed.`;
  }
  const text = ownEntry(CONTEXT_NAMES, head);
  if (!text) return null;
  return `**\`${head}\`** (template context)\n\n${text}`;
}

/** The type of each context name, as Airflow 3's Context TypedDict declares it (Airflow 2's, where only it has the name). */
export const CONTEXT_TYPES: Readonly<Record<string, string>> = {
  conn: 'connection accessor',
  dag: 'DAG',
  dag_run: 'DagRun',
  data_interval_end: 'DateTime | None',
  data_interval_start: 'DateTime | None',
  outlet_events: 'OutletEventAccessors',
  ds: 'str',
  ds_nodash: 'str',
  expanded_ti_count: 'int | None',
  exception: 'BaseException | str | None',
  inlets: 'list',
  inlet_events: 'InletEventsAccessors',
  logical_date: 'DateTime',
  macros: 'module',
  map_index_template: 'str | None',
  outlets: 'list',
  params: 'dict[str, Any]',
  prev_data_interval_start_success: 'DateTime | None',
  prev_data_interval_end_success: 'DateTime | None',
  prev_start_date_success: 'DateTime | None',
  prev_end_date_success: 'DateTime | None',
  reason: 'str | None',
  run_id: 'str',
  start_date: 'DateTime',
  task: 'BaseOperator',
  task_reschedule_count: 'int',
  task_instance: 'TaskInstance',
  task_instance_key_str: 'str',
  templates_dict: 'dict | None',
  test_mode: 'bool',
  ti: 'TaskInstance',
  triggering_asset_events: 'Mapping[Asset, list[AssetEvent]]',
  try_number: 'int | None',
  ts: 'str',
  ts_nodash: 'str',
  ts_nodash_with_tz: 'str',
  var: 'Variable accessor',
  conf: 'AirflowConfigParser',
  execution_date: 'DateTime',
  next_ds: 'str | None',
  next_ds_nodash: 'str | None',
  next_execution_date: 'DateTime | None',
  prev_ds: 'str | None',
  prev_ds_nodash: 'str | None',
  prev_execution_date: 'DateTime | None',
  prev_execution_date_success: 'DateTime | None',
  tomorrow_ds: 'str',
  tomorrow_ds_nodash: 'str',
  yesterday_ds: 'str',
  yesterday_ds_nodash: 'str',
  triggering_dataset_events: 'Mapping[str, list[DatasetEvent]]',
};

/** `macros.*`: what airflow/macros/__init__.py (2.x) and airflow/sdk/execution_time/macros.py (3.x) offer. */
export const MACROS: Readonly<Record<string, string>> = {
  ds_add: '`macros.ds_add(ds, days)`: a `YYYY-MM-DD` date moved by `days` (`macros.ds_add(ds, -1)` is the day before).',
  ds_format: '`macros.ds_format(ds, input_format, output_format)`: a date string rewritten in another format.',
  datetime_diff_for_humans: '`macros.datetime_diff_for_humans(dt, since=None)`: "3 hours ago" and the like.',
  datetime: "Python's `datetime.datetime` class.",
  timedelta: "Python's `datetime.timedelta` class.",
  dateutil: 'The `dateutil` package (`macros.dateutil.relativedelta.relativedelta(months=1)`).',
  time: "Python's `time` module.",
  uuid: "Python's `uuid` module.",
  random: "Python's `random.random` function.",
  json: "Python's `json` module (`macros.json.dumps(...)`).",
};
