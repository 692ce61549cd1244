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
  { value: 'downstream', member: 'DOWNSTREAM', meaning: "The default. A task's weight plus the weights of all its downstream tasks: the start of a DAG runs first." },
  { value: 'upstream', member: 'UPSTREAM', meaning: "A task's weight plus the weights of all its upstream tasks: the end of a DAG runs first, so runs that have started finish sooner." },
  { value: 'absolute', member: 'ABSOLUTE', meaning: "The task's own priority_weight only. Also the cheapest for the scheduler to compute." },
];

export const WEIGHT_RULE_VALUES = WEIGHT_RULES.map((rule) => rule.value);
export const WEIGHT_RULE_MEMBERS = WEIGHT_RULES.map((rule) => rule.member);

/** Qualified names of the WeightRule enum. */
export const WEIGHT_RULE_CLASSES = new Set([
  'airflow.utils.weight_rule.WeightRule',
  'airflow.task.weight_rule.WeightRule',
]);
