// DG202: pool_slots below 1 or not an integer; priority_weight not a 32-bit signed integer.
import { argumentLabel, argumentValue, taskArgumentSites, type ArgumentValue } from '../argumentValues';
import type { PythonRule, RuleContext } from '../rule';

const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;

const KIND_WORDS: Record<string, string> = { float: 'a float', string: 'a string', none: 'None' };

export const dg202: PythonRule = {
  code: 'DG202',
  name: 'invalid-priority-or-slots',
  defaultSeverity: 'error',
  needsDagFile: true,
  readsArgumentSites: true,
  docs: {
    summary: '`pool_slots` below 1 or not an integer, or a `priority_weight` that is not a 32-bit integer.',
    whatItDoes:
      'Reports `pool_slots` that is below 1, a float, a string or None, and `priority_weight` that is a float or a string, or outside the 32-bit signed range (-2147483648 to 2147483647). It reads operator arguments, `@task(...)` arguments and `default_args`, through module-level constants; a value it cannot compute (an expression, a function call) is not reported.',
    whyBad:
      'Airflow refuses `pool_slots` below 1 (or not a number) and a non-integer `priority_weight` when it builds the task, that is, when the DAG file is parsed: the file becomes a "Broken DAG". Slots are counted in whole numbers. The metadata database stores priority weights as 32-bit integers: a larger weight overflows (or is clamped), and the queue order is not the one you wrote.',
    example: 'SparkSubmitOperator(task_id="train", application="train.py", pool="spark", pool_slots=0, priority_weight=10_000_000_000)',
    useInstead: 'SparkSubmitOperator(task_id="train", application="train.py", pool="spark", pool_slots=1, priority_weight=100)',
  },
  check(context: RuleContext) {
    for (const site of taskArgumentSites(context.sites.sites)) {
      const slots = site.entries.get('pool_slots');
      if (slots) {
        const value = argumentValue(slots, context.bindings);
        const problem = slotsProblem(value);
        if (problem)
          context.report({ node: slots.value, message: `${argumentLabel(site, 'pool_slots')} ${problem.message}`, detail: problem.detail });
      }
      const weight = site.entries.get('priority_weight');
      if (weight) {
        const value = argumentValue(weight, context.bindings);
        const problem = weightProblem(value);
        if (problem)
          context.report({
            node: weight.value,
            message: `${argumentLabel(site, 'priority_weight')} ${problem.message}`,
            detail: problem.detail,
          });
      }
    }
  },
};

function shown(value: ArgumentValue): string {
  return value.viaConstant ? ` (${value.node.text.slice(0, 40)})` : '';
}

/** What is wrong with a value (after the argument's name) and why it matters. */
interface Problem {
  message: string;
  detail: string;
}

function slotsProblem(value: ArgumentValue): Problem | null {
  if (value.kind === 'int') {
    return value.int! < 1
      ? {
          message: `is ${value.int}${value.viaConstant ? ' (from a constant)' : ''}, below 1.`,
          detail: 'Airflow refuses pool_slots below 1 when the DAG file is parsed.',
        }
      : null;
  }
  if (value.kind === 'float')
    return {
      message: `must be a whole number of slots, not a float${shown(value)}.`,
      detail: 'The metadata database stores pool_slots as an integer.',
    };
  const word = KIND_WORDS[value.kind];
  return word
    ? {
        message: `must be an integer of at least 1, not ${word}${shown(value)}.`,
        detail: 'Comparing it with 1 fails when Airflow builds the task, at parse time.',
      }
    : null;
}

function weightProblem(value: ArgumentValue): Problem | null {
  if (value.kind === 'int') {
    const n = value.int!;
    return n < INT32_MIN || n > INT32_MAX
      ? {
          message: `is ${value.node.text}${value.viaConstant ? ' (from a constant)' : ''}, outside the 32-bit signed range.`,
          detail: `The metadata database stores priority weights as 32-bit signed integers (${INT32_MIN} to ${INT32_MAX}).`,
        }
      : null;
  }
  if (value.kind === 'float' || value.kind === 'string') {
    return {
      message: `must be an integer, not ${KIND_WORDS[value.kind]}${shown(value)}.`,
      detail: 'Airflow refuses it when the DAG file is parsed.',
    };
  }
  return null;
}
