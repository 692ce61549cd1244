// The configuration options Airflow renamed, moved or removed, each with the Airflow source that
// says so. Read from Airflow's own files (search tool, repo apache/airflow):
// - Airflow 2: `deprecated_options`, `many_to_one_deprecated_options` and `deprecated_sections`
//   of `AirflowConfigParser` in airflow/configuration.py (the 56 pairs of 2.6.1 to 2.11). Airflow
//   2 still reads each old name as a deprecated fallback of the new one.
// - Airflow 3: `CONFIGS_CHANGES` in airflow-core/src/airflow/cli/commands/config_command.py (the
//   list `airflow config lint` / `airflow config update` check, 3.0): renames (`renamed_to`) and
//   removals. Only Airflow 3 reads these new places, so a project on Airflow 2 keeps the old ones.
// - Airflow 3: `deprecated_options` of `AirflowConfigParser` (airflow-core/src/airflow/configuration.py
//   in 3.0 and 3.1, shared/configuration/src/airflow_shared/configuration/parser.py on main): the
//   moves Airflow 3 itself still reads the old name of, as a deprecated fallback, each with the
//   version that made it (3.0 to 3.2). Most are also in CONFIGS_CHANGES; some came later.
// An old name can have both: `[scheduler] max_threads` became `[scheduler] parsing_processes` in
// 1.10.14 and `[dag_processor] parsing_processes` in 3.0; `moveOf` picks by the target version.
// Airflow 3's moves apply from their minor version on (`[webserver] page_size` moved in 3.1).

export interface ConfigMove {
  fromSection: string;
  fromKey: string;
  toSection: string;
  toKey: string;
  /** The Airflow version that made the change. */
  version: string;
  /** Only Airflow 3 reads the new place (Airflow 2 users must keep the old one). */
  airflow3Only: boolean;
  /** The Airflow file (and table) that records the change. */
  source: string;
  /** Airflow 3 still reads the old name, as a deprecated fallback (its own `deprecated_options`). */
  airflow3ReadsOldName?: boolean;
}

export interface ConfigRemoval {
  section: string;
  key: string;
  version: string;
  /** What Airflow's lint says to do instead, in the project's words. */
  instead?: string;
  source: string;
}

export const AIRFLOW2_DEPRECATED_OPTIONS = 'airflow/configuration.py deprecated_options (Airflow 2.6.1 to 2.11)';
const AIRFLOW2_MANY_TO_ONE = 'airflow/configuration.py many_to_one_deprecated_options (Airflow 2.6 to 2.11)';
const AIRFLOW3_CONFIG_CHANGES = 'airflow-core/src/airflow/cli/commands/config_command.py CONFIGS_CHANGES (Airflow 3.0)';
const AIRFLOW3_DEPRECATED_OPTIONS =
  'airflow-core/src/airflow/configuration.py deprecated_options (Airflow 3.0, 3.1; on main shared/configuration/src/airflow_shared/configuration/parser.py)';

/** deprecated_options, as `new section, new key, old section, old key, since` (Airflow's order). */
const DEPRECATED_OPTIONS: readonly (readonly [string, string, string, string, string])[] = [
  ['celery', 'worker_precheck', 'core', 'worker_precheck', '2.0.0'],
  ['logging', 'interleave_timestamp_parser', 'core', 'interleave_timestamp_parser', '2.6.1'],
  ['logging', 'base_log_folder', 'core', 'base_log_folder', '2.0.0'],
  ['logging', 'remote_logging', 'core', 'remote_logging', '2.0.0'],
  ['logging', 'remote_log_conn_id', 'core', 'remote_log_conn_id', '2.0.0'],
  ['logging', 'remote_base_log_folder', 'core', 'remote_base_log_folder', '2.0.0'],
  ['logging', 'encrypt_s3_logs', 'core', 'encrypt_s3_logs', '2.0.0'],
  ['logging', 'logging_level', 'core', 'logging_level', '2.0.0'],
  ['logging', 'fab_logging_level', 'core', 'fab_logging_level', '2.0.0'],
  ['logging', 'logging_config_class', 'core', 'logging_config_class', '2.0.0'],
  ['logging', 'colored_console_log', 'core', 'colored_console_log', '2.0.0'],
  ['logging', 'colored_log_format', 'core', 'colored_log_format', '2.0.0'],
  ['logging', 'colored_formatter_class', 'core', 'colored_formatter_class', '2.0.0'],
  ['logging', 'log_format', 'core', 'log_format', '2.0.0'],
  ['logging', 'simple_log_format', 'core', 'simple_log_format', '2.0.0'],
  ['logging', 'task_log_prefix_template', 'core', 'task_log_prefix_template', '2.0.0'],
  ['logging', 'log_filename_template', 'core', 'log_filename_template', '2.0.0'],
  ['logging', 'log_processor_filename_template', 'core', 'log_processor_filename_template', '2.0.0'],
  ['logging', 'dag_processor_manager_log_location', 'core', 'dag_processor_manager_log_location', '2.0.0'],
  ['logging', 'task_log_reader', 'core', 'task_log_reader', '2.0.0'],
  ['metrics', 'metrics_allow_list', 'metrics', 'statsd_allow_list', '2.6.0'],
  ['metrics', 'metrics_block_list', 'metrics', 'statsd_block_list', '2.6.0'],
  ['metrics', 'statsd_on', 'scheduler', 'statsd_on', '2.0.0'],
  ['metrics', 'statsd_host', 'scheduler', 'statsd_host', '2.0.0'],
  ['metrics', 'statsd_port', 'scheduler', 'statsd_port', '2.0.0'],
  ['metrics', 'statsd_prefix', 'scheduler', 'statsd_prefix', '2.0.0'],
  ['metrics', 'statsd_allow_list', 'scheduler', 'statsd_allow_list', '2.0.0'],
  ['metrics', 'stat_name_handler', 'scheduler', 'stat_name_handler', '2.0.0'],
  ['metrics', 'statsd_datadog_enabled', 'scheduler', 'statsd_datadog_enabled', '2.0.0'],
  ['metrics', 'statsd_datadog_tags', 'scheduler', 'statsd_datadog_tags', '2.0.0'],
  ['metrics', 'statsd_datadog_metrics_tags', 'scheduler', 'statsd_datadog_metrics_tags', '2.6.0'],
  ['metrics', 'statsd_custom_client_path', 'scheduler', 'statsd_custom_client_path', '2.0.0'],
  ['scheduler', 'parsing_processes', 'scheduler', 'max_threads', '1.10.14'],
  ['scheduler', 'scheduler_idle_sleep_time', 'scheduler', 'processor_poll_interval', '2.2.0'],
  ['operators', 'default_queue', 'celery', 'default_queue', '2.1.0'],
  ['core', 'hide_sensitive_var_conn_fields', 'admin', 'hide_sensitive_variable_fields', '2.1.0'],
  ['core', 'sensitive_var_conn_names', 'admin', 'sensitive_variable_fields', '2.1.0'],
  ['core', 'default_pool_task_slot_count', 'core', 'non_pooled_task_slot_count', '1.10.4'],
  ['core', 'max_active_tasks_per_dag', 'core', 'dag_concurrency', '2.2.0'],
  ['logging', 'worker_log_server_port', 'celery', 'worker_log_server_port', '2.2.0'],
  ['api', 'access_control_allow_origins', 'api', 'access_control_allow_origin', '2.2.0'],
  ['api', 'auth_backends', 'api', 'auth_backend', '2.3.0'],
  ['database', 'sql_alchemy_conn', 'core', 'sql_alchemy_conn', '2.3.0'],
  ['database', 'sql_engine_encoding', 'core', 'sql_engine_encoding', '2.3.0'],
  ['database', 'sql_engine_collation_for_ids', 'core', 'sql_engine_collation_for_ids', '2.3.0'],
  ['database', 'sql_alchemy_pool_enabled', 'core', 'sql_alchemy_pool_enabled', '2.3.0'],
  ['database', 'sql_alchemy_pool_size', 'core', 'sql_alchemy_pool_size', '2.3.0'],
  ['database', 'sql_alchemy_max_overflow', 'core', 'sql_alchemy_max_overflow', '2.3.0'],
  ['database', 'sql_alchemy_pool_recycle', 'core', 'sql_alchemy_pool_recycle', '2.3.0'],
  ['database', 'sql_alchemy_pool_pre_ping', 'core', 'sql_alchemy_pool_pre_ping', '2.3.0'],
  ['database', 'sql_alchemy_schema', 'core', 'sql_alchemy_schema', '2.3.0'],
  ['database', 'sql_alchemy_connect_args', 'core', 'sql_alchemy_connect_args', '2.3.0'],
  ['database', 'load_default_connections', 'core', 'load_default_connections', '2.3.0'],
  ['database', 'max_db_retries', 'core', 'max_db_retries', '2.3.0'],
  ['scheduler', 'parsing_cleanup_interval', 'scheduler', 'deactivate_stale_dags_interval', '2.5.0'],
  ['scheduler', 'task_queued_timeout_check_interval', 'kubernetes_executor', 'worker_pods_pending_timeout_check_interval', '2.6.0'],
];

/** many_to_one_deprecated_options: three executor timeouts became `[scheduler] task_queued_timeout`. */
const MANY_TO_ONE: readonly (readonly [string, string, string])[] = [
  ['celery', 'stalled_task_timeout', '2.6.0'],
  ['celery', 'task_adoption_timeout', '2.6.0'],
  ['kubernetes_executor', 'worker_pods_pending_timeout', '2.6.0'],
];

/** CONFIGS_CHANGES entries with `renamed_to` that Airflow 2 does not already read (old -> new). */
const AIRFLOW3_RENAMES: readonly (readonly [string, string, string, string])[] = [
  ['core', 'dataset_manager_class', 'core', 'asset_manager_class'],
  ['core', 'dataset_manager_kwargs', 'core', 'asset_manager_kwargs'],
  ['core', 'dag_file_processor_timeout', 'dag_processor', 'dag_file_processor_timeout'],
  ['api', 'auth_backend', 'fab', 'auth_backends'],
  ['api', 'auth_backends', 'fab', 'auth_backends'],
  ['webserver', 'update_fab_perms', 'fab', 'update_fab_perms'],
  ['webserver', 'auth_rate_limited', 'fab', 'auth_rate_limited'],
  ['webserver', 'auth_rate_limit', 'fab', 'auth_rate_limit'],
  ['webserver', 'config_file', 'fab', 'config_file'],
  ['webserver', 'session_backend', 'fab', 'session_backend'],
  ['webserver', 'session_lifetime_days', 'fab', 'session_lifetime_minutes'],
  ['webserver', 'force_log_out_after', 'fab', 'session_lifetime_minutes'],
  ['webserver', 'session_lifetime_minutes', 'fab', 'session_lifetime_minutes'],
  ['webserver', 'access_denied_message', 'fab', 'access_denied_message'],
  ['webserver', 'expose_hostname', 'fab', 'expose_hostname'],
  ['webserver', 'navbar_color', 'fab', 'navbar_color'],
  ['webserver', 'navbar_text_color', 'fab', 'navbar_text_color'],
  ['webserver', 'navbar_hover_color', 'fab', 'navbar_hover_color'],
  ['webserver', 'navbar_text_hover_color', 'fab', 'navbar_text_hover_color'],
  ['webserver', 'base_url', 'api', 'base_url'],
  ['webserver', 'secret_key', 'api', 'secret_key'],
  ['webserver', 'web_server_host', 'api', 'host'],
  ['webserver', 'web_server_port', 'api', 'port'],
  ['webserver', 'workers', 'api', 'workers'],
  ['webserver', 'web_server_worker_timeout', 'api', 'worker_timeout'],
  ['webserver', 'web_server_ssl_cert', 'api', 'ssl_cert'],
  ['webserver', 'web_server_ssl_key', 'api', 'ssl_key'],
  ['webserver', 'access_logfile', 'api', 'access_logfile'],
  ['webserver', 'enable_swagger_ui', 'api', 'enable_swagger_ui'],
  ['webserver', 'enable_proxy_fix', 'fab', 'enable_proxy_fix'],
  ['webserver', 'proxy_fix_x_for', 'fab', 'proxy_fix_x_for'],
  ['webserver', 'proxy_fix_x_proto', 'fab', 'proxy_fix_x_proto'],
  ['webserver', 'proxy_fix_x_host', 'fab', 'proxy_fix_x_host'],
  ['webserver', 'proxy_fix_x_port', 'fab', 'proxy_fix_x_port'],
  ['webserver', 'proxy_fix_x_prefix', 'fab', 'proxy_fix_x_prefix'],
  ['webserver', 'expose_config', 'api', 'expose_config'],
  ['policy', 'airflow_local_settings', 'policy', 'task_policy'],
  ['scheduler', 'max_threads', 'dag_processor', 'parsing_processes'],
  ['scheduler', 'parsing_processes', 'dag_processor', 'parsing_processes'],
  ['scheduler', 'file_parsing_sort_mode', 'dag_processor', 'file_parsing_sort_mode'],
  ['scheduler', 'max_callbacks_per_loop', 'dag_processor', 'max_callbacks_per_loop'],
  ['scheduler', 'min_file_process_interval', 'dag_processor', 'min_file_process_interval'],
  ['scheduler', 'stale_dag_threshold', 'dag_processor', 'stale_dag_threshold'],
  ['scheduler', 'print_stats_interval', 'dag_processor', 'print_stats_interval'],
  ['scheduler', 'dag_dir_list_interval', 'dag_processor', 'refresh_interval'],
  ['scheduler', 'local_task_job_heartbeat_sec', 'scheduler', 'task_instance_heartbeat_sec'],
  ['scheduler', 'scheduler_zombie_task_threshold', 'scheduler', 'task_instance_heartbeat_timeout'],
  ['scheduler', 'zombie_detection_interval', 'scheduler', 'task_instance_heartbeat_timeout_detection_interval'],
  ['scheduler', 'child_process_log_directory', 'logging', 'dag_processor_child_process_log_directory'],
  ['triggerer', 'default_capacity', 'triggerer', 'capacity'],
];

/** Airflow 3's deprecated_options, as `new section, new key, old section, old key, since` (Airflow's order). */
const AIRFLOW3_DEPRECATED: readonly (readonly [string, string, string, string, string])[] = [
  ['dag_processor', 'refresh_interval', 'scheduler', 'dag_dir_list_interval', '3.0'],
  ['api', 'base_url', 'webserver', 'base_url', '3.0'],
  ['api', 'host', 'webserver', 'web_server_host', '3.0'],
  ['api', 'port', 'webserver', 'web_server_port', '3.0'],
  ['api', 'workers', 'webserver', 'workers', '3.0'],
  ['api', 'worker_timeout', 'webserver', 'web_server_worker_timeout', '3.0'],
  ['api', 'ssl_cert', 'webserver', 'web_server_ssl_cert', '3.0'],
  ['api', 'ssl_key', 'webserver', 'web_server_ssl_key', '3.0'],
  ['api', 'access_logfile', 'webserver', 'access_logfile', '3.0'],
  ['triggerer', 'capacity', 'triggerer', 'default_capacity', '3.0'],
  ['api', 'expose_config', 'webserver', 'expose_config', '3.0.1'],
  ['fab', 'access_denied_message', 'webserver', 'access_denied_message', '3.0.2'],
  ['fab', 'expose_hostname', 'webserver', 'expose_hostname', '3.0.2'],
  ['fab', 'navbar_color', 'webserver', 'navbar_color', '3.0.2'],
  ['fab', 'navbar_text_color', 'webserver', 'navbar_text_color', '3.0.2'],
  ['fab', 'navbar_hover_color', 'webserver', 'navbar_hover_color', '3.0.2'],
  ['fab', 'navbar_text_hover_color', 'webserver', 'navbar_text_hover_color', '3.0.2'],
  ['api', 'secret_key', 'webserver', 'secret_key', '3.0.2'],
  ['api', 'enable_swagger_ui', 'webserver', 'enable_swagger_ui', '3.0.2'],
  ['dag_processor', 'parsing_pre_import_modules', 'scheduler', 'parsing_pre_import_modules', '3.0.4'],
  ['api', 'grid_view_sorting_order', 'webserver', 'grid_view_sorting_order', '3.1.0'],
  ['api', 'log_fetch_timeout_sec', 'webserver', 'log_fetch_timeout_sec', '3.1.0'],
  ['api', 'hide_paused_dags_by_default', 'webserver', 'hide_paused_dags_by_default', '3.1.0'],
  ['api', 'page_size', 'webserver', 'page_size', '3.1.0'],
  ['api', 'default_wrap', 'webserver', 'default_wrap', '3.1.0'],
  ['api', 'auto_refresh_interval', 'webserver', 'auto_refresh_interval', '3.1.0'],
  ['api', 'require_confirmation_dag_change', 'webserver', 'require_confirmation_dag_change', '3.1.0'],
  ['api', 'instance_name', 'webserver', 'instance_name', '3.1.0'],
  ['api', 'log_config', 'api', 'access_logfile', '3.1.0'],
  ['scheduler', 'ti_metrics_interval', 'scheduler', 'running_metrics_interval', '3.2.0'],
];

/** CONFIGS_CHANGES entries that Airflow 3 removed without a new name (unconditionally). */
const AIRFLOW3_REMOVALS: readonly (readonly [string, string, string?])[] = [
  ['core', 'check_slas', 'the SLA feature is gone'],
  ['core', 'strict_dataset_uri_validation', 'asset URIs with a scheme are always validated strictly'],
  ['core', 'task_runner'],
  ['core', 'enable_xcom_pickling'],
  ['core', 'dag_processor_manager_log_location'],
  ['core', 'log_processor_filename_template'],
  ['logging', 'enable_task_context_logger', 'task logs outside a task go to the Log table'],
  ['logging', 'dag_processor_manager_log_location'],
  ['logging', 'dag_processor_manager_log_stdout'],
  ['logging', 'log_processor_filename_template'],
  ['metrics', 'metrics_use_pattern_match'],
  ['metrics', 'timer_unit_consistency', 'timers are always in milliseconds'],
  ['traces', 'otel_task_log_event'],
  ['operators', 'allow_illegal_arguments'],
  ['webserver', 'allow_raw_html_descriptions'],
  ['webserver', 'cookie_samesite'],
  ['webserver', 'x_frame_enabled'],
  ['webserver', 'error_logfile'],
  ['webserver', 'access_logformat'],
  ['webserver', 'web_server_master_timeout'],
  ['webserver', 'worker_refresh_batch_size'],
  ['webserver', 'worker_refresh_interval'],
  ['webserver', 'reload_on_plugin_change'],
  ['webserver', 'worker_class'],
  ['webserver', 'expose_stacktrace'],
  ['webserver', 'log_fetch_delay_sec'],
  ['webserver', 'log_auto_tailing_offset'],
  ['webserver', 'log_animation_speed'],
  ['webserver', 'default_dag_run_display_number'],
  ['webserver', 'cookie_secure'],
  ['webserver', 'analytics_tool'],
  ['webserver', 'analytics_id'],
  ['webserver', 'analytics_url'],
  ['webserver', 'show_recent_stats_for_completed_runs'],
  ['webserver', 'run_internal_api'],
  ['webserver', 'caching_hash_method'],
  ['webserver', 'show_trigger_form_if_no_params'],
  ['webserver', 'num_recent_configurations_for_trigger'],
  ['webserver', 'allowed_payload_size'],
  ['webserver', 'max_form_memory_size'],
  ['webserver', 'max_form_parts'],
  ['webserver', 'default_ui_timezone'],
  ['webserver', 'navbar_logo_text_color'],
  ['scheduler', 'dependency_detector'],
  ['scheduler', 'allow_trigger_in_future'],
  ['smtp', 'smtp_user', 'use the SMTP connection (`smtp_default`)'],
  ['smtp', 'smtp_password', 'use the SMTP connection (`smtp_default`)'],
  ['database', 'load_default_connections'],
];

const shortVersion = (version: string) => version.replace(/\.0$/, '');

export const MOVES: readonly ConfigMove[] = [
  ...DEPRECATED_OPTIONS.map(([toSection, toKey, fromSection, fromKey, since]) => ({
    fromSection,
    fromKey,
    toSection,
    toKey,
    version: shortVersion(since),
    airflow3Only: false,
    source: AIRFLOW2_DEPRECATED_OPTIONS,
  })),
  ...MANY_TO_ONE.map(([fromSection, fromKey, since]) => ({
    fromSection,
    fromKey,
    toSection: 'scheduler',
    toKey: 'task_queued_timeout',
    version: shortVersion(since),
    airflow3Only: false,
    source: AIRFLOW2_MANY_TO_ONE,
  })),
  // A rename in both of Airflow 3's tables is written once, from deprecated_options (its version).
  ...AIRFLOW3_RENAMES.filter(([fromSection, fromKey, toSection, toKey]) => !airflow3Deprecated(fromSection, fromKey, toSection, toKey)).map(
    ([fromSection, fromKey, toSection, toKey]) => ({
      fromSection,
      fromKey,
      toSection,
      toKey,
      version: '3.0',
      airflow3Only: true,
      source: AIRFLOW3_CONFIG_CHANGES,
    }),
  ),
  ...AIRFLOW3_DEPRECATED.map(([toSection, toKey, fromSection, fromKey, since]) => ({
    fromSection,
    fromKey,
    toSection,
    toKey,
    // 3.1.0 -> 3.1; 3.0 and 3.0.2 as written.
    version: since.split('.').length === 3 ? shortVersion(since) : since,
    airflow3Only: true,
    source: AIRFLOW3_RENAMES.some((rename) => sameMove(rename, fromSection, fromKey, toSection, toKey))
      ? `${AIRFLOW3_DEPRECATED_OPTIONS}; ${AIRFLOW3_CONFIG_CHANGES}`
      : AIRFLOW3_DEPRECATED_OPTIONS,
    airflow3ReadsOldName: true,
  })),
];

/** A CONFIGS_CHANGES rename (old section, old key, new section, new key) is this move. */
function sameMove(rename: readonly string[], fromSection: string, fromKey: string, toSection: string, toKey: string): boolean {
  return rename[0] === fromSection && rename[1] === fromKey && rename[2] === toSection && rename[3] === toKey;
}

/** deprecated_options of Airflow 3 has this move. */
function airflow3Deprecated(fromSection: string, fromKey: string, toSection: string, toKey: string): boolean {
  return AIRFLOW3_DEPRECATED.some(([newSection, newKey, oldSection, oldKey]) =>
    sameMove([oldSection, oldKey, newSection, newKey], fromSection, fromKey, toSection, toKey),
  );
}

export const REMOVALS: readonly ConfigRemoval[] = AIRFLOW3_REMOVALS.map(([section, key, instead]) => ({
  section,
  key,
  version: '3.0',
  ...(instead ? { instead } : {}),
  source: AIRFLOW3_CONFIG_CHANGES,
}));

/** Whole sections Airflow renamed (deprecated_sections): every key moved with its section. */
export const SECTION_MOVES: readonly { fromSection: string; toSection: string; version: string; source: string }[] = [
  {
    fromSection: 'kubernetes',
    toSection: 'kubernetes_executor',
    version: '2.5',
    source: 'airflow/configuration.py deprecated_sections (Airflow 2.5 to 2.11)',
  },
];
