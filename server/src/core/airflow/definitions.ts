// The calls that define a DAG's shape (`DAG(...)`, `@dag(...)`, `@task(...)`, `TaskGroup(...)`,
// operators and sensors) and every argument value they and their `default_args` dicts take, on top
// of the shared argument sites (airflow/argumentSites.ts). Used by the rules about argument values
// (DG301, DG302, DG303) and DG402's sensors imported from Airflow that operators.ts does not list.
import { MemoKey } from '../memo';
import type { ArgumentSite, ArgumentSites, SiteKind } from './argumentSites';
import { scopeOfStatement } from '../model/bindings';
import { NameScopes } from '../model/nameScopes';
import type { ImportMap } from '../model/imports';
import type { SourceFile } from '../model/source';
import { callArguments, dottedText, field, namedChildren, parentOf, stringValue, unparenthesize, type Node } from '../syntax/nodes';
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
  if (last === 'DAG' || (last === 'dag' && (secondLast === 'decorators' || secondLast === 'sdk')))
    return { kind: 'dag', name: last, knownOperator: null };
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

export interface DefinitionArgument {
  /** The argument's name: the keyword, `dag_id`/`group_id` for a first positional, or the default_args key. */
  name: string;
  value: Node;
  /** The DAG/task/operator call it is passed to; null for a `default_args` entry. */
  definition: DefinitionCall | null;
  /** The keyword_argument, positional value or dictionary entry (what a fix rewrites or removes). */
  node: Node;
}

const FIRST_POSITIONAL: Partial<Record<SiteKind, string>> = { dag: 'dag_id', taskGroup: 'group_id' };

/**
 * Every argument of the file's argument sites (DAGs, decorators, task groups, operators and
 * `default_args` dicts: airflow/argumentSites.ts), the first positional argument of DAG and
 * TaskGroup (their ids), and the entries of `default_args = {...}` dicts a function builds for
 * itself (a DAG factory's), in document order.
 */
export function definitionArguments(context: { source: SourceFile; sites: ArgumentSites }): DefinitionArgument[] {
  const { source, sites } = context;
  // Several rules ask within one analysis; its ArgumentSites is made once per analysis.
  const cached = argumentsCache.get(sites);
  if (cached) return cached;
  const result: DefinitionArgument[] = [];
  let scopes: NameScopes | null = null;
  const unread = (dictionary: Node) => isUnreadAssignment(dictionary, (scopes ??= NameScopes.of(source)));
  for (const site of sites.sites) {
    // A `default_args = {...}` that nothing reads reaches no DAG: its values change nothing.
    if (site.kind === 'defaultArgs' && unread(site.node)) continue;
    const definition = definitionOfSite(site);
    const firstName = FIRST_POSITIONAL[site.kind];
    if (firstName && site.node.type === 'call' && !site.entries.has(firstName)) {
      const first = callArguments(site.node).positional[0];
      if (first) result.push({ name: firstName, value: first, definition, node: first });
    }
    for (const entry of site.entries.values()) result.push({ name: entry.name, value: entry.value, definition, node: entry.entry });
  }
  for (const assignment of source.nodes('assignment')) {
    // Compared on the text first: reading fields crosses into WASM.
    if (source.text.slice(assignment.startIndex, assignment.startIndex + 12).toLowerCase() !== 'default_args') continue;
    if (!/^default_args$/i.test(field(assignment, 'left')?.text ?? '') || scopeOfStatement(assignment) === 'module') continue;
    const dictionary = unparenthesize(field(assignment, 'right'));
    if (!dictionary || sites.siteOf(dictionary) || unread(dictionary)) continue;
    for (const entry of dictionaryEntries(dictionary) ?? [])
      result.push({ name: entry.key, value: entry.value, definition: null, node: entry.entry });
  }
  result.sort((a, b) => a.value.startIndex - b.value.startIndex);
  argumentsCache.set(sites, result);
  return result;
}

/**
 * Is `dictionary` the value of `NAME = ...` whose binding nothing in its scope reads (not a DAG,
 * not a factory, not another name)? A name declared `global` somewhere may be read through it.
 */
function isUnreadAssignment(dictionary: Node, scopes: NameScopes): boolean {
  let assignment = parentOf(dictionary);
  while (assignment?.type === 'parenthesized_expression') assignment = parentOf(assignment);
  if (assignment?.type !== 'assignment') return false;
  const left = field(assignment, 'left');
  if (left?.type !== 'identifier' || scopes.isDeclaredGlobal(left.text)) return false;
  return scopes.readsOf(left.text, scopes.bindingScope(assignment), left).length === 0;
}

const argumentsCache = new MemoKey<DefinitionArgument[]>('definition arguments');

function definitionOfSite(site: ArgumentSite): DefinitionCall | null {
  switch (site.kind) {
    case 'dag':
      return { kind: 'dag', name: 'DAG', knownOperator: null };
    case 'taskGroup':
      return { kind: 'task_group', name: 'TaskGroup', knownOperator: null };
    case 'task':
      return site.operator
        ? { kind: 'operator', name: site.operator, knownOperator: site.operator }
        : { kind: 'task', name: 'task', knownOperator: null };
    default:
      return null;
  }
}
