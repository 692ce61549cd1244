// DG601: a Jinja template passed to an operator argument that Airflow does not render.
import { sourceRange } from '../../jinja/pythonLiteral';
import { readingOf, templateShapeAt, templateStrings, whereItLands } from '../../jinja/templateStrings';
import { lineNumber } from '../../syntax/nodes';
import type { PythonRule, RuleContext } from '../rule';

export const dg601: PythonRule = {
  code: 'DG601',
  name: 'template-in-non-templated-field',
  defaultSeverity: 'warning',
  needsDagFile: true,
  docs: {
    summary:
      'A Jinja template (`{{ ... }}`, `{% ... %}`) given to an operator argument that is not in its `template_fields`: Airflow passes it on as plain text.',
    whatItDoes:
      "Reports a string that is a template by its shape (`{{ name ... }}` or `{% tag ... %}`, and Jinja would read it without error) when its value reaches a keyword argument of an operator whose `template_fields` are known (Airflow's own operators, and the classes of the file and the project that declare them) and that argument is not one of them: directly, through a name, as a dict or list value, or inside an f-string or `+`. The finding's detail lists the operator's templated fields. Silent when the operator's fields are unknown, and when the operator class renders that attribute itself with its own Jinja call (`render_template(self.sql, ...)`, `Template(self.sql)`, `env.from_string(self.sql)`).",
    whyBad:
      'Airflow renders only an operator\'s `template_fields`. Anywhere else `{{ ds }}` stays the five characters it is: a task id with braces in it, `retries="{{ var.value.retries }}"` that fails to convert, a `params` value the task receives unrendered. Nothing warns at parse time; the task runs with the literal text.',
    example:
      'from airflow.operators.bash import BashOperator\nBashOperator(\n    task_id="export_{{ ds }}",\n    bash_command="export.sh",\n)',
    useInstead:
      'from airflow.operators.bash import BashOperator\nBashOperator(\n    task_id="export",\n    bash_command="export.sh {{ ds }}",\n)',
  },
  check(context: RuleContext) {
    for (const string of templateStrings(context)) {
      const shape = templateShapeAt(string.text.value);
      // Braces that Jinja would refuse are not a template someone meant (`{{ and }}` in a doc).
      if (!shape) continue;
      const reading = readingOf(context, string);
      if (reading.error || reading.opaque) continue;
      const flow = whereItLands(context, string.literal);
      if (flow.ok || !flow.verbatim) continue;
      const { operator, field, fields, at } = flow.verbatim;
      const written = string.text.value.slice(shape.start, shape.end);
      const shown = written.length > 40 ? `${written.slice(0, 37)}...` : written;
      const where = lineNumber(at) === lineNumber(string.literal) ? '' : ` (line ${lineNumber(at)})`;
      const templated =
        fields.size > 0
          ? `Templated on ${operator}: ${[...fields].map((name) => `\`${name}\``).join(', ')}.`
          : `${operator} renders no argument.`;
      context.report({
        range: sourceRange(context.source, string.text, shape.start, shape.end),
        message: `\`${field}\` is not a templated field of ${operator}${where}.`,
        detail: `Airflow passes \`${shown}\` on as plain text, unrendered. ${templated}`,
      });
    }
  },
};
