// Where the arguments of a DAG file's calls into project wrappers land: `CompanyDag(dag_id=...,
// start_date=...)` whose `__init__` hands `start_date` to `super().__init__` (a `DAG`), or a factory
// `build_dag(dag_id, start)` that builds `DAG(default_args={"start_date": start})`. The value rules
// (DG301, DG302) check these arguments as they check the file's own DAG and operator arguments.
// Only parameters passed on unchanged are followed (by name, by position, through `**kwargs`);
// a parameter that is transformed first (`start - timedelta(1)`) is not, and stays silent.
import { definitionOf, type DefinitionCall } from '../airflow/definitions';
import { callArguments, type Node } from '../syntax/nodes';
import type { Range } from '../syntax/positions';
import { MemoKey } from '../memo';
import { ownFunctionCallsOf, projectCallsOf, projectMemosOf, projectReachOf, type DagFileContext } from './dagFileReach';
import type { FunctionSummary } from './modules';
import type { ProjectReach, Resolved } from './reach';

const MAX_DEPTH = 16;

/** An argument of the DAG file's call that reaches a DAG, operator or default_args in the project. */
export interface WrapperArgument {
  /** The argument's name where it lands: `start_date` (a keyword or default_args key), `dag_id`. */
  name: string;
  /** The value in the DAG file. */
  value: Node;
  /** What it lands in: the DAG or operator call; null for a `default_args` entry. */
  definition: DefinitionCall | null;
  /** The wrapper the DAG file calls, as written: "CompanyDag()", "build_dag()". */
  wrapper: string;
  /** The module and range of the call it lands in. */
  path: string;
  range: Range;
  /** How it reads: "DAG(start_date=...)", "DAG(default_args={\"start_date\": ...})". */
  landing: string;
  /**
   * The keyword went through `**kwargs` at every step, unchanged, into the call it lands in: the
   * names that would clash if the DAG file passed another keyword instead (parameters of the
   * functions on the way, keywords their calls and the landing call set). Null when a step binds
   * it to a named parameter, passes it by position, or the landing call has other `**` mappings.
   */
  kwargsPath: { blocked: string[] } | null;
}

/** Per analysis (its project state, dagFileReach.ts projectMemosOf), not per resolver: one resolver serves many files. */
const argumentsByAnalysis = new MemoKey<WrapperArgument[]>('wrapper arguments');

export function wrapperArguments(context: DagFileContext): WrapperArgument[] {
  const reach = projectReachOf(context);
  const memos = projectMemosOf(context);
  if (!reach || !memos) return [];
  const cached = argumentsByAnalysis.get(memos);
  if (cached) return cached;
  const calls = projectCallsOf(context);
  const result: WrapperArgument[] = [];
  // The file's own factories too (`def create_dag(**kwargs): return DAG(**kwargs)` above the call).
  for (const { node, subject: wrapper, resolved } of [...calls, ...ownFunctionCallsOf(context)]) {
    const args = callArguments(node);
    const add = (landings: Landing[], value: Node) => {
      // Written out, not `{ ...landing, value, wrapper }`: V8 (Node 20) allocates a copy made by a
      // leading spread in the old generation, where its `value` kept the file's nodes alive through
      // young-generation collections until a full one (issue 16; core/memo.ts).
      for (const landing of landings)
        result.push({
          name: landing.name,
          value,
          definition: landing.definition,
          wrapper,
          path: landing.path,
          range: landing.range,
          landing: landing.landing,
          kwargsPath: landing.kwargsPath,
        });
    };
    for (const [position, value] of args.positional.entries()) add(follow(reach, resolved, { position }, new Set(), 0, null), value);
    for (const [keyword, value] of args.keywords) add(follow(reach, resolved, { keyword }, new Set(), 0, { blocked: [] }), value);
  }
  result.sort((a, b) => a.value.startIndex - b.value.startIndex);
  argumentsByAnalysis.set(memos, result);
  return result;
}

type Landing = Omit<WrapperArgument, 'value' | 'wrapper'>;
type Argument = { keyword: string } | { position: number };

/**
 * Where an argument of a call to `resolved` lands. `path`: the argument went through `**kwargs`
 * unchanged so far (null once it did not), with the names a renamed keyword would clash with.
 */
function follow(
  reach: ProjectReach,
  resolved: Resolved,
  argument: Argument,
  visited: Set<string>,
  depth: number,
  path: Landing['kwargsPath'],
): Landing[] {
  if (depth > MAX_DEPTH) return [];
  if (resolved.kind === 'class') {
    const init = reach.method(resolved.ref, '__init__');
    if (init) return follow(reach, init, argument, visited, depth + 1, path);
    // No __init__ in the project: the arguments go to the Airflow base class as they are.
    return 'keyword' in argument
      ? externalLandings(reach, resolved.ref, argument.keyword, resolved.ref.module.path, resolved.ref.cls.range, path)
      : [];
  }
  const { fn, module } = resolved;
  // A task's arguments build a task; a `@dag` function's become DAG params, not the values its body sees.
  if (fn.isTask || fn.dagDecorator) return [];
  // The parameter that receives the argument, or the **kwargs it falls into (under its keyword).
  let parameter: string | null = null;
  let keyword: string | null = null;
  if ('position' in argument) parameter = fn.parameters[argument.position] ?? null;
  else if (fn.parameters.includes(argument.keyword)) parameter = argument.keyword;
  // Into **kwargs, unless the body reads or changes the mapping: then where it goes cannot be told.
  else if (fn.kwargsParameter && !fn.kwargsTouched) keyword = argument.keyword;
  if (!parameter && !keyword) return [];
  // Into **kwargs: a renamed keyword would land there too, unless a parameter of that name caught it.
  const through: Landing['kwargsPath'] = keyword && path ? { blocked: [...path.blocked, ...fn.parameters] } : null;
  const key = `${module.path}\0${resolved.definedIn?.cls.name ?? ''}\0${fn.name}\0${parameter ?? `**${keyword}`}`;
  if (visited.has(key)) return [];
  visited.add(key);
  const landings: Landing[] = [];
  for (const built of fn.constructions) {
    const definition = definitionOf(built.qualified);
    if (!definition) continue;
    for (const pass of built.passes) {
      const name = landedName(pass, parameter, keyword, definition);
      if (name)
        landings.push({
          name,
          definition: pass.dictKey !== undefined ? null : definition,
          path: module.path,
          range: built.range,
          landing: describeLanding(built.qualified, pass.keyword ?? (pass.parameter === '**' ? name : null), name, pass.dictKey),
          kwargsPath:
            through && pass.parameter === '**' && built.splats === 1 && built.keywords
              ? { blocked: [...through.blocked, ...built.keywords] }
              : null,
        });
    }
  }
  for (const call of fn.calls) {
    for (const pass of call.passes) {
      const next = nextArgument(pass, parameter, keyword);
      if (!next) continue;
      const callee = reach.resolve(call.target, module, { instance: resolved.instance, definedIn: resolved.definedIn });
      // Passed on through `**kwargs` (and no other `**` mapping: one could hold the renamed keyword).
      const onward =
        through && pass.parameter === '**' && countSplats(call) === 1 ? { blocked: [...through.blocked, ...(call.keywords ?? [])] } : null;
      if (callee) landings.push(...follow(reach, callee, next, visited, depth + 1, onward));
      else if (call.target.kind === 'super' && call.target.name === '__init__' && resolved.definedIn && 'keyword' in next) {
        landings.push(...externalLandings(reach, resolved.definedIn, next.keyword, module.path, call.range, onward));
      }
    }
  }
  return landings;
}

/** The argument a pass hands on: `f(start_date=start)` passes parameter `start` as keyword start_date. */
function nextArgument(
  pass: FunctionSummary['calls'][number]['passes'][number],
  parameter: string | null,
  keyword: string | null,
): Argument | null {
  if (pass.dictKey !== undefined) return null;
  if (parameter && pass.parameter === parameter)
    return pass.keyword ? { keyword: pass.keyword } : pass.position !== null ? { position: pass.position } : null;
  if (keyword && pass.parameter === '**') return { keyword };
  return null;
}

function landedName(
  pass: FunctionSummary['constructions'][number]['passes'][number],
  parameter: string | null,
  keyword: string | null,
  definition: DefinitionCall,
): string | null {
  const matches = (parameter && pass.parameter === parameter) || (keyword && pass.parameter === '**');
  if (!matches) return null;
  if (pass.dictKey !== undefined) return pass.keyword === 'default_args' ? pass.dictKey : null;
  if (pass.parameter === '**') return keyword;
  if (pass.keyword) return pass.keyword;
  if (pass.position === 0 && definition.kind === 'dag') return 'dag_id';
  if (pass.position === 0 && definition.kind === 'task_group') return 'group_id';
  return null;
}

/** A keyword that reaches the `__init__` of the Airflow classes `ref` derives from (DAG, an operator). */
function externalLandings(
  reach: ProjectReach,
  ref: Parameters<ProjectReach['basesOf']>[0],
  keyword: string,
  path: string,
  range: Range,
  kwargsPath: Landing['kwargsPath'],
  depth = 0,
): Landing[] {
  if (depth > MAX_DEPTH) return [];
  for (const qualified of ref.cls.qualifiedBases) {
    const definition = definitionOf(qualified);
    if (definition)
      return [{ name: keyword, definition, path, range, landing: `${qualified.split('.').pop()}(${keyword}=...)`, kwargsPath }];
  }
  for (const base of reach.basesOf(ref)) {
    if (reach.method(base, '__init__')) continue; // a project base's own __init__ decides; not followed here
    const found = externalLandings(reach, base, keyword, path, range, kwargsPath, depth + 1);
    if (found.length > 0) return found;
  }
  return [];
}

/** The `**` mappings a summarised call passes (unknown in summaries cached before they were counted). */
function countSplats(call: FunctionSummary['calls'][number]): number | null {
  return call.splats ?? null;
}

function describeLanding(qualified: string, keyword: string | null, name: string, dictKey: string | undefined): string {
  const callee = qualified.split('.').pop();
  if (dictKey !== undefined) return `${callee}(default_args={"${dictKey}": ...})`;
  return keyword ? `${callee}(${keyword}=...)` : `${callee}(${name}, ...)`;
}
