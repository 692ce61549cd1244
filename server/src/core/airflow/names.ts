// Qualified names of the Airflow APIs the rules recognise, for Airflow 2 and 3 import paths.
import type { ImportMap } from '../model/imports';
import type { Node } from '../syntax/nodes';
import { ownEntry } from '../ownEntry';

const VARIABLE_CLASSES = [
  'airflow.models.Variable',
  'airflow.models.variable.Variable',
  'airflow.sdk.Variable',
  'airflow.sdk.definitions.variable.Variable',
];

export const VARIABLE_GET = new Set(VARIABLE_CLASSES.map((name) => `${name}.get`));

/** Airflow 2's and 3's core BaseHook (airflow/hooks/base.py; Airflow 3 keeps it in airflow-core). */
export const BASE_HOOK = 'airflow.hooks.base.BaseHook';

const BASE_HOOKS = [BASE_HOOK, 'airflow.hooks.base_hook.BaseHook', 'airflow.sdk.BaseHook', 'airflow.sdk.bases.hook.BaseHook'];
const CONNECTION_CLASSES = [
  'airflow.models.Connection',
  'airflow.models.connection.Connection',
  'airflow.sdk.Connection',
  'airflow.sdk.definitions.connection.Connection',
];

/** `BaseHook.get_connection` under each of its names (asked of every call: a set, not strings built per call). */
const BASE_HOOK_GET_CONNECTION: ReadonlySet<string> = new Set(BASE_HOOKS.map((hook) => `${hook}.get_connection`));

/** `Connection.get_connection_from_secrets(id)` (2.x, 3.x) and the task SDK's `Connection.get(id)` (3.x). */
export const CONNECTION_CLASS_LOOKUPS: ReadonlySet<string> = new Set([
  ...CONNECTION_CLASSES.map((cls) => `${cls}.get_connection_from_secrets`),
  'airflow.sdk.Connection.get',
  'airflow.sdk.definitions.connection.Connection.get',
]);

/**
 * Calls that fetch a connection from the metadata database or the secrets backend:
 * `BaseHook.get_connection(id)` (and any Airflow hook class, it is a classmethod),
 * `Connection.get_connection_from_secrets(id)`, and Airflow 3's `Connection.get(id)`.
 */
export function isConnectionFetch(qualified: string): boolean {
  if (BASE_HOOK_GET_CONNECTION.has(qualified)) return true;
  if (CONNECTION_CLASS_LOOKUPS.has(qualified)) return true;
  // Provider hooks inherit the classmethod: PostgresHook.get_connection("pg").
  return /^airflow\.providers\.[\w.]+Hook\.get_connection$/.test(qualified);
}

/** What `from M import *` brings in, for the Airflow modules people star-import. */
const STAR_EXPORTS: Record<string, string[]> = {
  'airflow.models': ['Variable', 'Connection', 'DAG', 'BaseOperator', 'Pool'],
  'airflow.sdk': ['Variable', 'Connection', 'DAG', 'BaseOperator', 'dag', 'task', 'task_group', 'BaseHook'],
  'airflow.hooks.base': ['BaseHook'],
};

export function starExports(module: string, name: string): boolean {
  return ownEntry(STAR_EXPORTS, module)?.includes(name) ?? false;
}

/** The qualified name of a call's callee, seeing through aliases and Airflow star imports. */
export function calleeName(call: Node, imports: ImportMap): string | null {
  return imports.callee(call).qualified;
}
