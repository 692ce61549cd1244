// The one list of what builds a DAG, by qualified name (what a file's imports resolve a callee to).
// Read by DG106's DAG builders (dags.ts), the argument-site index (which arguments a DAG gets) and
// the hover. Sources: airflow/__init__.py and airflow/models/dag.py (2.x: `DAG`, and the `dag`
// decorator that airflow/decorators re-exports), task-sdk/src/airflow/sdk/__init__.py and
// airflow/sdk/definitions/dag.py (3.x).

/** `DAG(...)` as a class, every import path of Airflow 2 and 3. */
export const DAG_CLASSES: ReadonlySet<string> = new Set([
  'airflow.DAG',
  'airflow.models.DAG',
  'airflow.models.dag.DAG',
  'airflow.sdk.DAG',
  'airflow.sdk.definitions.dag.DAG',
]);

/** The `@dag` decorator, every import path of Airflow 2 and 3. */
export const DAG_DECORATORS: ReadonlySet<string> = new Set([
  'airflow.decorators.dag',
  'airflow.models.dag.dag',
  'airflow.sdk.dag',
  'airflow.sdk.definitions.dag.dag',
]);

/** Either: a call that takes a DAG's arguments. */
export const DAG_CALLABLES: ReadonlySet<string> = new Set([...DAG_CLASSES, ...DAG_DECORATORS]);
