// DG203: a pool name that is not among the deployment's known pools.
import { DEFAULT_POOL, poolNames } from '../../airflow/pools';
import { didYouMean } from '../../suggest';
import { argumentLabel, argumentValue, replaceStringContent, taskArgumentSites } from '../argumentValues';
import type { PythonRule, RuleContext } from '../rule';

export const dg203: PythonRule = {
  code: 'DG203',
  name: 'unknown-pool',
  defaultSeverity: 'warning',
  needsDagFile: true,
  readsArgumentSites: true,
  docs: {
    summary: 'A `pool` that is not one of the known pools.',
    whatItDoes:
      'When the project names its pools (the `pools` setting, or a `pools-file` written by `airflow pools export`), reports a `pool` on an operator, a `@task(...)` decorator or in `default_args` (also through a module-level constant) that is not among them. `default_pool` always exists. Without known pools the rule reports nothing.',
    whyBad:
      'Airflow does not check the pool when it parses the file. The scheduler then never queues a task whose pool does not exist: it waits in "scheduled" for ever, and the log only says that the pool does not exist.',
    example:
      'from airflow.providers.cncf.kubernetes.operators.pod import KubernetesPodOperator\n# pools.json: {"gpu_pool": {"slots": 4}}\nKubernetesPodOperator(task_id="train", image="trainer:1.4", pool="gpu_pol")',
    useInstead:
      'from airflow.providers.cncf.kubernetes.operators.pod import KubernetesPodOperator\n# pools.json: {"gpu_pool": {"slots": 4}}\nKubernetesPodOperator(task_id="train", image="trainer:1.4", pool="gpu_pool")',
    fix: 'When the name is close to a known pool, "Replace with ..." writes that pool (not applied by fix-all).',
  },
  check(context: RuleContext) {
    const known = context.pools;
    if (!known) return;
    const names = poolNames(known);
    for (const site of taskArgumentSites(context.sites.sites)) {
      const entry = site.entries.get('pool');
      if (!entry) continue;
      const value = argumentValue(entry, context.bindings);
      if (value.kind !== 'string' || value.string === DEFAULT_POOL || known.pools.has(value.string!)) continue;
      const name = value.string!;
      // "etl_pool" for "etl": people add the word pool to the name.
      const suggestion = didYouMean(name, names) ?? didYouMean(name.replace(/^pool[_-]|[_-]pool$/i, ''), names);
      const edit = suggestion && !value.viaConstant ? replaceStringContent(context.source, value.node, suggestion) : null;
      context.report({
        node: entry.value,
        message: `${argumentLabel(site, 'pool')} "${name}" is not a known pool${suggestion ? `; did you mean "${suggestion}"?` : '.'}`,
        detail: `The known pools come from ${known.source}. The scheduler never runs a task whose pool does not exist.`,
        fix: edit ? { title: `Replace with "${suggestion}"`, safe: false, edits: [edit] } : null,
      });
    }
  },
};
