// Where Airflow runs the callables a DAG file hands it, for the words of DG101/DG102's run-time
// remedy ("only read inside `notify()`, which the DAG processor runs when a DAG run fails").
// Read from Airflow's own sources:
// - A task's python_callable, its callbacks and an operator's execute run in the task's process,
//   when the task runs (`airflow/models/taskinstance.py`).
// - A DAG's `on_success_callback` / `on_failure_callback` do not: when a DAG run ends, the
//   scheduler sends a `DagCallbackRequest`, and the DAG processor parses the file and calls them
//   (2.x `airflow/dag_processing/processor.py`, `DagFileProcessor.execute_callbacks` ->
//   `_execute_dag_callbacks` -> `DAG.handle_callback`; 3.x
//   `airflow-core/src/airflow/dag_processing/processor.py`, `_execute_dag_callbacks`).
// - A DAG's `sla_miss_callback` (Airflow 2 only; 3.0 removed SLAs): the scheduler sends an
//   `SlaCallbackRequest`, and the DAG processor calls it from `DagFileProcessor.manage_slas` when a
//   task missed its SLA (2.x `airflow/dag_processing/processor.py`).
// Either way the callable runs once per event, not at every parse.
import type { ImportMap } from '../model/imports';
import { RUNTIME_CALLABLE_ARGUMENTS } from '../model/parseTime';
import type { SourceFile } from '../model/source';
import { field, parentOf, stringValue, type Node } from '../syntax/nodes';
import { DAG_CALLABLES } from './dagConstructors';

/** The DAG-level callbacks the DAG processor runs, with the event that makes it run each. */
const DAG_LEVEL_CALLBACKS = new Map([
  ['on_success_callback', 'when a DAG run succeeds'],
  ['on_failure_callback', 'when a DAG run fails'],
  ['sla_miss_callback', 'when a task misses its SLA'],
]);

/** When a callable that runs at run time runs, said after its name: "which runs when the task runs". */
export const WHEN_TASK_RUNS = 'when the task runs';

/**
 * When `node` (a function or a lambda) runs, said after "which runs", if the file hands it to
 * Airflow as a DAG's callback (`DAG(...)` or `@dag(...)`): "in the DAG processor when a DAG run
 * fails", or "when its task runs and in the DAG processor when a DAG run fails" when it is a
 * task's callable too. Null when it is handed over only to tasks, or not by a keyword.
 */
export function dagProcessorEvent(node: Node, source: SourceFile, imports: ImportMap): string | null {
  const events = new Set<string>();
  const { keywords, inDict } = handedOver(node, source);
  let taskLevel = inDict;
  for (const keyword of keywords) {
    const event = DAG_LEVEL_CALLBACKS.get(field(keyword, 'name')?.text ?? '');
    const call = parentOf(parentOf(keyword) ?? keyword);
    const qualified = call?.type === 'call' ? imports.callee(call).qualified : null;
    if (event && qualified && DAG_CALLABLES.has(qualified)) events.add(event);
    else taskLevel = true;
  }
  if (events.size === 0) return null;
  return `${taskLevel ? 'when its task runs and ' : ''}in the DAG processor ${[...events].join(' or ')}`;
}

/**
 * The keyword arguments of run-time callables that hand over `node`: a lambda where it stands; a
 * function by its name (as the parse-time model finds callables), also in a list of callbacks.
 * `inDict`: a dict entry (`default_args`) hands it over too, to tasks.
 */
function handedOver(node: Node, source: SourceFile): { keywords: Node[]; inDict: boolean } {
  const keywords: Node[] = [];
  let inDict = false;
  const climb = (start: Node) => {
    let child = start;
    for (let parent = parentOf(start), levels = 0; parent && levels < 4; child = parent, parent = parentOf(parent), levels++) {
      if (parent.type === 'keyword_argument') {
        const argument = field(parent, 'name')?.text ?? '';
        if (field(parent, 'value')?.id === child.id && RUNTIME_CALLABLE_ARGUMENTS.has(argument)) keywords.push(parent);
        return;
      }
      if (parent.type === 'pair') {
        inDict ||= field(parent, 'value')?.id === child.id && RUNTIME_CALLABLE_ARGUMENTS.has(stringValue(field(parent, 'key')) ?? '');
        return;
      }
      if (!['list', 'tuple', 'parenthesized_expression'].includes(parent.type)) return;
    }
  };
  if (node.type === 'lambda') climb(node);
  else {
    const name = field(node, 'name')?.text;
    if (name) for (const identifier of source.identifiers(name)) climb(identifier);
  }
  return { keywords, inDict };
}
