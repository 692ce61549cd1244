// DG401: a blocking call inside a trigger's `async def run` (or any coroutine of a triggers module).
import { isConnectionLookup, isHookClass, isHookFactory } from '../../airflow/hooks';
import { CLIENT_FACTORIES, IO_CALLS, type ClientFactory, type IoKind } from '../../catalogue/ioCalls';
import { calleeName } from '../../airflow/names';
import { InstanceBindings } from '../../model/instances';
import { sessionClientFactory } from '../../cost/externalCalls';
import { addImportEdit } from '../../fixes/addImport';
import { dottedText, field, isAsyncFunction, lineNumber, unparenthesize, type Node } from '../../syntax/nodes';
import { joinSentences } from '../sentences';
import type { Fix, PythonRule, RuleContext } from '../rule';
import { ownEntry } from '../../ownEntry';

/** What to use instead, by the kind of blocking call (catalogue/ioCalls.ts). */
const ADVICE: Record<IoKind, string> = {
  sleep: 'use `await asyncio.sleep(...)`',
  network: "use an async HTTP client (aiohttp, httpx.AsyncClient) or the hook's async variant",
  database: 'use an async driver, or run it in a thread with `await asyncio.to_thread(...)`',
  subprocess: 'use `await asyncio.create_subprocess_exec(...)`',
};
/** Starting a process returns at once; waiting for it (`communicate`, `wait`) is what blocks. */
const NOT_BLOCKING = new Set(['subprocess.Popen']);
/** The file is a triggers module: `triggers.py` or a module of a `triggers/` package. */
const TRIGGERS_MODULE = /(^|[\\/])triggers([\\/]|\.py$)/i;

export const dg401: PythonRule = {
  code: 'DG401',
  name: 'blocking-call-in-trigger',
  defaultSeverity: 'error',
  needsDagFile: false,
  docs: {
    summary: "A blocking call inside a trigger's `async def run`.",
    whatItDoes:
      'Reports blocking calls made in the `async def run` of a class derived from Airflow\'s `BaseTrigger` (or in any `async def` of a triggers module, `triggers.py` or a `triggers/` package, that imports Airflow), and in the file\'s own synchronous functions and methods that it calls (`self._exists()`): `time.sleep`, network and database calls and processes as DG104 knows them (`requests.get/post/...`, `urllib.request.urlopen`, `psycopg2.connect`, `subprocess.run/call/check_output`, `os.system`, methods of a `boto3` client or a requests session, and the `ioCalls` setting), `BaseHook.get_connection` and method calls on a synchronous hook (a `...Hook` class without "Async" in its name) that are not awaited.',
    whyBad:
      'The triggerer runs every trigger of the deployment on one asyncio event loop. A blocking call stops the loop: no other trigger makes progress until it returns, deferred tasks resume late or time out, and the triggerer logs "Triggerer\'s async thread was blocked".',
    example: [
      'import os',
      'import time',
      '',
      'from airflow.triggers.base import BaseTrigger, TriggerEvent',
      '',
      '',
      'class FileReadyTrigger(BaseTrigger):',
      '    async def run(self):',
      '        while not os.path.exists(self.path):',
      '            time.sleep(30)',
      '        yield TriggerEvent(self.path)',
    ].join('\n'),
    useInstead: [
      'import asyncio',
      'import os',
      '',
      'from airflow.triggers.base import BaseTrigger, TriggerEvent',
      '',
      '',
      'class FileReadyTrigger(BaseTrigger):',
      '    async def run(self):',
      '        while not os.path.exists(self.path):',
      '            await asyncio.sleep(30)',
      '        yield TriggerEvent(self.path)',
    ].join('\n'),
    fix: 'Replaces a `time.sleep(n)` statement with `await asyncio.sleep(n)` and adds `import asyncio` among the imports when it is missing. Not applied by fix-all: the new await point is also a point where the trigger can be cancelled and other triggers run.',
  },
  check(context: RuleContext) {
    const { source, imports, model } = context;
    // Scopes that run on the triggerer's event loop: the coroutines, and (as `null` for them, or
    // the line of the call for a helper) the file's own synchronous functions they call.
    const onLoop = new Map<number, number | null>();
    const triggersModule = TRIGGERS_MODULE.test(source.path) && imports.bindings.some((binding) => binding.qualified.startsWith('airflow'));
    for (const definition of source.nodes('function_definition')) {
      if (!isAsyncFunction(definition)) continue;
      const info = model.functionInfo(definition);
      const isTriggerRun = info?.name === 'run' && !!info.classInfo && model.isTriggerClass(info.classInfo);
      // A coroutine defined inside one that runs on the loop runs there too (document order: outer first).
      const insideLoop = !!info && onLoop.has(info.owner.id);
      if (isTriggerRun || triggersModule || insideLoop) onLoop.set(definition.id, null);
    }
    if (onLoop.size === 0) return;
    const instances = new InstanceBindings(source, model);
    const sites = context.calls.all.map((site) => ({ call: site.node, qualified: site.qualified, scope: model.scopeOf(site.node) }));
    addCalledHelpers(context, sites, onLoop);
    for (const { call, qualified, scope } of sites) {
      if (!onLoop.has(scope.id)) continue;
      if (call.parent?.type === 'await') continue;
      const advice = blockingAdvice(context, call, qualified, instances);
      if (!advice) continue;
      const calledAt = onLoop.get(scope.id);
      const where = calledAt
        ? `It runs in ${model.functionInfo(scope)?.name ?? 'a function'}(), called from the trigger at line ${calledAt}.`
        : '';
      context.report({
        node: call,
        message: `${describeCall(call)} blocks the triggerer's event loop.`,
        detail: joinSentences(where, `Every trigger on that triggerer stalls until it returns; ${advice}`),
        fix: calledAt === null && qualified === 'time.sleep' ? asyncSleepFix(context, call) : null,
      });
    }
  },
};

/**
 * The file's own synchronous functions called (not handed to a thread) from code on the loop run
 * on the loop too: `self._exists()` from `run`. Followed transitively; each remembers the line of
 * its first call.
 */
function addCalledHelpers(context: RuleContext, calls: Array<{ call: Node; scope: Node }>, onLoop: Map<number, number | null>): void {
  let changed = true;
  for (let round = 0; changed && round < 8; round++) {
    changed = false;
    for (const { call, scope } of calls) {
      if (!onLoop.has(scope.id)) continue;
      const callee = context.model.resolveCallee(call);
      if (!callee || isAsyncFunction(callee.node) || onLoop.has(callee.node.id)) continue;
      onLoop.set(callee.node.id, onLoop.get(scope.id) ?? lineNumber(call));
      changed = true;
    }
  }
}

/** `time.sleep(5)`, or `requests.get(...)` when the arguments are long. */
function describeCall(call: Node): string {
  const text = call.text.replace(/\s+/g, ' ');
  if (text.length <= 40) return `\`${text}\``;
  const callee = field(call, 'function')?.text.replace(/\s+/g, '') ?? 'call';
  // A long chain keeps its last step (the call underlined says the rest): the message stays short.
  const shown = callee.length <= 40 ? callee : `…${callee.slice(callee.lastIndexOf('.'))}`;
  return `\`${shown}(...)\``;
}

/** What to use instead, when `call` blocks; null for a call that does not (or that we cannot tell). */
function blockingAdvice(context: RuleContext, call: Node, qualified: string | null, instances: InstanceBindings): string | null {
  if (qualified && !NOT_BLOCKING.has(qualified)) {
    const kind = ownEntry(IO_CALLS, qualified) ?? ownEntry(context.settings.ioCalls, qualified);
    if (kind) return ADVICE[kind];
    if (isConnectionLookup(qualified))
      return 'read the connection before deferring, or use `await sync_to_async(...)`/`asyncio.to_thread(...)`';
  }
  const fn = unparenthesize(field(call, 'function'));
  if (fn?.type !== 'attribute') return null;
  // A method of a client a catalogued factory made (`s3 = boto3.client("s3")`, `s3.get_object(...)`).
  const method = field(fn, 'attribute')?.text ?? '';
  const client = instances.creatorOf(field(fn, 'object'), (candidate) => !!clientFactoryOf(context, candidate, instances));
  const factory = client ? clientFactoryOf(context, client, instances) : undefined;
  if (factory && !factory.quietMethods.includes(method)) return ADVICE[factory.kind];
  // A method of a synchronous hook: `HttpHook(...).run(...)`, `hook.run(...)` with `hook =
  // HttpHook(...)`, `BaseHook.get_hook("x").run(...)`. Hooks with "Async" in their name are async.
  const creator = instances.creatorOf(field(fn, 'object'), (candidate) => isSyncHookCreator(context, candidate));
  if (!creator || !isSyncHookCreator(context, creator)) return null;
  return "use the hook's async variant, or run it in a thread with `await asyncio.to_thread(...)`";
}

/** `boto3.client("s3")`, or a boto3 session's `client("s3")` (the same client). */
function clientFactoryOf(context: RuleContext, call: Node, instances: InstanceBindings): ClientFactory | undefined {
  const callee = sessionClientFactory(call, context.imports, instances) ?? calleeName(call, context.imports);
  return callee ? ownEntry(CLIENT_FACTORIES, callee) : undefined;
}

function isSyncHookCreator(context: RuleContext, call: Node): boolean {
  const callee = calleeName(call, context.imports) ?? dottedText(field(call, 'function'));
  if (!callee) return false;
  if (isHookFactory(callee)) return true;
  return isHookClass(callee) && !/async/i.test(callee.split('.').pop()!);
}

/**
 * `time.sleep(n)` as a statement of the coroutine -> `await asyncio.sleep(n)` (as a statement it is
 * never inside a comprehension or a lambda), importing asyncio when needed.
 */
function asyncSleepFix(context: RuleContext, call: Node): Fix | null {
  const { source, imports, bindings } = context;
  if (call.parent?.type !== 'expression_statement') return null;
  const args = field(call, 'arguments');
  if (!args) return null;
  const alias = imports.bindings.find((binding) => binding.qualified === 'asyncio')?.local;
  if (!alias && (imports.binding('asyncio') || bindings.valueOf('asyncio'))) return null;
  const name = alias ?? 'asyncio';
  const edits = [{ range: source.rangeOf(call), newText: `await ${name}.sleep${source.textOf(args)}` }];
  if (!alias) edits.push(addImportEdit(source, 'import asyncio', 'asyncio'));
  return { title: `Use await ${name}.sleep(...)`, safe: false, edits };
}
