// The calls of a DAG file that reach outside the DAG processor when the file is parsed: Variable
// reads, connection lookups, hook methods, and the I/O catalogue (network, databases, processes,
// sleeping). DG103, DG104 and the parse-cost summary all read this one list, so a rule's finding
// and the summary's count never disagree. Computed once per parse-time model.
import { MemoKey } from '../memo';
import { calleeName, VARIABLE_GET } from '../airflow/names';
import { isConnectionLookup, isHookClass, isHookFactory } from '../airflow/hooks';
import { CLIENT_FACTORIES, IO_CALLS, SESSION_FACTORIES, type IoKind } from '../catalogue/ioCalls';
import type { ImportMap } from '../model/imports';
import { InstanceBindings } from '../model/instances';
import type { Multiplicity } from '../model/multiplicity';
import type { ParseTimeModel } from '../model/parseTime';
import type { Settings } from '../settings/schema';
import { dottedText, field, unparenthesize, type Node } from '../syntax/nodes';
import { runToEnd } from '../steps';

export type ExternalKind = 'variable' | 'connection' | 'hook' | IoKind;

export interface ExternalCall {
  call: Node;
  kind: ExternalKind;
  /** How the call reads in a message: "requests.get()", "hook.get_records() on a PostgresHook". */
  label: string;
  multiplicity: Multiplicity;
}

const cache = new MemoKey<{ ioCalls: Settings['ioCalls']; calls: ExternalCall[] }>('external calls');

/**
 * Calls looked at between two pauses of the steps below (about 1 ms on a 5,000-line file): the
 * language server runs them a slice at a time, so that requests are answered in between.
 */
const EXTERNAL_CALLS_PER_STEP = 100;

/** Every external call that runs at parse time, in document order. */
export function parseTimeExternalCalls(model: ParseTimeModel, settings: Pick<Settings, 'ioCalls'>): ExternalCall[] {
  return runToEnd(parseTimeExternalCallsSteps(model, settings));
}

/** `parseTimeExternalCalls` in steps (core/steps.ts), sharing its cache. */
export function* parseTimeExternalCallsSteps(model: ParseTimeModel, settings: Pick<Settings, 'ioCalls'>): Generator<void, ExternalCall[]> {
  const cached = cache.get(model);
  if (cached && cached.ioCalls === settings.ioCalls) return cached.calls;
  const calls: ExternalCall[] = [];
  // Only the calls that run at parse time are classified: most of a DAG file's calls are in task
  // callables, and classifying a method call traces its object through the file's assignments.
  const found = yield* externalCallsSteps(model, settings, (call) => model.phaseOf(call) === 'parse');
  for (const { call, kind, label } of found) {
    calls.push({ call, kind, label, multiplicity: model.multiplicityOf(call) });
  }
  cache.set(model, { ioCalls: settings.ioCalls, calls });
  return calls;
}

/**
 * Every external call of the file whenever it runs (or among the calls `wanted` accepts), in
 * document order: the module summaries (core/project/summarize.ts) need the ones in functions that
 * only other files call.
 */
export function externalCallsOf(
  model: ParseTimeModel,
  settings: Pick<Settings, 'ioCalls'>,
  wanted: (call: Node) => boolean = () => true,
): Array<{ call: Node; kind: ExternalKind; label: string }> {
  return runToEnd(externalCallsSteps(model, settings, wanted));
}

/** `externalCallsOf` in steps: pauses every EXTERNAL_CALLS_PER_STEP calls. */
export function* externalCallsSteps(
  model: ParseTimeModel,
  settings: Pick<Settings, 'ioCalls'>,
  wanted: (call: Node) => boolean = () => true,
): Generator<void, Array<{ call: Node; kind: ExternalKind; label: string }>> {
  const scan = new CallScan(model, settings.ioCalls);
  const calls: Array<{ call: Node; kind: ExternalKind; label: string }> = [];
  const all = model.source.nodes('call');
  for (let index = 0; index < all.length; index++) {
    if (index % EXTERNAL_CALLS_PER_STEP === EXTERNAL_CALLS_PER_STEP - 1) yield;
    const call = all[index];
    if (!wanted(call)) continue;
    const found = scan.classify(call);
    if (found) calls.push({ call, ...found });
  }
  return calls;
}

/**
 * What one scan of a file's calls shares: the bindings of the names the file assigns (built on
 * the first method call that needs them) and, per call that creates an object, whether it creates
 * a hook or a client (a file asks that of the same `hook = S3Hook(...)` for each of its methods).
 */
class CallScan {
  private bindings?: InstanceBindings;
  private readonly creators = new Map<number, boolean>();

  constructor(
    private readonly model: ParseTimeModel,
    private readonly extra: Settings['ioCalls'],
  ) {}

  private get instances(): InstanceBindings {
    return (this.bindings ??= new InstanceBindings(this.model.source, this.model));
  }

  private isCreatorCall(call: Node): boolean {
    let known = this.creators.get(call.id);
    if (known === undefined) this.creators.set(call.id, (known = isCreator(creatorNameOf(call, this.model.imports, this.instances))));
    return known;
  }

  classify(call: Node): { kind: ExternalKind; label: string } | null {
    const { imports } = this.model;
    const extra = this.extra;
    const { text, qualified: name } = imports.callee(call);
    if (name) {
      if (VARIABLE_GET.has(name)) return { kind: 'variable', label: 'Variable.get()' };
      if (isConnectionLookup(name)) return { kind: 'connection', label: `${shortName(name, 2)}()` };
      const io = (Object.hasOwn(extra, name) ? extra[name] : undefined) ?? (Object.hasOwn(IO_CALLS, name) ? IO_CALLS[name] : undefined);
      if (io) return { kind: io, label: `${dottedText(field(call, 'function')) ?? name}()` };
    }
    // A method of an object the file created: `S3Hook(...).list_keys()`, `hook.get_conn()`. A
    // callee that is one plain name (`print`, `BashOperator`) is no method.
    if (text !== null && !text.includes('.')) return null;
    const fn = unparenthesize(field(call, 'function'));
    if (fn?.type !== 'attribute') return null;
    const method = field(fn, 'attribute')?.text;
    const object = unparenthesize(field(fn, 'object'));
    if (!method || !object) return null;
    const instances = this.instances;
    const creator = instances.creatorOf(object, (candidate) => this.isCreatorCall(candidate));
    if (!creator) return null;
    const creatorName = creatorNameOf(creator, imports, instances);
    if (!creatorName) return null;
    const viaName = object.type === 'identifier';
    if (isHookClass(creatorName) || isHookFactory(creatorName)) {
      const hook = isHookClass(creatorName) ? shortName(creatorName, 1) : 'hook';
      return { kind: 'hook', label: viaName ? `${object.text}.${method}() on ${article(hook)} ${hook}` : `${hook}.${method}()` };
    }
    const factory = Object.hasOwn(CLIENT_FACTORIES, creatorName) ? CLIENT_FACTORIES[creatorName] : undefined;
    if (factory && !factory.quietMethods.includes(method)) {
      return { kind: factory.kind, label: viaName ? `${object.text}.${method}() on ${factory.noun}` : `${method}() on ${factory.noun}` };
    }
    return null;
  }
}

function creatorNameOf(call: Node, imports: ImportMap, instances: InstanceBindings): string | null {
  return sessionClientFactory(call, imports, instances) ?? calleeName(call, imports) ?? dottedText(field(call, 'function'));
}

/**
 * The catalogued client factory a session's method call stands for: `boto3.Session(...).client("s3")`,
 * or `session.client("s3")` with `session = boto3.Session(...)`, is `boto3.client` (SESSION_FACTORIES).
 */
export function sessionClientFactory(call: Node, imports: ImportMap, instances: InstanceBindings): string | null {
  const fn = unparenthesize(field(call, 'function'));
  const method = fn?.type === 'attribute' ? field(fn, 'attribute')?.text : undefined;
  if (!fn || !method) return null;
  const isSession = (candidate: Node) => {
    const name = calleeName(candidate, imports);
    return !!name && Object.hasOwn(SESSION_FACTORIES, name) && Object.hasOwn(SESSION_FACTORIES[name], method);
  };
  const session = instances.creatorOf(field(fn, 'object'), isSession);
  return session && isSession(session) ? SESSION_FACTORIES[calleeName(session, imports)!][method] : null;
}

/** A call whose result is an object with I/O methods: a hook or a client. */
function isCreator(name: string | null): boolean {
  return !!name && (isHookClass(name) || isHookFactory(name) || Object.hasOwn(CLIENT_FACTORIES, name));
}

function shortName(qualified: string, parts: number): string {
  return qualified.split('.').slice(-parts).join('.');
}

function article(word: string): string {
  return /^[AEIOU]/.test(word) ? 'an' : 'a';
}
