// Summarises one project module (see modules.ts): its imports, what its module body runs when it is
// imported, and what each of its module-level functions and classes runs when called. Everything is
// read through the same parse-time model, external-call list and heavy-import list as a DAG file's
// own analysis; only the question differs (what runs per run of a body, not per parse of this file).
import { externalCallsSteps } from '../cost/externalCalls';
import { buildFileModel, type FileModel } from '../model/fileModel';
import { dagDecoratorOf } from '../airflow/dags';
import { helperDefaultArgs } from './helperDefaultArgs';
import { definitionOf, dictionaryEntries } from '../airflow/definitions';
import { secondsOf } from '../model/durations';
import { RuntimeValues } from '../model/runtimeValues';
import { isSuppressed, noqaComments } from '../suppression';
import { moduleLevelHeavyImports } from '../model/heavyImports';
import { whereUsed } from '../model/nameUses';
import type { ImportMap } from '../model/imports';
import type { ClassInfo, FunctionInfo, ParseTimeModel } from '../model/parseTime';
import type { SourceFile } from '../model/source';
import { callArguments, field, namedChildren, parentOf, stringValue, unparenthesize, type Node } from '../syntax/nodes';
import { runToEnd } from '../steps';
import type {
  CallTarget,
  ClassSummary,
  ExternalConstruction,
  FunctionSummary,
  Hazard,
  ModuleImport,
  ModuleSummary,
  ParameterPass,
  RuntimeArgument,
  SummaryCall,
} from './modules';

/**
 * Summaries depend on the module's text alone (they are cached by content): the I/O catalogue
 * without the `ioCalls` setting, the heavy-module catalogue without `heavyModules` (the analysis
 * adds that setting's modules from the summary's imports).
 */
/** The rule that reports each kind of hazard, for `# noqa` in the helper. */
const HAZARD_CODES: Record<Hazard['kind'], string> = {
  variable: 'DG101',
  connection: 'DG102',
  hook: 'DG103',
  network: 'DG104',
  database: 'DG104',
  subprocess: 'DG104',
  sleep: 'DG104',
  'heavy-import': 'DG105',
};

const CATALOGUE_ONLY = Object.freeze({ ioCalls: Object.freeze({}) as Record<string, never> });

/** `fileModel`: the model an analysis already built of the same source (a DAG file's own summary). */
export function summarizeModule(source: SourceFile, fileModel?: FileModel): ModuleSummary {
  return runToEnd(summarizeModuleSteps(source, fileModel));
}

/** Functions or calls summarised between two pauses of `summarizeModuleSteps` (about 1,000 field reads). */
const CALLS_PER_STEP = 50;

/**
 * `summarizeModule` in steps: a DAG file's own summary, which the analysis builds before its
 * rules when the file calls its own factories (project/dagFileReach.ts ownSummarySteps), took
 * 100 ms as one step on a 5,000-line file. Pauses after each part and every CALLS_PER_STEP calls.
 */
export function* summarizeModuleSteps(source: SourceFile, fileModel?: FileModel): Generator<void, ModuleSummary> {
  const { imports, bindings, calls, model } = fileModel ?? buildFileModel(source);
  const functions: Record<string, FunctionSummary> = {};
  const classes: Record<string, ClassSummary> = {};
  const bodies = new Map<number, FunctionSummary>();
  const root = source.root;

  // Module-level definitions only (the last of a name wins, as in Python); nested ones are not followed.
  const classByNode = new Map<number, ClassSummary>();
  for (const info of model.classes) {
    if (info.owner.id !== root.id) continue;
    const summary = classSummary(info, source, imports, model);
    classes[info.name] = summary;
    classByNode.set(info.node.id, summary);
  }
  for (const [index, info] of model.functions.entries()) {
    if (index % CALLS_PER_STEP === CALLS_PER_STEP - 1) yield;
    const summary = functionSummary(info, source, model);
    const owner = info.classInfo ? classByNode.get(info.classInfo.node.id) : null;
    if (owner) owner.methods[info.name] = summary;
    else if (!info.classInfo && info.owner.id === root.id) functions[info.name] = summary;
    else continue;
    bodies.set(info.node.id, summary);
  }

  yield;
  const values = new RuntimeValues(source, imports, bindings, model, calls);
  const moduleHazards: Hazard[] = [];
  const moduleCalls: SummaryCall[] = [];
  const bodyOf = (
    node: Node,
  ): { hazards: Hazard[]; calls: SummaryCall[]; constructions: ExternalConstruction[] | null; fn: FunctionInfo | null } | null => {
    if (model.neverRuns(node)) return null;
    const scope = model.scopeOf(node);
    if (scope.id === root.id) return { hazards: moduleHazards, calls: moduleCalls, constructions: null, fn: null };
    const body = bodies.get(scope.id);
    return body ? { ...body, fn: model.functionInfo(scope) ?? null } : null;
  };

  const noqa = noqaComments(source);
  const accepted = (kind: Hazard['kind'], node: Node) => {
    const range = source.rangeOf(node);
    return noqa.size > 0 && isSuppressed(noqa, HAZARD_CODES[kind], range.start.line, range.end.line);
  };
  for (const found of yield* externalCallsSteps(model, CATALOGUE_ONLY)) {
    const body = bodyOf(found.call);
    if (body && !accepted(found.kind, found.call))
      body.hazards.push({
        kind: found.kind,
        label: found.label,
        range: source.rangeOf(found.call),
        multiplicity: model.localMultiplicityOf(found.call),
      });
  }
  yield;
  for (const heavy of moduleLevelHeavyImports(source, model, [])) {
    if (accepted('heavy-import', heavy.statement)) continue;
    // What DG105 would say of the import in this module: the remedy a DAG file's finding gives.
    const uses = whereUsed(heavy, { source, model });
    moduleHazards.push({
      kind: 'heavy-import',
      label: heavy.package,
      range: source.rangeOf(heavy.nameNode),
      multiplicity: model.localMultiplicityOf(heavy.statement),
      ...(uses.blockers.length > 0 ? { stays: uses.blockers } : {}),
      ...(uses.blockers.length === 0 && uses.functions.length === 0 && uses.annotations.length > 0 ? { annotationsOnly: true } : {}),
    });
  }
  // The module's `@dag` functions, nested ones included: a call of one builds a DAG.
  const dagFunctions = new Map<number, string>();
  for (const info of model.functions) {
    const decorator = dagDecoratorOf(info, model);
    if (decorator) dagFunctions.set(info.node.id, decorator);
  }
  yield;
  for (const [index, call] of calls.all.entries()) {
    if (index % CALLS_PER_STEP === CALLS_PER_STEP - 1) yield;
    const body = bodyOf(call.node);
    if (!body) continue;
    const parameters = body.fn ? parameterNames(body.fn.node) : null;
    if (dagFunctions.size > 0 && body.constructions) {
      // A nested `@dag` function is not summarised: its call is the DAG the function builds.
      // (A module-level one, or a method, is a call the analysis follows, to its `dagDecorator`.)
      const callee = model.resolveCallee(call.node);
      const decorator = callee && callee.owner.type !== 'module' && !callee.classInfo ? dagFunctions.get(callee.node.id) : undefined;
      if (decorator) {
        body.constructions.push({
          qualified: decorator,
          range: source.rangeOf(call.node),
          multiplicity: model.localMultiplicityOf(call.node),
          passes: [],
          literals: {},
        });
        continue;
      }
    }
    if (call.qualified?.startsWith('airflow.')) {
      // DAG(...), an operator, a sensor: kept when a function builds it, for flows and built operators.
      const built =
        body.constructions &&
        construction(call.node, call.qualified, source, model, parameters, (node) => secondsOf(node, imports, bindings));
      if (built) {
        const runtime = runtimeArguments(call.node, call.qualified, source, values, model, body.fn);
        if (runtime.length > 0) built.runtimeArguments = runtime;
      }
      // Every DAG a function builds is kept (the DAGs a factory builds are counted); other calls
      // when something of them is known.
      const isDag = definitionOf(call.qualified)?.kind === 'dag';
      if (built && (isDag || built.passes.length > 0 || Object.keys(built.literals).length > 0 || built.runtimeArguments))
        body.constructions!.push(built);
      continue;
    }
    const target = targetOf(call.node, call.text, imports, model, body.fn);
    if (!target) continue;
    const fn = unparenthesize(field(call.node, 'function'));
    body.calls.push({
      target,
      range: source.rangeOf(call.node),
      text: fn ? source.textOf(fn).replace(/\s+/g, '') : '',
      multiplicity: model.localMultiplicityOf(call.node),
      passes: parameters ? passesOf(call.node, parameters) : [],
      keywords: [...callArguments(call.node).keywords.keys()],
      splats: namedChildren(field(call.node, 'arguments')).filter((arg) => arg.type === 'dictionary_splat').length,
    });
  }
  yield;
  const moduleImports = importsOf(source, model);
  for (const entry of moduleImports)
    if (entry.range && noqa.size > 0 && isSuppressed(noqa, 'DG105', entry.range.start.line, entry.range.end.line)) entry.noqa = true;
  return { path: source.path, imports: moduleImports, moduleHazards, moduleCalls, functions, classes };
}

function functionSummary(info: FunctionInfo, source: SourceFile, model: ParseTimeModel): FunctionSummary {
  const names = parameterNames(info.node);
  const dagDecorator = dagDecoratorOf(info, model);
  return {
    ...(dagDecorator ? { dagDecorator } : {}),
    name: info.name,
    range: source.rangeOf(field(info.node, 'name') ?? info.node),
    parameters: names.positional.filter((name, index) => !(index === 0 && info.classInfo && (name === 'self' || name === 'cls'))),
    kwargsParameter: names.kwargs,
    ...(names.kwargs && kwargsTouched(info.node, names.kwargs) ? { kwargsTouched: true } : {}),
    isTask: info.isTask,
    hazards: [],
    calls: [],
    constructions: [],
  };
}

function classSummary(info: ClassInfo, source: SourceFile, imports: ImportMap, model: ParseTimeModel): ClassSummary {
  const bases: CallTarget[] = [];
  const qualifiedBases: string[] = [];
  for (const base of info.bases) {
    const qualified = imports.resolve(base);
    const local = base.type === 'identifier' ? model.lookup(base.text, info.owner) : null;
    if (local && !('isTask' in local)) bases.push({ kind: 'local', name: base.text });
    else if (qualified?.startsWith('airflow.')) qualifiedBases.push(qualified);
    else {
      const target = importTarget(source.textOf(base).replace(/\s+/g, ''), imports);
      if (target) bases.push(target);
      else if (qualified) qualifiedBases.push(qualified);
    }
  }
  return { name: info.name, range: source.rangeOf(field(info.node, 'name') ?? info.node), bases, qualifiedBases, methods: {} };
}

/** What a call names: a definition of this module, an imported name, a method through self or super(). */
function targetOf(call: Node, text: string | null, imports: ImportMap, model: ParseTimeModel, fn: FunctionInfo | null): CallTarget | null {
  const callee = unparenthesize(field(call, 'function'));
  if (!callee) return null;
  if (callee.type === 'attribute') {
    const object = unparenthesize(field(callee, 'object'));
    const method = field(callee, 'attribute')?.text;
    if (!object || !method) return null;
    if (object.type === 'call' && unparenthesize(field(object, 'function'))?.text === 'super')
      return fn?.classInfo ? { kind: 'super', name: method } : null;
    if (object.type === 'identifier' && (object.text === 'self' || object.text === 'cls'))
      return fn?.classInfo ? { kind: 'self', name: method } : null;
  }
  if (!text) return null;
  const head = text.split('.')[0];
  const local = model.lookup(head, model.scopeOf(call), call);
  if (local) {
    // Only module-level definitions are summarised; nested ones and methods of nested classes are not followed.
    if (local.owner.type !== 'module') return null;
    return { kind: 'local', name: text };
  }
  return importTarget(text, imports);
}

/** `read_var` from `from .vars import read_var`, `v.read_var` from `import common.vars as v`. */
export function importTarget(text: string, imports: ImportMap): CallTarget | null {
  const [head, ...rest] = text.split('.');
  const binding = imports.binding(head);
  if (!binding) return null;
  const dots = /^\.*/.exec(binding.qualified)?.[0].length ?? 0;
  if (binding.statement.type === 'import_from_statement') {
    const from = binding.module.slice(dots);
    const imported = binding.qualified.slice(binding.module.length).replace(/^\./, '');
    return { kind: 'import', module: from, level: dots, name: [imported, ...rest].join('.') };
  }
  if (rest.length === 0) return null; // calling a module
  return { kind: 'import', module: binding.qualified, level: 0, name: rest.join('.') };
}

function construction(
  call: Node,
  qualified: string,
  source: SourceFile,
  model: ParseTimeModel,
  parameters: Parameters | null,
  seconds: (node: Node) => number | null,
): ExternalConstruction {
  const literals: Record<string, string> = {};
  const durations: Record<string, number> = {};
  for (const [keyword, value] of callArguments(call).keywords) {
    const node = unparenthesize(value);
    if (node && LITERAL_TYPES.has(node.type)) literals[keyword] = source.textOf(node);
    if (node && DURATION_ARGUMENTS.has(keyword)) {
      const found = seconds(node);
      if (found !== null) durations[keyword] = found;
    }
  }
  const args = namedChildren(field(call, 'arguments'));
  const built: ExternalConstruction = {
    qualified,
    range: source.rangeOf(call),
    multiplicity: model.localMultiplicityOf(call),
    passes: parameters ? passesOf(call, parameters) : [],
    literals,
    keywords: [...callArguments(call).keywords.keys()],
    splats: args.filter((arg) => arg.type === 'dictionary_splat').length,
  };
  if (Object.keys(durations).length > 0) built.durations = durations;
  if (parentOf(call)?.type === 'decorator') built.decorator = true;
  return built;
}

/** The arguments of a DAG or operator call (and its default_args entries) that the clock, a uuid or random computes. */
function runtimeArguments(
  call: Node,
  qualified: string,
  source: SourceFile,
  values: RuntimeValues,
  model: ParseTimeModel,
  fn: FunctionInfo | null,
): RuntimeArgument[] {
  const definition = definitionOf(qualified);
  if (!definition) return [];
  const result: RuntimeArgument[] = [];
  const add = (name: string, value: Node, defaultArgs: boolean, helper?: Pick<RuntimeArgument, 'from' | 'unlessPassed'>) => {
    const sources = values.sourcesWheneverRun(value);
    if (sources.length === 0) return;
    result.push({
      name,
      ...(defaultArgs ? { defaultArgs } : {}),
      sources: sources.map(({ kind, display, qualified }) => ({ kind, display, qualified })),
      range: source.rangeOf(value),
      ...helper,
    });
  };
  const args = callArguments(call);
  const first = args.positional[0];
  if (first && !args.keywords.has('dag_id') && definition.kind === 'dag') add('dag_id', first, false);
  if (first && !args.keywords.has('group_id') && definition.kind === 'task_group') add('group_id', first, false);
  for (const [keyword, value] of args.keywords) {
    const entries = keyword === 'default_args' ? dictionaryEntries(value) : null;
    // `default_args=default_args` filled from a helper of the module (`get_default_args()`).
    const helper = keyword === 'default_args' && !entries && definition.kind === 'dag' ? helperDefaultArgs(value, model, fn) : null;
    if (entries) for (const entry of entries) add(entry.key, entry.value, true);
    else if (helper) {
      const from = { ...(helper.from ? { from: helper.from } : {}), ...(helper.unlessPassed ? { unlessPassed: helper.unlessPassed } : {}) };
      for (const entry of dictionaryEntries(helper.dict) ?? []) add(entry.key, entry.value, true, from);
    } else add(keyword, value, false);
  }
  return result;
}

const DURATION_ARGUMENTS = new Set(['timeout', 'poke_interval', 'execution_timeout']);

const LITERAL_TYPES = new Set(['string', 'integer', 'float', 'true', 'false', 'none', 'binary_operator', 'concatenated_string']);

interface Parameters {
  positional: string[];
  kwargs: string | null;
}

function parameterNames(definition: Node): Parameters {
  const positional: string[] = [];
  let kwargs: string | null = null;
  for (const parameter of namedChildren(field(definition, 'parameters'))) {
    switch (parameter.type) {
      case 'identifier':
        positional.push(parameter.text);
        break;
      case 'default_parameter':
      case 'typed_default_parameter': {
        const name = field(parameter, 'name');
        if (name?.type === 'identifier') positional.push(name.text);
        break;
      }
      case 'typed_parameter': {
        const name = namedChildren(parameter)[0];
        if (name?.type === 'identifier') positional.push(name.text);
        else if (name?.type === 'dictionary_splat_pattern') kwargs = namedChildren(name)[0]?.text ?? null;
        break;
      }
      case 'dictionary_splat_pattern':
        kwargs = namedChildren(parameter)[0]?.text ?? null;
        break;
    }
  }
  return { positional, kwargs };
}

/** Whether a function's body uses its `**kwargs` mapping other than as `**kwargs` in a call. */
function kwargsTouched(definition: Node, kwargs: string): boolean {
  const body = field(definition, 'body');
  if (!body?.text.includes(kwargs)) return false;
  const pending = [body];
  while (pending.length > 0) {
    const node = pending.pop()!;
    if (node.type === 'identifier') {
      if (node.text !== kwargs) continue;
      const parent = parentOf(node);
      if (parent?.type === 'keyword_argument' && field(parent, 'name')?.id === node.id) continue; // f(kwargs=...)
      if (parent?.type !== 'dictionary_splat') return true;
      continue;
    }
    pending.push(...namedChildren(node));
  }
  return false;
}

/** The caller's parameters that a call's arguments pass on as they are. */
function passesOf(call: Node, parameters: Parameters): ParameterPass[] {
  const names = new Set(parameters.positional);
  const passes: ParameterPass[] = [];
  const args = namedChildren(field(call, 'arguments'));
  let position = 0;
  for (const arg of args) {
    if (arg.type === 'keyword_argument') {
      const keyword = field(arg, 'name')?.text ?? null;
      const value = unparenthesize(field(arg, 'value'));
      if (!keyword || !value) continue;
      if (value.type === 'identifier' && names.has(value.text)) passes.push({ parameter: value.text, keyword, position: null });
      else if (value.type === 'dictionary') {
        for (const pair of namedChildren(value)) {
          const key = pair.type === 'pair' ? stringValue(field(pair, 'key')) : null;
          const item = unparenthesize(field(pair, 'value'));
          if (key !== null && item?.type === 'identifier' && names.has(item.text))
            passes.push({ parameter: item.text, keyword, position: null, dictKey: key });
        }
      }
    } else if (arg.type === 'dictionary_splat') {
      const name = namedChildren(arg)[0];
      if (name?.type === 'identifier' && name.text === parameters.kwargs) passes.push({ parameter: '**', keyword: null, position: null });
    } else if (arg.type === 'list_splat' || arg.type === 'comment') {
      if (arg.type === 'list_splat') position = Number.NaN; // positions after *args are unknown
    } else {
      const value = unparenthesize(arg);
      if (value?.type === 'identifier' && names.has(value.text) && Number.isFinite(position))
        passes.push({ parameter: value.text, keyword: null, position });
      position++;
    }
  }
  return passes;
}

function importsOf(source: SourceFile, model: ParseTimeModel): ModuleImport[] {
  const result: ModuleImport[] = [];
  for (const statement of source.nodes('import_statement')) {
    const atImport = model.scopeOf(statement).type === 'module' && !model.neverRuns(statement);
    for (const name of namedChildren(statement)) {
      const dotted = name.type === 'aliased_import' ? field(name, 'name') : name.type === 'dotted_name' ? name : null;
      if (dotted) result.push({ module: dotted.text.replace(/\s+/g, ''), level: 0, names: [], range: source.rangeOf(name), atImport });
    }
  }
  for (const statement of source.nodes('import_from_statement')) {
    const moduleNode = field(statement, 'module_name');
    if (!moduleNode) continue;
    const text = moduleNode.text.replace(/\s+/g, '');
    const dots = /^\.*/.exec(text)?.[0].length ?? 0;
    const names: string[] = [];
    for (const child of namedChildren(statement)) {
      if (child.id === moduleNode.id) continue;
      if (child.type === 'dotted_name') names.push(child.text);
      else if (child.type === 'aliased_import') {
        const name = field(child, 'name')?.text;
        if (name) names.push(name);
      } else if (child.type === 'wildcard_import') names.push('*');
    }
    const atImport = model.scopeOf(statement).type === 'module' && !model.neverRuns(statement);
    result.push({ module: text.slice(dots), level: dots, names, range: source.rangeOf(moduleNode), atImport });
  }
  return result.sort((a, b) => a.range!.start.line - b.range!.start.line || a.range!.start.character - b.range!.start.character);
}
