// The parse-time model: for any node of a DAG file, whether it runs when Airflow's DAG processor
// imports the file, and how many times per parse. Every rule asks this model; none re-derives it.
//
// Scopes are the module, each `def` body and each lambda body. The module body runs at parse time,
// once. A function body runs at parse time when a parse-time scope calls it (followed through the
// file's own functions, classes and methods, transitively), as many times as the sum of its call
// sites' counts. Decorators, default values and class bodies run in the scope that defines them.
// A function that is never called at parse time is 'run' when Airflow calls it later (@task
// bodies, python_callable, callbacks, execute/poke, trigger run, lambdas) and 'unknown' otherwise;
// rules report neither.
import type { MemoKey } from '../memo';
import {
  callArguments,
  decoratorExpression,
  decoratorsOf,
  dottedText,
  field,
  headName,
  lineNumber,
  namedChildren,
  stringValue,
  unparenthesize,
  parentOf,
  type Node,
} from '../syntax/nodes';
import { Deadline } from '../deadline';
import type { ModuleBindings } from './bindings';
import type { CallIndex } from './calls';
import type { ImportMap } from './imports';
import { iterationCount } from './iteration';
import { capReasons, ONCE, times, type Multiplicity } from './multiplicity';
import { outerContaining, type Region, Regions } from './regions';
import type { SourceFile } from './source';

export type Phase = 'parse' | 'run' | 'unknown' | 'never';

/** Keyword arguments whose function value Airflow calls when a task runs, not when the file is parsed. */
export const RUNTIME_CALLABLE_ARGUMENTS = new Set([
  'python_callable',
  'on_failure_callback',
  'on_success_callback',
  'on_retry_callback',
  'on_execute_callback',
  'on_skipped_callback',
  'sla_miss_callback',
  'pre_execute',
  'post_execute',
  'response_check',
  'response_filter',
  'success',
  'failure',
]);

const PHASES: readonly Phase[] = ['parse', 'run', 'unknown', 'never'];

/** Methods that Airflow calls on operators, sensors and triggers at run time. */
const RUNTIME_METHODS = new Set(['execute', 'pre_execute', 'post_execute', 'poke', 'on_kill', 'execute_complete', 'cleanup']);

/** Callers followed up a chain when counting how often a function runs (see resolvePhases). */
const MAX_CALL_DEPTH = 1_000;

/** Decorators that turn a function into a task: its body runs in a worker, never at parse time. */
const TASK_DECORATOR_NAMES = new Set(['task', 'setup', 'teardown', 'asset']);

export interface FunctionInfo {
  node: Node;
  name: string;
  /** The class whose body defines this function, for methods. */
  classInfo: ClassInfo | null;
  /** The scope node that defines it (module, function_definition or lambda). */
  owner: Node;
  isTask: boolean;
  phase: Phase;
  multiplicity: Multiplicity;
  /** Why the function is 'run': "a @task body", "the python_callable of line 40". */
  runReason: string | null;
}

export interface ClassInfo {
  node: Node;
  name: string;
  owner: Node;
  bases: Node[];
  methods: Map<string, FunctionInfo>;
}

interface CallEdge {
  callerScope: Node;
  callee: FunctionInfo;
  site: Node;
}

export class ParseTimeModel {
  /** Caches of what rules derive from it (core/memo.ts). */
  memos: Map<MemoKey<unknown>, unknown> | undefined = undefined;
  readonly functions: FunctionInfo[] = [];
  readonly classes: ClassInfo[] = [];
  private readonly functionByNode = new Map<number, FunctionInfo>();
  private readonly definitionsByScope = new Map<number, Map<string, Array<FunctionInfo | ClassInfo>>>();
  private readonly edges: CallEdge[] = [];
  readonly regions: Regions;
  /** Names of the file's functions and classes: a call to any other name is not followed. */
  private readonly definedNames = new Set<string>();

  constructor(
    readonly source: SourceFile,
    readonly imports: ImportMap,
    readonly bindings: ModuleBindings,
    readonly calls: CallIndex,
    /** Checked while the model is built and at each query rules make per node. */
    readonly deadline: Deadline = Deadline.none(),
    /** Built by `steps` instead, in parts. */
    inSteps = false,
  ) {
    this.regions = new Regions(source);
    if (inSteps) return;
    this.collectDefinitions();
    this.collectCallEdges();
    this.resolvePhases();
  }

  /**
   * The model built in steps, pausing after each part (its regions, its definitions, its call
   * edges and phases), for the analysis run a slice at a time (fileModel.ts fileModelSteps).
   */
  static *steps(
    source: SourceFile,
    imports: ImportMap,
    bindings: ModuleBindings,
    calls: CallIndex,
    deadline: Deadline,
  ): Generator<void, ParseTimeModel> {
    const model = new ParseTimeModel(source, imports, bindings, calls, deadline, true);
    yield;
    model.collectDefinitions();
    yield;
    model.collectCallEdges();
    model.resolvePhases();
    return model;
  }

  // ---- queries -------------------------------------------------------------------------------

  /** When `node` runs: at parse time, at run time, never, or unknown. */
  phaseOf(node: Node): Phase {
    this.deadline.check();
    const snapshot = this.source.snapshot;
    if (node.snapshot !== snapshot) return this.findPhase(node);
    const known = (this.phases ??= new Uint8Array(snapshot.count))[node.index];
    if (known !== 0) return PHASES[known - 1];
    const phase = this.findPhase(node);
    this.phases[node.index] = PHASES.indexOf(phase) + 1;
    return phase;
  }

  /**
   * `phaseOf`'s answers by node index (0: not asked yet, else PHASES' position + 1): rules ask again
   * for the same nodes (the external-call scan twice per call). Only asked once the model is built,
   * when the functions' phases are final. (A map by node id grew and rehashed through thousands of
   * entries per analysis.)
   */
  private phases?: Uint8Array;
  private lambdaIds?: Set<number>;
  private rootType?: string;

  /**
   * One search among the regions answers both questions (a never-running block around the node,
   * the scope that runs it), and the scope's type comes without asking the tree (a WASM call
   * each): a scope region is a function_definition or a lambda, else the scope is the root.
   */
  private findPhase(node: Node): Phase {
    const start = node.startIndex;
    const end = node.endIndex;
    let region: Region | null = null;
    for (let around = this.regions.innermost(start, end); around; around = outerContaining(around, start, end)) {
      if (around.kind === 'never') return 'never';
      region ??= around.kind === 'scope' ? around : null;
    }
    const scope = region?.node ?? this.source.root;
    const type = !region ? (this.rootType ??= scope.type) : this.isLambda(scope) ? 'lambda' : 'function_definition';
    if (type === 'module') return 'parse';
    if (type === 'lambda') return 'run';
    return this.functionByNode.get(scope.id)?.phase ?? 'unknown';
  }

  private isLambda(scope: Node): boolean {
    this.lambdaIds ??= new Set(this.source.nodes('lambda').map((lambda) => lambda.id));
    return this.lambdaIds.has(scope.id);
  }

  /** How many times `node` runs per parse (meaningful when its phase is 'parse'). */
  multiplicityOf(node: Node): Multiplicity {
    this.deadline.check();
    const scope = this.scopeOf(node);
    const local = this.localMultiplicity(node);
    // Only function_definitions have an entry: none for the root (module or ERROR) or a lambda.
    const info = this.functionByNode.get(scope.id);
    return info ? times(local, info.multiplicity) : local;
  }

  /**
   * How many times `node` runs per run of its own scope (the module body, one call of its
   * function): the loops, comprehensions and branches in between. Module summaries use it for code
   * that runs when another file calls it.
   */
  localMultiplicityOf(node: Node): Multiplicity {
    return this.localMultiplicity(node);
  }

  /** Inside `if __name__ == "__main__":` or `if TYPE_CHECKING:`: never runs when the module is imported. */
  neverRuns(node: Node): boolean {
    return this.inNeverBlock(node);
  }

  /** The innermost function whose body contains `node`, if any. */
  functionOf(node: Node): FunctionInfo | null {
    // Only function_definitions have an entry (read by id: the scope's type is a WASM call).
    return this.functionByNode.get(this.scopeOf(node).id) ?? null;
  }

  functionInfo(definition: Node): FunctionInfo | undefined {
    return this.functionByNode.get(definition.id);
  }

  /**
   * The scope whose execution runs `node`: the module root, a function_definition or a lambda.
   * Decorators, parameter defaults and annotations belong to the scope that defines the function.
   */
  scopeOf(node: Node): Node {
    return this.regions.scopeRegion(node.startIndex, node.endIndex)?.node ?? this.source.root;
  }

  /**
   * The scope around the scope `scope`, or null at the tree's root. The root ends every climb
   * whatever its type: a file tree-sitter cannot parse has an ERROR root, not a module.
   */
  parentScope(scope: Node): Node | null {
    if (scope.id === this.source.root.id) return null;
    const parent = this.scopeOf(scope);
    return parent.id === scope.id ? null : parent;
  }

  /**
   * A class derived from an Airflow trigger (`BaseTrigger` or any `airflow...Trigger`), directly or
   * through the file's own classes: its `async def run` runs in the triggerer's event loop.
   */
  isTriggerClass(classInfo: ClassInfo): boolean {
    return this.derivesFromAirflow(classInfo, (name) => /Trigger$/.test(name));
  }

  /**
   * Whether the class derives, directly or through the file's own classes, from a class imported
   * from an `airflow` module whose qualified name satisfies `test`.
   */
  derivesFromAirflow(classInfo: ClassInfo, test: (qualified: string) => boolean, depth = 0): boolean {
    if (depth > 8) return false;
    return classInfo.bases.some((base) => {
      const qualified = this.imports.resolve(base);
      if (qualified) return qualified.startsWith('airflow.') && test(qualified);
      const local = base.type === 'identifier' ? this.lookup(base.text, classInfo.owner) : null;
      return !!local && !('isTask' in local) && local.node.id !== classInfo.node.id && this.derivesFromAirflow(local, test, depth + 1);
    });
  }

  /** The file's own class that a call constructs (`MySensor(...)`), if any. */
  classOfCall(call: Node): ClassInfo | null {
    const fn = unparenthesize(field(call, 'function'));
    if (fn?.type !== 'identifier') return null;
    const target = this.lookup(fn.text, this.scopeOf(call), call);
    return target && !('isTask' in target) ? target : null;
  }

  /**
   * The functions and classes named `name` visible from `scope` (innermost scope first). With `at`,
   * the reference itself (a call): where it runs as `scope`'s own code runs, top to bottom, it sees
   * only the definitions of `scope` made before it. A decorator runs before its definition binds
   * the name: `@dag(...)` over `def dag():` calls the imported `dag`, not the function it decorates.
   * From a nested function, which runs later, the last definition is the one seen.
   */
  lookup(name: string, scope: Node, at?: Node): FunctionInfo | ClassInfo | null {
    if (!this.definedNames.has(name)) return null;
    for (let current: Node | null = scope; current; current = this.parentScope(current)) {
      const candidates = this.definitionsByScope.get(current.id)?.get(name);
      if (!candidates || candidates.length === 0) continue;
      if (!at || current.id !== scope.id) return candidates[candidates.length - 1];
      // The latest made before it (classes and functions are listed apart, each in text order).
      let seen: FunctionInfo | ClassInfo | null = null;
      for (const candidate of candidates) {
        const start = candidate.node.startIndex;
        if (start < at.startIndex && (!seen || start > seen.node.startIndex)) seen = candidate;
      }
      // None: bound another way before it (an import), or not yet; not one of the file's definitions.
      return seen;
    }
    return null;
  }

  // ---- construction --------------------------------------------------------------------------

  private collectDefinitions(): void {
    for (const node of this.source.nodes('class_definition')) {
      this.deadline.check();
      const name = field(node, 'name')?.text;
      if (!name) continue;
      const info: ClassInfo = {
        node,
        name,
        owner: this.scopeOf(node),
        bases: namedChildren(field(node, 'superclasses')).filter((base) => base.type !== 'keyword_argument' && base.type !== 'comment'),
        methods: new Map(),
      };
      this.classes.push(info);
      if (!this.classBodyOwner(node)) this.define(info.owner, name, info);
    }
    for (const node of this.source.nodes('function_definition')) {
      this.deadline.check();
      const name = field(node, 'name')?.text;
      if (!name) continue;
      const classNode = this.classBodyOwner(node);
      const classInfo = classNode ? (this.classes.find((info) => info.node.id === classNode.id) ?? null) : null;
      const info: FunctionInfo = {
        node,
        name,
        classInfo,
        owner: this.scopeOf(node),
        isTask: decoratorsOf(node).some((decorator) => isTaskDecorator(decorator, this.imports)),
        phase: 'unknown',
        multiplicity: { count: 0, conditional: false, reasons: [] },
        runReason: null,
      };
      this.functions.push(info);
      this.functionByNode.set(node.id, info);
      if (classInfo) classInfo.methods.set(name, info);
      else this.define(info.owner, name, info);
    }
  }

  private define(scope: Node, name: string, info: FunctionInfo | ClassInfo): void {
    this.definedNames.add(name);
    let names = this.definitionsByScope.get(scope.id);
    if (!names) this.definitionsByScope.set(scope.id, (names = new Map()));
    const list = names.get(name) ?? [];
    list.push(info);
    names.set(name, list);
  }

  /** The class whose body directly defines `definition`, if any. */
  private classBodyOwner(definition: Node): Node | null {
    let parent = parentOf(definition);
    if (parent?.type === 'decorated_definition') parent = parentOf(parent);
    if (parent?.type === 'block' && parentOf(parent)?.type === 'class_definition') return parentOf(parent);
    return null;
  }

  private collectCallEdges(): void {
    for (const call of this.calls.all) {
      this.deadline.check();
      // Cheap test first: only calls that can name one of the file's own definitions.
      const head = call.text === null ? undefined : headName(call.text);
      if (!head || !(this.definedNames.has(head) || head === 'self' || head === 'cls')) continue;
      const callee = this.resolveCallee(call.node);
      if (callee) this.edges.push({ callerScope: this.scopeOf(call.node), callee, site: call.node });
    }
    // A bare decorator (`@register`) is a call of the decorator when the definition runs.
    for (const definition of this.source.nodes('decorated_definition')) {
      for (const decorator of namedChildren(definition).filter((child) => child.type === 'decorator')) {
        const expression = unparenthesize(decoratorExpression(decorator));
        if (expression?.type !== 'identifier') continue;
        const target = this.lookup(expression.text, this.scopeOf(decorator), decorator);
        if (target && 'isTask' in target) this.edges.push({ callerScope: this.scopeOf(decorator), callee: target, site: decorator });
      }
    }
  }

  /** The file's own function that `call` runs, if it can tell: `f()`, `Cls()`, `self.m()`, `Cls.m()`. */
  resolveCallee(call: Node): FunctionInfo | null {
    const fn = unparenthesize(field(call, 'function'));
    if (!fn) return null;
    const scope = this.scopeOf(call);
    if (fn.type === 'identifier') {
      const target = this.lookup(fn.text, scope, call);
      if (!target) return null;
      if ('isTask' in target) return target.isTask ? null : target; // calling a @task builds a task
      return this.findMethod(target, '__init__');
    }
    if (fn.type === 'attribute') {
      const object = unparenthesize(field(fn, 'object'));
      const method = field(fn, 'attribute')?.text;
      if (!object || !method || object.type !== 'identifier') return null;
      if (object.text === 'self' || object.text === 'cls') {
        const enclosing = this.functionByNode.get(scope.id);
        const classInfo = enclosing?.classInfo;
        return classInfo ? this.findMethod(classInfo, method) : null;
      }
      const target = this.lookup(object.text, scope, call);
      if (target && !('isTask' in target)) return this.findMethod(target, method);
    }
    return null;
  }

  private findMethod(classInfo: ClassInfo, name: string, depth = 0): FunctionInfo | null {
    const own = classInfo.methods.get(name);
    if (own || depth > 8) return own ?? null;
    for (const base of classInfo.bases) {
      if (base.type !== 'identifier') continue;
      const baseInfo = this.lookup(base.text, classInfo.owner);
      if (baseInfo && !('isTask' in baseInfo)) {
        const found = this.findMethod(baseInfo, name, depth + 1);
        if (found) return found;
      }
    }
    return null;
  }

  private resolvePhases(): void {
    // 1. Reachability from the module through parse-time call sites.
    const incoming = new Map<number, CallEdge[]>();
    const outgoing = new Map<number, CallEdge[]>();
    for (const edge of this.edges) {
      if (this.inNeverBlock(edge.site)) continue;
      push(incoming, edge.callee.node.id, edge);
      push(outgoing, edge.callerScope.id, edge);
    }
    const root = this.source.root;
    const reached = new Set<number>([root.id]);
    const queue: Node[] = [root];
    while (queue.length > 0) {
      this.deadline.check();
      const scope = queue.pop()!;
      for (const edge of outgoing.get(scope.id) ?? []) {
        if (!reached.has(edge.callee.node.id)) {
          reached.add(edge.callee.node.id);
          edge.callee.phase = 'parse';
          queue.push(edge.callee.node);
        }
      }
    }

    // 2. Multiplicity: the sum over parse-time call sites; a recursive cycle makes it unknown.
    const inProgress = new Set<number>();
    const done = new Set<number>();
    const compute = (info: FunctionInfo, depth: number): Multiplicity => {
      if (done.has(info.node.id)) return info.multiplicity;
      if (inProgress.has(info.node.id)) return { count: null, conditional: false, reasons: [`in ${info.name}(), which calls itself`] };
      // Each caller is a level of recursion here: a chain of factories deeper than this is beyond
      // counting (and beyond the JS stack), and its count unknown.
      if (depth > MAX_CALL_DEPTH)
        return { count: null, conditional: false, reasons: [`in ${info.name}(), called through more than ${MAX_CALL_DEPTH} functions`] };
      this.deadline.check();
      inProgress.add(info.node.id);
      const sites = (incoming.get(info.node.id) ?? []).filter(
        (edge) => reached.has(edge.callerScope.id) && edge.callerScope.type !== 'lambda',
      );
      let count: number | null = 0;
      let conditional = false;
      const siteLines: number[] = [];
      let single: Multiplicity | null = null;
      for (const edge of sites) {
        const callerInfo = this.functionByNode.get(edge.callerScope.id);
        const callerMultiplicity = callerInfo ? compute(callerInfo, depth + 1) : ONCE;
        const site = times(this.localMultiplicity(edge.site), callerMultiplicity);
        count = count === null || site.count === null ? null : count + site.count;
        conditional ||= site.conditional;
        siteLines.push(lineNumber(edge.site));
        single = site;
      }
      const reasons =
        sites.length === 1 && single
          ? capReasons([`in ${info.name}(), called at line ${siteLines[0]}`], single.reasons)
          : [`in ${info.name}(), called from ${sites.length} places (lines ${[...new Set(siteLines)].join(', ')})`];
      info.multiplicity = { count, conditional, reasons };
      inProgress.delete(info.node.id);
      done.add(info.node.id);
      return info.multiplicity;
    };
    for (const info of this.functions) if (info.phase === 'parse') compute(info, 0);

    // 3. What Airflow calls later: task bodies, callables and callbacks, operator/trigger methods.
    const callables = this.runtimeCallableNames();
    for (const info of this.functions) {
      if (info.phase === 'parse') continue;
      info.runReason = this.runReason(info, callables);
      if (info.runReason) info.phase = 'run';
    }
    // Functions defined in, or called only from, run-time code run at run time too.
    // Each pass marks at least one more function, or stops: at most one pass per function.
    let changed = true;
    for (let pass = 0; changed && pass <= this.functions.length; pass++) {
      changed = false;
      for (const info of this.functions) {
        this.deadline.check();
        if (info.phase !== 'unknown') continue;
        const ownerInfo = this.functionByNode.get(info.owner.id);
        const ownerRuns = info.owner.type === 'lambda' || ownerInfo?.phase === 'run';
        const callers = incoming.get(info.node.id) ?? [];
        const calledAtRunTime =
          callers.length > 0 &&
          callers.every((edge) => edge.callerScope.type === 'lambda' || this.functionByNode.get(edge.callerScope.id)?.phase === 'run');
        if (ownerRuns || calledAtRunTime) {
          info.phase = 'run';
          info.runReason = ownerRuns ? 'defined inside code that runs in a task' : 'called only from code that runs in a task';
          changed = true;
        }
      }
    }
  }

  private runReason(info: FunctionInfo, callables: Map<string, string>): string | null {
    if (info.isTask) return 'a task body';
    if (info.classInfo && RUNTIME_METHODS.has(info.name)) return `the ${info.name}() of an operator`;
    if (
      info.classInfo &&
      info.name === 'run' &&
      (this.isTriggerClass(info.classInfo) || info.classInfo.bases.some((base) => /Trigger$/.test(dottedText(base) ?? '')))
    )
      return 'the run() of a trigger';
    if (!info.classInfo) {
      const argument = callables.get(info.name);
      if (argument) return `passed as ${argument}`;
    }
    return null;
  }

  /** Names passed where Airflow expects a callable it calls later: `python_callable=f`, callbacks. */
  private runtimeCallableNames(): Map<string, string> {
    const names = new Map<string, string>();
    const addValue = (value: Node | null, argument: string) => {
      // Iterative: `[[[[f]]]]` can nest thousands deep, past the JS stack.
      const pending = [value];
      while (pending.length > 0) {
        const target = unparenthesize(pending.pop() ?? null);
        if (target?.type === 'identifier') names.set(target.text, argument);
        else if (target?.type === 'list' || target?.type === 'tuple') pending.push(...namedChildren(target).reverse());
      }
    };
    // A keyword starts with its name: the text tells which can matter without asking the tree (the
    // word's length first: a match object per keyword was a tenth of what the analysis allocated).
    const text = this.source.text;
    for (const keyword of this.source.nodes('keyword_argument')) {
      const start = keyword.startIndex;
      let end = start;
      while (end < text.length && isAsciiWordCode(text.charCodeAt(end))) end++;
      if (!RUNTIME_CALLABLE_LENGTHS.has(end - start) || !RUNTIME_CALLABLE_ARGUMENTS.has(text.slice(start, end))) continue;
      const name = field(keyword, 'name')?.text;
      if (name && RUNTIME_CALLABLE_ARGUMENTS.has(name)) addValue(field(keyword, 'value'), name);
    }
    // default_args = dict(on_failure_callback=notify) is covered by the keyword arguments above.
    for (const assignment of this.source.nodes('assignment')) {
      const right = unparenthesize(field(assignment, 'right'));
      if (right?.type !== 'dictionary') continue;
      for (const pair of namedChildren(right)) {
        const key = stringValue(field(pair, 'key'));
        if (pair.type === 'pair' && key && RUNTIME_CALLABLE_ARGUMENTS.has(key)) addValue(field(pair, 'value'), key);
      }
    }
    // task(f) and task.bash(f) wrap f into a task, like the decorator.
    for (const call of this.calls.all) {
      if (!call.text || !/(^|\.)(task|setup|teardown)(\.\w+)?$/.test(call.text)) continue;
      if (!isTaskDecoratorName(call.text, this.imports)) continue;
      addValue(callArguments(call.node).positional[0] ?? null, 'a task');
    }
    return names;
  }

  /** Product of the loops and comprehensions between `node` and its scope, with the reasons. */
  private localMultiplicity(node: Node): Multiplicity {
    let count: number | null = 1;
    let conditional = false;
    const reasons: string[] = [];
    const multiply = (factor: number | null, reason: string) => {
      count = count === null || factor === null ? null : count * factor;
      reasons.push(reason);
    };
    const start = node.startIndex;
    const end = node.endIndex;
    for (let region = this.regions.innermost(start, end); region; region = outerContaining(region, start, end)) {
      if (region.kind === 'scope') break; // the scope's own count is the caller's business
      switch (region.kind) {
        case 'loop':
          multiply(iterationCount(region.iterables[0] ?? null, this.bindings), `inside the loop at line ${lineNumber(region.node)}`);
          break;
        case 'while':
          multiply(null, `inside the while loop at line ${lineNumber(region.node)}`);
          break;
        case 'comprehension': {
          // The first clause's iterable runs once, before the comprehension repeats anything.
          if (region.excluded && region.excluded.start <= start && end <= region.excluded.end) break;
          let factor: number | null = 1;
          for (const iterable of region.iterables) {
            const n = iterationCount(iterable, this.bindings);
            factor = factor === null || n === null ? null : factor * n;
          }
          multiply(factor, `inside the comprehension at line ${lineNumber(region.node)}`);
          if (region.filtered) conditional = true;
          break;
        }
        case 'conditional':
          conditional = true;
          break;
        case 'never':
          break;
      }
    }
    return { count, conditional, reasons };
  }

  /** Inside `if __name__ == "__main__":` or `if TYPE_CHECKING:`: never runs when Airflow imports it. */
  private inNeverBlock(node: Node): boolean {
    return this.regions.first(node.startIndex, node.endIndex, 'never') !== null;
  }
}

/** The lengths of RUNTIME_CALLABLE_ARGUMENTS' names: most keywords are ruled out before their name is cut from the text. */
const RUNTIME_CALLABLE_LENGTHS = new Set([...RUNTIME_CALLABLE_ARGUMENTS].map((name) => name.length));

/** A character of `\w` (ASCII letters, digits, underscore), as a non-Unicode regex reads it. */
function isAsciiWordCode(code: number): boolean {
  return (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || (code >= 48 && code <= 57) || code === 95;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function isTaskDecorator(decorator: Node, imports: ImportMap): boolean {
  let expression = unparenthesize(decoratorExpression(decorator));
  if (expression?.type === 'call') expression = unparenthesize(field(expression, 'function'));
  const name = dottedText(expression);
  return !!name && isTaskDecoratorName(name, imports);
}

/** `task`, `task.bash`, `airflow.decorators.task.virtualenv`, `setup`, `teardown`, `asset`. */
function isTaskDecoratorName(name: string, imports: ImportMap): boolean {
  const head = headName(name);
  // The last two parts of the qualified name, cut from it (not split: asked per decorator and call).
  const qualified = (imports.binding(head)?.qualified ?? head) + name.slice(head.length);
  const lastDot = qualified.lastIndexOf('.');
  if (TASK_DECORATOR_NAMES.has(qualified.slice(lastDot + 1))) return true;
  return lastDot >= 0 && TASK_DECORATOR_NAMES.has(qualified.slice(qualified.lastIndexOf('.', lastDot - 1) + 1, lastDot));
}
