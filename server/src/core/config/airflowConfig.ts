// The Airflow configuration keys DAG Guard knows: section, key, type, default, renames and moves.
//
// Where the facts come from: Airflow's own option catalogue, `config.yml`
// (airflow/config_templates/config.yml in 2.10, airflow-core/src/airflow/config_templates/config.yml
// in 3.0); the renames, moves and removals live in moves.ts, each with its source. They were written down
// from those sources without network access, so where a default was not certain it was left out:
// such keys are in KNOWN_NAMES only (recognised, never reported as unknown, no hover text). The
// descriptions are the project's own words. `default` is the value as config.yml writes it; null
// means the option is unset by default (None).
//
// Adding a key: append to KEYS under its section; the completeness test checks that every entry
// has a description and a default and that names are unique.

export { MOVES, REMOVALS, SECTION_MOVES, type ConfigMove, type ConfigRemoval } from './moves';

export type ConfigType = 'integer' | 'float' | 'boolean' | 'string';

export interface ConfigKeySpec {
  section: string;
  key: string;
  type: ConfigType;
  /** The default as config.yml writes it; null: unset (None). */
  default: string | null;
  /** The Airflow 3 default, when it differs. */
  default3?: string | null;
  /** A fixed set of accepted values (compared case-insensitively). */
  values?: readonly string[];
  description: string;
  /** Holds a secret: Airflow also reads `<key>_cmd` / `<key>_secret` (and `AIRFLOW__S__K_CMD`). */
  sensitive?: boolean;
  /** Airflow version that added the key, when newer than 2.0. */
  since?: string;
  /** Airflow version that removed the key. */
  removedIn?: string;
}

const k = (section: string, key: string, type: ConfigType, def: string | null, description: string, extra: Partial<ConfigKeySpec> = {}): ConfigKeySpec =>
  ({ section, key, type, default: def, description, ...extra });

export const CONFIG_SOURCE = "Airflow's config.yml (2.10 and 3.0), deprecated_options (2.x) and CONFIGS_CHANGES (3.0)";

export const KEYS: readonly ConfigKeySpec[] = [
  // --- [core] ------------------------------------------------------------------------------------
  k('core', 'dags_folder', 'string', '{AIRFLOW_HOME}/dags', 'The folder the DAG processor scans for DAG files. Use an absolute path.'),
  k('core', 'default_timezone', 'string', 'utc', 'The time zone of naive datetimes in DAG files (start_date without tzinfo), e.g. `utc` or `Europe/Amsterdam`.'),
  k('core', 'executor', 'string', 'SequentialExecutor', 'How task instances are run: `LocalExecutor`, `CeleryExecutor`, `KubernetesExecutor`, a comma-separated list (2.10+), or the import path of a custom executor.', { default3: 'LocalExecutor' }),
  k('core', 'parallelism', 'integer', '32', 'The most task instances that may run at once per scheduler, across all DAGs. The outermost of the stacked limits (then pools, per-DAG and per-task limits).'),
  k('core', 'max_active_tasks_per_dag', 'integer', '16', 'The default for the DAG argument `max_active_tasks`: how many task instances of one DAG may run at once, over all its runs.'),
  k('core', 'dags_are_paused_at_creation', 'boolean', 'True', 'Whether a DAG that appears for the first time starts paused.'),
  k('core', 'max_active_runs_per_dag', 'integer', '16', 'The default for the DAG argument `max_active_runs`: how many runs of one DAG may be active at once.'),
  k('core', 'max_consecutive_failed_dag_runs_per_dag', 'integer', '0', 'Pause a DAG automatically after this many failed runs in a row (0: never). The DAG argument `max_consecutive_failed_dag_runs` overrides it.', { since: '2.9' }),
  k('core', 'load_examples', 'boolean', 'True', 'Whether to load the example DAGs that ship with Airflow. Turn it off in production.'),
  k('core', 'plugins_folder', 'string', '{AIRFLOW_HOME}/plugins', 'The folder Airflow loads plugins from.'),
  k('core', 'fernet_key', 'string', '', 'The key that encrypts connection passwords and variables in the metadata database. Keep it secret and the same on every component.', { sensitive: true }),
  k('core', 'dagbag_import_timeout', 'float', '30.0', 'Seconds one DAG file may take to import. A file that takes longer becomes a "Broken DAG: DagBag import timeout" and none of its DAGs are scheduled.'),
  k('core', 'dagbag_import_error_tracebacks', 'boolean', 'True', 'Whether import errors shown in the UI include the traceback.'),
  k('core', 'dagbag_import_error_traceback_depth', 'integer', '2', 'How many frames of the traceback an import error keeps.'),
  k('core', 'dag_file_processor_timeout', 'integer', '50', 'Seconds the DAG processor may spend on one file before it is killed. Keep it larger than `dagbag_import_timeout`, or a slow file is killed before its import timeout is reported. In Airflow 3 it lives in `[dag_processor]`.'),
  k('core', 'default_impersonation', 'string', '', 'The Unix user tasks run as when they set no `run_as_user` (empty: the worker\'s user).'),
  k('core', 'killed_task_cleanup_time', 'integer', '60', 'Seconds a task gets to clean up after it was asked to stop, before it is killed.'),
  k('core', 'dag_run_conf_overrides_params', 'boolean', 'True', 'Whether the `conf` a run is triggered with overrides the DAG\'s `params`.'),
  k('core', 'dag_discovery_safe_mode', 'boolean', 'True', 'Only parse files that contain both "airflow" and "dag" (case-insensitive). Files without them are skipped, DAGs and all.'),
  // Default regexp in Airflow 2 (airflow/utils/file.py find_path_from_directory), glob from 3.0 (config.yml, airflow/utils/file.py find_dag_file_paths).
  k('core', 'dag_ignore_file_syntax', 'string', 'regexp', 'How the patterns in `.airflowignore` files are read: `regexp` or `glob`.', { values: ['regexp', 'glob'], default3: 'glob' }),
  k('core', 'default_task_retries', 'integer', '0', 'The default for the task argument `retries`.'),
  k('core', 'default_task_retry_delay', 'integer', '300', 'The default for the task argument `retry_delay`, in seconds.'),
  k('core', 'max_task_retry_delay', 'integer', '86400', 'The longest delay between retries, in seconds, also with `retry_exponential_backoff`.', { since: '2.6' }),
  k('core', 'default_task_weight_rule', 'string', 'downstream', 'The default for the task argument `weight_rule`: how a task\'s effective priority is computed from `priority_weight` (`downstream`, `upstream` or `absolute`).', { values: ['downstream', 'upstream', 'absolute'] }),
  k('core', 'default_task_execution_timeout', 'string', '', 'The default for the task argument `execution_timeout`, in seconds (empty: no timeout).'),
  k('core', 'min_serialized_dag_update_interval', 'integer', '30', 'Seconds between updates of a DAG\'s serialized form in the database. A DAG that changes at every parse writes at most this often.'),
  k('core', 'compress_serialized_dags', 'boolean', 'False', 'Whether serialized DAGs are stored compressed in the database (smaller, but the UI cannot show DAG dependencies from them).'),
  k('core', 'min_serialized_dag_fetch_interval', 'integer', '10', 'Seconds the webserver waits before it re-reads a serialized DAG.'),
  k('core', 'max_num_rendered_ti_fields_per_task', 'integer', '30', 'How many rendered template-field records to keep per task (0: all).'),
  k('core', 'lazy_load_plugins', 'boolean', 'True', 'Load plugins only when they are needed rather than at the start of every process.'),
  k('core', 'lazy_discover_providers', 'boolean', 'True', 'Discover installed providers only when they are needed.'),
  k('core', 'hide_sensitive_var_conn_fields', 'boolean', 'True', 'Mask the values of variables and connection fields whose names look secret, in logs and in the UI.'),
  k('core', 'sensitive_var_conn_names', 'string', '', 'Extra comma-separated name fragments that mark a variable or connection field as secret.'),
  k('core', 'default_pool_task_slot_count', 'integer', '128', 'The size of `default_pool` when it is first created. Changing it later does not resize an existing pool.'),
  k('core', 'max_map_length', 'integer', '1024', 'The most task instances one dynamically mapped task may expand to.'),
  k('core', 'execute_tasks_new_python_interpreter', 'boolean', 'False', 'Run each task in a fresh Python interpreter instead of a fork of the worker.'),
  k('core', 'mp_start_method', 'string', null, 'How Airflow starts child processes: `fork`, `spawn` or `forkserver` (unset: the platform default).', { values: ['fork', 'spawn', 'forkserver'] }),
  k('core', 'test_connection', 'string', 'Disabled', 'Whether the UI and API may test connections: `Disabled`, `Enabled` or `Hidden`.', { values: ['Disabled', 'Enabled', 'Hidden'], since: '2.7' }),
  k('core', 'max_templated_field_length', 'integer', '4096', 'Rendered template fields longer than this are truncated when they are stored for the UI.', { since: '2.9' }),
  k('core', 'unit_test_mode', 'boolean', 'False', 'Test mode: Airflow\'s own test suite sets it. Never in production.'),
  k('core', 'allowed_deserialization_classes', 'string', 'airflow\\..*', 'Patterns of the classes XCom and serialized DAGs may deserialize.'),
  k('core', 'donot_pickle', 'boolean', 'True', 'Do not pickle DAGs to send them to workers.', { removedIn: '3.0' }),
  k('core', 'enable_xcom_pickling', 'boolean', 'False', 'Store XComs with pickle instead of JSON. Pickled XComs can run code when they are read.', { removedIn: '3.0' }),
  k('core', 'check_slas', 'boolean', 'True', 'Whether the scheduler checks task SLAs (`sla=`).', { removedIn: '3.0' }),

  // --- [database] --------------------------------------------------------------------------------
  k('database', 'sql_alchemy_conn', 'string', 'sqlite:///{AIRFLOW_HOME}/airflow.db', 'The SQLAlchemy URL of the metadata database. SQLite only suits trying Airflow out.', { sensitive: true }),
  k('database', 'sql_alchemy_engine_args', 'string', null, 'Extra keyword arguments (JSON) for SQLAlchemy\'s `create_engine`.', { sensitive: true }),
  k('database', 'sql_engine_encoding', 'string', 'utf-8', 'The encoding of the database connection.'),
  k('database', 'sql_alchemy_pool_enabled', 'boolean', 'True', 'Whether database connections are pooled.'),
  k('database', 'sql_alchemy_pool_size', 'integer', '5', 'How many connections the pool keeps open per process (0: no limit).'),
  k('database', 'sql_alchemy_max_overflow', 'integer', '10', 'How many connections a process may open beyond the pool size when it is busy.'),
  k('database', 'sql_alchemy_pool_recycle', 'integer', '1800', 'Seconds after which a pooled connection is replaced, before the database drops it.'),
  k('database', 'sql_alchemy_pool_pre_ping', 'boolean', 'True', 'Check a pooled connection before using it, so a dropped connection is replaced instead of failing.'),
  k('database', 'sql_alchemy_schema', 'string', '', 'The schema Airflow\'s tables live in (empty: the default schema).'),
  k('database', 'load_default_connections', 'boolean', 'True', 'Whether `airflow db migrate` creates the example connections.'),
  k('database', 'max_db_retries', 'integer', '3', 'How often an operation retries after a database error (a deadlock, an operational error).'),
  k('database', 'check_migrations', 'boolean', 'True', 'Whether components wait for the database migrations at start-up.'),

  // --- [scheduler] -------------------------------------------------------------------------------
  k('scheduler', 'job_heartbeat_sec', 'float', '5.0', 'Seconds between the heartbeats of a running task\'s job; it also checks whether the task was asked to stop.'),
  k('scheduler', 'scheduler_heartbeat_sec', 'integer', '5', 'Seconds between the scheduler\'s heartbeats.'),
  k('scheduler', 'num_runs', 'integer', '-1', 'How many scheduling loops before the scheduler exits (-1: never).'),
  k('scheduler', 'scheduler_idle_sleep_time', 'float', '1', 'Seconds the scheduler sleeps when a loop found nothing to do.'),
  k('scheduler', 'min_file_process_interval', 'integer', '30', 'Seconds before the same DAG file is parsed again. Everything at the top level of the file runs this often. In Airflow 3 it lives in `[dag_processor]`.'),
  k('scheduler', 'parsing_cleanup_interval', 'integer', '60', 'Seconds between checks for DAGs whose files are gone (they are then deactivated).', { since: '2.5' }),
  k('scheduler', 'stale_dag_threshold', 'integer', '50', 'Seconds after a file was last parsed before its DAGs that were not seen again count as stale. In Airflow 3 it lives in `[dag_processor]`.', { since: '2.6' }),
  k('scheduler', 'dag_dir_list_interval', 'integer', '300', 'Seconds between scans of the DAGs folder for new files. Airflow 3 calls it `[dag_processor] refresh_interval`.'),
  k('scheduler', 'print_stats_interval', 'integer', '30', 'Seconds between the DAG processor\'s parsing statistics in its log. In Airflow 3 it lives in `[dag_processor]`.'),
  k('scheduler', 'pool_metrics_interval', 'float', '5.0', 'Seconds between the pool usage metrics sent to StatsD.'),
  k('scheduler', 'scheduler_health_check_threshold', 'integer', '30', 'Seconds without a heartbeat after which the scheduler counts as unhealthy.'),
  k('scheduler', 'orphaned_tasks_check_interval', 'float', '300.0', 'Seconds between checks for task instances no executor knows about.'),
  k('scheduler', 'scheduler_zombie_task_threshold', 'integer', '300', 'Seconds without a heartbeat after which a running task counts as a zombie and fails. Airflow 3 calls it `task_instance_heartbeat_timeout`.'),
  k('scheduler', 'zombie_detection_interval', 'float', '10.0', 'Seconds between the scheduler\'s checks for tasks without a heartbeat. Airflow 3 calls it `task_instance_heartbeat_timeout_detection_interval`.'),
  k('scheduler', 'task_instance_heartbeat_timeout', 'integer', '300', 'Seconds without a heartbeat after which a running task is failed (Airflow 2: `scheduler_zombie_task_threshold`).', { since: '3.0' }),
  k('scheduler', 'task_instance_heartbeat_timeout_detection_interval', 'float', '10.0', 'Seconds between the scheduler\'s checks for tasks without a heartbeat (Airflow 2: `zombie_detection_interval`).', { since: '3.0' }),
  k('scheduler', 'catchup_by_default', 'boolean', 'True', 'The default for the DAG argument `catchup`: whether a DAG runs the intervals it missed since `start_date`.', { default3: 'False' }),
  k('scheduler', 'ignore_first_depends_on_past_by_default', 'boolean', 'True', 'The default for the task argument `ignore_first_depends_on_past`.'),
  k('scheduler', 'use_row_level_locking', 'boolean', 'True', 'Lock rows (SELECT ... FOR UPDATE) so that several schedulers can run at once.'),
  k('scheduler', 'max_dagruns_to_create_per_loop', 'integer', '10', 'The most DAG runs the scheduler creates in one loop.'),
  k('scheduler', 'max_dagruns_per_loop_to_schedule', 'integer', '20', 'The most DAG runs the scheduler examines in one loop.'),
  k('scheduler', 'parsing_pre_import_modules', 'boolean', 'True', 'Import the modules a DAG file imports once in the parent process before forking, so each parse does not import them again.', { since: '2.6' }),
  k('scheduler', 'parsing_processes', 'integer', '2', 'How many DAG files are parsed in parallel. In Airflow 3 it lives in `[dag_processor]`.'),
  k('scheduler', 'file_parsing_sort_mode', 'string', 'modified_time', 'The order files are parsed in: `modified_time`, `random_seeded_by_host` or `alphabetical`. In Airflow 3 it lives in `[dag_processor]`.', { values: ['modified_time', 'random_seeded_by_host', 'alphabetical'] }),
  k('scheduler', 'standalone_dag_processor', 'boolean', 'False', 'Run DAG parsing in its own `airflow dag-processor` process instead of inside the scheduler. Airflow 3 always does.', { removedIn: '3.0' }),
  k('scheduler', 'max_callbacks_per_loop', 'integer', '20', 'The most callbacks fetched per DAG-processor loop.'),
  k('scheduler', 'dag_stale_not_seen_duration', 'integer', '600', 'Seconds a DAG may go unseen by the standalone DAG processor before it is deactivated.'),
  k('scheduler', 'use_job_schedule', 'boolean', 'True', 'Whether the scheduler creates runs from DAG schedules at all.'),
  k('scheduler', 'allow_trigger_in_future', 'boolean', 'False', 'Allow triggering runs with a logical date in the future.'),
  k('scheduler', 'trigger_timeout_check_interval', 'integer', '15', 'Seconds between checks for deferred tasks whose trigger timed out.'),
  k('scheduler', 'task_queued_timeout', 'float', '600.0', 'Seconds a task may stay queued before it is failed (or retried).', { since: '2.6' }),
  k('scheduler', 'task_queued_timeout_check_interval', 'float', '120.0', 'Seconds between checks for tasks queued longer than `task_queued_timeout`.', { since: '2.6' }),
  k('scheduler', 'enable_health_check', 'boolean', 'False', 'Serve a health-check endpoint from the scheduler.'),
  k('scheduler', 'scheduler_health_check_server_port', 'integer', '8974', 'The port of the scheduler\'s health-check endpoint.'),

  // --- [dag_processor] (Airflow 3) ---------------------------------------------------------------
  k('dag_processor', 'refresh_interval', 'integer', '300', 'Seconds between scans of the DAG bundles for new files (Airflow 2: `[scheduler] dag_dir_list_interval`).', { since: '3.0' }),
  k('dag_processor', 'parsing_processes', 'integer', '2', 'How many DAG files are parsed in parallel.', { since: '3.0' }),
  k('dag_processor', 'file_parsing_sort_mode', 'string', 'modified_time', 'The order files are parsed in: `modified_time`, `random_seeded_by_host` or `alphabetical`.', { since: '3.0', values: ['modified_time', 'random_seeded_by_host', 'alphabetical'] }),
  k('dag_processor', 'max_callbacks_per_loop', 'integer', '20', 'The most callbacks fetched per DAG-processor loop.', { since: '3.0' }),
  k('dag_processor', 'min_file_process_interval', 'integer', '30', 'Seconds before the same DAG file is parsed again. Everything at the top level of the file runs this often.', { since: '3.0' }),
  k('dag_processor', 'stale_dag_threshold', 'integer', '50', 'Seconds after a file was last parsed before its DAGs that were not seen again count as stale.', { since: '3.0' }),
  k('dag_processor', 'dag_file_processor_timeout', 'integer', '50', 'Seconds the DAG processor may spend on one file before it is killed. Keep it larger than `[core] dagbag_import_timeout`.', { since: '3.0' }),
  k('dag_processor', 'print_stats_interval', 'integer', '30', 'Seconds between the DAG processor\'s parsing statistics in its log.', { since: '3.0' }),
  k('dag_processor', 'disable_bundle_versioning', 'boolean', 'False', 'Always run the latest version of a DAG bundle instead of the version a run started with.', { since: '3.0' }),
  k('dag_processor', 'bundle_refresh_check_interval', 'integer', '5', 'Seconds between checks whether a DAG bundle needs refreshing.', { since: '3.0' }),

  // --- [celery] ----------------------------------------------------------------------------------
  k('celery', 'worker_concurrency', 'integer', '16', 'How many tasks one Celery worker runs at once. Ignored when `worker_autoscale` is set.'),
  k('celery', 'worker_autoscale', 'string', null, 'The most and fewest tasks per worker, as `max,min` (e.g. `16,4`). Overrides `worker_concurrency`.'),
  k('celery', 'worker_prefetch_multiplier', 'integer', '1', 'How many tasks a worker process reserves ahead. Above 1, long tasks can hold back queued ones.'),
  k('celery', 'worker_enable_remote_control', 'boolean', 'true', 'Whether workers answer Celery\'s remote-control commands (which need a broadcast queue in the broker).'),
  k('celery', 'broker_url', 'string', 'redis://redis:6379/0', 'The URL of the Celery broker (Redis, RabbitMQ, ...).', { sensitive: true }),
  k('celery', 'result_backend', 'string', null, 'Where Celery stores task states (unset: the metadata database, through `sql_alchemy_conn`).', { sensitive: true }),
  k('celery', 'flower_host', 'string', '0.0.0.0', 'The address Flower listens on.'),
  k('celery', 'flower_url_prefix', 'string', '', 'The URL prefix of Flower, behind a proxy.'),
  k('celery', 'flower_port', 'integer', '5555', 'The port Flower listens on.'),
  k('celery', 'flower_basic_auth', 'string', '', 'Basic-auth users of Flower, as `user:password` pairs separated by commas.', { sensitive: true }),
  k('celery', 'sync_parallelism', 'integer', '0', 'Processes used to sync task states from Celery (0: the number of CPUs minus one).'),
  k('celery', 'ssl_active', 'boolean', 'False', 'Whether the broker connection uses SSL.'),
  k('celery', 'pool', 'string', 'prefork', 'The Celery worker pool: `prefork`, `eventlet`, `gevent` or `solo`.'),
  k('celery', 'operation_timeout', 'float', '1.0', 'Seconds to wait for a Celery operation (sending a task) before giving up.'),
  k('celery', 'task_acks_late', 'boolean', 'True', 'Acknowledge a Celery message only after the task finished, so that a lost worker\'s task is redelivered.'),
  k('celery', 'task_track_started', 'boolean', 'True', 'Report the started state of tasks, so the executor can adopt running tasks after a restart.'),
  k('celery', 'task_publish_max_retries', 'integer', '3', 'How often sending a task to the broker is retried.'),

  // --- [kubernetes_executor] ---------------------------------------------------------------------
  k('kubernetes_executor', 'pod_template_file', 'string', '', 'The pod template (YAML) that worker pods are built from.'),
  k('kubernetes_executor', 'worker_container_repository', 'string', '', 'The image repository of worker pods (overrides the pod template).'),
  k('kubernetes_executor', 'worker_container_tag', 'string', '', 'The image tag of worker pods (overrides the pod template).'),
  k('kubernetes_executor', 'namespace', 'string', 'default', 'The Kubernetes namespace worker pods run in.'),
  k('kubernetes_executor', 'delete_worker_pods', 'boolean', 'True', 'Delete a worker pod when its task finishes.'),
  k('kubernetes_executor', 'delete_worker_pods_on_failure', 'boolean', 'False', 'Also delete worker pods of failed tasks (when `delete_worker_pods` is on). Keeping them helps debugging.'),
  k('kubernetes_executor', 'worker_pods_creation_batch_size', 'integer', '1', 'How many worker pods the scheduler creates per loop.'),
  k('kubernetes_executor', 'multi_namespace_mode', 'boolean', 'False', 'Let worker pods run in several namespaces (needs cluster-wide permissions).'),
  k('kubernetes_executor', 'in_cluster', 'boolean', 'True', 'Whether Airflow runs inside the cluster and uses its service account.'),
  k('kubernetes_executor', 'cluster_context', 'string', null, 'The kubeconfig context to use when `in_cluster` is off.'),
  k('kubernetes_executor', 'config_file', 'string', null, 'The kubeconfig file to use when `in_cluster` is off.'),
  k('kubernetes_executor', 'delete_option_kwargs', 'string', '', 'Extra keyword arguments (JSON) for deleting worker pods.'),
  k('kubernetes_executor', 'enable_tcp_keepalive', 'boolean', 'True', 'Send TCP keepalives on connections to the Kubernetes API, so idle connections behind a load balancer are not dropped silently.'),
  k('kubernetes_executor', 'verify_ssl', 'boolean', 'True', 'Verify the Kubernetes API server\'s certificate.'),

  // --- [secrets] ---------------------------------------------------------------------------------
  k('secrets', 'backend', 'string', '', 'The import path of a secrets backend for connections and variables, looked up before environment variables and the database.'),
  k('secrets', 'backend_kwargs', 'string', '', 'Keyword arguments (JSON) for the secrets backend.', { sensitive: true }),
  k('secrets', 'use_cache', 'boolean', 'False', 'Cache variables and connections read from a secrets backend. The cache only applies while DAG files are parsed, not while tasks run.', { since: '2.7' }),
  k('secrets', 'cache_ttl_seconds', 'integer', '900', 'Seconds a cached variable or connection stays valid when `use_cache` is on.', { since: '2.7' }),

  // --- [operators] -------------------------------------------------------------------------------
  k('operators', 'default_owner', 'string', 'airflow', 'The owner of a task that sets none (neither `owner=` nor `default_args`).'),
  k('operators', 'default_deferrable', 'boolean', 'false', 'The default of `deferrable` in operators and sensors that can defer: when true, they hand their waiting to the triggerer instead of holding a worker slot (DG402 stays silent about them). Needs a running triggerer.', { since: '2.7' }),
  k('operators', 'default_cpus', 'string', '1', 'The CPUs a task asks for when it sets no `resources` (used by executors that schedule by resources).'),
  k('operators', 'default_ram', 'string', '512', 'The RAM (MB) a task asks for when it sets no `resources`.'),
  k('operators', 'default_disk', 'string', '512', 'The disk (MB) a task asks for when it sets no `resources`.'),
  k('operators', 'default_gpus', 'string', '0', 'The GPUs a task asks for when it sets no `resources`.'),
  k('operators', 'default_queue', 'string', 'default', 'The queue a task is sent to when it sets no `queue` (Celery workers listen on it).'),
  k('operators', 'allow_illegal_arguments', 'boolean', 'False', 'Accept unknown arguments to operators with a warning instead of failing the DAG file with an error.'),

  // --- [logging] ---------------------------------------------------------------------------------
  k('logging', 'base_log_folder', 'string', '{AIRFLOW_HOME}/logs', 'The folder task and component logs are written to.'),
  k('logging', 'remote_logging', 'boolean', 'False', 'Ship task logs to remote storage (S3, GCS, Elasticsearch, ...).'),
  k('logging', 'remote_log_conn_id', 'string', '', 'The connection used to write and read remote logs.'),
  k('logging', 'remote_base_log_folder', 'string', '', 'Where remote logs go, e.g. `s3://bucket/path`.'),
  k('logging', 'delete_local_logs', 'boolean', 'False', 'Delete a task\'s local log once it is uploaded to remote storage.'),
  k('logging', 'encrypt_s3_logs', 'boolean', 'False', 'Encrypt logs written to S3 on the server side.'),
  k('logging', 'logging_level', 'string', 'INFO', 'The log level of Airflow\'s components and tasks.', { values: ['DEBUG', 'INFO', 'WARNING', 'ERROR', 'CRITICAL', 'FATAL'] }),
  k('logging', 'celery_logging_level', 'string', '', 'The log level of Celery workers (empty: `logging_level`).'),
  k('logging', 'fab_logging_level', 'string', 'WARNING', 'The log level of Flask-AppBuilder in the webserver.', { values: ['DEBUG', 'INFO', 'WARNING', 'ERROR', 'CRITICAL', 'FATAL'] }),
  k('logging', 'logging_config_class', 'string', '', 'The import path of a logging config dict that replaces Airflow\'s.'),
  k('logging', 'colored_console_log', 'boolean', 'True', 'Colour console logs when the output is a terminal.'),
  k('logging', 'dag_processor_log_target', 'string', 'file', 'Where the DAG processor writes its log: `file` or `stdout`.', { values: ['file', 'stdout'] }),
  k('logging', 'task_log_reader', 'string', 'task', 'The name of the log handler the UI reads task logs from.'),
  k('logging', 'extra_logger_names', 'string', '', 'More logger names (comma-separated) that get Airflow\'s log configuration.'),
  k('logging', 'worker_log_server_port', 'integer', '8793', 'The port workers serve task logs on, for the webserver to fetch.'),
  k('logging', 'trigger_log_server_port', 'integer', '8794', 'The port the triggerer serves logs on.'),

  // --- [webserver] (Airflow 2; its server keys moved to [api] in Airflow 3) -----------------------
  k('webserver', 'base_url', 'string', 'http://localhost:8080', 'The URL users reach the UI at; links in emails and logs are built from it.'),
  k('webserver', 'default_ui_timezone', 'string', 'UTC', 'The time zone the UI shows dates in by default.'),
  k('webserver', 'web_server_host', 'string', '0.0.0.0', 'The address the webserver listens on.'),
  k('webserver', 'web_server_port', 'integer', '8080', 'The port the webserver listens on.'),
  k('webserver', 'web_server_ssl_cert', 'string', '', 'The TLS certificate of the webserver (with `web_server_ssl_key`).'),
  k('webserver', 'web_server_ssl_key', 'string', '', 'The TLS private key of the webserver.'),
  k('webserver', 'web_server_worker_timeout', 'integer', '120', 'Seconds a webserver worker may take to answer before it is restarted.'),
  k('webserver', 'workers', 'integer', '4', 'How many gunicorn workers serve the UI.'),
  k('webserver', 'secret_key', 'string', '{SECRET_KEY}', 'The key that signs session cookies and log-fetch requests. Must be the same on every component.', { sensitive: true }),
  k('webserver', 'expose_config', 'boolean', 'False', 'Whether the UI shows the configuration (`non-sensitive-only` hides secrets).'),
  k('webserver', 'page_size', 'integer', '100', 'DAGs per page in the UI\'s DAG list.'),
  k('webserver', 'hide_paused_dags_by_default', 'boolean', 'False', 'Hide paused DAGs in the UI\'s DAG list.'),
  k('webserver', 'dag_default_view', 'string', 'grid', 'The view a DAG opens in: `grid`, `graph`, `duration`, `gantt` or `landing_times`.', { values: ['grid', 'graph', 'duration', 'gantt', 'landing_times', 'tree', 'calendar'] }),
  k('webserver', 'dag_orientation', 'string', 'LR', 'The direction of the graph view: `LR`, `TB`, `RL` or `BT`.', { values: ['LR', 'TB', 'RL', 'BT'] }),
  k('webserver', 'warn_deployment_exposure', 'boolean', 'True', 'Warn in the UI when the deployment may be reachable from the internet.'),
  k('webserver', 'enable_proxy_fix', 'boolean', 'False', 'Trust the X-Forwarded-* headers of a reverse proxy.'),

  // --- [api] -------------------------------------------------------------------------------------
  k('api', 'maximum_page_limit', 'integer', '100', 'The most items one page of the REST API returns.'),
  k('api', 'enable_xcom_deserialize_support', 'boolean', 'False', 'Whether the REST API may deserialize XCom values.'),
  k('api', 'host', 'string', '0.0.0.0', 'The address the API server (which also serves the UI) listens on (Airflow 2: `[webserver] web_server_host`).', { since: '3.0' }),
  k('api', 'port', 'integer', '8080', 'The port the API server listens on (Airflow 2: `[webserver] web_server_port`).', { since: '3.0' }),
  k('api', 'workers', 'integer', '4', 'How many worker processes the API server runs.', { since: '3.0' }),
  k('api', 'ssl_cert', 'string', '', 'The TLS certificate of the API server.', { since: '3.0' }),
  k('api', 'ssl_key', 'string', '', 'The TLS private key of the API server.', { since: '3.0' }),
];

/**
 * Further real keys of each section whose facts were not certain enough to document: recognised
 * (never "unknown", never a "did you mean" target mistake), but shown without details.
 */
export const KNOWN_NAMES: Readonly<Record<string, readonly string[]>> = {
  core: [
    'hostname_callable', 'might_contain_dag_callable', 'auth_manager', 'task_runner', 'security', 'allowed_deserialization_classes_regexp',
    'xcom_backend', 'daemon_umask', 'dataset_manager_class', 'dataset_manager_kwargs', 'strict_dataset_uri_validation', 'database_access_isolation',
    'internal_api_url', 'internal_api_secret_key', 'asset_manager_class', 'asset_manager_kwargs', 'execution_api_server_url', 'simple_auth_manager_users',
    'simple_auth_manager_all_admins', 'simple_auth_manager_passwords_file', 'dag_bundle_storage_path', 'store_serialized_dags', 'store_dag_code',
    'dag_ignore_file_syntax', 'sql_alchemy_pool_enabled', 'sql_engine_encoding', 'sql_alchemy_schema', 'sql_alchemy_connect_args', 'sql_alchemy_pool_pre_ping',
    'colored_console_log', 'colored_log_format', 'colored_formatter_class', 'log_format', 'simple_log_format', 'fab_logging_level', 'encrypt_s3_logs',
    'task_log_reader', 'dag_processor_manager_log_location', 'log_filename_template', 'log_processor_filename_template', 'max_db_retries', 'check_migrations',
    'task_success_overtime', 'default_task_weight_rule', 'dags_are_paused_at_creation',
  ],
  database: ['alembic_ini_file_path', 'sql_engine_collation_for_ids', 'sql_alchemy_connect_args', 'sql_alchemy_session_maker', 'external_db_managers', 'migration_batch_size'],
  scheduler: [
    'local_task_job_heartbeat_sec', 'scheduler_health_check_server_host', 'child_process_log_directory', 'max_tis_per_query',
    'schedule_after_task_execution', 'allowed_run_id_pattern', 'create_cron_data_intervals', 'create_delta_data_intervals', 'enable_tracemalloc', 'dependency_detector', 'trigger_timeout_check_interval', 'max_threads',
    'processor_poll_interval', 'deactivate_stale_dags_interval', 'statsd_on', 'statsd_host', 'statsd_port', 'statsd_prefix', 'statsd_allow_list',
    'statsd_datadog_enabled', 'statsd_datadog_tags', 'stat_name_handler', 'running_metrics_interval', 'use_row_level_locking', 'parsing_cleanup_interval',
  ],
  dag_processor: [
    'dag_bundle_config_list', 'stale_bundle_cleanup_interval', 'stale_bundle_cleanup_age_threshold', 'stale_bundle_cleanup_min_versions',
    'dag_version_inflation_check_level', 'dag_stale_not_seen_duration',
  ],
  celery: [
    'celery_app_name', 'result_backend_sqlalchemy_engine_options', 'celery_config_options', 'ssl_key', 'ssl_cert', 'ssl_cacert', 'worker_precheck',
    'extra_celery_config', 'worker_umask', 'stalled_task_timeout', 'task_adoption_timeout', 'default_queue', 'task_timeout', 'worker_log_server_port',
  ],
  kubernetes_executor: [
    'api_client_retry_configuration', 'logs_task_metadata', 'worker_pod_pending_fatal_container_state_reasons', 'multi_namespace_mode_namespace_list',
    'kube_client_request_args', 'tcp_keep_idle', 'tcp_keep_intvl', 'tcp_keep_cnt', 'ssl_ca_cert', 'task_publish_max_retries', 'worker_pods_queued_check_interval',
    'worker_pods_pending_timeout', 'worker_pods_pending_timeout_check_interval', 'worker_pods_pending_timeout_batch_size', 'enable_tcp_keepalive',
  ],
  secrets: ['backends_order'],
  logging: [
    'google_key_path', 'remote_task_handler_kwargs', 'colored_log_format', 'colored_formatter_class', 'log_format', 'simple_log_format',
    'dag_processor_log_format', 'log_formatter_class', 'secret_mask_adapter', 'task_log_prefix_template', 'log_filename_template',
    'log_processor_filename_template', 'dag_processor_manager_log_location', 'dag_processor_manager_log_stdout', 'interleave_timestamp_parser',
    'file_task_handler_new_folder_permissions', 'file_task_handler_new_file_permissions', 'celery_stdout_stderr_separation',
    'enable_task_context_logger', 'color_log_error_keywords', 'color_log_warning_keywords', 'max_log_size',
  ],
  webserver: [
    'access_denied_message', 'config_file', 'session_backend', 'web_server_master_timeout', 'worker_refresh_batch_size', 'worker_refresh_interval',
    'reload_on_plugin_change', 'worker_class', 'access_logfile', 'error_logfile', 'access_logformat', 'expose_hostname', 'expose_stacktrace',
    'grid_view_sorting_order', 'log_fetch_timeout_sec', 'log_fetch_delay_sec', 'log_auto_tailing_offset', 'log_animation_speed', 'navbar_color',
    'navbar_text_color', 'navbar_hover_color', 'navbar_text_hover_color', 'navbar_logo_text_color', 'default_dag_run_display_number', 'proxy_fix_x_for',
    'proxy_fix_x_proto', 'proxy_fix_x_host', 'proxy_fix_x_port', 'proxy_fix_x_prefix', 'cookie_secure', 'cookie_samesite', 'default_wrap',
    'x_frame_enabled', 'analytics_tool', 'analytics_id', 'analytics_url', 'show_recent_stats_for_completed_runs', 'update_fab_perms',
    'session_lifetime_minutes', 'instance_name', 'instance_name_has_markup', 'auto_refresh_interval', 'audit_view_excluded_events',
    'audit_view_included_events', 'enable_swagger_ui', 'run_internal_api', 'caching_hash_method', 'show_trigger_form_if_no_params',
    'num_recent_configurations_for_trigger', 'allow_raw_html_descriptions', 'allowed_payload_size', 'require_confirmation_dag_change',
    'auth_rate_limited', 'auth_rate_limit', 'enable_grid_view_logs', 'secret_key',
  ],
  api: [
    'base_url', 'enable_experimental_api', 'auth_backends', 'fallback_page_limit', 'google_oauth2_audience', 'google_key_path',
    'access_control_allow_headers', 'access_control_allow_methods', 'access_control_allow_origins', 'worker_timeout', 'access_logfile',
    'expose_config', 'secret_key', 'enable_swagger_ui', 'grid_view_sorting_order', 'log_config', 'ssl_cert', 'ssl_key',
  ],
};

/** A key's default as a number of seconds (`[core] dagbag_import_timeout` -> 30), from KEYS. */
export function defaultSeconds(section: string, key: string): number {
  const spec = KEYS.find((candidate) => candidate.section === section && candidate.key === key);
  const seconds = spec ? Number(spec.default) : Number.NaN;
  if (!Number.isFinite(seconds)) throw new Error(`no numeric default for [${section}] ${key} in the config catalogue`);
  return seconds;
}
