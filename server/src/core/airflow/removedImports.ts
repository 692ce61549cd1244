// Imports that Airflow 3 removed or moved, for DG207. Facts from Airflow's own sources:
// - Airflow 2's deprecation shims: the `__deprecated_classes` tables that `add_deprecated_classes`
//   turns into importable modules (airflow/operators/__init__.py, airflow/hooks/__init__.py,
//   airflow/sensors/__init__.py, Airflow 2.x). Each old module imports the class
//   from its Airflow 2 home, with a RemovedInAirflow3Warning.
// - Airflow 3 removed those shims (airflow-core/newsfragments/41368.significant.rst, "Support for
//   deprecated core imports removed") and moved the core operators and sensors to the standard
//   provider; Airflow 3's own, shorter shim tables (airflow-core/src/airflow/operators/__init__.py and
//   airflow-core/src/airflow/sensors/__init__.py, 3.x) say where each Airflow 2 home went.
// - Removed with no shim: `airflow.contrib.*` (no airflow-core/src/airflow/contrib in 3.x),
//   `airflow.api.common.experimental.*` (airflow-core/src/airflow/api/common has no experimental
//   package in 3.x), `days_ago` (airflow-core/src/airflow/utils/dates.py, 3.x, no longer defines
//   it), `apply_defaults` (airflow-core/newsfragments/41579.significant.rst; airflow-core's
//   utils/decorators.py, 3.x, no longer defines it).
import { BASE_HOOK } from './names';

/** Where an old import of Airflow 2's shims leads. */
export interface ImportMove {
  /** The old module (`airflow.operators.bash_operator`). */
  module: string;
  /** The name imported from it (`BashOperator`). */
  name: string;
  /** Where Airflow 2's shim sends it (`airflow.operators.bash.BashOperator`). */
  airflow2: string;
  /** The first Airflow 2 release that has `airflow2` ("2.0"); null: a provider's module (needs that provider). */
  since: string | null;
  /** Where it lives in Airflow 3, or null when Airflow 3 has no home for it (SubDAGs) or none is recorded. */
  airflow3: string | null;
  /** The Airflow file that records the move. */
  source: string;
}

/** A module or name Airflow 3 removed with no place to import it from. */
export interface ImportRemoval {
  /** `airflow.contrib` (with `prefix`: every module below it too) or the module of `name`. */
  module: string;
  /** A removed name of a module that still exists (`days_ago` of `airflow.utils.dates`); absent: the module itself. */
  name?: string;
  prefix?: boolean;
  /** What to do, short enough for the finding's message ("write a fixed date"). */
  short: string;
  /** What to write instead, as a sentence fragment for the finding's detail. */
  instead: string;
  /** Since when Airflow 2 warns about it. */
  deprecated: string;
  source: string;
}

const OPERATORS_2 = "Airflow 2's airflow/operators/__init__.py";
const HOOKS_2 = "Airflow 2's airflow/hooks/__init__.py";
const SENSORS_2 = "Airflow 2's airflow/sensors/__init__.py";

/**
 * Airflow 2's shim tables, as Airflow writes them: package -> old submodule -> name -> Airflow 2 home.
 * Transcribed from the three `__init__.py` files named above.
 */
const AIRFLOW2_SHIMS: ReadonlyArray<{ package: string; source: string; modules: Record<string, Record<string, string>> }> = [
  {
    package: 'airflow.operators',
    source: OPERATORS_2,
    modules: {
      bash_operator: { BashOperator: 'airflow.operators.bash.BashOperator' },
      branch_operator: { BaseBranchOperator: 'airflow.operators.branch.BaseBranchOperator' },
      check_operator: {
        SQLCheckOperator: 'airflow.providers.common.sql.operators.sql.SQLCheckOperator',
        SQLIntervalCheckOperator: 'airflow.providers.common.sql.operators.sql.SQLIntervalCheckOperator',
        SQLThresholdCheckOperator: 'airflow.providers.common.sql.operators.sql.SQLThresholdCheckOperator',
        SQLValueCheckOperator: 'airflow.providers.common.sql.operators.sql.SQLValueCheckOperator',
        CheckOperator: 'airflow.providers.common.sql.operators.sql.SQLCheckOperator',
        IntervalCheckOperator: 'airflow.providers.common.sql.operators.sql.SQLIntervalCheckOperator',
        ThresholdCheckOperator: 'airflow.providers.common.sql.operators.sql.SQLThresholdCheckOperator',
        ValueCheckOperator: 'airflow.providers.common.sql.operators.sql.SQLValueCheckOperator',
      },
      dagrun_operator: {
        TriggerDagRunLink: 'airflow.operators.trigger_dagrun.TriggerDagRunLink',
        TriggerDagRunOperator: 'airflow.operators.trigger_dagrun.TriggerDagRunOperator',
      },
      docker_operator: { DockerOperator: 'airflow.providers.docker.operators.docker.DockerOperator' },
      druid_check_operator: { DruidCheckOperator: 'airflow.providers.apache.druid.operators.druid_check.DruidCheckOperator' },
      dummy: { EmptyOperator: 'airflow.operators.empty.EmptyOperator', DummyOperator: 'airflow.operators.empty.EmptyOperator' },
      dummy_operator: { EmptyOperator: 'airflow.operators.empty.EmptyOperator', DummyOperator: 'airflow.operators.empty.EmptyOperator' },
      email_operator: { EmailOperator: 'airflow.operators.email.EmailOperator' },
      gcs_to_s3: { GCSToS3Operator: 'airflow.providers.amazon.aws.transfers.gcs_to_s3.GCSToS3Operator' },
      google_api_to_s3_transfer: {
        GoogleApiToS3Operator: 'airflow.providers.amazon.aws.transfers.google_api_to_s3.GoogleApiToS3Operator',
        GoogleApiToS3Transfer: 'airflow.providers.amazon.aws.transfers.google_api_to_s3.GoogleApiToS3Operator',
      },
      hive_operator: { HiveOperator: 'airflow.providers.apache.hive.operators.hive.HiveOperator' },
      hive_stats_operator: {
        HiveStatsCollectionOperator: 'airflow.providers.apache.hive.operators.hive_stats.HiveStatsCollectionOperator',
      },
      hive_to_druid: {
        HiveToDruidOperator: 'airflow.providers.apache.druid.transfers.hive_to_druid.HiveToDruidOperator',
        HiveToDruidTransfer: 'airflow.providers.apache.druid.transfers.hive_to_druid.HiveToDruidOperator',
      },
      hive_to_mysql: {
        HiveToMySqlOperator: 'airflow.providers.apache.hive.transfers.hive_to_mysql.HiveToMySqlOperator',
        HiveToMySqlTransfer: 'airflow.providers.apache.hive.transfers.hive_to_mysql.HiveToMySqlOperator',
      },
      hive_to_samba_operator: { HiveToSambaOperator: 'airflow.providers.apache.hive.transfers.hive_to_samba.HiveToSambaOperator' },
      http_operator: { SimpleHttpOperator: 'airflow.providers.http.operators.http.SimpleHttpOperator' },
      jdbc_operator: { JdbcOperator: 'airflow.providers.jdbc.operators.jdbc.JdbcOperator' },
      latest_only_operator: { LatestOnlyOperator: 'airflow.operators.latest_only.LatestOnlyOperator' },
      mssql_operator: { MsSqlOperator: 'airflow.providers.microsoft.mssql.operators.mssql.MsSqlOperator' },
      mssql_to_hive: {
        MsSqlToHiveOperator: 'airflow.providers.apache.hive.transfers.mssql_to_hive.MsSqlToHiveOperator',
        MsSqlToHiveTransfer: 'airflow.providers.apache.hive.transfers.mssql_to_hive.MsSqlToHiveOperator',
      },
      mysql_operator: { MySqlOperator: 'airflow.providers.mysql.operators.mysql.MySqlOperator' },
      mysql_to_hive: {
        MySqlToHiveOperator: 'airflow.providers.apache.hive.transfers.mysql_to_hive.MySqlToHiveOperator',
        MySqlToHiveTransfer: 'airflow.providers.apache.hive.transfers.mysql_to_hive.MySqlToHiveOperator',
      },
      oracle_operator: { OracleOperator: 'airflow.providers.oracle.operators.oracle.OracleOperator' },
      papermill_operator: { PapermillOperator: 'airflow.providers.papermill.operators.papermill.PapermillOperator' },
      pig_operator: { PigOperator: 'airflow.providers.apache.pig.operators.pig.PigOperator' },
      postgres_operator: {
        Mapping: 'airflow.providers.postgres.operators.postgres.Mapping',
        PostgresOperator: 'airflow.providers.postgres.operators.postgres.PostgresOperator',
      },
      presto_check_operator: {
        SQLCheckOperator: 'airflow.providers.common.sql.operators.sql.SQLCheckOperator',
        SQLIntervalCheckOperator: 'airflow.providers.common.sql.operators.sql.SQLIntervalCheckOperator',
        SQLValueCheckOperator: 'airflow.providers.common.sql.operators.sql.SQLValueCheckOperator',
        PrestoCheckOperator: 'airflow.providers.common.sql.operators.sql.SQLCheckOperator',
        PrestoIntervalCheckOperator: 'airflow.providers.common.sql.operators.sql.SQLIntervalCheckOperator',
        PrestoValueCheckOperator: 'airflow.providers.common.sql.operators.sql.SQLValueCheckOperator',
      },
      presto_to_mysql: {
        PrestoToMySqlOperator: 'airflow.providers.mysql.transfers.presto_to_mysql.PrestoToMySqlOperator',
        PrestoToMySqlTransfer: 'airflow.providers.mysql.transfers.presto_to_mysql.PrestoToMySqlOperator',
      },
      python_operator: {
        BranchPythonOperator: 'airflow.operators.python.BranchPythonOperator',
        PythonOperator: 'airflow.operators.python.PythonOperator',
        PythonVirtualenvOperator: 'airflow.operators.python.PythonVirtualenvOperator',
        ShortCircuitOperator: 'airflow.operators.python.ShortCircuitOperator',
      },
      redshift_to_s3_operator: {
        RedshiftToS3Operator: 'airflow.providers.amazon.aws.transfers.redshift_to_s3.RedshiftToS3Operator',
        RedshiftToS3Transfer: 'airflow.providers.amazon.aws.transfers.redshift_to_s3.RedshiftToS3Operator',
      },
      s3_file_transform_operator: {
        S3FileTransformOperator: 'airflow.providers.amazon.aws.operators.s3_file_transform.S3FileTransformOperator',
      },
      s3_to_hive_operator: {
        S3ToHiveOperator: 'airflow.providers.apache.hive.transfers.s3_to_hive.S3ToHiveOperator',
        S3ToHiveTransfer: 'airflow.providers.apache.hive.transfers.s3_to_hive.S3ToHiveOperator',
      },
      s3_to_redshift_operator: {
        S3ToRedshiftOperator: 'airflow.providers.amazon.aws.transfers.s3_to_redshift.S3ToRedshiftOperator',
        S3ToRedshiftTransfer: 'airflow.providers.amazon.aws.transfers.s3_to_redshift.S3ToRedshiftOperator',
      },
      slack_operator: {
        SlackAPIOperator: 'airflow.providers.slack.operators.slack.SlackAPIOperator',
        SlackAPIPostOperator: 'airflow.providers.slack.operators.slack.SlackAPIPostOperator',
      },
      sql_branch_operator: {
        BranchSQLOperator: 'airflow.providers.common.sql.operators.sql.BranchSQLOperator',
        BranchSqlOperator: 'airflow.providers.common.sql.operators.sql.BranchSQLOperator',
      },
      sqlite_operator: { SqliteOperator: 'airflow.providers.sqlite.operators.sqlite.SqliteOperator' },
      subdag_operator: {
        SkippedStatePropagationOptions: 'airflow.operators.subdag.SkippedStatePropagationOptions',
        SubDagOperator: 'airflow.operators.subdag.SubDagOperator',
      },
    },
  },
  {
    package: 'airflow.hooks',
    source: HOOKS_2,
    modules: {
      S3_hook: {
        S3Hook: 'airflow.providers.amazon.aws.hooks.s3.S3Hook',
        provide_bucket_name: 'airflow.providers.amazon.aws.hooks.s3.provide_bucket_name',
      },
      base_hook: { BaseHook: BASE_HOOK },
      dbapi_hook: { DbApiHook: 'airflow.providers.common.sql.hooks.sql.DbApiHook' },
      docker_hook: { DockerHook: 'airflow.providers.docker.hooks.docker.DockerHook' },
      druid_hook: {
        DruidDbApiHook: 'airflow.providers.apache.druid.hooks.druid.DruidDbApiHook',
        DruidHook: 'airflow.providers.apache.druid.hooks.druid.DruidHook',
      },
      hdfs_hook: {
        HDFSHook: 'airflow.providers.apache.hdfs.hooks.hdfs.HDFSHook',
        HDFSHookException: 'airflow.providers.apache.hdfs.hooks.hdfs.HDFSHookException',
      },
      hive_hooks: {
        HIVE_QUEUE_PRIORITIES: 'airflow.providers.apache.hive.hooks.hive.HIVE_QUEUE_PRIORITIES',
        HiveCliHook: 'airflow.providers.apache.hive.hooks.hive.HiveCliHook',
        HiveMetastoreHook: 'airflow.providers.apache.hive.hooks.hive.HiveMetastoreHook',
        HiveServer2Hook: 'airflow.providers.apache.hive.hooks.hive.HiveServer2Hook',
      },
      http_hook: { HttpHook: 'airflow.providers.http.hooks.http.HttpHook' },
      jdbc_hook: {
        JdbcHook: 'airflow.providers.jdbc.hooks.jdbc.JdbcHook',
        jaydebeapi: 'airflow.providers.jdbc.hooks.jdbc.jaydebeapi',
      },
      mssql_hook: { MsSqlHook: 'airflow.providers.microsoft.mssql.hooks.mssql.MsSqlHook' },
      mysql_hook: { MySqlHook: 'airflow.providers.mysql.hooks.mysql.MySqlHook' },
      oracle_hook: { OracleHook: 'airflow.providers.oracle.hooks.oracle.OracleHook' },
      pig_hook: { PigCliHook: 'airflow.providers.apache.pig.hooks.pig.PigCliHook' },
      postgres_hook: { PostgresHook: 'airflow.providers.postgres.hooks.postgres.PostgresHook' },
      presto_hook: { PrestoHook: 'airflow.providers.presto.hooks.presto.PrestoHook' },
      samba_hook: { SambaHook: 'airflow.providers.samba.hooks.samba.SambaHook' },
      slack_hook: { SlackHook: 'airflow.providers.slack.hooks.slack.SlackHook' },
      sqlite_hook: { SqliteHook: 'airflow.providers.sqlite.hooks.sqlite.SqliteHook' },
      webhdfs_hook: { WebHDFSHook: 'airflow.providers.apache.hdfs.hooks.webhdfs.WebHDFSHook' },
      zendesk_hook: { ZendeskHook: 'airflow.providers.zendesk.hooks.zendesk.ZendeskHook' },
    },
  },
  {
    package: 'airflow.sensors',
    source: SENSORS_2,
    modules: {
      base_sensor_operator: { BaseSensorOperator: 'airflow.sensors.base.BaseSensorOperator' },
      date_time_sensor: { DateTimeSensor: 'airflow.sensors.date_time.DateTimeSensor' },
      external_task_sensor: {
        ExternalTaskMarker: 'airflow.sensors.external_task.ExternalTaskMarker',
        ExternalTaskSensor: 'airflow.sensors.external_task.ExternalTaskSensor',
        ExternalTaskSensorLink: 'airflow.sensors.external_task.ExternalTaskSensorLink',
      },
      hdfs_sensor: { HdfsSensor: 'airflow.providers.apache.hdfs.sensors.hdfs.HdfsSensor' },
      hive_partition_sensor: { HivePartitionSensor: 'airflow.providers.apache.hive.sensors.hive_partition.HivePartitionSensor' },
      http_sensor: { HttpSensor: 'airflow.providers.http.sensors.http.HttpSensor' },
      metastore_partition_sensor: {
        MetastorePartitionSensor: 'airflow.providers.apache.hive.sensors.metastore_partition.MetastorePartitionSensor',
      },
      named_hive_partition_sensor: {
        NamedHivePartitionSensor: 'airflow.providers.apache.hive.sensors.named_hive_partition.NamedHivePartitionSensor',
      },
      s3_key_sensor: { S3KeySensor: 'airflow.providers.amazon.aws.sensors.s3.S3KeySensor' },
      sql: { SqlSensor: 'airflow.providers.common.sql.sensors.sql.SqlSensor' },
      sql_sensor: { SqlSensor: 'airflow.providers.common.sql.sensors.sql.SqlSensor' },
      time_delta_sensor: { TimeDeltaSensor: 'airflow.sensors.time_delta.TimeDeltaSensor' },
      web_hdfs_sensor: { WebHdfsSensor: 'airflow.providers.apache.hdfs.sensors.web_hdfs.WebHdfsSensor' },
    },
  },
];

/**
 * Where Airflow 2's core homes live in Airflow 3: Airflow 3's own shim tables
 * (airflow-core/src/airflow/operators/__init__.py and sensors/__init__.py, 3.x), plus the links
 * that newsfragment 41368 moves with their operators. An Airflow 2 core home missing here has no
 * recorded Airflow 3 home: no fix is offered for Airflow 3 (SubDAGs were removed; `branch` and the
 * sensor base moved into the task SDK at releases this table does not pin).
 */
const AIRFLOW3_HOMES: Readonly<Record<string, string>> = {
  [BASE_HOOK]: BASE_HOOK,
  'airflow.operators.bash.BashOperator': 'airflow.providers.standard.operators.bash.BashOperator',
  'airflow.operators.python.PythonOperator': 'airflow.providers.standard.operators.python.PythonOperator',
  'airflow.operators.python.BranchPythonOperator': 'airflow.providers.standard.operators.python.BranchPythonOperator',
  'airflow.operators.python.ShortCircuitOperator': 'airflow.providers.standard.operators.python.ShortCircuitOperator',
  'airflow.operators.python.PythonVirtualenvOperator': 'airflow.providers.standard.operators.python.PythonVirtualenvOperator',
  'airflow.operators.empty.EmptyOperator': 'airflow.providers.standard.operators.empty.EmptyOperator',
  'airflow.operators.trigger_dagrun.TriggerDagRunOperator': 'airflow.providers.standard.operators.trigger_dagrun.TriggerDagRunOperator',
  'airflow.operators.trigger_dagrun.TriggerDagRunLink': 'airflow.providers.standard.operators.trigger_dagrun.TriggerDagRunLink',
  'airflow.operators.latest_only.LatestOnlyOperator': 'airflow.providers.standard.operators.latest_only.LatestOnlyOperator',
  'airflow.operators.email.EmailOperator': 'airflow.providers.smtp.operators.smtp.EmailOperator',
  'airflow.sensors.date_time.DateTimeSensor': 'airflow.providers.standard.sensors.date_time.DateTimeSensor',
  'airflow.sensors.time_delta.TimeDeltaSensor': 'airflow.providers.standard.sensors.time_delta.TimeDeltaSensor',
  'airflow.sensors.external_task.ExternalTaskSensor': 'airflow.providers.standard.sensors.external_task.ExternalTaskSensor',
  'airflow.sensors.external_task.ExternalTaskMarker': 'airflow.providers.standard.sensors.external_task.ExternalTaskMarker',
};

/**
 * Airflow 2 homes that came after 2.0: airflow/operators/empty.py, which 2.x's airflow/operators/dummy.py
 * points to (the 2.1.4 API reference lists no airflow.operators.empty, the 2.3.4 one does).
 */
const LATER_HOMES: Readonly<Record<string, string>> = {
  'airflow.operators.empty.EmptyOperator': '2.3',
};

const PROVIDERS = 'airflow.providers.';

function moveOf(pkg: string, source: string, submodule: string, name: string, airflow2: string): ImportMove {
  const provider = airflow2.startsWith(PROVIDERS);
  return {
    module: `${pkg}.${submodule}`,
    name,
    airflow2,
    since: provider ? null : (LATER_HOMES[airflow2] ?? '2.0'),
    airflow3: AIRFLOW3_HOMES[airflow2] ?? (provider ? airflow2 : null),
    source,
  };
}

/** Old module -> name -> move. */
const MOVES: ReadonlyMap<string, ReadonlyMap<string, ImportMove>> = new Map(
  AIRFLOW2_SHIMS.flatMap(({ package: pkg, source, modules }) =>
    Object.entries(modules).map(([submodule, names]) => [
      `${pkg}.${submodule}`,
      new Map(Object.entries(names).map(([name, airflow2]) => [name, moveOf(pkg, source, submodule, name, airflow2)])),
    ]),
  ),
);

const REMOVALS: readonly ImportRemoval[] = [
  {
    module: 'airflow.contrib',
    prefix: true,
    short: 'import it from its provider package',
    instead:
      'import the class from the provider package that took it over (`airflow.providers.<provider>...`), installing that provider if needed',
    deprecated: '2.0',
    source: 'Airflow 3.0 significant change "airflow.contrib modules have been removed"; no airflow-core/src/airflow/contrib in 3.x',
  },
  {
    module: 'airflow.api.common.experimental',
    prefix: true,
    short: 'use the stable REST API',
    instead: "use Airflow's stable REST API (or its Python client) instead of the experimental API modules",
    deprecated: '2.0',
    source: 'airflow-core/src/airflow/api/common (3.x) has no experimental package',
  },
  {
    module: 'airflow.utils.dates',
    name: 'days_ago',
    short: 'write a fixed date',
    instead: 'write a fixed date instead, such as `pendulum.datetime(2024, 1, 1, tz="UTC")`',
    deprecated: '2.x',
    source: 'airflow-core/src/airflow/utils/dates.py (3.x) no longer defines it',
  },
  {
    module: 'airflow.utils.decorators',
    name: 'apply_defaults',
    short: 'delete the decorator',
    instead: 'delete the decorator: since Airflow 2.0 BaseOperator applies `default_args` by itself',
    deprecated: '2.0',
    source: 'airflow-core/newsfragments/41579.significant.rst; airflow/utils/decorators.py (2.x) says it is applied automatically',
  },
];

/** The moves of an old module (`airflow.operators.bash_operator`), or undefined when it is not a shim. */
export function movesOf(module: string): ReadonlyMap<string, ImportMove> | undefined {
  return MOVES.get(module);
}

/** The removal that covers a module (itself or, for a prefix, a parent), or undefined. */
export function moduleRemoval(module: string): ImportRemoval | undefined {
  return REMOVALS.find(
    (removal) =>
      removal.name === undefined && (module === removal.module || (removal.prefix === true && module.startsWith(`${removal.module}.`))),
  );
}

/** The removal of `name` from `module` (`days_ago` of `airflow.utils.dates`), or undefined. */
export function nameRemoval(module: string, name: string): ImportRemoval | undefined {
  return REMOVALS.find((removal) => removal.module === module && removal.name === name);
}

/** The removal of a qualified name (`airflow.utils.dates.days_ago`), or undefined. */
export function qualifiedRemoval(qualified: string): ImportRemoval | undefined {
  removalByQualified ??= removalsByQualifiedName();
  return removalByQualified.get(qualified);
}

/** The removals of named things by `module.name`, the first of each (DG207 asks it of every call). */
let removalByQualified: Map<string, ImportRemoval> | undefined;

function removalsByQualifiedName(): Map<string, ImportRemoval> {
  const byName = new Map<string, ImportRemoval>();
  for (const removal of REMOVALS) {
    const qualified = `${removal.module}.${removal.name}`;
    if (removal.name !== undefined && !byName.has(qualified)) byName.set(qualified, removal);
  }
  return byName;
}

/** `airflow.providers.postgres.hooks.postgres.PostgresHook` -> `apache-airflow-providers-postgres`; null outside the providers. */
export function providerDistribution(qualified: string): string | null {
  if (!qualified.startsWith(PROVIDERS)) return null;
  const parts = qualified.slice(PROVIDERS.length).split('.');
  // Two-part providers: apache.hive, microsoft.mssql, common.sql, cncf.kubernetes.
  const twoPart = ['apache', 'microsoft', 'common', 'cncf'].includes(parts[0]);
  return `apache-airflow-providers-${(twoPart ? parts.slice(0, 2) : parts.slice(0, 1)).join('-')}`;
}

/** The standard provider comes with Airflow 3 (its core operators moved there). */
export function isStandardProvider(qualified: string): boolean {
  return qualified.startsWith(`${PROVIDERS}standard.`);
}
