// DG402: a sensor in the default poke mode that will wait long, holding a worker slot.
import { definitionCall, definitionOf, dictionaryEntries } from '../../airflow/definitions';
import { inherits } from '../../airflow/operators';
import type { ClassInfo, FunctionInfo } from '../../model/parseTime';
import { setKeywordArgumentEdits } from '../../fixes/keywordArgument';
import { describeSeconds, secondsOf } from '../../model/durations';
import { callArguments, decoratorsOf, decoratorExpression, field, namedChildren, stringValue, unparenthesize, type Node } from '../../syntax/nodes';
import type { Fix, PythonRule, RuleContext } from '../rule';

export const dg402: PythonRule = {
  code: 'DG402',
  name: 'sensor-holds-worker-slot',
  defaultSeverity: 'information',
  needsDagFile: true,
  docs: {
    summary: 'A sensor in poke mode that waits long and holds a worker slot all the while.',
    whatItDoes:
      'Reports sensors (known Airflow sensors, any `...Sensor` imported from Airflow, and the file\'s own subclasses of them that do not set their mode themselves) left in the default `mode="poke"` whose `poke_interval` is 60 seconds or more or whose `timeout` is over an hour (both thresholds are settings), read from the sensor\'s arguments or the DAG\'s `default_args`: numbers, arithmetic, `timedelta(...)` and module constants. A sensor with `mode="reschedule"` or `deferrable=True` is not reported, nor one whose mode, DAG or `default_args` the file does not show. A deployment that sets `[operators] default_deferrable = True` makes deferrable sensors defer without the argument; the file cannot show that, so turn the rule off there (`severity = { DG402 = "off" }`).',
    whyBad:
      'In poke mode a sensor keeps its worker slot (and a pool slot) for its whole wait, sleeping between pokes. A few sensors waiting hours for a file can fill a worker\'s slots and starve the tasks that do work. `mode="reschedule"` frees the slot between pokes; `deferrable=True` hands the wait to the triggerer and uses no worker at all.',
    example: [
      'S3KeySensor(',
      '    task_id="wait_for_export",',
      '    bucket_key="s3://exports/{{ ds }}/done",',
      '    poke_interval=300,',
      '    timeout=6 * 60 * 60,',
      ')',
    ].join('\n'),
    useInstead: [
      'S3KeySensor(',
      '    task_id="wait_for_export",',
      '    bucket_key="s3://exports/{{ ds }}/done",',
      '    poke_interval=300,',
      '    timeout=6 * 60 * 60,',
      '    deferrable=True,  # or mode="reschedule"',
      ')',
    ].join('\n'),
    fix: 'Adds `mode="reschedule"` (or changes `mode="poke"`), following the call\'s layout; for sensors that have a deferrable form, a second action sets `deferrable=True`. Neither is applied by fix-all: a rescheduled or deferred sensor behaves differently (each poke is a new try, a deferred one needs a running triggerer).',
  },
  check(context: RuleContext) {
    const { calls, imports, bindings, model, settings } = context;
    for (const { node: call, qualified } of calls.all) {
      const found = sensorOf(context, call, qualified);
      if (!found) continue;
      const { name, deferrable: hasDeferrableForm } = found;
      if (model.phaseOf(call) !== 'parse') continue;
      const settingsOf = sensorSettings(context, call);
      if (!settingsOf) continue;
      const mode = settingsOf('mode');
      if (mode !== undefined && stringValue(bindings.resolveValue(unparenthesize(mode))) !== 'poke') continue;
      const deferrable = settingsOf('deferrable');
      if (deferrable !== undefined && unparenthesize(deferrable)?.type !== 'false') continue;
      const pokeNode = settingsOf('poke_interval');
      const timeoutNode = settingsOf('timeout');
      const poke = pokeNode ? secondsOf(pokeNode, imports, bindings) : null;
      const timeout = timeoutNode ? secondsOf(timeoutNode, imports, bindings) : null;
      const reasons: string[] = [];
      if (poke !== null && poke >= settings.sensorPokeIntervalThreshold) reasons.push(`poke_interval ${describeSeconds(poke)}`);
      if (timeout !== null && timeout > settings.sensorTimeoutThreshold) reasons.push(`timeout ${describeSeconds(timeout)}`);
      if (reasons.length === 0) continue;
      const fixes = sensorFixes(context, call, hasDeferrableForm);
      context.report({
        node: field(call, 'function') ?? call,
        message: `${name} waits in poke mode (${reasons.join(', ')}) and holds a worker slot for its whole wait; use mode="reschedule"${hasDeferrableForm ? ' or deferrable=True' : ''}.`,
        fix: fixes[0] ?? null,
        alternatives: fixes.slice(1),
      });
    }
  },
};

/**
 * The sensor a call constructs: an Airflow sensor (known to operators.ts, or any `...Sensor`
 * imported from Airflow), or the file's own subclass of one, unless that class sets its mode or
 * defers itself (`mode=...`, `deferrable`, `self.defer(...)`, `@poke_mode_only`): then the
 * arguments do not tell.
 */
function sensorOf(context: RuleContext, call: Node, qualified: string | null): { name: string; deferrable: boolean } | null {
  const definition = definitionOf(qualified);
  if (definition?.kind === 'operator') {
    const sensor = definition.knownOperator ? inherits(definition.knownOperator, 'sensor') : undefined;
    return sensor || definition.name.endsWith('Sensor') ? { name: definition.name, deferrable: !!sensor?.deferrable } : null;
  }
  if (definition) return null;
  const classInfo = context.model.classOfCall(call);
  if (!classInfo || !context.model.derivesFromAirflow(classInfo, (name) => /Sensor(Operator)?$/.test(name))) return null;
  for (let current: ClassInfo | null = classInfo, depth = 0; current && depth < 8; depth++) {
    if (/\b(mode|deferrable|defer|poke_mode_only)\b/.test(current.node.text)) return null;
    const base: Node | undefined = current.bases.find((node) => node.type === 'identifier');
    const local: FunctionInfo | ClassInfo | null = base ? context.model.lookup(base.text, current.owner) : null;
    current = local && !('isTask' in local) && local.node.id !== current.node.id ? local : null;
  }
  return { name: classInfo.name, deferrable: false };
}

/**
 * How to read a setting of the sensor: its own keyword, else its `default_args`, else the DAG's
 * `default_args`. Null when the file does not show them all (`**kwargs`, an unknown dictionary).
 */
function sensorSettings(context: RuleContext, call: Node): ((name: string) => Node | undefined) | null {
  const args = callArguments(call);
  if (args.hasSplat) return null;
  const layers: Array<Map<string, Node>> = [args.keywords];
  const own = args.keywords.get('default_args');
  if (own) {
    const entries = entriesOf(context, own);
    if (!entries) return null;
    layers.push(entries);
  }
  const dagCall = enclosingDagCall(context, call);
  if (dagCall === undefined) return null;
  if (dagCall) {
    const dagArgs = callArguments(dagCall);
    if (dagArgs.hasSplat) return null;
    const dagDefaults = dagArgs.keywords.get('default_args');
    if (dagDefaults) {
      const entries = entriesOf(context, dagDefaults);
      if (!entries) return null;
      layers.push(entries);
    }
  }
  return (name) => layers.find((layer) => layer.has(name))?.get(name);
}

function entriesOf(context: RuleContext, node: Node): Map<string, Node> | null {
  const entries = dictionaryEntries(context.bindings.resolveValue(unparenthesize(node)));
  return entries ? new Map(entries.map((entry) => [entry.key, entry.value])) : null;
}

/**
 * The DAG call the sensor belongs to: `dag=` a module-level `DAG(...)`, the `with DAG(...)` block
 * around it, or the `@dag(...)` function it is defined in. null: no DAG (its own defaults apply);
 * undefined: a DAG the file does not show.
 */
function enclosingDagCall(context: RuleContext, call: Node): Node | null | undefined {
  const isDag = (node: Node | null): node is Node => !!node && node.type === 'call' && definitionCall(node, context.imports)?.kind === 'dag';
  const explicit = callArguments(call).keywords.get('dag');
  if (explicit) {
    const value = context.bindings.resolveValue(unparenthesize(explicit));
    return isDag(value) ? value : undefined;
  }
  for (let node = call.parent; node; node = node.parent) {
    if (node.type === 'with_statement') {
      const items = namedChildren(node).filter((child) => child.type === 'with_clause').flatMap((clause) => namedChildren(clause));
      for (const item of items) {
        const value = unparenthesize(field(item, 'value'));
        const dag = value?.type === 'as_pattern' ? unparenthesize(namedChildren(value)[0] ?? null) : value;
        if (isDag(dag)) return dag;
      }
    }
    if (node.type === 'function_definition') {
      for (const decorator of decoratorsOf(node)) {
        const expression = unparenthesize(decoratorExpression(decorator));
        if (isDag(expression)) return expression;
      }
    }
  }
  // A sensor outside any DAG context: a factory that receives the DAG, or a file that is not a
  // DAG; its DAG's defaults are unknown.
  return undefined;
}

function sensorFixes(context: RuleContext, call: Node, deferrable: boolean): Fix[] {
  const fixes: Fix[] = [];
  const reschedule = setKeywordArgumentEdits(context.source, call, 'mode', '"reschedule"');
  if (reschedule) fixes.push({ title: 'Set mode="reschedule" (free the worker slot between pokes)', safe: false, edits: reschedule });
  if (deferrable) {
    const deferred = setKeywordArgumentEdits(context.source, call, 'deferrable', 'True');
    if (deferred) fixes.push({ title: 'Set deferrable=True (wait in the triggerer)', safe: false, edits: deferred });
  }
  return fixes;
}
