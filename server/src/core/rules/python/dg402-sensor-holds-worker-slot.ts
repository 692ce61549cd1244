// DG402: a sensor in the default poke mode that will wait long, holding a worker slot.
import { setArgumentEdits, pythonString } from '../../actions/argumentEdits';
import { definitionCall } from '../../airflow/definitions';
import { describeDeploymentValue } from '../../airflow/deployment';
import { inherits } from '../../airflow/operators';
import { joinSentences } from '../sentences';
import type { ArgumentSite } from '../../airflow/argumentSites';
import { describeSeconds, secondsOf } from '../../model/durations';
import type { ClassInfo, FunctionInfo } from '../../model/parseTime';
import { field, stringValue, unparenthesize, type Node } from '../../syntax/nodes';
import type { Fix, PythonRule, RuleContext } from '../rule';
import { builtOperators } from '../../project/builtOperators';
import { displayPath } from '../../project/findings';

export const dg402: PythonRule = {
  code: 'DG402',
  name: 'sensor-holds-worker-slot',
  defaultSeverity: 'information',
  needsDagFile: true,
  readsArgumentSites: true,
  docs: {
    acrossModules:
      'With the project\'s modules, also sensors that a helper builds when the DAG file calls it at parse time (`make_sensor(dag)` returning `S3KeySensor(mode="poke", timeout=6 * 60 * 60, ...)`), when the helper itself writes `mode="poke"` (a sensor without a mode could get one from the DAG\'s default_args) and states the long wait; reported at the DAG file\'s call, without a fix (the change belongs in the helper).',
    summary: 'A sensor in poke mode that waits long and holds a worker slot all the while.',
    whatItDoes:
      'Reports sensors (known Airflow sensors, any `...Sensor` imported from Airflow, and the file\'s own subclasses of them that do not set their mode themselves) left in the default `mode="poke"` whose `poke_interval` is 60 seconds or more or whose `timeout` is over an hour (both thresholds are settings), read from the sensor\'s arguments or the `default_args` it gets (its own, its task groups\', its DAG\'s): numbers, arithmetic, `timedelta(...)` and module constants. A sensor with `mode="reschedule"` or `deferrable=True` is not reported, nor one whose mode, DAG or `default_args` the file does not show. Sensors inside DAG factory functions count even when the file does not call the factory itself (another module or a loop over `globals()` may); not a sensor built while a task runs, nor under `if __name__ == "__main__":`. When the project\'s airflow.cfg (or an `AIRFLOW__OPERATORS__DEFAULT_DEFERRABLE` variable in .env, a compose file, Helm values or a Dockerfile) sets `[operators] default_deferrable = True`, sensors that take a `deferrable` argument defer without it: only sensors that cannot defer, or are given `deferrable=False`, are reported.',
    whyBad:
      'In poke mode a sensor keeps its worker slot (and a pool slot) for its whole wait, sleeping between pokes. A few sensors waiting hours for a file can fill a worker\'s slots and starve the tasks that do work. `mode="reschedule"` frees the slot between pokes; `deferrable=True` hands the wait to the triggerer and uses no worker at all.',
    example: [
      'from airflow import DAG',
      'from airflow.providers.amazon.aws.sensors.s3 import S3KeySensor',
      '',
      'with DAG("exports", schedule="@daily"):',
      '    S3KeySensor(',
      '        task_id="wait_for_export",',
      '        bucket_key="s3://exports/{{ ds }}/done",',
      '        poke_interval=300,',
      '        timeout=6 * 60 * 60,',
      '    )',
    ].join('\n'),
    useInstead: [
      'from airflow import DAG',
      'from airflow.providers.amazon.aws.sensors.s3 import S3KeySensor',
      '',
      'with DAG("exports", schedule="@daily"):',
      '    S3KeySensor(',
      '        task_id="wait_for_export",',
      '        bucket_key="s3://exports/{{ ds }}/done",',
      '        poke_interval=300,',
      '        timeout=6 * 60 * 60,',
      '        deferrable=True,  # or mode="reschedule"',
      '    )',
    ].join('\n'),
    fix: 'Adds `mode="reschedule"` (or changes `mode="poke"`), following the call\'s layout; for sensors that have a deferrable form, a second action sets `deferrable=True`. Neither is applied by fix-all: a rescheduled or deferred sensor behaves differently (each poke is a new try, a deferred one needs a running triggerer).',
  },
  check(context: RuleContext) {
    const { sites, imports, bindings, model, settings } = context;
    for (const site of sites.ofKind('task')) {
      const call = site.node;
      if (call.type !== 'call') continue;
      const found = sensorOf(context, call, site.operator);
      if (!found) continue;
      // Where the sensor is a task: built when the file is parsed, or in a function whose callers
      // are out of sight (a DAG factory another module calls), as DG205 sees it. Not a sensor built
      // while a task runs, nor under `if __name__ == "__main__":`.
      const phase = model.phaseOf(call);
      if (phase === 'run' || phase === 'never') continue;
      // Each setting as the sensor gets it: its own argument, else its default_args chain (own,
      // task groups', DAG's); 'unknown' when a step cannot be read.
      const read = (name: string): Node | null | 'unknown' => {
        const lookup = sites.lookup(site, name);
        return lookup === 'unknown' ? 'unknown' : lookup === 'absent' ? null : lookup.entry.value;
      };
      const mode = read('mode');
      if (mode === 'unknown' || (mode && stringValue(bindings.resolveValue(unparenthesize(mode))) !== 'poke')) continue;
      const deferrable = read('deferrable');
      if (deferrable === 'unknown' || (deferrable && unparenthesize(deferrable)?.type !== 'false')) continue;
      // `[operators] default_deferrable = True`: a sensor that can defer defers unless told not to;
      // one that may be able to (an Airflow sensor this table does not know) cannot be told apart.
      const deferByDefault = context.deployment.defaultDeferrable?.value === true ? context.deployment.defaultDeferrable : null;
      if (deferByDefault && !deferrable && found.deferrable !== false) continue;
      const secondsOfSetting = (name: string) => {
        const value = read(name);
        return value && value !== 'unknown' ? secondsOf(value, imports, bindings) : null;
      };
      const poke = secondsOfSetting('poke_interval');
      const timeout = secondsOfSetting('timeout');
      const reasons: string[] = [];
      if (poke !== null && poke >= settings.sensorPokeIntervalThreshold) reasons.push(`poke_interval ${describeSeconds(poke)}`);
      if (timeout !== null && timeout > settings.sensorTimeoutThreshold) reasons.push(`timeout ${describeSeconds(timeout)}`);
      if (reasons.length === 0) continue;
      const canDefer = found.deferrable === true;
      const fixes = sensorFixes(context, site, canDefer);
      const deployment =
        deferByDefault && !canDefer ? `It has no deferrable form, so ${describeDeploymentValue(deferByDefault)} does not apply to it.` : '';
      context.report({
        node: field(call, 'function') ?? call,
        message: `${found.name} waits in poke mode and holds a worker slot for its whole wait.`,
        detail: joinSentences(
          `It waits with ${reasons.join(' and ')}; use mode="reschedule"${canDefer ? ' or deferrable=True' : ''}`,
          deployment,
        ),
        fix: fixes[0] ?? null,
        alternatives: fixes.slice(1),
      });
    }
    if (context.project) checkBuiltSensors(context);
  },
};

/**
 * Sensors a project helper builds when the DAG file calls it at parse time (`make_sensor(dag)`):
 * reported at the DAG file's call when the helper itself says poke mode (a literal `mode="poke"`:
 * without it, the DAG's default_args could set the mode) and states a long wait.
 */
function checkBuiltSensors(context: RuleContext): void {
  const { settings } = context;
  for (const { call, built, path, via } of builtOperators(context)) {
    const name = built.qualified.slice(built.qualified.lastIndexOf('.') + 1);
    const sensor = inherits(name, 'sensor');
    if (!sensor && !name.endsWith('Sensor')) continue;
    if (!/^(['"])poke\1$/.test(built.literals.mode ?? '')) continue;
    // A deferrable argument the helper does not state may come from its caller (`**kwargs`).
    const deferrable = built.literals.deferrable;
    if (
      (deferrable !== undefined && deferrable !== 'False') ||
      built.passes.some((pass) => pass.keyword === 'deferrable' || pass.parameter === '**')
    )
      continue;
    const canDefer = sensor?.deferrable ?? 'unknown';
    if (deferrable === undefined && context.deployment.defaultDeferrable?.value === true && canDefer !== false) continue;
    const reasons: string[] = [];
    const poke = built.durations?.poke_interval;
    const timeout = built.durations?.timeout;
    if (poke !== undefined && poke >= settings.sensorPokeIntervalThreshold) reasons.push(`poke_interval ${describeSeconds(poke)}`);
    if (timeout !== undefined && timeout > settings.sensorTimeoutThreshold) reasons.push(`timeout ${describeSeconds(timeout)}`);
    if (reasons.length === 0) continue;
    const where = `${displayPath(context.source.path, path)}:${built.range.start.line + 1}${via.length > 0 ? `, via ${via.join(', ')}` : ''}`;
    context.report({
      node: field(call.node, 'function') ?? call.node,
      message: `${call.subject} builds ${name} in poke mode, which holds a worker slot for its whole wait.`,
      detail: joinSentences(
        `At ${where}, it waits with ${reasons.join(' and ')}; use mode="reschedule"${canDefer === true ? ' or deferrable=True' : ''}`,
      ),
      related: [{ path, range: built.range, message: `the ${name} ${call.subject} builds`, role: 'hazard' }],
    });
  }
}

/**
 * Whether a sensor takes a `deferrable` argument (whose default is `[operators] default_deferrable`):
 * true or false when operators.ts knows its class, 'unknown' for other Airflow sensors.
 */
type Deferrable = boolean | 'unknown';

/**
 * The sensor a call constructs: an Airflow sensor (known to operators.ts, or any `...Sensor`
 * imported from Airflow), or the file's own subclass of one, unless that class sets its mode or
 * defers itself (`mode=...`, `deferrable`, `self.defer(...)`, `@poke_mode_only`): then the
 * arguments do not tell.
 */
function sensorOf(context: RuleContext, call: Node, operator: string | null): { name: string; deferrable: Deferrable } | null {
  if (operator) {
    const sensor = inherits(operator, 'sensor');
    return sensor ? { name: operator, deferrable: sensor.deferrable } : null;
  }
  const definition = definitionCall(call, context.imports);
  if (definition)
    return definition.kind === 'operator' && definition.name.endsWith('Sensor') ? { name: definition.name, deferrable: 'unknown' } : null;
  const classInfo = context.model.classOfCall(call);
  if (!classInfo || !context.model.derivesFromAirflow(classInfo, (name) => /Sensor(Operator)?$/.test(name))) return null;
  const airflowBases: string[] = [];
  for (let current: ClassInfo | null = classInfo, depth = 0; current && depth < 8; depth++) {
    if (/\b(mode|deferrable|defer|poke_mode_only)\b/.test(current.node.text)) return null;
    for (const base of current.bases) {
      const qualified = context.imports.resolve(base);
      if (qualified?.startsWith('airflow.')) airflowBases.push(qualified.slice(qualified.lastIndexOf('.') + 1));
    }
    const base: Node | undefined = current.bases.find((node) => node.type === 'identifier');
    const local: FunctionInfo | ClassInfo | null = base ? context.model.lookup(base.text, current.owner) : null;
    current = local && !('isTask' in local) && local.node.id !== current.node.id ? local : null;
  }
  // A subclass of a sensor that can defer inherits its `deferrable` argument (and with it the
  // deployment's default), unless its own methods replace the code that reads it: 'unknown'.
  const cannotDefer = airflowBases.length > 0 && airflowBases.every((name) => inherits(name, 'sensor')?.deferrable === false);
  return { name: classInfo.name, deferrable: cannotDefer ? false : 'unknown' };
}

function sensorFixes(context: RuleContext, site: ArgumentSite, deferrable: boolean): Fix[] {
  const fixes: Fix[] = [];
  const reschedule = setArgumentEdits(
    context.source,
    site,
    [{ name: 'mode', value: pythonString(context.source, site, 'reschedule') }],
    false,
  );
  if (reschedule?.length)
    fixes.push({ title: 'Set mode="reschedule" (free the worker slot between pokes)', safe: false, edits: reschedule });
  if (deferrable) {
    const deferred = setArgumentEdits(context.source, site, [{ name: 'deferrable', value: 'True' }], false);
    if (deferred?.length) fixes.push({ title: 'Set deferrable=True (wait in the triggerer)', safe: false, edits: deferred });
  }
  return fixes;
}
