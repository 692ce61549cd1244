// DG201: a weight_rule that is not one of Airflow's weight rules.
import { WEIGHT_RULE_CLASSES, WEIGHT_RULE_MEMBERS, WEIGHT_RULE_VALUES } from '../../airflow/weightRule';
import { field, unparenthesize } from '../../syntax/nodes';
import { didYouMean } from '../../suggest';
import { argumentValue, replaceStringContent, taskArgumentSites } from '../argumentValues';
import type { Fix, PythonRule, RuleContext } from '../rule';

const ALLOWED = WEIGHT_RULE_VALUES.map((value) => `"${value}"`).join(', ');

export const dg201: PythonRule = {
  code: 'DG201',
  name: 'invalid-weight-rule',
  defaultSeverity: 'error',
  needsDagFile: true,
  readsArgumentSites: true,
  docs: {
    summary: "A `weight_rule` that is not one of Airflow's weight rules.",
    whatItDoes:
      'Reports a `weight_rule` (on an operator, a `@task(...)` decorator or in `default_args`, also through a module-level constant) that is not `"downstream"`, `"upstream"` or `"absolute"`, and a `WeightRule.X` member that does not exist. A string with a dot in it is left alone: since Airflow 2.9 it may be the import path of a custom priority weight strategy.',
    whyBad:
      'Airflow checks the value when it builds the task, that is, when the DAG file is parsed: a wrong weight rule makes the whole file a "Broken DAG", and none of its DAGs are scheduled.',
    example: 'BashOperator(task_id="load", bash_command="load.sh", weight_rule="downstram")',
    useInstead: 'BashOperator(task_id="load", bash_command="load.sh", weight_rule="downstream")',
    fix: 'When the value is a typo of a weight rule, "Replace with ..." puts the closest one in its place (not applied by fix-all: check that it is the rule you meant).',
  },
  check(context: RuleContext) {
    const { source, bindings, imports } = context;
    for (const site of taskArgumentSites(context.sites.sites)) {
      const entry = site.entries.get('weight_rule');
      if (!entry) continue;
      const value = argumentValue(entry, bindings);
      if (value.kind === 'string') {
        const text = value.string!;
        if (WEIGHT_RULE_VALUES.includes(text as (typeof WEIGHT_RULE_VALUES)[number]) || text.includes('.')) continue;
        const suggestion = didYouMean(text, WEIGHT_RULE_VALUES);
        const edit = suggestion && !value.viaConstant ? replaceStringContent(source, value.node, suggestion) : null;
        const fix: Fix | null = edit ? { title: `Replace with "${suggestion}"`, safe: false, edits: [edit] } : null;
        context.report({
          node: entry.value,
          message: `weight_rule "${text}" is not a weight rule${suggestion ? `; did you mean "${suggestion}"?` : '.'}`,
          detail: `Airflow accepts ${ALLOWED}.`,
          fix,
        });
        continue;
      }
      // WeightRule.DOWNSTRAM: an AttributeError when the file is imported.
      const node = unparenthesize(value.node);
      if (node?.type !== 'attribute' || !WEIGHT_RULE_CLASSES.has(imports.resolve(field(node, 'object')) ?? '')) continue;
      const member = field(node, 'attribute');
      if (!member || WEIGHT_RULE_MEMBERS.includes(member.text as (typeof WEIGHT_RULE_MEMBERS)[number])) continue;
      const suggestion = didYouMean(member.text, WEIGHT_RULE_MEMBERS);
      context.report({
        node: entry.value,
        message: `WeightRule has no member ${member.text}${suggestion ? `; did you mean WeightRule.${suggestion}?` : '.'}`,
        detail: `The DAG file fails to import (an AttributeError). Members: ${WEIGHT_RULE_MEMBERS.join(', ')}.`,
        fix:
          suggestion && !value.viaConstant
            ? {
                title: `Replace with WeightRule.${suggestion}`,
                safe: false,
                edits: [{ range: source.rangeOf(member), newText: suggestion }],
              }
            : null,
      });
    }
  },
};
