// What DAG Guard knows about Airflow's operators and sensors: their template_fields (what Airflow
// renders with Jinja when the task runs), their base classes, whether they are resource-heavy
// (DG205) and whether they are sensors with a deferrable form (DG402). Facts from the operators'
// own sources in Airflow 2.x/3.x and the providers (apache/airflow: airflow/operators, providers/*/operators).
//
// Operators are found by class name when the name is imported from an `airflow` module: provider
// modules move between versions (kubernetes_pod -> pod), the class names do not.

export interface OperatorSpec {
  /** The class name. */
  name: string;
  /** Classes whose template_fields this one inherits (by name, in this table). */
  bases?: string[];
  /** This class's own template_fields (added to the inherited ones). */
  templateFields: string[];
  /**
   * Arguments only newer releases of the class's provider template (the project may pin an older
   * one): the Jinja fix does not count on them, and DG601 does not call them non-templated.
   */
  laterTemplateFields?: string[];
  /**
   * template_ext: a templated string value that ends with one of these is read as the name of a
   * template file, not as a template (inherited when absent).
   */
  templateExt?: string[];
  /** Resource-heavy work outside the worker (pods, clusters, warehouse jobs): DG205 wants a pool. */
  heavy?: boolean;
  /** A sensor; `deferrable` when it accepts deferrable=True. */
  sensor?: { deferrable: boolean };
}

const SQL_FAMILY = ['SQLExecuteQueryOperator'];

const SPECS: OperatorSpec[] = [
  // --- core / standard provider --------------------------------------------------------------
  { name: 'BaseOperator', templateFields: [] },
  { name: 'EmptyOperator', templateFields: [] },
  { name: 'DummyOperator', templateFields: [] },
  { name: 'BashOperator', templateFields: ['bash_command', 'env', 'cwd'], templateExt: ['.sh', '.bash'] },
  { name: 'PythonOperator', templateFields: ['templates_dict', 'op_args', 'op_kwargs'] },
  { name: 'BranchPythonOperator', bases: ['PythonOperator'], templateFields: [] },
  { name: 'ShortCircuitOperator', bases: ['PythonOperator'], templateFields: [] },
  { name: 'PythonVirtualenvOperator', bases: ['PythonOperator'], templateFields: ['requirements'], templateExt: ['.txt'] },
  { name: 'BranchPythonVirtualenvOperator', bases: ['PythonVirtualenvOperator'], templateFields: [] },
  { name: 'ExternalPythonOperator', bases: ['PythonOperator'], templateFields: ['python'] },
  { name: 'BranchExternalPythonOperator', bases: ['ExternalPythonOperator'], templateFields: [] },
  { name: 'EmailOperator', templateFields: ['to', 'subject', 'html_content', 'files', 'from_email', 'cc', 'bcc'], templateExt: ['.html'] },
  { name: 'TriggerDagRunOperator', templateFields: ['trigger_dag_id', 'trigger_run_id', 'conf', 'logical_date', 'execution_date'] },
  { name: 'LatestOnlyOperator', templateFields: [] },
  // --- SQL ------------------------------------------------------------------------------------
  {
    name: 'SQLExecuteQueryOperator',
    templateFields: ['sql', 'parameters', 'conn_id', 'database', 'hook_params'],
    templateExt: ['.sql', '.json'],
  },
  { name: 'PostgresOperator', bases: SQL_FAMILY, templateFields: [] },
  { name: 'MySqlOperator', bases: SQL_FAMILY, templateFields: [] },
  { name: 'MsSqlOperator', bases: SQL_FAMILY, templateFields: [] },
  { name: 'SqliteOperator', bases: SQL_FAMILY, templateFields: [] },
  { name: 'OracleOperator', bases: SQL_FAMILY, templateFields: [] },
  { name: 'TrinoOperator', bases: SQL_FAMILY, templateFields: [] },
  { name: 'SnowflakeOperator', bases: SQL_FAMILY, templateFields: [] },
  { name: 'RedshiftSQLOperator', bases: SQL_FAMILY, templateFields: [] },
  { name: 'DatabricksSqlOperator', bases: SQL_FAMILY, templateFields: [] },
  { name: 'SQLCheckOperator', templateFields: ['sql'], templateExt: ['.hql', '.sql'] },
  { name: 'SQLValueCheckOperator', templateFields: ['sql', 'pass_value'], templateExt: ['.hql', '.sql'] },
  { name: 'SQLIntervalCheckOperator', templateFields: ['sql1', 'sql2'], templateExt: ['.hql', '.sql'] },
  { name: 'SQLColumnCheckOperator', templateFields: ['partition_clause'] },
  { name: 'SQLTableCheckOperator', templateFields: ['partition_clause'] },
  { name: 'BranchSQLOperator', templateFields: ['sql'], templateExt: ['.sql'] },
  // --- containers -----------------------------------------------------------------------------
  {
    name: 'KubernetesPodOperator',
    heavy: true,
    // No template_ext: KubernetesPodOperator (cncf.kubernetes provider, operators/pod.py) sets none,
    // so no string value of its fields is read as a template file's name. (Its subclasses
    // SparkKubernetesOperator and RayKubernetesOperator set ("yaml", "yml", "json").)
    templateFields: [
      'image',
      'name',
      'hostname',
      'cmds',
      'annotations',
      'arguments',
      'env_vars',
      'labels',
      'config_file',
      'pod_template_file',
      'pod_template_dict',
      'namespace',
      'container_resources',
      'volumes',
      'volume_mounts',
      'cluster_context',
      'env_from',
      'node_selector',
      'kubernetes_conn_id',
      'base_container_name',
      'trigger_kwargs',
    ],
  },
  {
    name: 'EksPodOperator',
    bases: ['KubernetesPodOperator'],
    heavy: true,
    templateFields: ['cluster_name', 'in_cluster', 'namespace', 'pod_name', 'aws_conn_id', 'region'],
  },
  {
    name: 'GKEStartPodOperator',
    bases: ['KubernetesPodOperator'],
    heavy: true,
    templateFields: ['project_id', 'location', 'cluster_name', 'gcp_conn_id', 'impersonation_chain', 'use_internal_ip'],
  },
  {
    name: 'DockerOperator',
    heavy: true,
    templateFields: ['image', 'command', 'environment', 'env_file', 'container_name'],
    templateExt: ['.sh', '.bash', '.env'],
  },
  {
    name: 'SSHOperator',
    templateFields: ['command', 'environment', 'remote_host'],
    templateExt: ['.sh', '.bash', '.csh', '.zsh', '.dash', '.ksh'],
  },
  // --- HTTP -----------------------------------------------------------------------------------
  { name: 'HttpOperator', templateFields: ['endpoint', 'data', 'headers'], templateExt: [] },
  { name: 'SimpleHttpOperator', bases: ['HttpOperator'], templateFields: [] },
  // --- AWS ------------------------------------------------------------------------------------
  { name: 'S3CopyObjectOperator', templateFields: ['source_bucket_key', 'dest_bucket_key', 'source_bucket_name', 'dest_bucket_name'] },
  { name: 'S3DeleteObjectsOperator', templateFields: ['keys', 'bucket', 'prefix'] },
  { name: 'S3CreateObjectOperator', templateFields: ['s3_bucket', 's3_key', 'data'] },
  { name: 'S3ListOperator', templateFields: ['bucket', 'prefix', 'delimiter'] },
  { name: 'LambdaInvokeFunctionOperator', templateFields: ['function_name', 'payload', 'qualifier', 'invocation_type'] },
  {
    name: 'GlueJobOperator',
    heavy: true,
    templateFields: ['job_name', 'script_location', 'script_args', 'create_job_kwargs', 's3_bucket', 'iam_role_name', 'iam_role_arn'],
  },
  {
    name: 'EmrAddStepsOperator',
    heavy: true,
    templateExt: ['.json'],
    templateFields: ['job_flow_id', 'job_flow_name', 'cluster_states', 'steps', 'execution_role_arn'],
  },
  { name: 'EmrCreateJobFlowOperator', heavy: true, templateExt: ['.json'], templateFields: ['job_flow_overrides', 'region_name'] },
  {
    name: 'EmrServerlessStartJobOperator',
    heavy: true,
    templateFields: ['application_id', 'config', 'execution_role_arn', 'job_driver', 'configuration_overrides', 'name', 'aws_conn_id'],
  },
  {
    name: 'EmrContainerOperator',
    heavy: true,
    templateFields: ['name', 'virtual_cluster_id', 'execution_role_arn', 'release_label', 'job_driver', 'configuration_overrides'],
  },
  // Newer amazon provider releases template more of its arguments (providers/amazon/src/airflow/
  // providers/amazon/aws/operators/ecs.py on apache/airflow main, commit 9c369594, read 2026-12):
  // older ones template only the first eleven.
  {
    name: 'EcsRunTaskOperator',
    heavy: true,
    templateFields: [
      'task_definition',
      'cluster',
      'overrides',
      'launch_type',
      'capacity_provider_strategy',
      'group',
      'placement_constraints',
      'placement_strategy',
      'platform_version',
      'network_configuration',
      'tags',
    ],
    laterTemplateFields: [
      'volume_configurations',
      'awslogs_group',
      'awslogs_region',
      'awslogs_stream_prefix',
      'awslogs_fetch_interval',
      'container_name',
      'propagate_tags',
      'reattach',
      'number_logs_exception',
      'wait_for_completion',
      'deferrable',
    ],
  },
  // The amazon provider's older, deprecated name for EcsRunTaskOperator, still found in DAGs.
  {
    name: 'EcsOperator',
    bases: ['EcsRunTaskOperator'],
    heavy: true,
    templateFields: [
      'task_definition',
      'cluster',
      'overrides',
      'launch_type',
      'capacity_provider_strategy',
      'group',
      'placement_constraints',
      'placement_strategy',
      'platform_version',
      'network_configuration',
      'tags',
    ],
  },
  {
    name: 'BatchOperator',
    heavy: true,
    templateFields: [
      'job_id',
      'job_name',
      'job_definition',
      'job_queue',
      'container_overrides',
      'array_properties',
      'ecs_properties_override',
      'eks_properties_override',
      'node_overrides',
      'parameters',
      'retry_strategy',
      'waiters',
      'tags',
      'wait_for_completion',
      'awslogs_enabled',
      'awslogs_fetch_interval',
    ],
  },
  { name: 'SageMakerTrainingOperator', heavy: true, templateFields: ['config'] },
  // --- Google ---------------------------------------------------------------------------------
  {
    name: 'BigQueryInsertJobOperator',
    heavy: true,
    templateExt: ['.json', '.sql'],
    templateFields: ['configuration', 'job_id', 'impersonation_chain', 'project_id'],
  },
  { name: 'DataprocSubmitJobOperator', heavy: true, templateFields: ['project_id', 'region', 'job', 'impersonation_chain', 'request_id'] },
  {
    name: 'DataprocCreateClusterOperator',
    heavy: true,
    templateFields: ['project_id', 'region', 'cluster_config', 'virtual_cluster_config', 'cluster_name', 'labels', 'impersonation_chain'],
  },
  {
    name: 'DataflowTemplatedJobStartOperator',
    heavy: true,
    templateFields: [
      'template',
      'job_name',
      'options',
      'parameters',
      'project_id',
      'location',
      'gcp_conn_id',
      'impersonation_chain',
      'environment',
      'dataflow_default_options',
    ],
  },
  {
    name: 'GCSToBigQueryOperator',
    templateFields: [
      'bucket',
      'source_objects',
      'schema_object',
      'schema_object_bucket',
      'destination_project_dataset_table',
      'impersonation_chain',
      'src_fmt_configs',
    ],
  },
  // --- Spark, Databricks, dbt -----------------------------------------------------------------
  {
    name: 'SparkSubmitOperator',
    heavy: true,
    templateFields: [
      'application',
      'conf',
      'files',
      'py_files',
      'jars',
      'driver_class_path',
      'packages',
      'exclude_packages',
      'keytab',
      'principal',
      'proxy_user',
      'name',
      'application_args',
      'env_vars',
      'properties_file',
    ],
  },
  { name: 'SparkSqlOperator', heavy: true, templateFields: ['sql'], templateExt: ['.sql', '.hql'] },
  { name: 'DatabricksSubmitRunOperator', heavy: true, templateExt: ['.json-tpl'], templateFields: ['json', 'databricks_conn_id'] },
  { name: 'DatabricksRunNowOperator', heavy: true, templateExt: ['.json-tpl'], templateFields: ['json', 'databricks_conn_id'] },
  { name: 'DbtCloudRunJobOperator', heavy: true, templateFields: ['dbt_cloud_conn_id', 'job_id', 'account_id', 'trigger_reason'] },
  // --- sensors --------------------------------------------------------------------------------
  { name: 'BaseSensorOperator', templateFields: [], sensor: { deferrable: false } },
  {
    name: 'ExternalTaskSensor',
    templateFields: ['external_dag_id', 'external_task_id', 'external_task_ids', 'external_task_group_id'],
    sensor: { deferrable: true },
  },
  { name: 'S3KeySensor', templateFields: ['bucket_key', 'bucket_name'], sensor: { deferrable: true } },
  { name: 'FileSensor', templateFields: ['filepath'], sensor: { deferrable: true } },
  { name: 'HttpSensor', templateFields: ['endpoint', 'request_params', 'headers'], sensor: { deferrable: true } },
  { name: 'SqlSensor', templateFields: ['sql', 'hook_params', 'parameters'], templateExt: ['.hql', '.sql'], sensor: { deferrable: false } },
  { name: 'PythonSensor', templateFields: ['templates_dict', 'op_args', 'op_kwargs'], sensor: { deferrable: false } },
  // No `deferrable` argument (Airflow 2 and the standard provider): DateTimeSensorAsync is its deferring form.
  { name: 'DateTimeSensor', templateFields: ['target_time'], sensor: { deferrable: false } },
  { name: 'TimeDeltaSensor', templateFields: [], sensor: { deferrable: true } },
  { name: 'GCSObjectExistenceSensor', templateFields: ['bucket', 'object', 'impersonation_chain'], sensor: { deferrable: true } },
  { name: 'SFTPSensor', templateFields: ['path', 'newer_than'], sensor: { deferrable: true } },
  {
    name: 'BigQueryTableExistenceSensor',
    templateFields: ['project_id', 'dataset_id', 'table_id', 'impersonation_chain'],
    sensor: { deferrable: true },
  },
  { name: 'DbtCloudJobRunSensor', templateFields: ['dbt_cloud_conn_id', 'run_id', 'account_id'], sensor: { deferrable: true } },
];

const BY_NAME = new Map(SPECS.map((spec) => [spec.name, spec]));

export function operatorSpec(className: string): OperatorSpec | undefined {
  return BY_NAME.get(className);
}

/**
 * The operator class each `@task.<name>` decorator's task runs as (the decorated operator derives
 * from it and takes its arguments: `_KubernetesDecoratedOperator(KubernetesPodOperator)`, ...).
 * Its template_fields differ (the decorated forms render `op_args`/`op_kwargs`, not `cmds` or
 * `arguments`), so only flags such as `heavy` (DG205) are read through this.
 */
const TASK_DECORATOR_OPERATORS: Readonly<Record<string, string>> = {
  kubernetes: 'KubernetesPodOperator',
  kubernetes_cmd: 'KubernetesPodOperator',
  docker: 'DockerOperator',
  virtualenv: 'PythonVirtualenvOperator',
  external_python: 'ExternalPythonOperator',
};

/** `airflow.decorators.task.kubernetes` -> "KubernetesPodOperator"; null for `@task`, `@task.bash`, ... */
export function taskDecoratorOperator(qualified: string | null): string | null {
  const match = qualified ? /^airflow\.(?:decorators|sdk)\.task\.(\w+)$/.exec(qualified) : null;
  return match ? (TASK_DECORATOR_OPERATORS[match[1]] ?? null) : null;
}

/** The class name of an Airflow operator from its qualified import name, if it names one we know. */
export function airflowOperatorName(qualified: string | null): string | null {
  if (!qualified || !qualified.startsWith('airflow.')) return null;
  const name = qualified.slice(qualified.lastIndexOf('.') + 1);
  return BY_NAME.has(name) ? name : null;
}

/**
 * template_fields with inheritance; undefined for a class we do not know. One set per class, made
 * on first use and shared (DG303 asks it of every argument of every operator call).
 */
export function templateFieldsOf(className: string): ReadonlySet<string> | undefined {
  if (!BY_NAME.has(className)) return undefined;
  let fields = FIELDS_BY_CLASS.get(className);
  if (!fields) FIELDS_BY_CLASS.set(className, (fields = inheritedTemplateFields(className, 0) ?? new Set()));
  return fields;
}

/** Known classes only (BY_NAME's), so the cache stays as small as the table. */
const FIELDS_BY_CLASS = new Map<string, ReadonlySet<string>>();

function inheritedTemplateFields(className: string, depth: number): Set<string> | undefined {
  const spec = BY_NAME.get(className);
  if (!spec || depth > 10) return undefined;
  const fields = new Set(spec.templateFields);
  for (const base of spec.bases ?? []) for (const field of inheritedTemplateFields(base, depth + 1) ?? []) fields.add(field);
  return fields;
}

/** Whether only newer provider releases template `field` on `className` (or on a base it names). */
export function isLaterTemplateField(className: string, field: string, depth = 0): boolean {
  const spec = BY_NAME.get(className);
  if (!spec || depth > 10) return false;
  return (
    (spec.laterTemplateFields ?? []).includes(field) || (spec.bases ?? []).some((base) => isLaterTemplateField(base, field, depth + 1))
  );
}

/** template_ext of a class (its own, or the first base's that sets one); [] when none does. */
export function templateExtOf(className: string, depth = 0): string[] {
  const spec = BY_NAME.get(className);
  if (!spec || depth > 10) return [];
  if (spec.templateExt) return spec.templateExt;
  for (const base of spec.bases ?? []) {
    const found = templateExtOf(base, depth + 1);
    if (found.length > 0) return found;
  }
  return [];
}

/** A flag from the class or any of its bases. */
export function inherits<K extends 'heavy' | 'sensor'>(className: string, key: K, depth = 0): OperatorSpec[K] | undefined {
  const spec = BY_NAME.get(className);
  if (!spec || depth > 10) return undefined;
  if (spec[key] !== undefined) return spec[key];
  for (const base of spec.bases ?? []) {
    const found = inherits(base, key, depth + 1);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** Arguments no operator ever renders as a template (Airflow's BaseOperator fields). */
export const NEVER_TEMPLATED = new Set([
  'task_id',
  'retries',
  'pool',
  'pool_slots',
  'queue',
  'priority_weight',
  'weight_rule',
  'owner',
  'execution_timeout',
  'trigger_rule',
  'retry_delay',
  'default_args',
  'dag',
  'start_date',
  'end_date',
  'depends_on_past',
  'max_active_tis_per_dag',
  'task_concurrency',
  'sla',
  'doc_md',
  'do_xcom_push',
  'email',
  'executor_config',
  'resources',
  'run_as_user',
]);
