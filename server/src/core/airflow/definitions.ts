// The calls that define a DAG's shape: `DAG(...)`, `@dag(...)`, `@task(...)`, `TaskGroup(...)` and
// operators/sensors, recognised by what their name is imported from (an `airflow` module), and
// the `default_args` dictionaries that feed them. Used by the rules about argument values
// (DG301, DG302, DG303, DG402).
import type { CallIndex } from '../model/calls';
import type { ImportMap } from '../model/imports';
import type { ModuleBindings } from '../model/bindings';
import type { SourceFile } from '../model/source';
import { callArguments, dottedText, field, namedChildren, stringValue, unparenthesize, type Node } from '../syntax/nodes';
import { calleeName } from './names';
import { airflowOperatorName } from './operators';

export type DefinitionKind = 'dag' | 'task' | 'task_group' | 'operator';

export interface DefinitionCall {
  kind: DefinitionKind;
  /** The class name for operators and sensors ("BashOperator"), else the callee's last name. */
  name: string;
  /** The operator's class name when operators.ts knows it, for its template_fields. */
  knownOperator: string | null;
}

const TASK_DECORATORS = new Set(['task', 'setup', 'teardown']);

/** What `call` defines, when its callee is imported from Airflow. */
export function definitionCall(call: Node, imports: ImportMap): DefinitionCall | null {
  return call.type === 'call' ? definitionOf(calleeName(call, imports)) : null;
}

/** What a call of `qualified` (its callee's qualified name, as CallIndex has it) defines. */
export function definitionOf(qualified: string | null): DefinitionCall | null {
  if (!qualified || !qualified.startsWith('airflow.')) return null;
  const parts = qualified.split('.');
  const last = parts[parts.length - 1];
  const secondLast = parts[parts.length - 2];
  if (last === 'DAG' || (last === 'dag' && (secondLast === 'decorators' || secondLast === 'sdk'))) return { kind: 'dag', name: last, knownOperator: null };
  if (last === 'TaskGroup' || last === 'task_group') return { kind: 'task_group', name: last, knownOperator: null };
  if (TASK_DECORATORS.has(last) || TASK_DECORATORS.has(secondLast)) return { kind: 'task', name: last, knownOperator: null };
  const knownOperator = airflowOperatorName(qualified);
  if (knownOperator || /(Operator|Sensor)$/.test(last)) return { kind: 'operator', name: last, knownOperator };
  return null;
}

export interface DictionaryEntry {
  key: string;
  /** The pair (or dict() keyword_argument) node. */
  entry: Node;
  value: Node;
}

/** The string-keyed entries of a `{...}` literal or a `dict(...)` call; null for anything else. */
export function dictionaryEntries(node: Node | null): DictionaryEntry[] | null {
  const target = unparenthesize(node);
  if (!target) return null;
  if (target.type === 'dictionary') {
    const entries: DictionaryEntry[] = [];
    for (const pair of namedChildren(target)) {
      if (pair.type !== 'pair') continue;
      const key = stringValue(field(pair, 'key'));
      const value = field(pair, 'value');
      if (key !== null && value) entries.push({ key, entry: pair, value });
    }
    return entries;
  }
  if (target.type === 'call' && dottedText(field(target, 'function')) === 'dict') {
    const args = callArguments(target);
    return [...args.keywordNodes].map(([key, entry]) => ({ key, entry, value: args.keywords.get(key)! }));
  }
  return null;
}

/**
 * Every dictionary used as `default_args`: a value passed as `default_args=` (given here; directly
 * or through a module-level name), or assigned to a name called `default_args` in any scope.
 * Deduplicated, in document order.
 */
function defaultArgsDictionaries(source: SourceFile, bindings: ModuleBindings, passed: Node[]): Node[] {
  const found = new Map<number, Node>();
  const add = (node: Node | null) => {
    const target = unparenthesize(node);
    if (target && dictionaryEntries(target)) found.set(target.id, target);
  };
  for (const value of passed) add(bindings.resolveValue(unparenthesize(value)));
  for (const assignment of source.nodes('assignment')) {
    // Compared on the text first: reading fields crosses into WASM.
    if (source.text.slice(assignment.startIndex, assignment.startIndex + 12).toLowerCase() !== 'default_args') continue;
    if (/^default_args$/i.test(field(assignment, 'left')?.text ?? '')) add(field(assignment, 'right'));
  }
  return [...found.values()].sort((a, b) => a.startIndex - b.startIndex);
}

export interface DefinitionArgument {
  /** The argument's name: the keyword, `dag_id`/`group_id` for a first positional, or the default_args key. */
  name: string;
  value: Node;
  /** The DAG/task/operator call it is passed to; null for a `default_args` entry. */
  definition: DefinitionCall | null;
  /** The keyword_argument, positional value or dictionary entry (what a fix rewrites or removes). */
  node: Node;
}

const FIRST_POSITIONAL: Partial<Record<DefinitionKind, string>> = { dag: 'dag_id', task_group: 'group_id' };

/**
 * Every argument passed to a DAG, a decorator, a task group or an operator, and every entry of a
 * `default_args` dictionary, in document order. Positional arguments are only named for the
 * first argument of DAG and TaskGroup (their ids); other positional arguments are left out.
 */
export function definitionArguments(context: { source: SourceFile; bindings: ModuleBindings; calls: CallIndex }): DefinitionArgument[] {
  const { source, bindings, calls } = context;
  // Several rules ask within one analysis; its CallIndex is made once per analysis.
  const cached = argumentsCache.get(calls);
  if (cached) return cached;
  const result: DefinitionArgument[] = [];
  const passedDefaults: Node[] = [];
  for (const site of calls.all) {
    const definition = definitionOf(site.qualified);
    if (!definition) continue;
    const args = callArguments(site.node);
    const defaults = args.keywords.get('default_args');
    if (defaults) passedDefaults.push(defaults);
    const firstName = FIRST_POSITIONAL[definition.kind];
    if (firstName && args.positional[0] && !args.keywords.has(firstName)) result.push({ name: firstName, value: args.positional[0], definition, node: args.positional[0] });
    for (const [name, node] of args.keywordNodes) result.push({ name, value: args.keywords.get(name)!, definition, node });
  }
  for (const dictionary of defaultArgsDictionaries(source, bindings, passedDefaults)) {
    for (const entry of dictionaryEntries(dictionary) ?? []) result.push({ name: entry.key, value: entry.value, definition: null, node: entry.entry });
  }
  result.sort((a, b) => a.value.startIndex - b.value.startIndex);
  argumentsCache.set(calls, result);
  return result;
}

const argumentsCache = new WeakMap<CallIndex, DefinitionArgument[]>();
