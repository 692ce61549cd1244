// DG204: a task that asks for more slots than its pool has.
import type { KnownPools } from '../../airflow/pools';
import type { ArgumentEntry } from '../../airflow/argumentSites';
import { argumentValue, type ArgumentValue } from '../argumentValues';
import type { PythonRule, RuleContext } from '../rule';

export const dg204: PythonRule = {
  code: 'DG204',
  name: 'pool-slots-exceed-pool',
  defaultSeverity: 'error',
  needsDagFile: true,
  readsArgumentSites: true,
  docs: {
    summary: '`pool_slots` larger than the pool: the task can never start.',
    whatItDoes:
      "When the project names its pools with their sizes, reports a `pool_slots` larger than the number of slots of the task's pool. The pool and the slots may come from the task or from the `default_args` that apply to it (its own, its task group's, its DAG's); values are read through module-level constants. A pool without a known size (such as `default_pool`, unless the pools file lists it) is not checked.",
    whyBad:
      'A task runs only when its pool has `pool_slots` free slots at once. A pool of 4 slots never has 8 free: the task waits in "scheduled" for ever, and so do the tasks downstream of it. Airflow reports nothing.',
    example:
      'from airflow.providers.cncf.kubernetes.operators.pod import KubernetesPodOperator\n# pools.json: {"gpu": {"slots": 4}}\nKubernetesPodOperator(task_id="train", image="trainer:1.4", pool="gpu", pool_slots=8)',
    useInstead:
      'from airflow.providers.cncf.kubernetes.operators.pod import KubernetesPodOperator\n# pools.json: {"gpu": {"slots": 4}}\nKubernetesPodOperator(task_id="train", image="trainer:1.4", pool="gpu", pool_slots=4)',
  },
  check(context: RuleContext) {
    const known = context.pools;
    if (!known) return;
    const { sites, bindings } = context;
    const reported = new Set<number>();
    const check = (pool: ArgumentEntry, slots: ArgumentEntry, at: ArgumentEntry) => {
      const said = exceeds(known, argumentValue(pool, bindings), argumentValue(slots, bindings));
      if (!said || reported.has(at.value.id)) return;
      reported.add(at.value.id);
      context.report({ node: at.value, ...said });
    };
    // A default_args dict that sets both.
    for (const site of sites.ofKind('defaultArgs')) {
      const pool = site.entries.get('pool');
      const slots = site.entries.get('pool_slots');
      if (pool && slots) check(pool, slots, slots);
    }
    // A task that sets at least one of them itself, the other coming from its default_args.
    for (const site of sites.ofKind('task')) {
      const pool = sites.lookup(site, 'pool');
      const slots = sites.lookup(site, 'pool_slots');
      if (typeof pool === 'string' || typeof slots === 'string') continue;
      if (pool.site !== site && slots.site !== site) continue;
      check(pool.entry, slots.entry, slots.site === site ? slots.entry : pool.entry);
    }
  },
};

function exceeds(known: KnownPools, pool: ArgumentValue, slots: ArgumentValue): { message: string; detail: string } | null {
  if (pool.kind !== 'string' || slots.kind !== 'int') return null;
  const info = known.pools.get(pool.string!);
  if (!info || info.slots === null || slots.int! <= info.slots) return null;
  return {
    message: `pool_slots=${slots.int} is more than pool "${info.name}" has (${info.slots} slot${info.slots === 1 ? '' : 's'}): the task can never start.`,
    detail: `The pool's size comes from ${known.source}.`,
  };
}
