// DG502: a key Airflow does not know, in a section it does know: usually a typo, which Airflow
// ignores without a word, so the default silently stays in force.
import { closestKey, closestSection, envVarName, isCataloguedSection, keyInfo, moveOf, sectionsWithKey } from '../../config/catalogue';
import type { ConfigRule } from '../rule';
import { headWithTail } from '../sentences';
import { displayName, nameRange, targetName } from './names';

/** Real sections of Airflow and its providers that the catalogue does not list key by key. */
const OTHER_SECTIONS = new Set([
  'operators',
  'smtp',
  'email',
  'metrics',
  'traces',
  'triggerer',
  'sensors',
  'lineage',
  'hive',
  'kerberos',
  'sentry',
  'elasticsearch',
  'opensearch',
  'fab',
  'atlas',
  'usage_data_collection',
  'common.io',
  'aws',
  'aws_lambda_executor',
  'aws_ecs_executor',
  'aws_batch_executor',
  'workers',
  'execution_api',
  'openlineage',
  'local_kubernetes_executor',
  'celery_kubernetes_executor',
  'celery_broker_transport_options',
  'kubernetes',
  'kubernetes_secrets',
  'kubernetes_environment_variables',
  'kubernetes_labels',
  'kubernetes_annotations',
  'dask',
  'cli',
  'debug',
  'github_enterprise',
  'ldap',
  'admin',
  'azure_remote_logging',
  'webserver_config',
  'api_auth',
  'edge',
  'standard',
  'auth',
  'core_api',
  'secrets_manager',
  'scheduler_health_check',
  'dag_bundles',
  'profiling',
  'databricks',
  'imap',
  'google',
]);

export const dg502: ConfigRule = {
  kind: 'config',
  code: 'DG502',
  name: 'unknown-config-key',
  defaultSeverity: 'warning',
  docs: {
    summary: 'A configuration key (or section) Airflow does not know, with the name it was probably meant to be.',
    whatItDoes:
      "Reports keys of `[core]`, `[scheduler]`, `[dag_processor]`, `[celery]`, `[kubernetes_executor]`, `[secrets]`, `[logging]`, `[webserver]`, `[api]` and `[database]` (in airflow.cfg, as `AIRFLOW__SECTION__KEY` variables, or in the Helm chart's `config:` block) that Airflow does not define, when a known key is one or two typing mistakes away or the key belongs to another section; and misspelt section names. Keys with no close known name are left alone: providers and newer Airflow versions add keys.",
    whyBad:
      'Airflow never complains about a key it does not know: it ignores it. A misspelt `paralellism = 128` leaves `parallelism` at its default of 32, and the only symptom is a deployment that runs fewer tasks than it was configured for.',
    example: ['[core]', 'paralellism = 128', '', '[scheduler]', 'max_active_runs_per_dag = 4'].join('\n'),
    useInstead: ['[core]', 'parallelism = 128', 'max_active_runs_per_dag = 4'].join('\n'),
    fix: 'For a misspelling, replaces the name with the known one. Not applied by fix-all: the corrected key takes effect, which changes what Airflow does.',
  },
  check(context) {
    const { document } = context;
    for (const setting of document.settings) {
      const { section, key } = setting;
      if (!isCataloguedSection(section)) {
        if (OTHER_SECTIONS.has(section) || setting.origin === 'cfg') continue; // cfg section headers are reported once, below
        const meant = closestSection(section);
        if (meant && keyInfo(meant, key).known) {
          context.report({
            range: nameRange(document, setting),
            ...headWithTail(
              `${displayName(setting)}: Airflow has no section [${section}]`,
              `did you mean ${targetName(setting.origin, meant, key)}?`,
            ),
            fix: rename(setting.origin === 'env' ? envVarName(meant, key, setting.variant) : null, nameRange(document, setting)),
          });
        }
        continue;
      }
      if (keyInfo(section, key).known) continue;
      const elsewhere = sectionsWithKey(key, section);
      const airflow1 = airflow1Class(setting.value);
      if (elsewhere.length > 0 && airflow1) {
        // Moving an Airflow 1 class to the section that has the key would make that component fail at start.
        context.report({
          range: nameRange(document, setting),
          message: `${displayName(setting)}: [${section}] has no key ${key}.`,
          detail: `Its value is an Airflow 1 class: Airflow 2 removed ${airflow1}; ${elsewhere.map((other) => targetName(setting.origin, other, key)).join(' or ')} takes another kind of value, so do not move this one there.`,
        });
        continue;
      }
      if (elsewhere.length > 0) {
        context.report({
          range: nameRange(document, setting),
          ...headWithTail(
            `${displayName(setting)}: [${section}] has no key ${key}`,
            `Airflow reads it from ${elsewhere.map((other) => targetName(setting.origin, other, key)).join(' or ')}`,
          ),
        });
        continue;
      }
      const typo = closestKey(section, key);
      if (!typo) continue;
      // A typo of a renamed key: point at today's name (the old one would only get DG501).
      const candidate = moveOf(section, typo, context.airflowVersion);
      const move = candidate && (!candidate.airflow3Only || context.airflowVersion === 3) ? candidate : undefined;
      const meant = move ? { section: move.toSection, key: move.toKey } : { section, key: typo };
      const formerly = move ? ` (formerly ${typo})` : '';
      const newName =
        setting.origin === 'env'
          ? envVarName(meant.section, meant.key, setting.variant)
          : meant.section === section
            ? meant.key + (setting.variant === 'plain' ? '' : `_${setting.variant}`)
            : null;
      context.report({
        range: nameRange(document, setting),
        ...headWithTail(
          `${displayName(setting)} is not an Airflow setting`,
          `did you mean ${targetName(setting.origin, meant.section, meant.key)}${formerly}?`,
        ),
        fix: rename(newName, nameRange(document, setting)),
      });
    }
    for (const header of document.sections) {
      const section = header.name;
      if (isCataloguedSection(section) || OTHER_SECTIONS.has(section)) continue;
      const meant = closestSection(section);
      if (!meant) continue;
      context.report({
        range: document.lines.rangeOf(header.nameStart, header.nameEnd),
        ...headWithTail(`Airflow has no section [${header.name}]`, `did you mean [${meant}]?`),
        fix: rename(meant, document.lines.rangeOf(header.nameStart, header.nameEnd)),
      });
    }
  },
};

/** `airflow.contrib.…` (Airflow 1's contrib package, gone in 2.0) named in a value: the module. */
function airflow1Class(value: string | null): string | null {
  return value === null ? null : (/\bairflow\.contrib(?:\.\w+)*/.exec(value)?.[0] ?? null);
}

function rename(newText: string | null, range: import('../../syntax/positions').Range) {
  return newText === null ? null : { title: `Rename to ${newText}`, safe: false, edits: [{ range, newText }] };
}
