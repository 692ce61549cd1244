// DG604: a template in a templated field that Jinja refuses to read.
import { sourceRange } from '../../jinja/pythonLiteral';
import { templateProblems } from '../../jinja/problems';
import { isRendered, readingOf, templateStrings, whereItLands } from '../../jinja/templateStrings';
import { splitFirstSentence } from '../sentences';
import type { PythonRule, RuleContext } from '../rule';

export const dg604: PythonRule = {
  code: 'DG604',
  name: 'template-syntax-error',
  defaultSeverity: 'error',
  needsDagFile: true,
  docs: {
    summary:
      'A template in a templated field that Jinja refuses: an unclosed `{{` or `{% if %}`, a misplaced end tag, an unknown filter or test.',
    whatItDoes:
      "Reads each string that reaches a templated field of a known operator (directly or through names, dict and list values) the way Jinja2 reads it, with the environment Airflow renders in (Jinja's filters and tests, Airflow's `ds`, `ds_nodash`, `ts`, `ts_nodash`, `ts_nodash_with_tz` filters, the `do` tag), and reports the first syntax error Jinja would raise, else each filter or test Jinja does not know, at its exact place inside the Python string (escapes, prefixes, implicit concatenation and triple quotes included). Silent for strings Airflow reads as a template file's name (ending in the operator's `template_ext`), for f-strings that interpolate a value (the template is only known once the file runs), for filters when the file gives a DAG `user_defined_filters`, and for the whole file when it sets `jinja_environment_kwargs` (which may change the syntax).",
    whyBad:
      'Airflow renders templates when the task runs: a template Jinja cannot read fails the task (`TemplateSyntaxError`, or `TemplateAssertionError: No filter named ...`), often at night, after the DAG file parsed without complaint.',
    example:
      'from airflow.operators.bash import BashOperator\nBashOperator(\n    task_id="export",\n    bash_command="export.sh {{ ds | nodash }} {% if params.full %}--full",\n)',
    useInstead:
      'from airflow.operators.bash import BashOperator\nBashOperator(\n    task_id="export",\n    bash_command="export.sh {{ ds_nodash }} {% if params.full %}--full{% endif %}",\n)',
  },
  check(context: RuleContext) {
    const { text } = context.source;
    if (text.includes('jinja_environment_kwargs')) return;
    const extraFilters = text.includes('user_defined_filters');
    for (const string of templateStrings(context)) {
      if (string.text.interpolated) continue;
      const reading = readingOf(context, string);
      if (reading.opaque) continue;
      const problems = templateProblems(reading, { extraFilters });
      if (problems.length === 0 || !isRendered(whereItLands(context, string.literal))) continue;
      const length = string.text.value.length;
      for (const problem of problems) {
        // At the end of the template: underline its last character.
        const start = Math.min(problem.start, Math.max(0, length - 1));
        const end = Math.max(problem.end, start + 1);
        // Jinja's own words: what it refused, then what it was looking for.
        const [refused, more] = splitFirstSentence(problem.message);
        context.report({
          range: sourceRange(context.source, string.text, start, end),
          message: `Jinja refuses this template: ${refused}`,
          detail: more || undefined,
        });
      }
    }
  },
};
