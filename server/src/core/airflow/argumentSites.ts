// Where a DAG file sets task and DAG arguments: operator calls, @task(...) decorators, DAG(...) and
// @dag(...), TaskGroup(...), and default_args dicts (literals, `dict(...)` calls, module-level names
// bound to them). Rules about argument values (pool, weight_rule, renamed arguments) and the
// argument code actions read this one index instead of each finding calls themselves.
//
// A task's effective value for an argument is its own keyword, else the first default_args that
// sets it: the task's own, then the enclosing TaskGroups' and the DAG's (`with DAG(...)`, `@dag`,
// `dag=`). When a step cannot be read (`**kwargs`, a default_args built by a function, a task whose
// DAG cannot be told), the lookup answers 'unknown' and the rules stay silent.
import { MemoKey } from '../memo';
import { airflowOperatorName, taskDecoratorOperator } from './operators';
import { boundNames, dottedText, field, namedChildren, stringValue, unparenthesize, parentOf, type Node } from '../syntax/nodes';
import { scopeOfStatement, type ModuleBindings } from '../model/bindings';
import type { CallIndex, CallSite } from '../model/calls';
import type { ImportMap } from '../model/imports';
import type { SourceFile } from '../model/source';
import { DAG_CALLABLES } from './dagConstructors';
import { runToEnd } from '../steps';

export type SiteKind = 'task' | 'dag' | 'taskGroup' | 'defaultArgs';

export interface ArgumentEntry {
  name: string;
  /** The keyword's name (identifier) or the dict key (string). */
  key: Node;
  value: Node;
  /** The keyword_argument or pair. */
  entry: Node;
}

export interface ArgumentSite {
  kind: SiteKind;
  /** The call, or the dictionary literal of a default_args. */
  node: Node;
  /** `name=value` (calls, `dict(...)`) or `"name": value` (dict literals). */
  style: 'keyword' | 'pair';
  /** The argument_list or dictionary holding the entries. */
  container: Node | null;
  entries: Map<string, ArgumentEntry>;
  /** `**kwargs`, `**base` or a computed key: entries may exist that the analysis cannot see. */
  open: boolean;
  /** The Airflow operator class, for calls of operators DAG Guard knows. */
  operator: string | null;
  /**
   * For `@task.kubernetes(...)`, `@task.docker(...)` and the like: the operator class the decorated
   * task runs as (see operators.ts' taskDecoratorOperator). Not its `operator`: its template_fields differ.
   */
  runsAs?: string;
  /**
   * For `my_task.override(...)`: the `@task(...)` decorator call of `my_task`, whose arguments the
   * task gets where the override does not set them (Airflow merges the two); absent for a bare `@task`.
   */
  base?: ArgumentSite;
}

export type Lookup = { entry: ArgumentEntry; site: ArgumentSite } | 'absent' | 'unknown';

/** A file's argument sites with the imports their names were resolved through. */
export interface ArgumentIndex {
  sites: ArgumentSites;
  imports: ImportMap;
}

/** Kept on the file (core/memo.ts): in a module-level WeakMap it kept every file alive through young-generation collections. */
const argumentIndexes = new MemoKey<ArgumentIndex>('argument index');

/**
 * The argument index of one parsed text, built once: by the analysis (through the parts of the
 * file model it has built already) or by the refactor code actions, which editors ask for at every
 * cursor move, whichever asks first. A SourceFile is one version's text and tree, and the index
 * depends on nothing else, so both share it until the next change.
 */
export function argumentIndexOf(source: SourceFile, build: () => ArgumentIndex): ArgumentIndex {
  let index = argumentIndexes.get(source);
  if (!index) argumentIndexes.set(source, (index = build()));
  return index;
}

/** `argumentIndexOf` built in steps (the analysis'); one built meanwhile by a request wins. */
export function* argumentIndexSteps(source: SourceFile, build: () => Generator<void, ArgumentIndex>): Generator<void, ArgumentIndex> {
  let index = argumentIndexes.get(source);
  if (!index) {
    const built = yield* build();
    index = argumentIndexes.get(source) ?? built;
    argumentIndexes.set(source, index);
  }
  return index;
}

const TASK_GROUP_CALLEES = new Set([
  'airflow.utils.task_group.TaskGroup',
  'airflow.sdk.TaskGroup',
  'airflow.sdk.definitions.taskgroup.TaskGroup',
  'airflow.decorators.task_group',
  'airflow.utils.task_group.task_group',
  'airflow.sdk.task_group',
]);

const MUTATING_METHODS = new Set(['update', 'setdefault', '__setitem__', 'pop', 'popitem', 'clear']);
const MUTATING_METHOD_WORD = /update|setdefault|__setitem__|pop|clear/;

/** `@task(...)`, `@task.kubernetes(...)`, `@setup(...)` from airflow.decorators or airflow.sdk. */
const TASK_DECORATOR = /^airflow\.(?:decorators|sdk)\.(?:task|setup|teardown)(?:\.\w+)?$/;

/** Keywords, calls or assignments read between two pauses of `ArgumentSites.steps` (about 0.5 ms). */
export const SITES_STEP_ITEMS = 250;

export class ArgumentSites {
  /** Caches of what rules derive from it (core/memo.ts). */
  memos: Map<MemoKey<unknown>, unknown> | undefined = undefined;
  readonly sites: ArgumentSite[] = [];
  private readonly byNode = new Map<number, ArgumentSite>();
  /** Calls with a `task_id=` keyword, from the keyword index (cheaper than reading every call). */
  private readonly taskIdCalls = new Set<number>();
  private readonly chains = new Map<number, Array<ArgumentSite | 'unknown'>>();
  private readonly providers = new Map<number, Array<ArgumentSite | 'unknown'>>();
  /** Names of dicts changed after they are built (`d["pool"] = ...`, `d.update(...)`). */
  private readonly mutatedNames = new Set<string>();

  /** Without `calls`, empty: `steps` fills it. */
  constructor(
    private readonly source: SourceFile,
    private readonly bindings: ModuleBindings,
    calls?: CallIndex,
  ) {
    if (calls) runToEnd(this.collect(calls));
  }

  /**
   * The sites built in steps, pausing after every SITES_STEP_ITEMS keywords, calls or assignments
   * read (core/analyze.ts builds them so, before the first rule that reads them: one step they
   * took 7-10 ms on a 5,000-line file).
   */
  static *steps(source: SourceFile, bindings: ModuleBindings, calls: CallIndex): Generator<void, ArgumentSites> {
    const sites = new ArgumentSites(source, bindings);
    yield* sites.collect(calls);
    return sites;
  }

  private *collect(calls: CallIndex): Generator<void, void> {
    const { source } = this;
    let read = 0;
    const stepDone = () => ++read % SITES_STEP_ITEMS === 0;
    // Matched in the file's text at each keyword's start (reading every keyword's text costs a WASM call each).
    const taskId = /task_id\s*=/y;
    // Indexed loops: a for-of in a generator allocates an iterator result per item.
    const keywords = source.nodes('keyword_argument');
    for (let index = 0; index < keywords.length; index++) {
      if (stepDone()) yield;
      const keyword = keywords[index];
      taskId.lastIndex = keyword.startIndex;
      if (!taskId.test(source.text) || taskId.lastIndex > keyword.endIndex) continue;
      const call = parentOf(parentOf(keyword));
      if (call?.type === 'call') this.taskIdCalls.add(call.id);
    }
    yield* this.collectMutatedNames(stepDone);
    for (let index = 0; index < calls.all.length; index++) {
      if (stepDone()) yield;
      const call = calls.all[index];
      const kind = this.classify(call);
      if (!kind) continue;
      const site = this.add(this.callSite(call.node, kind.kind, kind.operator));
      const runsAs = kind.kind === 'task' && !kind.operator ? taskDecoratorOperator(call.qualified) : null;
      if (runsAs) site.runsAs = runsAs;
    }
    // `my_task.override(pool="x")()`: a task of a task function of this file, with its own arguments.
    const overrides = calls.all.filter((call) => (call.text !== null ? call.text.endsWith('.override') : isOverrideCall(call.node)));
    if (overrides.length > 0) this.addOverrideSites(overrides, calls.imports);
    // default_args given to DAGs, task groups and tasks, however they are spelled.
    for (const site of [...this.sites]) {
      if (stepDone()) yield;
      const value = site.entries.get('default_args')?.value;
      if (value) this.defaultArgsSite(value);
    }
    // `default_args = {...}` at module level, even where its use is out of sight.
    for (const assignment of source.nodes('assignment')) {
      if (stepDone()) yield;
      const left = field(assignment, 'left');
      if (left?.type !== 'identifier' || !/^_?default_args$/i.test(left.text) || scopeOfStatement(assignment) !== 'module') continue;
      const dict = this.dictNode(field(assignment, 'right'));
      if (dict) this.defaultArgsSite(this.mutatedNames.has(left.text) ? left : dict);
    }
    this.sites.sort((a, b) => a.node.startIndex - b.node.startIndex);
  }

  /** The site whose call or dict is `node`. */
  siteOf(node: Node | null): ArgumentSite | undefined {
    return node ? this.byNode.get(node.id) : undefined;
  }

  ofKind(kind: SiteKind): ArgumentSite[] {
    return this.sites.filter((site) => site.kind === kind);
  }

  /** The default_args dict an expression stands for (through module-level names), or 'unknown'. */
  defaultArgsOf(value: Node): ArgumentSite | 'unknown' {
    return this.siteOf(this.dictNode(value)) ?? 'unknown';
  }

  /**
   * The default_args that apply to a task, innermost first: its own, its task groups', its DAG's.
   * 'unknown' stands for a step that cannot be read, including a DAG that cannot be told.
   */
  defaultArgsChain(task: ArgumentSite): Array<ArgumentSite | 'unknown'> {
    let chain = this.chains.get(task.node.id);
    if (!chain) this.chains.set(task.node.id, (chain = this.computeChain(task)));
    return chain;
  }

  private computeChain(task: ArgumentSite): Array<ArgumentSite | 'unknown'> {
    const chain: Array<ArgumentSite | 'unknown'> = [];
    const addProvider = (provider: ArgumentSite) => {
      const value = provider.entries.get('default_args')?.value;
      if (value) chain.push(this.defaultArgsOf(value));
      else if (provider.open) chain.push('unknown');
    };
    const own = (task.entries.get('default_args') ?? task.base?.entries.get('default_args'))?.value;
    if (own) chain.push(this.defaultArgsOf(own));
    let dagKnown = false;
    let enclosingDag: { alias: string | null; site: ArgumentSite } | null = null;
    for (let parent = parentOf(task.node); parent; parent = parentOf(parent)) {
      if (parent.type !== 'with_statement' && parent.type !== 'decorated_definition') continue;
      for (const provider of this.providersOf(parent)) {
        if (provider === 'unknown') {
          chain.push('unknown');
          continue;
        }
        addProvider(provider);
        if (provider.kind === 'dag') {
          dagKnown = true;
          enclosingDag ??= { alias: this.withAlias(parent, provider), site: provider };
        }
      }
    }
    const dagArgument = task.entries.get('dag')?.value;
    // `dag=dag` inside `with DAG(...) as dag:` names the DAG already in the chain (DAG.__enter__
    // returns the DAG itself), as long as nothing else binds that name.
    const namesEnclosingDag =
      dagArgument?.type === 'identifier' && enclosingDag?.alias === dagArgument.text && this.boundOnlyOnce(dagArgument.text);
    if (dagArgument && !namesEnclosingDag) {
      const dag = this.siteOf(unparenthesize(this.bindings.resolveValue(dagArgument)));
      if (dag?.kind === 'dag') {
        addProvider(dag);
        dagKnown = true;
      } else {
        chain.push('unknown');
      }
    }
    if (!dagKnown) chain.push('unknown');
    return chain;
  }

  /** The `as` name a `with` statement gives the provider (`with DAG(...) as dag:` -> "dag"), if any. */
  private withAlias(parent: Node, provider: ArgumentSite): string | null {
    if (parent.type !== 'with_statement') return null;
    for (const item of namedChildren(namedChildren(parent).find((child) => child.type === 'with_clause'))) {
      const value = unparenthesize(field(item, 'value'));
      if (value?.type !== 'as_pattern') continue;
      if (this.siteOf(unparenthesize(namedChildren(value)[0] ?? null)) !== provider) continue;
      const names = boundNames(field(value, 'alias'));
      return names.length === 1 ? names[0] : null;
    }
    return null;
  }

  /** True when a name is bound by exactly one assignment target or `as` alias in the whole file. */
  private boundOnlyOnce(name: string): boolean {
    let count = 0;
    for (const item of this.bindings.file.nodes('with_item')) {
      const alias = field(field(item, 'value'), 'alias');
      if (alias && boundNames(alias).includes(name)) count++;
    }
    for (const type of ['assignment', 'augmented_assignment', 'for_statement', 'named_expression'] as const) {
      for (const node of this.bindings.file.nodes(type)) {
        const target = type === 'named_expression' ? field(node, 'name') : field(node, 'left');
        if (target && boundNames(target).includes(name)) count++;
      }
    }
    return count === 1;
  }

  /**
   * The DAGs and task groups a `with` statement or a decorated definition opens (cached);
   * 'unknown' for `with name:` where the name's value cannot be read (a task group made elsewhere).
   */
  private providersOf(parent: Node): Array<ArgumentSite | 'unknown'> {
    const cached = this.providers.get(parent.id);
    if (cached) return cached;
    const providers: Node[] = [];
    let unknown = false;
    if (parent.type === 'with_statement') {
      for (const item of namedChildren(namedChildren(parent).find((child) => child.type === 'with_clause'))) {
        let value = unparenthesize(field(item, 'value'));
        if (value?.type === 'as_pattern') value = unparenthesize(namedChildren(value)[0] ?? null);
        if (value?.type === 'identifier') value = unparenthesize(this.bindings.resolveValue(value));
        if (value?.type === 'identifier') unknown = true;
        if (value) providers.push(value);
      }
    } else if (parent.type === 'decorated_definition') {
      for (const decorator of namedChildren(parent).filter((child) => child.type === 'decorator')) {
        const expression = unparenthesize(namedChildren(decorator)[0] ?? null);
        if (expression) providers.push(expression);
      }
    }
    const sites: Array<ArgumentSite | 'unknown'> = providers
      .map((node) => this.siteOf(node))
      .filter((site): site is ArgumentSite => site?.kind === 'dag' || site?.kind === 'taskGroup');
    if (unknown) sites.push('unknown');
    this.providers.set(parent.id, sites);
    return sites;
  }

  /** The argument `name` as the task (or DAG, or dict) gets it. */
  lookup(site: ArgumentSite, name: string): Lookup {
    const own = site.entries.get(name);
    if (own) return { entry: own, site };
    if (site.open) return 'unknown';
    if (site.kind !== 'task') return 'absent';
    if (site.base) {
      const decorated = site.base.entries.get(name);
      if (decorated) return { entry: decorated, site: site.base };
      if (site.base.open) return 'unknown';
    }
    for (const provider of this.defaultArgsChain(site)) {
      if (provider === 'unknown') return 'unknown';
      const entry = provider.entries.get(name);
      if (entry) return { entry, site: provider };
      if (provider.open) return 'unknown';
    }
    return 'absent';
  }

  // ---- construction --------------------------------------------------------------------------

  private classify(call: CallSite): { kind: SiteKind; operator: string | null } | null {
    const name = call.qualified;
    if (name && DAG_CALLABLES.has(name)) return { kind: 'dag', operator: null };
    if (name && TASK_GROUP_CALLEES.has(name)) return { kind: 'taskGroup', operator: null };
    const operator = airflowOperatorName(name);
    if (operator) return { kind: 'task', operator };
    if (name && TASK_DECORATOR.test(name) && parentOf(call.node)?.type === 'decorator') return { kind: 'task', operator: null };
    // Any other call that names a task_id is an operator (a custom one, or one we do not list).
    if (this.taskIdCalls.has(call.node.id) && call.text !== 'dict') return { kind: 'task', operator: null };
    return null;
  }

  /**
   * `name.override(...)` calls where `name` is a function of this file decorated with `@task`,
   * `@task.xxx(...)`, `@setup` or `@teardown` (the innermost such definition whose scope holds the
   * call). Any other `.override` (an imported function, another library's object) is not a task.
   */
  private addOverrideSites(overrides: CallSite[], imports: ImportMap): void {
    const receivers = new Set(overrides.map((call) => overrideReceiver(call.node)?.text));
    // Every function of those names (a plain one in an inner scope hides a task of the same name),
    // with the task decorator of those that have one (null: not a task).
    const functions = new Map<string, Array<{ scope: Node; decorator: Node | null }>>();
    for (const definition of this.source.nodes('function_definition')) {
      const name = field(definition, 'name')?.text;
      if (!name || !receivers.has(name)) continue;
      const scope = enclosingScope(definition.parent?.type === 'decorated_definition' ? definition.parent : definition);
      // A class body's names are not visible from the methods that would call them.
      if (scope.type === 'class_definition') continue;
      if (!functions.has(name)) functions.set(name, []);
      functions.get(name)!.push({ scope, decorator: this.taskDecoratorOf(definition, imports) });
    }
    for (const call of overrides) {
      const receiver = overrideReceiver(call.node);
      if (!receiver) continue;
      const found = (functions.get(receiver.text) ?? [])
        .filter((candidate) => candidate.scope.startIndex <= call.node.startIndex && call.node.endIndex <= candidate.scope.endIndex)
        .sort((a, b) => b.scope.startIndex - a.scope.startIndex)[0];
      if (!found?.decorator) continue;
      const site = this.add(this.callSite(call.node, 'task', null));
      const base = found.decorator.type === 'call' ? this.siteOf(found.decorator) : undefined;
      if (base) {
        site.base = base;
        if (base.runsAs) site.runsAs = base.runsAs;
      }
    }
  }

  /** The `@task`, `@task.xxx(...)`, `@setup` or `@teardown` decorator expression of a function, if any. */
  private taskDecoratorOf(definition: Node, imports: ImportMap): Node | null {
    const decorated = definition.parent?.type === 'decorated_definition' ? definition.parent : null;
    for (const decorator of namedChildren(decorated).filter((child) => child.type === 'decorator')) {
      const expression = unparenthesize(namedChildren(decorator)[0] ?? null);
      const callee = expression?.type === 'call' ? field(expression, 'function') : expression;
      if (expression && TASK_DECORATOR.test(imports.resolve(callee) ?? '')) return expression;
    }
    return null;
  }

  private add(site: ArgumentSite): ArgumentSite {
    const existing = this.byNode.get(site.node.id);
    if (existing) return existing;
    this.sites.push(site);
    this.byNode.set(site.node.id, site);
    return site;
  }

  private callSite(call: Node, kind: SiteKind, operator: string | null): ArgumentSite {
    const list = field(call, 'arguments');
    const site: ArgumentSite = {
      kind,
      node: call,
      style: 'keyword',
      container: list?.type === 'argument_list' ? list : null,
      entries: new Map(),
      open: false,
      operator,
    };
    for (const argument of namedChildren(site.container)) {
      const type = argument.type;
      if (type === 'keyword_argument') {
        const key = field(argument, 'name');
        const value = field(argument, 'value');
        const name = key?.text;
        if (key && name !== undefined && value) site.entries.set(name, { name, key, value, entry: argument });
      } else if (type === 'dictionary_splat' || type === 'list_splat' || (kind === 'defaultArgs' && type !== 'comment')) {
        site.open = true; // dict(base, x=1) copies base
      }
    }
    return site;
  }

  /** A dict literal or `dict(...)` call behind `value` (following module-level names), or null. */
  private dictNode(value: Node | null): Node | null {
    const target = unparenthesize(this.bindings.resolveValue(value));
    if (!target) return null;
    if (target.type === 'dictionary') return target;
    if (target.type === 'call' && dottedText(field(target, 'function')) === 'dict') return target;
    return null;
  }

  /** `d["pool"] = "x"`, `d |= {...}`, `d.update(...)`: the dict has entries the literal does not show. */
  private *collectMutatedNames(stepDone: () => boolean): Generator<void, void> {
    for (const node of [...this.source.nodes('assignment'), ...this.source.nodes('augmented_assignment')]) {
      if (stepDone()) yield;
      const left = unparenthesize(field(node, 'left'));
      const target = left?.type === 'subscript' ? unparenthesize(field(left, 'value')) : node.type === 'augmented_assignment' ? left : null;
      if (target?.type === 'identifier') this.mutatedNames.add(target.text);
    }
    // The method has to be named in the text; most files name none of them.
    if (!MUTATING_METHOD_WORD.test(this.source.text)) return;
    for (const call of this.source.nodes('call')) {
      if (stepDone()) yield;
      const fn = unparenthesize(field(call, 'function'));
      if (fn?.type !== 'attribute' || !MUTATING_METHODS.has(field(fn, 'attribute')?.text ?? '')) continue;
      const object = unparenthesize(field(fn, 'object'));
      if (object?.type === 'identifier') this.mutatedNames.add(object.text);
    }
  }

  /** Does `value` name (through module-level names) a dict that is changed after it is built? */
  private namesMutatedDict(value: Node | null): boolean {
    let current = unparenthesize(value);
    for (let steps = 0; current?.type === 'identifier' && steps < 8; steps++) {
      if (this.mutatedNames.has(current.text)) return true;
      current = unparenthesize(this.bindings.valueOf(current.text));
    }
    return false;
  }

  private defaultArgsSite(value: Node | null): void {
    const node = this.dictNode(value);
    if (!node) return;
    const existing = this.byNode.get(node.id);
    if (existing) {
      if (this.namesMutatedDict(value)) existing.open = true;
      return;
    }
    if (this.namesMutatedDict(value)) {
      this.defaultArgsSiteOf(node).open = true;
      return;
    }
    this.defaultArgsSiteOf(node);
  }

  private defaultArgsSiteOf(node: Node): ArgumentSite {
    if (node.type === 'call') return this.add(this.callSite(node, 'defaultArgs', null));
    const site: ArgumentSite = {
      kind: 'defaultArgs',
      node,
      style: 'pair',
      container: node,
      entries: new Map(),
      open: false,
      operator: null,
    };
    for (const child of namedChildren(node)) {
      if (child.type === 'comment') continue;
      if (child.type !== 'pair') {
        site.open = true; // **base
        continue;
      }
      const key = field(child, 'key');
      const name = stringValue(key);
      const entryValue = field(child, 'value');
      if (name === null || !key) site.open = true;
      else if (entryValue) site.entries.set(name, { name, key, value: entryValue, entry: child });
    }
    return this.add(site);
  }

  get file(): SourceFile {
    return this.source;
  }
}

/** The function, class or module whose scope a statement is in. */
function enclosingScope(statement: Node): Node {
  for (let parent = statement.parent; parent; parent = parent.parent) {
    if (parent.type === 'function_definition' || parent.type === 'class_definition' || parent.type === 'module') return parent;
  }
  return statement;
}

/** `(name).override(...)`: a callee that is not a plain name chain, read from the tree. */
function isOverrideCall(call: Node): boolean {
  const fn = unparenthesize(field(call, 'function'));
  return fn?.type === 'attribute' && field(fn, 'attribute')?.text === 'override';
}

/** `name` in `name.override(...)` (also `(name).override(...)`); null for any other receiver. */
function overrideReceiver(call: Node): Node | null {
  const fn = unparenthesize(field(call, 'function'));
  const receiver = fn?.type === 'attribute' ? unparenthesize(field(fn, 'object')) : null;
  return receiver?.type === 'identifier' ? receiver : null;
}
