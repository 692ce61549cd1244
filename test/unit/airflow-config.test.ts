// The configuration catalogue (server/src/core/config/airflowConfig.ts) is complete and coherent:
// every key has a description and a default, names are unique, fixed-set defaults are in their
// set, moves point at known keys, and every key the project's Airflow notes name is there with
// the default those notes give.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { KEYS, KNOWN_NAMES, MOVES, REMOVALS } from '../../server/src/core/config/airflowConfig';
import { AIRFLOW2_DEPRECATED_OPTIONS } from '../../server/src/core/config/moves';
import {
  closestKey,
  editDistance,
  envVarName,
  isCataloguedSection,
  keyInfo,
  keySpec,
  moveOf,
  parseEnvVarName,
  removalOf,
  sectionKeys,
} from '../../server/src/core/config/catalogue';

describe('Airflow configuration catalogue', () => {
  it('every documented key has a description, a type and a default', () => {
    for (const spec of KEYS) {
      const name = `[${spec.section}] ${spec.key}`;
      assert.ok(spec.description.trim().length > 20, `${name}: no description`);
      assert.ok(spec.default !== undefined, `${name}: no default`);
      assert.ok(['integer', 'float', 'boolean', 'string'].includes(spec.type), `${name}: type ${spec.type}`);
      assert.match(spec.key, /^[a-z0-9_]+$/, `${name}: not a lower-case key`);
    }
  });

  it('names are unique, and listed names do not repeat documented ones', () => {
    const seen = new Set<string>();
    for (const spec of KEYS) {
      const name = `${spec.section}.${spec.key}`;
      assert.ok(!seen.has(name), `${name} twice`);
      seen.add(name);
    }
    for (const [section, names] of Object.entries(KNOWN_NAMES))
      assert.equal(new Set(names).size, names.length, `[${section}] lists a name twice`);
  });

  it('typed defaults read as their type; fixed-set defaults are in the set', () => {
    for (const spec of KEYS) {
      if (spec.default === null || spec.default === '' || spec.default.startsWith('{')) continue;
      if (spec.type === 'integer') assert.match(spec.default, /^-?\d+$/, `[${spec.section}] ${spec.key}`);
      if (spec.type === 'float') assert.ok(Number.isFinite(Number(spec.default)), `[${spec.section}] ${spec.key}`);
      if (spec.type === 'boolean') assert.match(spec.default, /^(true|false)$/i, `[${spec.section}] ${spec.key}`);
      if (spec.values)
        assert.ok(
          spec.values.some((value) => value.toLowerCase() === spec.default!.toLowerCase()),
          `[${spec.section}] ${spec.key}: default not in values`,
        );
    }
  });

  it('every move goes to a known key and names its Airflow source', () => {
    for (const move of MOVES) {
      const target = keyInfo(move.toSection, move.toKey);
      assert.ok(
        target.known || !isCataloguedSection(move.toSection),
        `[${move.fromSection}] ${move.fromKey} -> [${move.toSection}] ${move.toKey}: target not known`,
      );
      assert.ok(keyInfo(move.fromSection, move.fromKey).known, `old name [${move.fromSection}] ${move.fromKey} not known`);
      assert.match(
        move.source,
        /^airflow(-core\/src\/airflow)?\/[\w/]+\.py \w+ \(Airflow \d/,
        `[${move.fromSection}] ${move.fromKey}: source`,
      );
      assert.match(move.version, /^\d+\.\d+(\.\d+)?$/);
    }
    for (const removal of REMOVALS) assert.match(removal.source, /config_command\.py CONFIGS_CHANGES/);
  });

  it("holds all 56 pairs of Airflow 2's deprecated_options and Airflow 3's renames", () => {
    assert.equal(MOVES.filter((move) => move.source === AIRFLOW2_DEPRECATED_OPTIONS).length, 56);
    // The four keys a real repository set that DAG Guard used to call unknown: Airflow 2 still reads them.
    for (const [section, key, toSection] of [
      ['core', 'worker_precheck', 'celery'],
      ['api', 'auth_backend', 'api'],
      ['scheduler', 'statsd_on', 'metrics'],
      ['core', 'colored_console_log', 'logging'],
    ]) {
      const move = moveOf(section, key, 2);
      assert.equal(move?.toSection, toSection, `[${section}] ${key}`);
      assert.equal(move?.airflow3Only, false, `[${section}] ${key}`);
    }
    assert.equal(moveOf('scheduler', 'max_threads', 2)?.toSection, 'scheduler');
    assert.equal(moveOf('scheduler', 'max_threads', 3)?.toSection, 'dag_processor');
    assert.equal(moveOf('api', 'auth_backends', 3)?.toSection, 'fab');
    assert.equal(moveOf('api', 'auth_backends', 2)?.airflow3Only, true, 'only Airflow 3 moves [api] auth_backends');
    assert.equal(removalOf('core', 'check_slas')?.version, '3.0');
  });

  it("has every key the Airflow notes name, with the notes' defaults", () => {
    const expected: Array<[string, string, string]> = [
      ['core', 'parallelism', '32'],
      ['core', 'max_active_tasks_per_dag', '16'],
      ['core', 'max_active_runs_per_dag', '16'],
      ['core', 'default_pool_task_slot_count', '128'],
      ['core', 'default_task_weight_rule', 'downstream'],
      ['core', 'dagbag_import_timeout', '30.0'],
      ['core', 'dag_file_processor_timeout', '50'],
      ['core', 'dag_discovery_safe_mode', 'True'],
      ['core', 'min_serialized_dag_update_interval', '30'],
      ['scheduler', 'min_file_process_interval', '30'],
      ['scheduler', 'dag_dir_list_interval', '300'],
      ['scheduler', 'parsing_processes', '2'],
      ['scheduler', 'stale_dag_threshold', '50'],
      ['scheduler', 'print_stats_interval', '30'],
      ['scheduler', 'file_parsing_sort_mode', 'modified_time'],
      ['scheduler', 'parsing_pre_import_modules', 'True'],
      ['dag_processor', 'refresh_interval', '300'],
      ['dag_processor', 'min_file_process_interval', '30'],
      ['dag_processor', 'parsing_processes', '2'],
      ['dag_processor', 'dag_file_processor_timeout', '50'],
      ['dag_processor', 'stale_dag_threshold', '50'],
      ['dag_processor', 'print_stats_interval', '30'],
      ['dag_processor', 'file_parsing_sort_mode', 'modified_time'],
      ['secrets', 'use_cache', 'False'],
      ['secrets', 'cache_ttl_seconds', '900'],
      ['celery', 'worker_concurrency', '16'],
      // [operators], checked against config.yml's operators section (DG402 reads default_deferrable).
      ['operators', 'default_deferrable', 'false'],
      ['operators', 'default_owner', 'airflow'],
      ['operators', 'default_queue', 'default'],
    ];
    for (const [section, key, value] of expected) assert.equal(keySpec(section, key)?.default, value, `[${section}] ${key}`);
    assert.equal(keySpec('celery', 'worker_autoscale')?.default, null);
    for (const [section, key] of [
      ['core', 'dag_concurrency'],
      ['core', 'non_pooled_task_slot_count'],
      ['scheduler', 'max_threads'],
    ])
      assert.ok(keyInfo(section, key).move, `[${section}] ${key} is not a rename`);
    // Known, though its default was not certain enough to write down (3.2+).
    assert.ok(keyInfo('dag_processor', 'dag_version_inflation_check_level').known);
  });

  it('covers the sections a DAG author or operator tunes', () => {
    for (const section of [
      'core',
      'scheduler',
      'dag_processor',
      'celery',
      'kubernetes_executor',
      'secrets',
      'logging',
      'webserver',
      'api',
      'database',
      'operators',
    ]) {
      assert.ok(KEYS.filter((spec) => spec.section === section).length >= 4, `[${section}] has fewer than 4 documented keys`);
      assert.ok(sectionKeys(section).length >= 5, `[${section}] lists fewer than 5 keys`);
    }
  });
});

describe('catalogue lookups', () => {
  it('maps environment variable names both ways, with _CMD / _SECRET variants', () => {
    assert.deepEqual(parseEnvVarName('AIRFLOW__CORE__PARALLELISM'), { section: 'core', key: 'parallelism', variant: 'plain' });
    assert.deepEqual(parseEnvVarName('AIRFLOW__KUBERNETES_EXECUTOR__NAMESPACE'), {
      section: 'kubernetes_executor',
      key: 'namespace',
      variant: 'plain',
    });
    assert.deepEqual(parseEnvVarName('AIRFLOW__DATABASE__SQL_ALCHEMY_CONN_SECRET'), {
      section: 'database',
      key: 'sql_alchemy_conn',
      variant: 'secret',
    });
    assert.deepEqual(parseEnvVarName('AIRFLOW__CORE__FERNET_KEY_CMD'), { section: 'core', key: 'fernet_key', variant: 'cmd' });
    // `_cmd` on a key whose plain form does not exist stays part of the key.
    assert.deepEqual(parseEnvVarName('AIRFLOW__CORE__SOMETHING_CMD'), { section: 'core', key: 'something_cmd', variant: 'plain' });
    assert.equal(parseEnvVarName('AIRFLOW_VAR_X'), null);
    assert.equal(parseEnvVarName('AIRFLOW__CORE'), null);
    assert.equal(envVarName('dag_processor', 'refresh_interval'), 'AIRFLOW__DAG_PROCESSOR__REFRESH_INTERVAL');
    assert.equal(envVarName('core', 'fernet_key', 'cmd'), 'AIRFLOW__CORE__FERNET_KEY_CMD');
  });

  it('suggests close names only', () => {
    assert.equal(editDistance('paralellism', 'parallelism'), 1); // two letters swapped
    assert.equal(editDistance('worker_concurency', 'worker_concurrency'), 1);
    assert.equal(editDistance('kitten', 'sitting'), 3);
    assert.equal(editDistance('ab', 'ba'), 1);
    assert.equal(closestKey('core', 'paralellism'), 'parallelism');
    assert.equal(closestKey('scheduler', 'parsing_procesess'), 'parsing_processes');
    assert.equal(closestKey('core', 'company_specific_setting'), null);
    assert.equal(closestKey('core', 'xyz'), null);
  });
});
