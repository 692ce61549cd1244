// DG302: DAG, task and operator arguments built at parse time from the clock, uuid or random.
import { definitionArguments, type DefinitionArgument } from '../../airflow/definitions';
import { runtimeValuesOf } from '../../model/runtimeValues';
import { RUNTIME_CALLABLE_ARGUMENTS } from '../../model/parseTime';
import { joinSentences } from '../sentences';
import type { PythonRule, RuleContext } from '../rule';
import { reportWrapperArguments } from '../../project/wrapperFindings';
import { reportBuiltArguments } from '../../project/builtFindings';
import { describeOrigin } from './dg301-dynamic-start-date';
import { isTemplatedArgument } from './dg303-current-time-in-templated-field';

/** Arguments other rules own (DG301), or whose value is not part of the definition. */
const NOT_HERE = new Set(['start_date', 'end_date', 'default_args', 'dag']);

export const dg302: PythonRule = {
  code: 'DG302',
  name: 'runtime-value-in-dag-definition',
  defaultSeverity: 'warning',
  needsDagFile: true,
  readsArgumentSites: true,
  docs: {
    acrossModules:
      "With the project's modules, also clock, uuid and random values passed to the project's own wrappers (classes and factories, in other modules too) that hand them on unchanged to `DAG(...)`, an operator or a `default_args` entry: `make_dag(f\"b_{uuid.uuid4()}\")` whose `dag_id` becomes the DAG's.",
    summary: 'A DAG, task or operator argument that changes at every parse (clock, uuid, random).',
    whatItDoes:
      "Reports arguments of `DAG`, `@dag`, `@task`, `TaskGroup` and operators (and `default_args` entries) whose value is built when the file is parsed from the current time, `uuid.uuid1()`/`uuid4()`, `random` or `time.time()`: `dag_id`, `task_id`, `tags`, `description`, `owner`, `params`, `doc_md` and the rest. Values computed inside a lambda or a task body run later and are not reported; `start_date`/`end_date` are DG301's, and templated fields built from the clock are DG303's.",
    whyBad:
      "The DAG processor parses the file every 30 seconds or so. An id that changes at each parse makes a new DAG or task each time (the old one disappears with its history); any other changing argument makes a new serialized version of the DAG at every parse, which fills the metadata database, defeats the scheduler's caches and makes the UI show a DAG that is never the same twice (Airflow 3.2 warns about it).",
    example: [
      'import uuid',
      '',
      'with DAG(f"ingest_{uuid.uuid4().hex[:8]}", schedule="@daily", tags=[str(date.today())]):',
      '    ...',
    ].join('\n'),
    useInstead: ['with DAG("ingest", schedule="@daily", tags=["ingest"]):', '    ...'].join('\n'),
  },
  check(context: RuleContext) {
    const { model } = context;
    const values = runtimeValuesOf(context);
    for (const argument of definitionArguments(context)) {
      if (NOT_HERE.has(argument.name) || RUNTIME_CALLABLE_ARGUMENTS.has(argument.name)) continue;
      let sources = values.sourcesOf(argument.value);
      // The clock in a templated field is DG303's finding: one finding per cause.
      if (sources.length > 0 && isTemplatedArgument(argument)) sources = sources.filter((found) => found.kind !== 'clock');
      if (sources.length === 0 || model.phaseOf(argument.value) !== 'parse') continue;
      context.report({
        node: argument.value,
        message: `${argument.name} is ${describeOrigin(argument.value, sources)} at every parse.`,
        detail: consequence(argument, context.airflowVersion),
      });
    }
    // Templated fields a wrapper fills are not known here: the clock is left out there, as above.
    reportWrapperArguments(
      context,
      (argument) => !NOT_HERE.has(argument.name) && !RUNTIME_CALLABLE_ARGUMENTS.has(argument.name),
      (argument, where, sources) => ({
        message: `${argument.name} is ${describeOrigin(argument.value, sources)} at every parse, and ${argument.wrapper} passes it on.`,
        detail: joinSentences(`It lands in ${argument.landing} at ${where}`, consequence(argument, context.airflowVersion)),
      }),
      (found, argument) => found.kind !== 'clock' || !isTemplatedArgument(argument),
    );
    reportBuiltArguments(
      context,
      (argument, definition, kind) =>
        !NOT_HERE.has(argument.name) &&
        !RUNTIME_CALLABLE_ARGUMENTS.has(argument.name) &&
        (kind !== 'clock' || !isTemplatedArgument({ name: argument.name, definition })),
      (found) => ({
        message: `${found.subject} builds ${found.builds} with ${found.argument.name} computed from ${found.origin} at every parse.`,
        detail: joinSentences(`At ${found.where}`, consequence(found.argument, context.airflowVersion)),
      }),
    );
  },
};

function consequence(argument: Pick<DefinitionArgument, 'name'>, airflowVersion: 2 | 3 | null): string {
  if (argument.name === 'dag_id') return 'Each new id is a new DAG, without the runs and history of the last one.';
  if (argument.name === 'task_id') return 'Each new id is a new task, without the history of the last one.';
  if (argument.name === 'group_id') return 'Each new id renames every task of the group, which lose their history.';
  // Airflow 3 keeps DAG versions; Airflow 2 overwrites the one serialized DAG.
  if (airflowVersion === 3) return "The DAG's definition changes with it, and every change is stored as a new DAG version.";
  return "The DAG's definition changes with it, and every change is written to the metadata database as a new serialized DAG.";
}
