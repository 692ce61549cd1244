// DG303: a templated field's value built from the clock when the file is parsed.
import { definitionArguments, type DefinitionArgument } from '../../airflow/definitions';
import { templateFieldsOf } from '../../airflow/operators';
import { runtimeValuesOf } from '../../model/runtimeValues';
import type { PythonRule, RuleContext } from '../rule';
import { describeOrigin } from './dg301-dynamic-start-date';
import { logicalDateRewrite } from '../../fixes/logicalDate';
import { reportBuiltArguments } from '../../project/builtFindings';

export const dg303: PythonRule = {
  code: 'DG303',
  name: 'current-time-in-templated-field',
  defaultSeverity: 'warning',
  needsDagFile: true,
  readsArgumentSites: true,
  docs: {
    summary: "A templated field built from the current time instead of the run's logical date.",
    whatItDoes:
      'Reports a templated field of a known operator (`bash_command`, `sql`, `env`, `arguments`, ... from the operator\'s `template_fields`) whose value is built from the current time when the file is parsed: `f"... {datetime.now():%Y-%m-%d}"`, `"... " + date.today().isoformat()`, `time.strftime("%Y%m%d")`, `"s3://bucket/%s/" % date.today()`, also through module-level names and inside lists and dictionaries.',
    whyBad:
      'The value is the time of the last parse, not the date of the run: a rerun, a retry after midnight or a backfill of last month all process "today". Airflow renders templated fields when the task runs, with the run\'s logical date: `{{ ds }}` and friends make a run idempotent. The changing value also makes a new DAG version at every parse.',
    example: [
      'from datetime import datetime',
      'from airflow.operators.bash import BashOperator',
      '',
      'BashOperator(',
      '    task_id="export",',
      '    bash_command=f"export.sh --day {datetime.now():%Y-%m-%d}",',
      ')',
    ].join('\n'),
    useInstead: [
      'from airflow.operators.bash import BashOperator',
      '',
      'BashOperator(',
      '    task_id="export",',
      '    bash_command="export.sh --day {{ ds }}",',
      ')',
    ].join('\n'),
    fix: "Rewrites the date into Jinja that Airflow renders with the run's logical date: `{{ ds }}` for `%Y-%m-%d` or the `isoformat()`/`str()` of a date, `{{ ds_nodash }}` for `%Y%m%d`, `{{ logical_date.strftime('...') }}` for other formats. Concatenations, f-strings, `str.format()` and `%`-formatting (`%s`, `%(name)s`) become one plain string when nothing else is interpolated; otherwise an f-string with the Jinja braces escaped. Offered when every use of the clock in the value maps exactly to a format of the logical date; never applied by fix-all, because the value changes from the parse time to the logical date (which, for a scheduled run, is the start of its data interval, and in Airflow 3 may be unset for a manual run).",
  },
  check(context: RuleContext) {
    const { model } = context;
    const values = runtimeValuesOf(context);
    for (const argument of definitionArguments(context)) {
      if (!isTemplatedArgument(argument)) continue;
      const sources = values.sourcesOf(argument.value).filter((found) => found.kind === 'clock');
      if (sources.length === 0 || model.phaseOf(argument.value) !== 'parse') continue;
      const rewrite = logicalDateRewrite(context.source, values, argument.value);
      context.report({
        node: argument.value,
        message: `${argument.name} (a templated field) is ${describeOrigin(argument.value, sources)} at parse time.`,
        detail: WRONG_DATE,
        fix: rewrite
          ? { title: `Use the run's logical date: ${[...new Set(rewrite.jinja)].join(', ')}`, safe: false, edits: rewrite.edits }
          : null,
      });
    }
    // A templated field a helper fills from the clock in the operator it builds (`make_publish_task(dag)`).
    reportBuiltArguments(
      context,
      (argument, definition, kind) => kind === 'clock' && isTemplatedArgument({ name: argument.name, definition }),
      (found) => ({
        message: `${found.subject} builds ${found.builds} with ${found.argument.name} from ${found.origin} at parse time.`,
        detail: `${found.argument.name} is a templated field (${found.where}). ${WRONG_DATE}`,
      }),
    );
  },
};

const WRONG_DATE = 'A run gets the time of the last parse, not its logical date, so reruns and backfills use the wrong date.';

/** An argument that an operator renders with Jinja (its class and template_fields known to operators.ts). */
export function isTemplatedArgument(argument: Pick<DefinitionArgument, 'name' | 'definition'>): boolean {
  const operator = argument.definition?.kind === 'operator' ? argument.definition.knownOperator : null;
  return !!operator && (templateFieldsOf(operator)?.has(argument.name) ?? false);
}
