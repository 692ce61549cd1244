// The operators and sensors a DAG file's parse-time calls into the project build: `make_sensor(dag)`
// returning an `S3KeySensor(...)`, followed through the helper's own calls. DG402 checks the ones
// whose arguments the helper states itself (a literal `mode="poke"`, a timeout it computes).
import { definitionOf } from '../airflow/definitions';
import { ONCE, type Multiplicity } from '../model/multiplicity';
import type { Node } from '../syntax/nodes';
import { MemoKey } from '../memo';
import { ownInstanceCallsOf, projectCallsOf, projectMemosOf, projectReachOf, type DagFileContext, type ProjectCall } from './dagFileReach';
import type { ExternalConstruction } from './modules';
import { times, type ProjectReach, type Resolved } from './reach';

const MAX_DEPTH = 16;

export interface BuiltOperator {
  /** The DAG file's call that builds it. */
  call: ProjectCall;
  built: ExternalConstruction;
  /** The module whose code builds it. */
  path: string;
  /** The functions between the one the DAG file calls and the construction. */
  via: string[];
  /** How many it builds per call. */
  multiplicity: Multiplicity;
}

/** Per analysis (its project state, dagFileReach.ts projectMemosOf), not per resolver: one resolver serves many files. */
const builtByAnalysis = new MemoKey<BuiltOperator[]>('built operators');

export function builtOperators(context: DagFileContext): BuiltOperator[] {
  const reach = projectReachOf(context);
  const memos = projectMemosOf(context);
  if (!reach || !memos) return [];
  const cached = builtByAnalysis.get(memos);
  if (cached) return cached;
  const calls = projectCallsOf(context);
  const result: BuiltOperator[] = [];
  for (const call of calls) {
    const found = collect(reach, call.resolved, new Set(), 0);
    if (found === 'unknown') continue; // recursion: how many it builds, and which, cannot be told
    for (const entry of found) result.push({ call, ...entry });
  }
  builtByAnalysis.set(memos, result);
  return result;
}

/**
 * The DAGs the file's parse-time calls into the project build, per parse: a factory's `DAG(...)` or
 * `@dag` function, a project class derived from Airflow's DAG (`CompanyDag(...)`), and the methods
 * of the file's own classes called on an instance. For the parse-cost summary.
 */
export function projectDagsBuilt(context: DagFileContext): Array<{ call: Node; multiplicity: Multiplicity }> {
  const result: Array<{ call: Node; multiplicity: Multiplicity }> = [];
  for (const { call, dags } of dagFactoryCalls(context)) {
    const runs = context.model.multiplicityOf(call.node);
    for (const multiplicity of dags) result.push({ call: call.node, multiplicity: times(multiplicity, runs) });
  }
  return result;
}

/**
 * The DAG file's parse-time calls that build DAGs through the project (a factory function or
 * method, a `@dag` function, a DAG subclass) or through a method of its own class called on an
 * instance, each with the DAGs one call builds. A call whose chain cannot be followed (recursion)
 * is left out: silence, not a guess.
 */
export function dagFactoryCalls(context: DagFileContext): Array<{ call: ProjectCall; dags: Multiplicity[] }> {
  const reach = projectReachOf(context);
  const memos = projectMemosOf(context);
  if (!reach || !memos) return [];
  const cached = factoriesByAnalysis.get(memos);
  if (cached) return cached;
  const calls = projectCallsOf(context);
  const result: Array<{ call: ProjectCall; dags: Multiplicity[] }> = [];
  for (const call of [...calls, ...ownInstanceCallsOf(context)]) {
    if (call.resolved.kind === 'class' && isDagClass(reach, call.resolved.ref, 0)) {
      result.push({ call, dags: [ONCE] });
      continue;
    }
    const found = call.own ? collect(reach, call.resolved, new Set(), 0) : builtBy(context, call);
    if (found === 'unknown') continue;
    const dags = found.filter(({ built }) => !built.decorator && definitionOf(built.qualified)?.kind === 'dag');
    if (dags.length > 0) result.push({ call, dags: dags.map((entry) => entry.multiplicity) });
  }
  result.sort((a, b) => a.call.node.startIndex - b.call.node.startIndex);
  factoriesByAnalysis.set(memos, result);
  return result;
}

/** Per analysis, as builtByAnalysis. */
const factoriesByAnalysis = new MemoKey<Array<{ call: ProjectCall; dags: Multiplicity[] }>>('DAG factory calls');

/** How many DAGs one call of a factory builds, when the factory says so: null for a loop, a branch or an unknown count. */
export function dagsPerCall(dags: readonly Multiplicity[]): number | null {
  let total = 0;
  for (const found of dags) {
    if (found.count === null || found.conditional) return null;
    total += found.count;
  }
  return total;
}

/** What a project call builds, from the list builtOperators made (the same walk, done once). */
function builtBy(context: DagFileContext, call: ProjectCall): Found[] | 'unknown' {
  const entries = builtOperators(context).filter((entry) => entry.call === call);
  if (entries.length > 0) return entries;
  const reach = projectReachOf(context);
  return reach ? collect(reach, call.resolved, new Set(), 0) : 'unknown';
}

function isDagClass(reach: ProjectReach, ref: Parameters<ProjectReach['basesOf']>[0], depth: number): boolean {
  if (depth > MAX_DEPTH) return false;
  return (
    ref.cls.qualifiedBases.some((base) => definitionOf(base)?.kind === 'dag') ||
    reach.basesOf(ref).some((base) => isDagClass(reach, base, depth + 1))
  );
}

type Found = Omit<BuiltOperator, 'call'>;

function collect(reach: ProjectReach, resolved: Resolved, visiting: Set<string>, depth: number): Found[] | 'unknown' {
  if (depth > MAX_DEPTH) return 'unknown';
  if (resolved.kind === 'class') {
    const init = reach.method(resolved.ref, '__init__');
    return init ? collect(reach, init, visiting, depth + 1) : [];
  }
  const { module, fn, instance, definedIn } = resolved;
  if (fn.isTask) return [];
  const key = `${module.path}\0${definedIn?.cls.name ?? ''}\0${fn.name}`;
  if (visiting.has(key)) return 'unknown';
  visiting.add(key);
  const found: Found[] = fn.constructions.map((built) => ({ built, path: module.path, via: [], multiplicity: built.multiplicity }));
  // A `@dag` function: each call builds its DAG (what its body builds besides is in its constructions).
  if (fn.dagDecorator)
    found.push({
      built: { qualified: fn.dagDecorator, range: fn.range, multiplicity: ONCE, passes: [], literals: {} },
      path: module.path,
      via: [],
      multiplicity: ONCE,
    });
  for (const call of fn.calls) {
    const callee = reach.resolve(call.target, module, { instance, definedIn });
    if (!callee) continue;
    const inner = collect(reach, callee, visiting, depth + 1);
    if (inner === 'unknown') {
      visiting.delete(key);
      return 'unknown';
    }
    const name = callee.kind === 'class' ? callee.ref.cls.name : callee.fn.name;
    for (const entry of inner)
      found.push({ ...entry, via: [name, ...entry.via], multiplicity: times(entry.multiplicity, call.multiplicity) });
  }
  visiting.delete(key);
  return found;
}
