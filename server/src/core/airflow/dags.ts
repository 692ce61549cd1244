// Where a DAG file builds DAGs: `DAG(...)` (every import path), calls of the file's own `@dag`
// functions, `globals()[name] = dag`, calls of the project's factories (passed in: the analysis
// follows them through module summaries, core/project/builtOperators.ts) and calls of the file's
// own functions that do any of these (a factory's `make_dag(...)`). Shared by DG106 and the
// parse-cost summary.
import type { ParseTimeModel, FunctionInfo } from '../model/parseTime';
import {
  decoratorExpression,
  decoratorsOf,
  dottedText,
  field,
  headName,
  nodesWithin,
  unparenthesize,
  parentOf,
  type Node,
} from '../syntax/nodes';
import { runToEnd } from '../steps';
import { calleeName } from './names';
import { DAG_CLASSES, DAG_DECORATORS } from './dagConstructors';

/** Calls (or assignments) looked at between two pauses of `DagBuilders.steps` (a few hundred field reads). */
const BUILDERS_CALLS_PER_STEP = 200;

const PARSING_CONTEXT = new Set(['airflow.utils.dag_parsing_context.get_parsing_context', 'airflow.sdk.get_parsing_context']);

/** Node types between a call and its loop that make the call run a number of times other than once. */
const COUNT_CHANGING = new Set([
  'for_statement',
  'while_statement',
  'if_statement',
  'try_statement',
  'conditional_expression',
  'boolean_operator',
  'list_comprehension',
  'set_comprehension',
  'dictionary_comprehension',
  'generator_expression',
  'lambda',
  'function_definition',
  'match_statement',
]);

export class DagBuilders {
  /** Calls that build a DAG themselves: `DAG(...)`, a `@dag` function's call. */
  readonly direct: Node[] = [];
  /** Calls of the project's factories (and the file's own methods on an instance) that build DAGs. */
  readonly factories: Node[] = [];
  /** Calls of the file's own functions that build DAGs, with the function. */
  private readonly indirect: Array<{ call: Node; callee: FunctionInfo }> = [];
  readonly globalsWrites: Node[] = [];
  private readonly builds = new Map<number, boolean>();
  /** Calls of the file's own functions (resolved once: resolving walks scopes). */
  private readonly resolved: Array<{ call: Node; callee: FunctionInfo }> = [];
  // The same, by offset: "which lie inside this node" is a binary search, not a pass over all of
  // them (a file of thousands of factories asked that of every function).
  private directByOffset!: ByOffset<Node>;
  private resolvedByOffset!: ByOffset<{ call: Node; callee: FunctionInfo }>;
  private sitesByOffset?: ByOffset<Node>;
  private indirectByCall?: Map<number, { call: Node; callee: FunctionInfo }>;
  private directIds?: Set<number>;

  /**
   * `factories`: the parse-time calls that build DAGs through the project, by call node id, with how
   * many DAGs one call builds (null when the factory does not say: a loop, a branch).
   */
  constructor(
    readonly model: ParseTimeModel,
    private readonly factoryDags: ReadonlyMap<number, number | null> = new Map(),
    /** False: the sites are collected by the caller, in steps (see `steps`). */
    collectNow = true,
  ) {
    if (collectNow) runToEnd(this.collect());
  }

  /** `new DagBuilders(model, factoryDags)` in steps (core/steps.ts): pauses every BUILDERS_CALLS_PER_STEP calls. */
  static *steps(model: ParseTimeModel, factoryDags?: ReadonlyMap<number, number | null>): Generator<void, DagBuilders> {
    const builders = new DagBuilders(model, factoryDags, false);
    yield* builders.collect();
    return builders;
  }

  private *collect(): Generator<void, void> {
    const { model, factoryDags } = this;
    const { source, imports } = model;
    const ownNames = new Set([...model.functions.map((info) => info.name), ...model.classes.map((info) => info.name), 'self', 'cls']);
    const calls = source.nodes('call');
    for (let index = 0; index < calls.length; index++) {
      if (index % BUILDERS_CALLS_PER_STEP === BUILDERS_CALLS_PER_STEP - 1) yield;
      const call = calls[index];
      if (factoryDags.size > 0 && factoryDags.has(call.id)) {
        this.factories.push(call);
        continue;
      }
      const name = calleeName(call, imports);
      if (name && DAG_CLASSES.has(name)) {
        this.direct.push(call);
        continue;
      }
      // Only a call through a name the file defines can run the file's own function. The callee's
      // text (read once per call) rules most calls out without reading their nodes again.
      const text = imports.callee(call).text;
      if (text !== null && !ownNames.has(headName(text))) continue;
      const dotted = dottedText(field(call, 'function'));
      const head = dotted === null ? undefined : headName(dotted);
      const callee = head && ownNames.has(head) ? model.resolveCallee(call) : null;
      if (callee && isDagFunction(callee, model)) this.direct.push(call);
      else if (callee) this.resolved.push({ call, callee });
    }
    const assignments = source.nodes('assignment');
    for (let index = 0; index < assignments.length; index++) {
      if (index % BUILDERS_CALLS_PER_STEP === 0) yield;
      const assignment = assignments[index];
      const left = unparenthesize(field(assignment, 'left'));
      const object = unparenthesize(field(left, 'value'));
      if (left?.type === 'subscript' && object?.type === 'call' && dottedText(field(object, 'function')) === 'globals')
        this.globalsWrites.push(assignment);
    }
    this.directByOffset = new ByOffset([...this.direct, ...this.factories], (call) => call);
    this.resolvedByOffset = new ByOffset(this.resolved, (entry) => entry.call);
    yield;
    for (const entry of this.resolved) if (this.functionBuilds(entry.callee, new Set())) this.indirect.push(entry);
  }

  /** The DAG-building sites inside `node`: direct calls, factory calls and globals() writes. */
  sitesWithin(node: Node): Node[] {
    this.sitesByOffset ??= new ByOffset([...this.direct, ...this.factories, ...this.indirect.map((entry) => entry.call)], (call) => call);
    const calls = this.sitesByOffset.within(node);
    // `globals()[name] = make_dag(...)` is one DAG: the write counts only when it holds no building call.
    // Both lists are in document order: binary searches, not a pass over every write and call.
    const writes = nodesWithin(this.globalsWrites, node).filter((write) => nodesWithin(calls, write).length === 0);
    return [...calls, ...writes];
  }

  /** True when the parse-time code calls get_parsing_context(): the file's factories are guarded. */
  hasParsingContextGuard(): boolean {
    return this.model.source.nodes('call').some((call) => {
      const name = calleeName(call, this.model.imports);
      return !!name && PARSING_CONTEXT.has(name) && this.model.phaseOf(call) !== 'never';
    });
  }

  /**
   * How many DAGs one pass through `body` builds, when the file says so: exactly one building
   * site, reached without branches or inner loops, that builds exactly one DAG. Otherwise null.
   */
  dagsPerPass(body: Node): number | null {
    const sites = this.sitesWithin(body);
    if (sites.length !== 1 || !plainPath(sites[0], body)) return null;
    this.indirectByCall ??= new Map(this.indirect.map((entry) => [entry.call.id, entry]));
    this.directIds ??= new Set(this.direct.map((call) => call.id));
    if (this.factoryDags.has(sites[0].id)) return this.factoryDags.get(sites[0].id) ?? null;
    const entry = this.indirectByCall.get(sites[0].id);
    if (!entry) return 1;
    const inner = this.sitesWithin(field(entry.callee.node, 'body') ?? entry.callee.node);
    const single = inner.length === 1 && (this.directIds.has(inner[0].id) || this.factoryDags.get(inner[0].id) === 1);
    return single && plainPath(inner[0], entry.callee.node) ? 1 : null;
  }

  private functionBuilds(info: FunctionInfo, visiting: Set<number>): boolean {
    const known = this.builds.get(info.node.id);
    if (known !== undefined) return known;
    if (visiting.has(info.node.id) || visiting.size > 16) return false;
    visiting.add(info.node.id);
    let result = this.directByOffset.within(info.node).length > 0;
    if (!result) {
      for (const { callee } of this.resolvedByOffset.within(info.node)) {
        if (callee.node.id !== info.node.id && this.functionBuilds(callee, visiting)) {
          result = true;
          break;
        }
      }
    }
    visiting.delete(info.node.id);
    this.builds.set(info.node.id, result);
    return result;
  }
}

/** Items located by a node, sorted by its offsets (read once): which of them lie inside a node. */
class ByOffset<T> {
  private readonly entries: Array<{ start: number; end: number; item: T }>;

  constructor(items: readonly T[], nodeOf: (item: T) => Node) {
    this.entries = items
      .map((item) => ({ start: nodeOf(item).startIndex, end: nodeOf(item).endIndex, item }))
      .sort((a, b) => a.start - b.start);
  }

  /** The items whose node lies inside `outer`, in document order. */
  within(outer: Node): T[] {
    const start = outer.startIndex;
    const end = outer.endIndex;
    let low = 0;
    let high = this.entries.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (this.entries[middle].start < start) low = middle + 1;
      else high = middle;
    }
    const found: T[] = [];
    for (let index = low; index < this.entries.length && this.entries[index].start < end; index++) {
      if (this.entries[index].end <= end) found.push(this.entries[index].item);
    }
    return found;
  }
}

function isDagFunction(info: FunctionInfo, model: ParseTimeModel): boolean {
  return dagDecoratorOf(info, model) !== null;
}

/** The qualified name of the `@dag` decorator a function has (`airflow.decorators.dag`), or null. */
export function dagDecoratorOf(info: FunctionInfo, model: ParseTimeModel): string | null {
  for (const decorator of decoratorsOf(info.node)) {
    let expression = unparenthesize(decoratorExpression(decorator));
    if (expression?.type === 'call') expression = unparenthesize(field(expression, 'function'));
    const name = model.imports.resolve(expression);
    if (name && DAG_DECORATORS.has(name)) return name;
  }
  return null;
}

/** No loop, branch or nested scope between `node` and `outer`. */
function plainPath(node: Node, outer: Node): boolean {
  if (node.id === outer.id) return true;
  for (let current = parentOf(node); current && current.id !== outer.id; current = parentOf(current)) {
    if (COUNT_CHANGING.has(current.type)) return false;
  }
  return true;
}
