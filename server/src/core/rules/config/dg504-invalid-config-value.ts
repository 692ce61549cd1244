// DG504: a value Airflow cannot read as the key's type (a number, a boolean, one of a fixed set).
import { keySpec } from '../../config/catalogue';
import type { ConfigKeySpec } from '../../config/airflowConfig';
import type { Fix } from '../rule';
import type { ConfigRule } from '../rule';
import { displayName } from './names';
import { headWithTail } from '../sentences';
import { booleanValue, isFloat, isInteger } from './values';
import { ownEntry } from '../../ownEntry';

const BOOLEAN_WORDS: Record<string, string> = { yes: 'True', y: 'True', on: 'True', no: 'False', n: 'False', off: 'False' };

export const dg504: ConfigRule = {
  kind: 'config',
  code: 'DG504',
  name: 'invalid-config-value',
  defaultSeverity: 'error',
  docs: {
    summary: 'A configuration value of the wrong type for its key.',
    whatItDoes:
      "Checks the literal values of documented keys (in airflow.cfg, `AIRFLOW__SECTION__KEY` variables and the Helm chart's `config:` block) the way Airflow reads them: whole numbers for integer keys, numbers for float keys, `True`/`False` (or `t`, `f`, `1`, `0`) for boolean keys, and one of the listed values for keys that take a fixed set (`default_task_weight_rule`, `file_parsing_sort_mode`, `logging_level`, ...). Values built from other variables, `{AIRFLOW_HOME}`-style placeholders and `_cmd` / `_secret` variants are not checked.",
    whyBad:
      'Airflow reads a value only when a component needs it, and a value it cannot read is an exception at that moment: the scheduler or a worker fails to start, or fails later in the middle of its work. `yes` and `on` look like booleans but Airflow does not accept them.',
    example: ['[core]', 'parallelism = 32.5', 'load_examples = no', 'default_task_weight_rule = downstreams'].join('\n'),
    useInstead: ['[core]', 'parallelism = 32', 'load_examples = False', 'default_task_weight_rule = downstream'].join('\n'),
    fix: 'For a boolean written as `yes`/`no`/`on`/`off`, replaces it with `True` or `False`. Not applied by fix-all: the setting starts to take effect.',
  },
  check(context) {
    const { document } = context;
    for (const setting of document.settings) {
      if (setting.variant !== 'plain' || setting.value === null) continue;
      const spec = keySpec(setting.section, setting.key);
      if (!spec) continue;
      const problem = problemWith(spec, setting.value);
      if (!problem) continue;
      const range = document.lines.rangeOf(
        setting.value === '' ? setting.nameStart : setting.valueStart,
        setting.value === '' ? setting.nameEnd : setting.valueEnd,
      );
      const replacement = spec.type === 'boolean' ? ownEntry(BOOLEAN_WORDS, setting.value.trim().toLowerCase()) : undefined;
      const fix: Fix | null =
        replacement && setting.value !== ''
          ? { title: `Replace with ${replacement}`, safe: false, edits: [{ range, newText: replacement }] }
          : null;
      context.report({
        range,
        ...(problem.tail
          ? headWithTail(`${displayName(setting)}: ${problem.head}`, problem.tail, problem.joint)
          : { message: `${displayName(setting)}: ${problem.head}.`, detail: problem.detail ?? '' }),
        fix,
      });
    }
  },
};

/**
 * What is wrong with the value: `head` ends the first sentence; `tail` follows it there when it fits
 * (else it is the detail); `detail` is only ever the detail.
 */
interface Problem {
  head: string;
  tail?: string;
  /** What joins the tail to the head in one sentence ('; ' unless said). */
  joint?: string;
  detail?: string;
}

function problemWith(spec: ConfigKeySpec, raw: string): Problem | null {
  // Placeholders Airflow expands ({AIRFLOW_HOME}) and ConfigParser interpolation (%(x)s).
  if (/[{}]|%\(/.test(raw) || raw.includes('\n')) return null;
  const value = raw.trim();
  const shown = JSON.stringify(value);
  if (value.includes(' #') && spec.type !== 'string' && spec.type !== 'boolean') {
    return {
      head: `${shown} is not a number`,
      detail: 'In airflow.cfg a comment after a value is part of the value (ConfigParser keeps it), so this is not a number.',
    };
  }
  switch (spec.type) {
    case 'integer':
      if (value === '') return { head: 'is empty', tail: 'Airflow needs a whole number' };
      if (isInteger(value)) return null;
      return { head: `${shown} is not ${isFloat(value) ? 'a whole number' : 'a number'}`, tail: 'Airflow reads this key as an integer' };
    case 'float':
      if (value === '') return { head: 'is empty', tail: 'Airflow needs a number' };
      return isFloat(value) ? null : { head: `${shown} is not a number` };
    case 'boolean':
      if (value === '') return { head: 'is empty', tail: 'Airflow needs True or False' };
      return booleanValue(value) === null
        ? { head: `${shown} is not a boolean Airflow reads`, tail: 'write True or False', joint: ': ' }
        : null;
    case 'string':
      if (!spec.values || value === '') return null;
      return spec.values.some((allowed) => allowed.toLowerCase() === value.toLowerCase())
        ? null
        : { head: `${shown} is not one of ${spec.values.map((allowed) => `\`${allowed}\``).join(', ')}` };
  }
}
