// What the DAG and task (operator) arguments a DAG author tunes mean, and which airflow.cfg key
// sets their default. Facts from Airflow's DAG and BaseOperator signatures (2.x and 3.x) and
// config.yml; the sentences are the project's own. Feeds the hover in DAG files.

export interface ArgumentDoc {
  description: string;
  /** The airflow.cfg key whose value is the default, when one does. */
  config?: { section: string; key: string };
  /** The default when no config key sets it. */
  default?: string;
  /** Only sensors take it. */
  sensorOnly?: boolean;
  /** Version notes (renamed, removed). */
  note?: string;
}

const callbacks = (when: string): ArgumentDoc => ({
  description: `A function (or list of functions) called with the task instance's context ${when}. It runs in the worker (or the DAG processor, for DAG-level callbacks), not at parse time.`,
});

export const TASK_ARGUMENTS: Readonly<Record<string, ArgumentDoc>> = {
  task_id: { description: "The task's name, unique within its DAG (prefixed with the task group's id inside a group)." },
  owner: {
    description: 'Who owns the task, shown in the UI.',
    config: { section: 'operators', key: 'default_owner' },
    default: '"airflow"',
  },
  pool: {
    description: 'The pool whose slots the task takes while it runs; a full pool makes the task wait in the queue.',
    default: '"default_pool" (its size: [core] default_pool_task_slot_count, 128)',
  },
  pool_slots: {
    description: 'How many slots of its pool the task takes. A task needing more slots than the pool has never runs.',
    default: '1',
  },
  priority_weight: {
    description: "The task's priority among queued tasks; `weight_rule` decides how weights of other tasks are added to it.",
    default: '1',
  },
  weight_rule: {
    description:
      'How the effective priority is computed: `downstream` (plus all descendants: the start of a DAG goes first), `upstream` (plus all ancestors: started runs finish first) or `absolute` (its own weight only, the cheapest for the scheduler).',
    config: { section: 'core', key: 'default_task_weight_rule' },
  },
  queue: {
    description: 'The executor queue the task is sent to (Celery workers listen to named queues).',
    config: { section: 'operators', key: 'default_queue' },
    default: '"default"',
  },
  max_active_tis_per_dag: {
    description: 'How many instances of this task may run at once, over all runs of the DAG.',
    note: 'Called `task_concurrency` before Airflow 2.2.',
  },
  max_active_tis_per_dagrun: { description: 'How many mapped instances of this task may run at once within one DAG run.' },
  retries: {
    description: 'How many times a failed task is retried before it is marked failed.',
    config: { section: 'core', key: 'default_task_retries' },
  },
  retry_delay: {
    description: 'How long to wait between retries (a `timedelta` or seconds).',
    config: { section: 'core', key: 'default_task_retry_delay' },
  },
  retry_exponential_backoff: { description: 'Double the wait after each retry, up to `max_retry_delay`.', default: 'False' },
  max_retry_delay: {
    description: 'The longest wait between retries with exponential backoff.',
    config: { section: 'core', key: 'max_task_retry_delay' },
  },
  execution_timeout: {
    description: 'The longest one try of the task may run; then it fails (and may retry).',
    config: { section: 'core', key: 'default_task_execution_timeout' },
  },
  depends_on_past: {
    description: 'Run the task only when its previous run (in the previous DAG run) succeeded or was skipped.',
    default: 'False',
  },
  wait_for_downstream: {
    description: 'Also wait for the tasks directly downstream of the previous run of this task (implies `depends_on_past`).',
    default: 'False',
  },
  trigger_rule: {
    description: "When the task runs depending on its upstream tasks' states: `all_success`, `all_done`, `one_failed`, `none_failed`, ...",
    default: '"all_success"',
  },
  start_date: {
    description:
      'The first logical date the task is scheduled for. Use a fixed date: a value computed at parse time (now, days_ago) moves at every parse.',
  },
  end_date: { description: 'The last logical date the task is scheduled for.' },
  default_args: { description: 'Arguments applied to every task of the DAG that does not set them itself.' },
  sla: {
    description: "How long after the run's scheduled time the task should have finished; a miss calls `sla_miss_callback`.",
    note: 'Removed in Airflow 3.',
  },
  on_failure_callback: callbacks('when the task fails'),
  on_success_callback: callbacks('when the task succeeds'),
  on_retry_callback: callbacks('when the task is up for retry'),
  on_execute_callback: callbacks('right before the task runs'),
  on_skipped_callback: callbacks('when the task is skipped'),
  executor_config: { description: 'Settings for the executor that runs the task, e.g. a pod override for the KubernetesExecutor.' },
  do_xcom_push: { description: 'Push the return value of `execute` to XCom.', default: 'True' },
  email: { description: 'Addresses that get the failure and retry emails.' },
  run_as_user: {
    description: 'The Unix user the task runs as (needs sudo on the worker).',
    config: { section: 'core', key: 'default_impersonation' },
  },
  mode: {
    description: 'How a sensor waits: `poke` holds a worker slot for the whole wait; `reschedule` frees it between pokes.',
    default: '"poke"',
    sensorOnly: true,
  },
  poke_interval: { description: "Seconds between two checks of the sensor's condition.", default: '60', sensorOnly: true },
  timeout: {
    description: 'Seconds the sensor may wait in total before it fails (or skips, with `soft_fail`).',
    default: '7 days (604800 s)',
    sensorOnly: true,
  },
  soft_fail: { description: 'Mark the sensor skipped instead of failed when it times out.', default: 'False', sensorOnly: true },
  exponential_backoff: { description: 'Wait longer between pokes each time.', default: 'False', sensorOnly: true },
  deferrable: {
    description: 'Hand the wait to the triggerer instead of holding a worker slot (needs a running triggerer).',
    config: { section: 'operators', key: 'default_deferrable' },
    default: 'False',
  },
};

export const DAG_ARGUMENTS: Readonly<Record<string, ArgumentDoc>> = {
  dag_id: { description: "The DAG's name, unique in the deployment. A value that changes between parses makes a new DAG each time." },
  schedule: {
    description: 'When the DAG runs: a cron expression, a preset (`@daily`), a `timedelta`, a timetable, assets/datasets, or None.',
    note: 'Airflow 2.4+; replaces `schedule_interval` and `timetable`.',
  },
  schedule_interval: { description: 'The schedule of the DAG.', note: 'Deprecated in Airflow 2.4, removed in 3.0: use `schedule`.' },
  timetable: { description: 'A custom timetable for the DAG.', note: 'Deprecated in Airflow 2.4, removed in 3.0: use `schedule`.' },
  catchup: {
    description: 'Whether the scheduler creates the runs missed between `start_date` (or the last run) and now.',
    config: { section: 'scheduler', key: 'catchup_by_default' },
  },
  start_date: {
    description:
      'The first logical date of the DAG. Use a fixed date: a value computed at parse time (now, days_ago) moves at every parse.',
  },
  end_date: { description: 'The last logical date the DAG is scheduled for.' },
  max_active_runs: {
    description: 'How many runs of this DAG may be active at once.',
    config: { section: 'core', key: 'max_active_runs_per_dag' },
  },
  max_active_tasks: {
    description: 'How many task instances of this DAG may run at once, over all its runs.',
    config: { section: 'core', key: 'max_active_tasks_per_dag' },
    note: 'Called `concurrency` before Airflow 2.2.',
  },
  concurrency: {
    description: 'How many task instances of this DAG may run at once.',
    note: 'Renamed to `max_active_tasks` in Airflow 2.2.',
    config: { section: 'core', key: 'max_active_tasks_per_dag' },
  },
  max_consecutive_failed_dag_runs: {
    description: 'Pause the DAG after this many failed runs in a row (0: never).',
    config: { section: 'core', key: 'max_consecutive_failed_dag_runs_per_dag' },
  },
  dagrun_timeout: { description: 'How long a run may take before it is failed (its running tasks are stopped).' },
  default_args: {
    description: 'Arguments applied to every task of the DAG that does not set them itself (`retries`, `owner`, `pool`, ...).',
  },
  render_template_as_native_obj: {
    description: 'Render templates to Python objects (lists, dicts, numbers) instead of strings.',
    default: 'False',
  },
  template_searchpath: {
    description: "Folders where Jinja looks for template files (`.sql`, `.sh`) in addition to the DAG file's folder.",
  },
  template_undefined: {
    description: 'The Jinja `Undefined` class for names a template does not know (`jinja2.StrictUndefined` makes them errors).',
  },
  user_defined_macros: { description: "Extra names (values or functions) available in this DAG's templates." },
  user_defined_filters: { description: "Extra Jinja filters available in this DAG's templates." },
  params: { description: "Parameters of a run, with defaults; `{{ params.x }}` in templates, overridable by the trigger's conf." },
  tags: { description: 'Labels to filter DAGs by in the UI.' },
  description: { description: 'One line about the DAG, shown in the UI.' },
  doc_md: { description: "Markdown documentation shown on the DAG's page." },
  is_paused_upon_creation: {
    description: 'Whether the DAG starts paused the first time it appears.',
    config: { section: 'core', key: 'dags_are_paused_at_creation' },
  },
  on_failure_callback: callbacks('when a run fails'),
  on_success_callback: callbacks('when a run succeeds'),
  sla_miss_callback: { ...callbacks('when tasks miss their SLA'), note: 'Removed in Airflow 3.' },
  fail_stop: { description: 'Stop the other running tasks of a run as soon as one task fails.', default: 'False' },
  dag_display_name: { description: 'The name shown in the UI instead of the dag_id.' },
  access_control: { description: 'Per-role permissions on this DAG.' },
  owner_links: { description: 'Links shown for the owners in the UI.' },
};
