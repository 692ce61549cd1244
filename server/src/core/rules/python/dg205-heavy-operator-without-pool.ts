// DG205: a resource-heavy operator with no pool, neither its own nor from default_args.
import { addPoolEdits, MAX_POOL_ACTIONS } from '../../actions/taskArguments';
import { DEFAULT_POOL, poolNames } from '../../airflow/pools';
import { inherits } from '../../airflow/operators';
import { field } from '../../syntax/nodes';
import type { PythonRule, RuleContext } from '../rule';

export const dg205: PythonRule = {
  code: 'DG205',
  name: 'heavy-operator-without-pool',
  defaultSeverity: 'hint',
  needsDagFile: true,
  readsArgumentSites: true,
  docs: {
    summary: 'A resource-heavy operator (pods, clusters, warehouse jobs) without a pool.',
    whatItDoes:
      "Reports operators that start work outside the worker: Kubernetes, EKS and GKE pods, Docker, Spark, Databricks, EMR, Glue, Batch, ECS, SageMaker, Dataproc, Dataflow, BigQuery insert jobs, dbt Cloud (the list is data, in `operators.ts`), and the task decorators that run as one of them (`@task.kubernetes`, `@task.kubernetes_cmd`, `@task.docker`; `@task.virtualenv` and `@task.external_python` run on the worker and are not heavy), when neither the call nor the `default_args` that apply to it (its own, its task group's, its DAG's) set a `pool`. When a `default_args` cannot be read, or the task's DAG cannot be told, it stays silent. A decorated task function used through `.override(...)` is checked at each override, which can give its task a pool of its own.",
    whyBad:
      "A task that names no pool runs in `default_pool` (128 slots unless resized), which it shares with every other such task: the only limits on how many of these jobs run at once are that shared pool, the scheduler's `parallelism` and the DAG's `max_active_tasks`, none of which is about them. A backfill or a catch-up can start dozens of pods or cluster jobs together and exhaust the cluster, the warehouse quota or the budget. A pool of their own caps them across all DAGs.",
    example:
      'from airflow import DAG\nfrom airflow.providers.cncf.kubernetes.operators.pod import KubernetesPodOperator\n\nwith DAG("train", schedule="@daily"):\n    KubernetesPodOperator(task_id="train", image="trainer:1.4")',
    useInstead:
      'from airflow import DAG\nfrom airflow.providers.cncf.kubernetes.operators.pod import KubernetesPodOperator\n\nwith DAG("train", schedule="@daily"):\n    KubernetesPodOperator(task_id="train", image="trainer:1.4", pool="kubernetes", pool_slots=1)',
    fix: '"Add pool "etl" and pool_slots" inserts both, one fix per pool the project names (from the `pools` setting or an `airflow pools export` file, up to five), following the call\'s layout; none is preferred and fix-all applies none, since the pool is yours to choose. Without a known pool other than `default_pool` there is no fix: `pool="default_pool"` would only hide the finding.',
  },
  check(context: RuleContext) {
    const { sites } = context;
    for (const site of sites.ofKind('task')) {
      const operator = site.operator ?? site.runsAs;
      if (!operator || !inherits(operator, 'heavy')) continue;
      if (sites.lookup(site, 'pool') !== 'absent') continue;
      const callee = field(site.node, 'function') ?? site.node;
      // `@task.kubernetes(...)` of a function used as `train.override(...)`: each override is a task
      // of its own, checked on its own (with the pool it sets, or the decorator's).
      if (site.runsAs && !site.base && sites.sites.some((other) => other.base === site)) continue;
      // Only a real pool caps these jobs: with no pool of the deployment's known (or only
      // default_pool), inserting `pool="default_pool"` would silence the finding and change
      // nothing, so there is no fix. The pool is the user's to choose: one fix per known pool,
      // none preferred (the "Add pool" refactoring offers the same as a snippet choice).
      const pools = poolNames(context.pools)
        .filter((pool) => pool !== DEFAULT_POOL)
        .slice(0, MAX_POOL_ACTIONS);
      const adds = pools
        .flatMap((pool) => addPoolEdits(context.source, site, pool) ?? [])
        .map((add) => ({ title: add.title, safe: false, preferred: false, choice: true, edits: add.edits }));
      // `KubernetesPodOperator`, `@task.kubernetes`, `train.override()`; the operator they run as in the detail.
      const name = site.operator ?? (site.base ? `${callee.text}()` : `@${callee.text}`);
      context.report({
        node: callee,
        message: `${name} starts resource-heavy work and has no pool of its own.`,
        detail: `${site.operator ? '' : `It runs as a ${operator}. `}It takes default_pool slots like every task that names no pool, so nothing caps these jobs apart from the rest. Give it a pool (here or in default_args).`,
        fix: null,
        alternatives: adds,
      });
    }
  },
};
