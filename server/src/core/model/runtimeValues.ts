// Which expressions take a different value at every parse: derived from the current time
// (`datetime.now()`, `date.today()`, `pendulum.now()`, `days_ago(1)`, `time.time()`), from `uuid1/4`
// or from `random`. Shared by DG301 (dates), DG302 (other DAG/task arguments) and DG303 (templated
// fields). Imports are resolved through ImportMap (`from datetime import datetime as dt` works),
// module-level names through ModuleBindings (only names bound once; a name the enclosing function
// binds itself is not followed), and the value is followed through arithmetic, method chains,
// conversions (`str`, `int`, `.format`, `.join`), f-strings, containers and conditionals.
// Lambdas are never entered: their bodies run later. Calls of other functions are not followed:
// what they return is unknown, and an unknown value is never reported.
import { MemoKey } from '../memo';
import { boundNames, callArguments, field, isStringLike, namedChildren, unparenthesize, type Node } from '../syntax/nodes';
import type { ModuleBindings } from './bindings';
import type { CallIndex } from './calls';
import type { ImportMap } from './imports';
import type { ParseTimeModel } from './parseTime';
import type { SourceFile } from './source';
import { CLOCK_CALLS } from '../catalogue/clockCalls';

export type RuntimeSourceKind = 'clock' | 'uuid' | 'random';

export interface RuntimeSource {
  kind: RuntimeSourceKind;
  /** The call that reads the clock, a uuid or a random number. */
  call: Node;
  /** Its fully qualified callee: "datetime.datetime.now". */
  qualified: string;
  /** As the file writes it, for messages: "datetime.now()". */
  display: string;
}

/** time.* functions that read the clock only when called without a time argument. */
const CLOCK_WITHOUT_ARGUMENT = new Map([
  ['time.localtime', 0],
  ['time.gmtime', 0],
  ['time.ctime', 0],
  ['time.asctime', 0],
  ['time.strftime', 1],
]);

const UUID_CALLS = new Set(['uuid.uuid1', 'uuid.uuid4']);

/** Functions of `random` that do not return a random value. */
const RANDOM_EXCEPTIONS = new Set(['random.seed', 'random.getstate', 'random.setstate', 'random.Random', 'random.SystemRandom']);
const OTHER_RANDOM_CALLS = new Set([
  'os.urandom',
  'secrets.token_hex',
  'secrets.token_urlsafe',
  'secrets.token_bytes',
  'secrets.choice',
  'secrets.randbelow',
  'secrets.randbits',
]);

/** Builtins whose result is a function of their arguments. */
const CONVERTERS = new Set([
  'str',
  'int',
  'float',
  'repr',
  'format',
  'round',
  'abs',
  'hex',
  'bytes',
  'list',
  'tuple',
  'set',
  'sorted',
  'max',
  'min',
  'dict',
]);
/** Library functions whose result is a function of their arguments. */
const DERIVING_FUNCTIONS = new Set([
  'datetime.datetime.fromtimestamp',
  'datetime.datetime.utcfromtimestamp',
  'datetime.datetime.combine',
  'datetime.date.fromtimestamp',
  'pendulum.instance',
  'pendulum.from_timestamp',
  'time.strftime',
  'time.localtime',
  'time.gmtime',
  // A DAG param's default: `params={"day": Param(str(date.today()))}`.
  'airflow.models.Param',
  'airflow.models.param.Param',
  'airflow.sdk.Param',
  'airflow.sdk.definitions.param.Param',
  // Datasets and assets named at parse time (`outlets=[Dataset(f"s3://b/{date.today()}")]`).
  'airflow.datasets.Dataset',
  'airflow.sdk.Asset',
  'airflow.sdk.definitions.asset.Asset',
]);

const MAX_DEPTH = 24;

export class RuntimeValues {
  private readonly cache = new Map<number, RuntimeSource[]>();
  private readonly localNamesCache = new Map<number, Set<string>>();
  private assignedByScope?: Map<number, Set<string>>;
  /**
   * Whether any call of the file can be a source. Every source is a call, and following names only
   * leads to other expressions of the same file, so without one no value changes between parses:
   * most files answer every question here without walking an expression.
   */
  private readonly fileHasSources: boolean;

  constructor(
    private readonly source: SourceFile,
    private readonly imports: ImportMap,
    private readonly bindings: ModuleBindings,
    private readonly model: ParseTimeModel,
    calls?: CallIndex,
  ) {
    // The call index resolves plain dotted callees from their text; the rest (`(datetime.now)()`)
    // are resolved the way sourceCall does it. Without an index, assume there may be sources.
    const mayBeSource = (qualified: string | null) => qualified !== null && (sourceKind(qualified, 0) ?? sourceKind(qualified, 1)) !== null;
    this.fileHasSources =
      !calls ||
      calls.all.some(({ node, text, qualified }) => mayBeSource(text === null ? imports.resolve(field(node, 'function')) : qualified));
  }

  /** The qualified name of a dotted expression, through the file's imports. */
  resolveName(node: Node | null): string | null {
    return this.imports.resolve(node);
  }

  /** What `call` reads, when it is itself a source of a per-parse value. */
  sourceCall(call: Node): RuntimeSource | null {
    if (call.type !== 'call') return null;
    const qualified = this.imports.resolve(field(call, 'function'));
    if (!qualified) return null;
    const kind = sourceKind(qualified, callArguments(call).positional.length);
    if (!kind) return null;
    const fn = field(call, 'function');
    const text = this.source.textOf(call).replace(/\s+/g, ' ');
    const display = text.length <= 32 ? text : `${fn ? this.source.textOf(fn).replace(/\s+/g, '') : qualified}(...)`;
    return { kind, call, qualified, display };
  }

  /**
   * Every source `expression` is derived from, in document order of the sources, only those that
   * run when the file is parsed. Empty when the value does not change between parses, or when the
   * analysis cannot tell.
   */
  sourcesOf(expression: Node | null): RuntimeSource[] {
    if (!expression || !this.fileHasSources) return [];
    const cached = this.cache.get(expression.id);
    if (cached) return cached;
    const found = new Map<number, RuntimeSource>();
    this.collect(expression, found, new Set(), 0);
    const result = [...found.values()]
      .filter((source) => this.model.phaseOf(source.call) === 'parse')
      .sort((a, b) => a.call.startIndex - b.call.startIndex);
    this.cache.set(expression.id, result);
    return result;
  }

  /**
   * The sources of `expression` whenever its code runs, not only at this file's parse: what a
   * helper module computes when a DAG file calls it (core/project/summarize.ts).
   */
  sourcesWheneverRun(expression: Node | null): RuntimeSource[] {
    if (!expression || !this.fileHasSources) return [];
    const found = new Map<number, RuntimeSource>();
    this.collect(expression, found, new Set(), 0);
    return [...found.values()]
      .filter((source) => this.model.phaseOf(source.call) !== 'never')
      .sort((a, b) => a.call.startIndex - b.call.startIndex);
  }

  /** The module-level value an identifier stands for, unless a function scope rebinds the name. */
  valueOfName(identifier: Node): Node | null {
    const value = this.bindings.valueOf(identifier.text);
    if (!value || this.imports.binding(identifier.text)) return null;
    const scope = this.model.scopeOf(identifier);
    if (scope.type !== 'module' && this.localNames(scope).has(identifier.text)) return null;
    if (this.boundByComprehension(identifier)) return null;
    return value;
  }

  /** A name bound to a module-level string (`COMMAND = "run.sh {}"`), as `valueOfName` sees it. */
  private isStringName(node: Node | null): boolean {
    return node?.type === 'identifier' && isStringLike(unparenthesize(this.valueOfName(node)));
  }

  /** `[f"{x}" for x in xs]`: the comprehension's own `x`, not the module's. */
  private boundByComprehension(identifier: Node): boolean {
    for (const type of ['list_comprehension', 'set_comprehension', 'dictionary_comprehension', 'generator_expression'] as const) {
      for (const comprehension of this.source.nodes(type)) {
        if (comprehension.startIndex > identifier.startIndex) break;
        if (comprehension.endIndex < identifier.endIndex) continue;
        for (const clause of namedChildren(comprehension)) {
          if (clause.type === 'for_in_clause' && boundNames(field(clause, 'left')).includes(identifier.text)) return true;
        }
      }
    }
    return false;
  }

  private collect(node: Node | null, found: Map<number, RuntimeSource>, visiting: Set<number>, depth: number): void {
    const target = unparenthesize(node);
    if (!target || depth > MAX_DEPTH || visiting.has(target.id)) return;
    visiting.add(target.id);
    const next = (child: Node | null) => this.collect(child, found, visiting, depth + 1);
    switch (target.type) {
      case 'call':
        this.collectCall(target, found, visiting, depth, next);
        break;
      case 'identifier':
        next(this.valueOfName(target));
        break;
      case 'attribute':
        next(field(target, 'object'));
        break;
      case 'binary_operator':
      case 'boolean_operator':
        next(field(target, 'left'));
        next(field(target, 'right'));
        break;
      case 'unary_operator':
      case 'not_operator':
        next(field(target, 'argument'));
        break;
      case 'named_expression':
        next(field(target, 'value'));
        break;
      case 'subscript':
        next(field(target, 'value'));
        for (const index of namedChildren(target).slice(1)) next(index);
        break;
      case 'conditional_expression':
      case 'comparison_operator':
      case 'list':
      case 'tuple':
      case 'set':
      case 'expression_list':
      case 'concatenated_string':
        namedChildren(target).forEach(next);
        break;
      case 'dictionary':
        collectDictionary(target, next);
        break;
      case 'list_comprehension':
      case 'set_comprehension':
      case 'generator_expression':
      case 'dictionary_comprehension':
        collectComprehension(target, next);
        break;
      case 'list_splat':
      case 'dictionary_splat':
        next(namedChildren(target)[0] ?? null);
        break;
      case 'string':
        // Only f-strings interpolate; the prefix is read from the text (no WASM crossing).
        if (!/^[a-zA-Z]*[fF]/.test(this.source.text.slice(target.startIndex, target.startIndex + 3))) break;
        for (const part of namedChildren(target)) if (part.type === 'interpolation') this.collectInterpolation(part, next);
        break;
    }
    visiting.delete(target.id);
  }

  /**
   * A call: a clock, uuid or random call is a source itself; otherwise what flows through it (a
   * method of a per-parse value, a string method or a converter fed with one).
   */
  private collectCall(
    call: Node,
    found: Map<number, RuntimeSource>,
    visiting: Set<number>,
    depth: number,
    next: (child: Node | null) => void,
  ): void {
    const source = this.sourceCall(call);
    if (source) {
      found.set(call.id, source);
      return;
    }
    const fn = unparenthesize(field(call, 'function'));
    const args = callArguments(call);
    const argumentValues = [...args.positional, ...args.keywords.values()];
    if (fn?.type === 'attribute') {
      // A method of a per-parse value (`datetime.now().strftime(...)`, `now.date()`) or a
      // string method fed with one (`"-".join([...])`, `"{}".format(x)`, `TEMPLATE.format(x)`
      // where TEMPLATE is a module-level string).
      const receiver = field(fn, 'object');
      next(receiver);
      const qualified = this.imports.resolve(fn);
      if (
        qualified
          ? DERIVING_FUNCTIONS.has(qualified)
          : isStringLike(receiver) || this.isStringName(receiver) || this.hasSources(receiver, visiting, depth)
      )
        argumentValues.forEach(next);
    } else if (fn?.type === 'identifier') {
      const qualified = this.imports.resolve(fn);
      if (
        (!qualified && CONVERTERS.has(fn.text) && !this.model.lookup(fn.text, this.model.scopeOf(fn))) ||
        (qualified && DERIVING_FUNCTIONS.has(qualified))
      ) {
        argumentValues.forEach(next);
      }
    }
  }

  private collectInterpolation(interpolation: Node, next: (node: Node | null) => void): void {
    for (const child of namedChildren(interpolation)) {
      if (child.type === 'format_specifier') {
        for (const nested of namedChildren(child)) if (nested.type === 'format_expression') namedChildren(nested).forEach(next);
      } else if (child.type !== 'type_conversion') {
        next(child);
      }
    }
  }

  private hasSources(node: Node | null, visiting: Set<number>, depth: number): boolean {
    const found = new Map<number, RuntimeSource>();
    this.collect(node, found, new Set(visiting), depth + 1);
    return found.size > 0;
  }

  /** Names a function binds itself (parameters, assignments, loop targets): these shadow module names. */
  private localNames(scope: Node): Set<string> {
    if (!this.assignedByScope) {
      // One pass over the file's binding statements, grouped by the scope they bind in.
      this.assignedByScope = new Map();
      const collectTargets = (target: Node | null, names: Set<string>) => {
        if (!target) return;
        if (target.type === 'identifier') names.add(target.text);
        else for (const child of namedChildren(target)) collectTargets(child, names);
      };
      for (const type of ['assignment', 'augmented_assignment', 'for_statement', 'named_expression'] as const) {
        for (const node of this.source.nodes(type)) {
          const owner = this.model.scopeOf(node);
          if (owner.type === 'module') continue;
          let names = this.assignedByScope.get(owner.id);
          if (!names) this.assignedByScope.set(owner.id, (names = new Set()));
          collectTargets(node.type === 'named_expression' ? field(node, 'name') : field(node, 'left'), names);
        }
      }
    }
    const cached = this.localNamesCache.get(scope.id);
    if (cached) return cached;
    const names = new Set(this.assignedByScope.get(scope.id));
    for (const parameter of namedChildren(field(scope, 'parameters'))) {
      const name =
        parameter.type === 'identifier'
          ? parameter
          : (field(parameter, 'name') ?? namedChildren(parameter).find((child) => child.type === 'identifier'));
      if (name) names.add(name.text);
    }
    this.localNamesCache.set(scope.id, names);
    return names;
  }
}

function sourceKind(qualified: string, positionalCount: number): RuntimeSourceKind | null {
  if (CLOCK_CALLS.has(qualified)) return 'clock';
  const maxArguments = CLOCK_WITHOUT_ARGUMENT.get(qualified);
  if (maxArguments !== undefined) return positionalCount <= maxArguments ? 'clock' : null;
  if (UUID_CALLS.has(qualified)) return 'uuid';
  if (
    (qualified.startsWith('random.') && qualified.split('.').length === 2 && !RANDOM_EXCEPTIONS.has(qualified)) ||
    OTHER_RANDOM_CALLS.has(qualified)
  )
    return 'random';
  return null;
}

const instances = new MemoKey<RuntimeValues>('runtime values');

/** The one RuntimeValues of an analysis (keyed by its model), shared by the rules that ask it. */
export function runtimeValuesOf(context: {
  source: SourceFile;
  imports: ImportMap;
  bindings: ModuleBindings;
  model: ParseTimeModel;
  calls?: CallIndex;
}): RuntimeValues {
  let instance = instances.get(context.model);
  if (!instance)
    instances.set(
      context.model,
      (instance = new RuntimeValues(context.source, context.imports, context.bindings, context.model, context.calls)),
    );
  return instance;
}

/** A dict literal's keys, values and `**` spreads. */
function collectDictionary(dictionary: Node, next: (child: Node | null) => void): void {
  for (const entry of namedChildren(dictionary)) {
    if (entry.type === 'pair') {
      next(field(entry, 'key'));
      next(field(entry, 'value'));
    } else if (entry.type === 'dictionary_splat') {
      next(namedChildren(entry)[0] ?? null);
    }
  }
}

/**
 * A comprehension's element (or key: value) and what its clauses iterate over; a clause's own
 * names are not the module's (boundByComprehension).
 */
function collectComprehension(comprehension: Node, next: (child: Node | null) => void): void {
  for (const child of namedChildren(comprehension)) {
    if (child.type === 'pair') {
      next(field(child, 'key'));
      next(field(child, 'value'));
    } else if (child.type === 'for_in_clause') {
      next(field(child, 'right'));
    } else if (child.type === 'if_clause') {
      namedChildren(child).forEach(next);
    } else {
      next(child);
    }
  }
}
