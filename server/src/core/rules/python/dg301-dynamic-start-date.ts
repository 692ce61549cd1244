// DG301: `start_date` / `end_date` computed from the current time at parse time.
import { definitionArguments } from '../../airflow/definitions';
import { addImportEdit } from '../../fixes/addImport';
import { runtimeValuesOf, type RuntimeSource } from '../../model/runtimeValues';
import { callArguments, lineNumber, unparenthesize, type Node } from '../../syntax/nodes';
import { joinSentences } from '../sentences';
import type { TextEdit } from '../../syntax/positions';
import type { Fix, PythonRule, RuleContext } from '../rule';
import { reportWrapperArguments } from '../../project/wrapperFindings';
import { reportBuiltArguments } from '../../project/builtFindings';
import { changesDaily, DAYS_AGO, TAKES_TIMEZONE } from '../../catalogue/clockCalls';

const DATE_ARGUMENTS = new Set(['start_date', 'end_date']);

export const dg301: PythonRule = {
  code: 'DG301',
  name: 'dynamic-start-date',
  defaultSeverity: 'warning',
  needsDagFile: true,
  readsArgumentSites: true,
  docs: {
    acrossModules:
      "With the project's modules, also dates passed to the project's own wrappers that hand them on unchanged to `DAG(...)`, an operator or a `default_args` entry: a `CompanyDag(DAG)` subclass whose `__init__` passes `start_date` to `super().__init__`, a factory `build_dag(dag_id, start)` in another module that builds `DAG(default_args={\"start_date\": start})`, followed by name, position and `**kwargs`. The fix writes a fixed date at the argument in the DAG file. A wrapper that transforms the value first, or receives a fixed date, stays silent. Also a factory that takes its `default_args` from a helper of its module (`default_args = get_default_args()`, or `if default_args is None: default_args = get_default_args()` when the DAG file passes no `default_args`) whose returned dict computes `start_date` from the clock: reported at the DAG file's call, with the helper's line as related information. A dict patched after the call, another branch, or a fallback reached through a further call stays silent.",
    summary: '`start_date` or `end_date` computed from the current time.',
    whatItDoes:
      'Reports a `start_date` or `end_date` (an argument of `DAG`, `@dag`, an operator or a `@task` decorator, or a `default_args` entry) whose value is computed from the current time when the file is parsed: `datetime.now()`, `datetime.utcnow()`, `datetime.today()`, `date.today()`, `pendulum.now()`/`today()`/`yesterday()`/`tomorrow()`, `days_ago(n)`, `time.time()`, also through arithmetic (`datetime.now() - timedelta(days=1)`), method chains, conditionals and module-level names. A `default_args = {...}` dict that nothing in its scope reads (no DAG, factory or other name gets it) reaches no DAG and stays silent.',
    whyBad:
      "The DAG processor parses the file again every 30 seconds or so, and every parse computes a new date. A start date that moves forward with the clock never lets a schedule interval close behind it: runs are created late, at odd times, or never, and backfills have no fixed beginning. Airflow's documentation asks for a fixed, static `start_date`. The message names the clock, and its detail how it moves the date: `now()`, `utcnow()` and `time.time()` at every parse; `days_ago()`, `date.today()` and `pendulum.today()`/`yesterday()`/`tomorrow()`, which truncate to midnight, once a day. `days_ago` is also deprecated in Airflow 2 and gone in Airflow 3 (`airflow.utils.dates` no longer has it), where the file fails to import.",
    example: [
      'from datetime import datetime, timedelta',
      '',
      'with DAG("report", schedule="@daily", start_date=datetime.now() - timedelta(days=1)):',
      '    ...',
    ].join('\n'),
    useInstead: [
      'from datetime import datetime',
      '',
      'with DAG("report", schedule="@daily", start_date=datetime(2024, 1, 1)):',
      '    ...',
    ].join('\n'),
    fix: 'Replaces the value (or, as a second action, the module-level name it comes from) with a fixed date written in the style the file already uses (`pendulum.datetime(2024, 1, 1, tz="UTC")` or `datetime(2024, 1, 1)`), today\'s date as a placeholder to adjust, and adds the import when the name is missing. A timezone the clock was given is kept as written: `pendulum.yesterday(TIMEZONE)` becomes `pendulum.datetime(2024, 1, 1, tz=TIMEZONE)` (pendulum, since the timezone may be a name), `datetime.now(tz=timezone.utc)` becomes `datetime(2024, 1, 1, tzinfo=timezone.utc)`; clocks in two different timezones get no fix. Never applied by fix-all: it picks a date for you.',
  },
  check(context: RuleContext) {
    const { model } = context;
    const values = runtimeValuesOf(context);
    for (const argument of definitionArguments(context)) {
      if (!DATE_ARGUMENTS.has(argument.name)) continue;
      const sources = values.sourcesOf(argument.value).filter((found) => found.kind === 'clock');
      if (sources.length === 0 || model.phaseOf(argument.value) !== 'parse') continue;
      // Through a module-level name (`start_date=START`), the name's own value can be fixed too.
      const target = unparenthesize(argument.value);
      const named = target?.type === 'identifier' ? values.valueOfName(target) : null;
      const atName =
        named && values.sourcesOf(named).some((found) => found.kind === 'clock')
          ? fixedDateFix(context, named, sources, target!.text)
          : null;
      context.report({
        node: argument.value,
        message: `${argument.name} is ${describeOrigin(argument.value, sources)} at every parse.`,
        detail: joinSentences(howItMoves(sources), daysAgoNote(context, sources)),
        fix: fixedDateFix(context, argument.value, sources),
        alternatives: atName ? [atName] : [],
      });
    }
    // The same dates handed to the project's wrapper classes and factories (common/wrappers.py).
    reportWrapperArguments(
      context,
      (argument) => DATE_ARGUMENTS.has(argument.name),
      (argument, where, sources) => ({
        message: `${argument.name} is ${describeOrigin(argument.value, sources)} at every parse, and ${argument.wrapper} passes it on.`,
        detail: joinSentences(`It lands in ${argument.landing} at ${where}`, howItMoves(sources), daysAgoNote(context, sources)),
        fix: fixedDateFix(context, argument.value, sources),
      }),
      (found) => found.kind === 'clock',
    );
    // Dates a helper computes for the DAG or operator it builds (`make_dag()` with `start_date=datetime.now()`).
    reportBuiltArguments(
      context,
      (argument, _definition, kind) => DATE_ARGUMENTS.has(argument.name) && kind === 'clock',
      (found) => ({
        message: `${found.subject} builds ${found.builds} with ${found.argument.name} computed from ${found.origin} at every parse.`,
        detail: joinSentences(
          `At ${found.where}`,
          'The date moves with each parse, so the schedule drifts and runs can be skipped; use a fixed date',
          daysAgoNote(context, found.argument.sources),
        ),
      }),
    );
  },
};

/**
 * Which clock moves the value (once a day when every clock read is truncated to midnight, else at
 * every parse), and what that does.
 */
function howItMoves(sources: readonly RuntimeSource[]): string {
  const moves = sources.every((found) => changesDaily(found.qualified))
    ? 'The clock truncates to midnight: the date moves forward once a day'
    : 'The date moves with each parse';
  return `${moves}, so the schedule drifts and runs can be skipped; use a fixed date.`;
}

/**
 * `days_ago` warns RemovedInAirflow3Warning in Airflow 2 (airflow/utils/dates.py, 2.x) and Airflow
 * 3's airflow/utils/dates.py (airflow-core) no longer defines it.
 */
function daysAgoNote(context: RuleContext, sources: ReadonlyArray<{ qualified?: string }>): string {
  if (!sources.some((found) => found.qualified === DAYS_AGO)) return '';
  return context.airflowVersion === 3
    ? 'Airflow 3 removed `days_ago` (airflow.utils.dates): the file fails to import there.'
    : '`days_ago` is deprecated in Airflow 2 and gone in Airflow 3.';
}

/**
 * "computed from `datetime.now()`", "`START`, computed from `datetime.now()` (line 3)": sources
 * outside the value itself (reached through a module-level name) say where they are.
 */
export function describeOrigin(value: Node, sources: readonly RuntimeSource[]): string {
  const target = unparenthesize(value) ?? value;
  const inside = (found: RuntimeSource) => found.call.startIndex >= target.startIndex && found.call.endIndex <= target.endIndex;
  const ordered = [...sources.filter(inside), ...sources.filter((found) => !inside(found))];
  const names = [...new Set(ordered.map((found) => `\`${found.display}\`${inside(found) ? '' : ` (line ${lineNumber(found.call)})`}`))];
  const list = names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
  return target.type === 'identifier' && !sources.every(inside) ? `\`${target.text}\`, computed from ${list}` : `computed from ${list}`;
}

/** The timezone a clock read was given, as written: `pendulum.today(TZ)`, `datetime.now(tz=utc)`. */
interface Timezone {
  text: string;
  /** pendulum takes a name ("Europe/Berlin") as well as a tzinfo; `datetime(tzinfo=...)` only a tzinfo. */
  mayBeName: boolean;
}

function timezoneOf(found: RuntimeSource): Timezone | null {
  if (!TAKES_TIMEZONE.has(found.qualified)) return null;
  const args = callArguments(found.call);
  const zone = args.keywords.get('tz') ?? args.positional[0] ?? null;
  return zone ? { text: zone.text, mayBeName: found.qualified.startsWith('pendulum.') } : null;
}

type DateStyle = { kind: 'pendulum'; name: string | null } | { kind: 'datetime'; call: string | null };

/** The fixed-date replacement, with the import it needs. */
function fixedDateFix(context: RuleContext, value: Node, sources: readonly RuntimeSource[], name?: string): Fix | null {
  const { source, today } = context;
  const zones = [
    ...new Map(
      sources
        .map(timezoneOf)
        .filter((zone) => zone !== null)
        .map((zone) => [zone.text, zone]),
    ).values(),
  ];
  // Two clocks in two timezones: which one the fixed date should keep is the author's call.
  if (zones.length > 1) return null;
  const zone = zones[0] ?? null;
  const style = dateStyle(context, sources, zone);
  if (!style) return null;
  const [year, month, day] = [today.getFullYear(), today.getMonth() + 1, today.getDate()];
  const edits: TextEdit[] = [];
  let text: string;
  if (style.kind === 'pendulum') {
    text = `${style.name ?? 'pendulum'}.datetime(${year}, ${month}, ${day}, tz=${zone?.text ?? '"UTC"'})`;
    if (!style.name) edits.push(addImportEdit(source, 'import pendulum', 'pendulum'));
  } else {
    text = `${style.call ?? 'datetime'}(${year}, ${month}, ${day}${zone ? `, tzinfo=${zone.text}` : ''})`;
    if (!style.call) edits.push(addImportEdit(source, 'from datetime import datetime', 'datetime'));
  }
  edits.push({ range: source.rangeOf(value), newText: text });
  return { title: name ? `Give ${name} a fixed date: ${text}` : `Use a fixed date: ${text}`, safe: false, edits };
}

/**
 * Pendulum or the standard library, as the file already writes its fixed dates; else as the
 * per-parse value was computed. `name`/`call` is how the file reaches it, null when an import
 * must be added.
 */
function dateStyle(context: RuleContext, sources: readonly RuntimeSource[], zone: Timezone | null): DateStyle | null {
  const { imports, bindings, calls } = context;
  const pendulumName = imports.bindings.find((binding) => binding.qualified === 'pendulum')?.local ?? null;
  const datetimeClass = imports.bindings.find((binding) => binding.qualified === 'datetime.datetime')?.local ?? null;
  const datetimeModule = imports.bindings.find((binding) => binding.qualified === 'datetime')?.local ?? null;
  const datetimeCall = datetimeClass ?? (datetimeModule ? `${datetimeModule}.datetime` : null);
  const pendulum: DateStyle = { kind: 'pendulum', name: pendulumName };
  // A new `from datetime import datetime` needs the name `datetime` to be free.
  const datetimeFree = !imports.binding('datetime') && !bindings.valueOf('datetime');
  const datetime: DateStyle | null = datetimeCall || datetimeFree ? { kind: 'datetime', call: datetimeCall } : null;

  const writes = (qualified: string) => calls.all.some((call) => call.qualified === qualified);
  // A timezone pendulum was given may be a name, which `datetime(tzinfo=...)` refuses.
  if (zone?.mayBeName) return pendulum;
  if (pendulumName && writes('pendulum.datetime')) return pendulum;
  if (datetimeCall && writes('datetime.datetime')) return datetime;
  if (sources.some((found) => found.qualified.startsWith('pendulum.'))) return pendulum;
  if (sources.some((found) => found.qualified.startsWith('datetime.'))) return datetime ?? pendulum;
  if (pendulumName) return pendulum;
  if (datetimeCall) return datetime;
  return pendulum;
}
