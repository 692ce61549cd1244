// `weight_rule`: how Airflow turns a task's priority_weight into the weight that orders the queue.
// Written as a string or a member of `airflow.utils.weight_rule.WeightRule` (Airflow 2 and 3;
// `airflow.task.weight_rule` in Airflow 3's task SDK). Since Airflow 2.9 a custom
// PriorityWeightStrategy may be given by its import path ("my_module.MyStrategy") or instance.

export interface WeightRuleValue {
  value: 'downstream' | 'upstream' | 'absolute';
  member: 'DOWNSTREAM' | 'UPSTREAM' | 'ABSOLUTE';
  meaning: string;
}

export const WEIGHT_RULES: readonly WeightRuleValue[] = [
  {
    value: 'downstream',
    member: 'DOWNSTREAM',
    meaning:
      "The task's `priority_weight` plus the weights of all its downstream tasks: the start of a DAG goes first. The default (`[core] default_task_weight_rule`).",
  },
  {
    value: 'upstream',
    member: 'UPSTREAM',
    meaning:
      "The task's `priority_weight` plus the weights of all its upstream tasks: the end of a DAG goes first, so runs that started finish sooner.",
  },
  {
    value: 'absolute',
    member: 'ABSOLUTE',
    meaning:
      "Only the task's own `priority_weight`. The cheapest for the scheduler, and the only rule whose weight you read directly in the code.",
  },
];

export const WEIGHT_RULE_VALUES = WEIGHT_RULES.map((rule) => rule.value);
export const WEIGHT_RULE_MEMBERS = WEIGHT_RULES.map((rule) => rule.member);

/**
 * Qualified names of the WeightRule enum: airflow/utils/weight_rule.py (2.x, 3.x),
 * airflow/task/weight_rule.py (3.x), and the task SDK's `airflow.sdk.WeightRule`
 * (task-sdk/src/airflow/sdk/__init__.py, lazily from airflow.sdk.api.datamodels._generated).
 */
export const WEIGHT_RULE_CLASSES: ReadonlySet<string> = new Set([
  'airflow.utils.weight_rule.WeightRule',
  'airflow.task.weight_rule.WeightRule',
  'airflow.sdk.WeightRule',
  'airflow.sdk.api.datamodels._generated.WeightRule',
]);

/** The meaning of a weight rule's value ("upstream"), or undefined. */
export function weightRuleMeaning(value: string): string | undefined {
  return WEIGHT_RULES.find((rule) => rule.value === value)?.meaning;
}
