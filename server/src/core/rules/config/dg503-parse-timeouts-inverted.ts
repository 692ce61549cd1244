// DG503: the DAG processor's per-file timeout is not larger than the import timeout, so a slow
// file is killed before Airflow can report it as a broken DAG.
import type { ConfigDocument, ConfigSetting } from '../../config/document';
import { effectiveValue, type EffectiveValue } from '../../config/effective';
import type { ConfigProject, ConfigRule, ConfigRuleContext } from '../rule';
import { displayName, nameRange } from './names';
import { parseNumber } from './values';
import { MAX_FIRST_SENTENCE, toSentence } from '../sentences';

const KILLED = 'The DAG processor kills a slow file before the import timeout can report it as a broken DAG.';

/** `[core] dag_file_processor_timeout`'s default (config.yml, 2.x and 3.x). */
const PROCESSOR_TIMEOUT_DEFAULT = 50;

export const dg503: ConfigRule = {
  kind: 'config',
  code: 'DG503',
  name: 'parse-timeouts-inverted',
  defaultSeverity: 'warning',
  docs: {
    summary: '`dag_file_processor_timeout` is not larger than `dagbag_import_timeout`.',
    whatItDoes:
      "Compares the time one DAG file may take to import (`[core] dagbag_import_timeout`, 30 s by default) with the time the DAG processor may spend on the file (`dag_file_processor_timeout`, 50 s by default, in `[core]` or, in Airflow 3, `[dag_processor]`), as Airflow combines the project's files: environment variables (compose `environment:`, the env files compose loads with `env_file:`, or the `.env` files when it names none, Dockerfile `ENV`) over airflow.cfg over the default. It reports the processor timeout's line when that is not the larger one, or the import timeout's line when the processor timeout comes from another file or is the default, naming the file the other value comes from. A value another file overrides is not reported. Without a project (a file on its own), one file's pair is compared; in an airflow.cfg that raises the import timeout without setting the processor timeout, the import timeout's line is reported against the default of 50.",
    whyBad:
      'The import timeout is what turns a slow file into a visible "Broken DAG: DagBag import timeout" error. When the processor timeout is as short or shorter, the processor kills the file first: no import error is recorded, the file\'s DAGs simply stop being updated, and the logs only say that a processor was killed.',
    example: ['[core]', 'dagbag_import_timeout = 120', 'dag_file_processor_timeout = 60'].join('\n'),
    useInstead: ['[core]', 'dagbag_import_timeout = 120', 'dag_file_processor_timeout = 180'].join('\n'),
  },
  check(context) {
    const { document, airflowVersion } = context;
    if (context.project && context.project.layers.some((layer) => layer.source === context.project!.path)) {
      checkCombined(context, context.project);
      return;
    }
    const importTimeout = document.settings.find(
      (setting) => setting.section === 'core' && setting.key === 'dagbag_import_timeout' && setting.variant === 'plain',
    );
    const importSeconds = importTimeout ? parseNumber(importTimeout.value) : null;
    // A timeout of 0 or less turns the import timeout off: nothing to compare.
    if (!importTimeout || importSeconds === null || importSeconds <= 0) return;
    const candidates = document.settings.filter(
      (setting) =>
        setting.key === 'dag_file_processor_timeout' &&
        setting.variant === 'plain' &&
        (setting.section === 'core' || setting.section === 'dag_processor'),
    );
    const preferred = airflowVersion === 3 ? 'dag_processor' : 'core';
    const processor: ConfigSetting | undefined = candidates.find((setting) => setting.section === preferred) ?? candidates[0];
    if (processor) {
      const processorSeconds = parseNumber(processor.value);
      if (processorSeconds === null || processorSeconds <= 0 || processorSeconds > importSeconds) return;
      context.report({
        range: nameRange(document, processor),
        ...comparison(`${displayName(processor)} (${processor.value})`, 'larger', displayName(importTimeout), String(importTimeout.value)),
      });
      return;
    }
    // Without its own line, the processor timeout is the default, known only for a whole airflow.cfg.
    if (document.kind !== 'airflow-cfg' || importSeconds < PROCESSOR_TIMEOUT_DEFAULT) return;
    context.report({
      range: nameRange(document, importTimeout),
      ...comparison(
        `${displayName(importTimeout)} (${importTimeout.value})`,
        'smaller',
        'dag_file_processor_timeout',
        `not set: ${PROCESSOR_TIMEOUT_DEFAULT} by default`,
        `${PROCESSOR_TIMEOUT_DEFAULT} by default`,
      ),
    });
  },
};

/**
 * The values in effect across the project's files: the finding goes on this document's line that
 * sets one of them (the processor timeout's first), and names where the other comes from.
 */
function checkCombined(context: ConfigRuleContext, project: ConfigProject): void {
  const { document, airflowVersion } = context;
  const imported = effectiveValue(project.layers, 'core', 'dagbag_import_timeout', airflowVersion);
  const processor =
    airflowVersion === 3
      ? effectiveValue(project.layers, 'dag_processor', 'dag_file_processor_timeout', 3)
      : effectiveValue(project.layers, 'core', 'dag_file_processor_timeout', airflowVersion);
  const importSeconds = imported ? parseNumber(imported.value) : null;
  const processorSeconds = processor ? parseNumber(processor.value) : null;
  if (
    !imported ||
    !processor ||
    importSeconds === null ||
    importSeconds <= 0 ||
    processorSeconds === null ||
    processorSeconds <= 0 ||
    processorSeconds > importSeconds
  )
    return;
  const where = (value: EffectiveValue) => (value.source === project.path ? '' : value.source ? `, from ${value.source}` : '');
  const processorLine = processor.source === project.path ? lineSetting(document, processor) : undefined;
  if (processorLine) {
    context.report({
      range: nameRange(document, processorLine),
      ...comparison(`${processor.name} (${processor.value})`, 'larger', imported.name, `${imported.value}${where(imported)}`),
    });
    return;
  }
  const importLine = imported.source === project.path ? lineSetting(document, imported) : undefined;
  if (!importLine) return;
  const other =
    processor.source === null
      ? { name: 'dag_file_processor_timeout', value: `not set: ${processor.value} by default`, short: `${processor.value} by default` }
      : { name: processor.name, value: `${processor.value}${where(processor)}` };
  context.report({
    range: nameRange(document, importLine),
    ...comparison(`${imported.name} (${imported.value})`, 'smaller', other.name, other.value, other.short),
  });
}

/**
 * `A (60) is not larger than B (60, from .env).`, or, when the names make that too long for one
 * short first sentence, the other setting by its role ("the import timeout", its value said
 * shorter when it is the default), named with its value in the detail.
 */
function comparison(
  subject: string,
  relation: 'larger' | 'smaller',
  otherName: string,
  otherValue: string,
  shortValue = otherValue,
): { message: string; detail: string } {
  const role = relation === 'larger' ? 'the import timeout' : 'the processor timeout';
  const whole = `${subject} is not ${relation} than ${otherName} (${otherValue}).`;
  if (whole.length <= MAX_FIRST_SENTENCE) return { message: whole, detail: KILLED };
  return {
    message: `${subject} is not ${relation} than ${role} (${shortValue}).`,
    detail: `${toSentence(`${role} is ${otherName} (${otherValue})`)} ${KILLED}`,
  };
}

/** The document's plain setting that a look-up found (by the name it is written under). */
function lineSetting(document: ConfigDocument, value: EffectiveValue): ConfigSetting | undefined {
  return document.settings.find((setting) => setting.variant === 'plain' && displayName(setting) === value.name);
}
