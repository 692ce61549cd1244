// Qualified names of the Airflow APIs the rules recognise, for Airflow 2 and 3 import paths.
import type { ImportMap } from '../model/imports';
import type { Node } from '../syntax/nodes';

const VARIABLE_CLASSES = [
  'airflow.models.Variable',
  'airflow.models.variable.Variable',
  'airflow.sdk.Variable',
  'airflow.sdk.definitions.variable.Variable',
];

export const VARIABLE_GET = new Set(VARIABLE_CLASSES.map((name) => `${name}.get`));

/** What `from M import *` brings in, for the Airflow modules people star-import. */
const STAR_EXPORTS: Record<string, string[]> = {
  'airflow.models': ['Variable', 'Connection', 'DAG', 'BaseOperator', 'Pool'],
  'airflow.sdk': ['Variable', 'Connection', 'DAG', 'BaseOperator', 'dag', 'task', 'task_group', 'BaseHook'],
  'airflow.hooks.base': ['BaseHook'],
};

export function starExports(module: string, name: string): boolean {
  return STAR_EXPORTS[module]?.includes(name) ?? false;
}

/** The qualified name of a call's callee, seeing through aliases and Airflow star imports. */
export function calleeName(call: Node, imports: ImportMap): string | null {
  return imports.callee(call).qualified;
}
