// What a DAG file brings in from the project at parse time: for each of its parse-time calls into a
// project module (a helper, a wrapper class, a factory) and each of its imports of project modules,
// the hazards that run (see reach.ts). Computed once per analysis (cached per parse-time model) and
// read by DG101 to DG105, which report their kinds at the call or import in the DAG file.
import { type HasMemos, MemoKey } from '../memo';
import { heavyPackageOf } from '../catalogue/heavyModules';
import type { Range } from '../syntax/positions';
import type { CallIndex, CallSite } from '../model/calls';
import { moduleLevelHeavyImports } from '../model/heavyImports';
import type { ImportMap } from '../model/imports';
import { ONCE, type Multiplicity } from '../model/multiplicity';
import type { ParseTimeModel } from '../model/parseTime';
import type { SourceFile } from '../model/source';
import type { Settings } from '../settings/schema';
import { dottedText, field, namedChildren, nodesWithin, unparenthesize, type Node } from '../syntax/nodes';
import type { ModuleSummary, ProjectModules } from './modules';
import { ProjectReach, ReachSum, type ReachedHazard, type Resolved } from './reach';
import { importTarget, summarizeModuleSteps } from './summarize';
import { runToEnd } from '../steps';

/** A call or import of the DAG file and what it runs from the project. */
export interface DagFileReach {
  /** The call, or the module's name in the import statement. */
  node: Node;
  /** "read_export_vars()", "CompanyDag()", or the imported module "common.frames". */
  subject: string;
  kind: 'call' | 'import';
  /** How often the DAG file runs the call per parse (an import: once). */
  multiplicity: Multiplicity;
  hazards: ReachedHazard[];
}

export interface DagFileContext {
  source: SourceFile;
  imports: ImportMap;
  calls: CallIndex;
  model: ParseTimeModel;
  settings: Pick<Settings, 'heavyModules'>;
  project: ProjectModules | null;
}

interface ProjectState extends HasMemos {
  project: ProjectModules;
  heavyModules: readonly string[];
  reach: ProjectReach;
  calls: ProjectCall[];
  ownCalls: ProjectCall[];
  /** Built on first use: the file's own summary costs a pass over its calls. */
  ownFunctionCalls: () => ProjectCall[];
  found: DagFileReach[];
}

const cache = new MemoKey<ProjectState>('project state');

/**
 * Calls looked at between two pauses of the project reach's steps (a few hundred field reads);
 * each import statement, and each call into the project, is a step of its own (resolving it may
 * summarise a module).
 */
const REACH_CALLS_PER_STEP = 100;

const reaches = new WeakMap<ProjectModules, { generation: number; reach: ProjectReach }>();

/** One resolver per project while its generation stays the same: its memoised costs serve every DAG file. */
function sharedReach(project: ProjectModules): ProjectReach {
  const generation = project.generation;
  if (generation === undefined) return new ProjectReach(project);
  const shared = reaches.get(project);
  if (shared && shared.generation === generation) return shared.reach;
  const reach = new ProjectReach(project);
  reaches.set(project, { generation, reach });
  return reach;
}

/** The project reach of the file's parse-time calls and imports, in document order; [] without a project. */
export function dagFileReach(context: DagFileContext): DagFileReach[] {
  return projectState(context)?.found ?? [];
}

/** `dagFileReach` in steps (core/steps.ts): the parse-cost lens runs it a slice at a time. */
export function* dagFileReachSteps(context: DagFileContext): Generator<void, DagFileReach[]> {
  return (yield* projectStateSteps(context))?.found ?? [];
}

/**
 * The project reach built in steps, before the rules (core/analyze.ts), when a project is read:
 * built on first use, it is a pass over every call of the file (and the summaries of the modules
 * it imports) inside the first rule that asks (DG101), one long step on a large file.
 */
export function* projectReachSteps(context: DagFileContext): Generator<void, void> {
  yield* projectStateSteps(context);
}

/** The resolver one analysis shares (its memoised costs), or null without a project. */
export function projectReachOf(context: DagFileContext): ProjectReach | null {
  return projectState(context)?.reach ?? null;
}

/**
 * What this analysis reads of the project (kept on its parse-time model), as the owner of the
 * caches derived from it (builtOperators.ts, wrapperFlows.ts): they die with the analysis. Keyed
 * instead by a module-level WeakMap, each would keep its file alive through the young-generation
 * collections until a full one (see core/memo.ts). Null without a project.
 */
export function projectMemosOf(context: DagFileContext): HasMemos | null {
  return projectState(context);
}

function projectState(context: DagFileContext): ProjectState | null {
  return runToEnd(projectStateSteps(context));
}

function* projectStateSteps(context: DagFileContext): Generator<void, ProjectState | null> {
  const { project, model, settings } = context;
  if (!project) return null;
  const cached = cache.get(model);
  if (cached && cached.project === project && cached.heavyModules === settings.heavyModules) return cached;
  const reach = sharedReach(project);
  const instances = yield* instanceCallsSteps(context, reach);
  const own = ownSummaryOf(context);
  let ownFunctions: ProjectCall[] | null = null;
  const ownFunctionCalls = () => (ownFunctions ??= ownFunctionCallsIn(context, reach, own));
  const calls = [...(yield* projectCallsSteps(context, reach)), ...instances.filter((call) => !call.own)].sort(
    (a, b) => a.node.startIndex - b.node.startIndex,
  );
  const ownCalls = instances.filter((call) => call.own);
  const found = [...(yield* importReachSteps(context, reach)), ...(yield* callReachSteps(context, calls, reach))].sort(
    (a, b) => a.node.startIndex - b.node.startIndex,
  );
  // Built by another caller while these steps paused (a rule, a request): theirs stands.
  const built = cache.get(model);
  if (built && built.project === project && built.heavyModules === settings.heavyModules) return built;
  const state: ProjectState = {
    project,
    heavyModules: settings.heavyModules,
    reach,
    calls,
    ownCalls,
    ownFunctionCalls,
    found,
    memos: undefined,
  };
  cache.set(model, state);
  return state;
}

/**
 * The heavy packages the DAG file's parse-time imports of project modules load, whether or not the
 * file imports them itself, each with the import that first brings it in: moving the file's own
 * `import pandas` into functions saves nothing while a project module still loads pandas.
 */
export function heavyThroughProject(context: DagFileContext): Map<string, HeavyElsewhere> {
  const result = new Map<string, HeavyElsewhere>();
  const reach = projectReachOf(context);
  if (!reach) return result;
  for (const found of importReach(context, reach, false)) {
    for (const site of found.hazards) {
      if (site.hazard.kind === 'heavy-import' && !result.has(site.hazard.label)) {
        result.set(site.hazard.label, {
          subject: found.subject,
          path: site.path,
          line: site.hazard.range.start.line + 1,
          range: site.hazard.range,
        });
      }
    }
  }
  return result;
}

/** Where a project module the DAG file imports loads a heavy package at parse time. */
export interface HeavyElsewhere {
  /** The import of the DAG file that leads there ("etl.extract"). */
  subject: string;
  path: string;
  /** 1-based, for messages. */
  line: number;
  range: Range;
}

/** A parse-time call of the DAG file into a function or class of the project. */
export interface ProjectCall {
  node: Node;
  /** "read_export_vars()", "Builder(...).build()", "builder.build()". */
  subject: string;
  resolved: Resolved;
  /** A method of the DAG file's own class, called on an instance (the parse-time model does not follow these). */
  own?: boolean;
}

/** The DAG file's parse-time calls into the project's functions and classes, in document order. */
export function projectCallsOf(context: DagFileContext): ProjectCall[] {
  return projectState(context)?.calls ?? [];
}

/**
 * The DAG file's parse-time calls of its own classes' methods on an instance (`Builder().build()`,
 * `builder.build()`), which the parse-time model does not follow: only the DAGs they build are
 * counted (DG106, the parse-cost summary), through the file's own summary.
 */
export function ownInstanceCallsOf(context: DagFileContext): ProjectCall[] {
  return projectState(context)?.ownCalls ?? [];
}

function* projectCallsSteps({ source, imports, calls, model }: DagFileContext, reach: ProjectReach): Generator<void, ProjectCall[]> {
  const result: ProjectCall[] = [];
  const self = selfSummary(source);
  for (const [index, call] of calls.all.entries()) {
    if (index % REACH_CALLS_PER_STEP === REACH_CALLS_PER_STEP - 1) yield;
    // Cheap tests first: a callee whose first name is imported, from outside Airflow.
    if (!call.text || call.qualified?.startsWith('airflow.') || !imports.binding(call.text.split('.')[0])) continue;
    const target = importTarget(call.text, imports);
    if (!target || model.phaseOf(call.node) !== 'parse') continue;
    const resolved = reach.resolve(target, self);
    if (resolved) result.push({ node: call.node, subject: `${call.text}()`, resolved });
  }
  return result;
}

/**
 * Method calls on an instance the DAG file creates at parse time: `Factory(...).build()`, or
 * `factory.build()` at module level where `factory = Factory(...)` is bound once at module level.
 * The class is imported from the project, or the file's own (then read through the file's own
 * summary, with its bases in the project). A name bound in any other way is not followed.
 */
function* instanceCallsSteps(context: DagFileContext, reach: ProjectReach): Generator<void, ProjectCall[]> {
  const { source, imports, calls, model } = context;
  const result: ProjectCall[] = [];
  const root = source.root;
  for (const [index, call] of calls.all.entries()) {
    if (index % REACH_CALLS_PER_STEP === REACH_CALLS_PER_STEP - 1) yield;
    const callee = unparenthesize(field(call.node, 'function'));
    if (callee?.type !== 'attribute') continue;
    const object = unparenthesize(field(callee, 'object'));
    const method = field(callee, 'attribute')?.text;
    if (!object || !method) continue;
    let construction: Node | null = null;
    if (object.type === 'call') construction = object;
    else if (object.type === 'identifier' && !imports.binding(object.text) && model.scopeOf(call.node).id === root.id) {
      const value = unparenthesize(model.bindings.valueOf(object.text));
      if (value?.type === 'call') construction = value;
    }
    const className = construction ? dottedText(field(construction, 'function')) : null;
    if (!className || model.phaseOf(call.node) !== 'parse') continue;
    const head = className.split('.')[0];
    let ref: Parameters<ProjectReach['method']>[0] | null = null;
    if (imports.binding(head)) {
      const target = importTarget(className, imports);
      const resolved = target ? reach.resolve(target, selfSummary(source)) : null;
      if (resolved?.kind === 'class') ref = resolved.ref;
    } else if (className === head) {
      const local = model.lookup(head, model.scopeOf(construction!), construction!);
      const own = local && !('isTask' in local) && local.owner.id === root.id ? yield* ownSummaryBuilt(context) : undefined;
      const cls = own ? ownClass(own, head) : undefined;
      if (own && cls) ref = { module: own, cls };
    }
    const resolved = ref ? reach.method(ref, method) : null;
    if (!resolved) continue;
    const subject = object.type === 'call' ? `${className}(...).${method}()` : `${object.text}.${method}()`;
    result.push({ node: call.node, subject, resolved, ...(resolved.module.transient ? { own: true } : {}) });
  }
  return result;
}

/** The DAG file's own summary per analysis (its model), built on first use or by `ownSummarySteps`. */
const ownSummaries = new MemoKey<ModuleSummary>('own summary');

/** The DAG file's own summary, built on first use from the analysis' model. */
function ownSummaryOf(context: DagFileContext): () => ModuleSummary {
  return () => runToEnd(ownSummaryBuilt(context));
}

/** The DAG file's own summary, built in steps unless built already. */
function* ownSummaryBuilt({ source, imports, calls, model }: DagFileContext): Generator<void, ModuleSummary> {
  const known = ownSummaries.get(model);
  if (known) return known;
  const built = yield* summarizeModuleSteps(source, { imports, bindings: model.bindings, calls, model });
  // Built by another caller while these steps paused: theirs stands.
  let own = ownSummaries.get(model);
  if (!own) ownSummaries.set(model, (own = { ...built, transient: true }));
  return own;
}

/**
 * The file's own summary built in steps, before the rules (core/analyze.ts), when the file calls
 * its own factories at parse time and a project is read: the one part of the project reach that
 * costs a pass over the whole file (100 ms as one step on a 5,000-line file). The rules then find
 * it built; whatever else they ask of the project stays built on first use.
 */
export function* ownSummarySteps(context: DagFileContext): Generator<void, void> {
  if (!context.project || ownSummaries.has(context.model) || ownFactoryCalls(context).length === 0) return;
  yield* ownSummaryBuilt(context);
}

/**
 * The DAG file's parse-time calls of its own module-level functions and classes (`create_dag(...)`
 * defined above), resolved through its own summary: what their arguments reach is followed like a
 * project wrapper's (wrapperFlows.ts). What they run and build is the parse-time model's business.
 */
function ownFunctionCallsIn(context: DagFileContext, reach: ProjectReach, ownSummary: () => ModuleSummary): ProjectCall[] {
  const result: ProjectCall[] = [];
  for (const { call, name } of ownFactoryCalls(context)) {
    const resolved = reach.resolve({ kind: 'local', name }, ownSummary());
    if (resolved) result.push({ node: call.node, subject: `${name}()`, resolved, own: true });
  }
  return result;
}

/** `ownFactoryCalls` per analysis (its model): asked by `ownSummarySteps` before the rules, then by the rules. */
const factoryCallsByModel = new MemoKey<Array<{ call: CallSite; name: string }>>('own factory calls');

/** The parse-time calls of the file's own module-level functions and classes that may hand their arguments on. */
function ownFactoryCalls(context: DagFileContext): Array<{ call: CallSite; name: string }> {
  let found = factoryCallsByModel.get(context.model);
  if (!found) factoryCallsByModel.set(context.model, (found = findOwnFactoryCalls(context)));
  return found;
}

function findOwnFactoryCalls({ source, calls, model }: DagFileContext): Array<{ call: CallSite; name: string }> {
  const result: Array<{ call: CallSite; name: string }> = [];
  const root = source.root;
  // A function that calls nothing hands no argument on to a DAG: its calls need no summary of the
  // file (the common case: helpers that compute values from their arguments).
  let callers: Node[] | null = null;
  const mayBuild = (local: NonNullable<ReturnType<typeof model.lookup>>) => {
    // A class derived from Airflow's (a DAG or operator subclass) is a definition the file's own
    // analysis reads already; another class's constructor may hand its arguments on.
    if (!('isTask' in local)) return !model.derivesFromAirflow(local, () => true);
    callers ??= calls.all.map((call) => call.node); // in document order
    return nodesWithin(callers, local.node).length > 0;
  };
  for (const call of calls.all) {
    const name = call.text;
    if (!name || name.includes('.') || call.qualified) continue;
    const local = model.lookup(name, model.scopeOf(call.node), call.node);
    if (!local || local.owner.id !== root.id || ('isTask' in local && local.isTask) || model.phaseOf(call.node) !== 'parse') continue;
    if (mayBuild(local)) result.push({ call, name });
  }
  return result;
}

/** The DAG file's parse-time calls of its own module-level functions and classes, for the flows of their arguments. */
export function ownFunctionCallsOf(context: DagFileContext): ProjectCall[] {
  return projectState(context)?.ownFunctionCalls() ?? [];
}

function ownClass(summary: ModuleSummary, name: string) {
  return summary.classes && Object.hasOwn(summary.classes, name) ? summary.classes[name] : undefined;
}

function* callReachSteps(context: DagFileContext, calls: ProjectCall[], reach: ProjectReach): Generator<void, DagFileReach[]> {
  const result: DagFileReach[] = [];
  for (const call of calls) {
    yield;
    const hazards = reach.costOf(call.resolved);
    if (hazards === 'unknown' || hazards.length === 0) continue;
    result.push({ node: call.node, subject: call.subject, kind: 'call', multiplicity: context.model.multiplicityOf(call.node), hazards });
  }
  return result;
}

/**
 * Each project module runs its body once per parse, at the first import that loads it (Python keeps
 * it in sys.modules afterwards): the findings go to that import, with the modules it imports in turn.
 */
function importReach(context: DagFileContext, reach: ProjectReach, skipOwnHeavy = true): DagFileReach[] {
  return runToEnd(importReachSteps(context, reach, skipOwnHeavy));
}

function* importReachSteps(
  { source, model, settings }: DagFileContext,
  reach: ProjectReach,
  skipOwnHeavy = true,
): Generator<void, DagFileReach[]> {
  const result: DagFileReach[] = [];
  const loaded = new Set<string>();
  // Heavy packages the DAG file imports itself are DG105's own findings, and loaded anyway.
  const heavyLoaded = new Set(
    skipOwnHeavy ? moduleLevelHeavyImports(source, model, settings.heavyModules).map((heavy) => heavy.package) : [],
  );
  const statements = [...source.nodes('import_statement'), ...source.nodes('import_from_statement')].sort(
    (a, b) => a.startIndex - b.startIndex,
  );
  for (const statement of statements) {
    if (model.phaseOf(statement) !== 'parse') continue;
    yield;
    for (const { node, name, modules } of loadedModules(statement)) {
      const sum = new ReachSum();
      let unknown = false;
      for (const [module, level] of modules) {
        const summary = reach.module(source.path, module, level);
        if (!summary || loaded.has(summary.path)) continue;
        if (!addModule(summary, [], [], reach, sum, loaded, heavyLoaded, settings.heavyModules)) unknown = true;
      }
      const hazards = sum.list();
      if (!unknown && hazards.length > 0) result.push({ node, subject: name, kind: 'import', multiplicity: ONCE, hazards });
    }
  }
  return result;
}

/** Adds what importing `module` runs (its body, then the project modules it imports first time); false when unknown. */
function addModule(
  module: ModuleSummary,
  via: string[],
  steps: ReachedHazard['steps'],
  reach: ProjectReach,
  sum: ReachSum,
  loaded: Set<string>,
  heavyLoaded: Set<string>,
  heavyModules: readonly string[],
): boolean {
  loaded.add(module.path);
  let known = true;
  for (const entry of module.imports) {
    if (!entry.atImport || !entry.range) continue;
    // Python runs an import where it stands: modules imported before the body's own calls run first;
    // the counts do not depend on the order, so imports are walked first.
    const heavy = heavyPackageOf(entry.module, heavyModules) ?? null;
    if (heavy && entry.level === 0) {
      if (!heavyLoaded.has(heavy) && !entry.noqa) {
        heavyLoaded.add(heavy);
        // What the module does with it (used at module level, in annotations only): the remedy.
        const own = module.moduleHazards?.find((found) => found.kind === 'heavy-import' && found.label === heavy);
        sum.add({
          hazard: {
            kind: 'heavy-import',
            label: heavy,
            range: entry.range,
            multiplicity: ONCE,
            ...(own?.stays ? { stays: own.stays } : {}),
            ...(own?.annotationsOnly ? { annotationsOnly: true } : {}),
          },
          path: module.path,
          multiplicity: ONCE,
          via,
          steps,
        });
      }
      continue;
    }
    const candidates: Array<[string, string]> = [[entry.module, entry.module]];
    for (const name of entry.names) if (name !== '*') candidates.push([[entry.module, name].filter(Boolean).join('.'), name]);
    for (const [dotted, shown] of candidates) {
      if (!dotted && entry.level === 0) continue;
      const imported = reach.module(module.path, dotted, entry.level);
      if (!imported || loaded.has(imported.path)) continue;
      const step = { path: module.path, range: entry.range, message: `imports ${'.'.repeat(entry.level)}${dotted || shown}` };
      if (
        !addModule(
          imported,
          [...via, `${'.'.repeat(entry.level)}${dotted}`],
          [step, ...steps],
          reach,
          sum,
          loaded,
          heavyLoaded,
          heavyModules,
        )
      )
        known = false;
    }
  }
  const body = reach.moduleBodyCost(module);
  if (body === 'unknown') return false;
  for (const found of body) {
    if (found.hazard.kind === 'heavy-import') continue; // counted from the imports above, once per package
    sum.add({ ...found, via: [...via, ...found.via], steps: [...found.steps, ...steps] });
  }
  return known;
}

/**
 * The modules one import loads, per name it imports: `import a.b` loads a and a.b; `from a.b import
 * c` loads a, a.b and a.b.c when c is a submodule.
 */
function loadedModules(statement: Node): Array<{ node: Node; name: string; modules: Array<[string, number]> }> {
  const result: Array<{ node: Node; name: string; modules: Array<[string, number]> }> = [];
  if (statement.type === 'import_statement') {
    for (const child of namedChildren(statement)) {
      const dotted = child.type === 'aliased_import' ? field(child, 'name') : child.type === 'dotted_name' ? child : null;
      if (!dotted) continue;
      const name = dotted.text.replace(/\s+/g, '');
      const parts = name.split('.');
      result.push({ node: dotted, name, modules: parts.map((_, index) => [parts.slice(0, index + 1).join('.'), 0]) });
    }
    return result;
  }
  const moduleNode = field(statement, 'module_name');
  if (!moduleNode) return result;
  const text = moduleNode.text.replace(/\s+/g, '');
  const level = /^\.*/.exec(text)?.[0].length ?? 0;
  const module = text.slice(level);
  const parts = module ? module.split('.') : [];
  const modules: Array<[string, number]> = parts.map((_, index) => [parts.slice(0, index + 1).join('.'), level]);
  if (level > 0 && parts.length === 0) modules.push(['', level]);
  for (const child of namedChildren(statement)) {
    if (child.id === moduleNode.id) continue;
    const name = child.type === 'aliased_import' ? field(child, 'name')?.text : child.type === 'dotted_name' ? child.text : null;
    if (name) modules.push([[module, name].filter(Boolean).join('.'), level]);
  }
  result.push({ node: moduleNode, name: text, modules });
  return result;
}

/** The DAG file as the resolver's starting point: imports resolve from its path. */
function selfSummary(source: SourceFile): ModuleSummary {
  return { path: source.path, imports: [] };
}
