// DG602: `{{ ds }}` in an f-string that goes to a templated field: Python halves the braces.
import { CONTEXT_NAMES } from '../../airflow/templateContext';
import { isKnownFilter } from '../../jinja/environment';
import { landsInTemplatedFields, templateStrings, whereItLands } from '../../jinja/templateStrings';
import { namedChildren, stringPrefix, type Node } from '../../syntax/nodes';
import type { TextEdit } from '../../syntax/positions';
import type { PythonRule, RuleContext } from '../rule';

/** `{{ inner }}` written with exactly two braces each side (four make a literal `{{`). */
const HALVED = /(?<![{$])\{\{(?!\{)([^{}]*)\}\}(?!\})/g;

/** The inner text reads as Jinja: it starts with a name of the task's context, or pipes into a filter. */
function meantForJinja(inner: string): boolean {
  const head = /^\s*-?\s*([A-Za-z_]\w*)/.exec(inner)?.[1];
  if (head && head in CONTEXT_NAMES) return true;
  return [...inner.matchAll(/\|\s*([A-Za-z_]\w*)/g)].some((filter) => isKnownFilter(filter[1]));
}

interface Halved {
  start: number;
  end: number;
  inner: string;
}

export const dg602: PythonRule = {
  code: 'DG602',
  name: 'fstring-halves-jinja-braces',
  defaultSeverity: 'error',
  needsDagFile: true,
  docs: {
    summary: 'An f-string whose `{{ ... }}` is meant for Jinja: Python turns it into `{ ... }` and the template is lost.',
    whatItDoes:
      "Reports `{{ name }}` in an f-string whose value goes to a templated field of a known operator (directly, or through names, dict and list values and other f-strings), when the name is one of the task's template context (`ds`, `logical_date`, `params`, `var`, `ti`, ...) or the expression pipes into a Jinja or Airflow filter (`| ds`). `${{HOME}}` and doubled braces around other text are left alone: there the single brace is usually what is meant.",
    whyBad:
      'In an f-string `{{` and `}}` are escaped braces: `f"run.sh {{ ds }} {env}"` is the string `run.sh { ds } prod`. Airflow then renders a text without any template in it, and the command receives `{ ds }` literally. Nothing fails at parse time; the task runs with the wrong argument.',
    example:
      'from airflow.operators.bash import BashOperator\n\nENV = "prod"\n\nBashOperator(task_id="load", bash_command=f"load.sh {{ ds }} --env {ENV}")',
    useInstead:
      'from airflow.operators.bash import BashOperator\n\nENV = "prod"\n\nBashOperator(task_id="load", bash_command=f"load.sh {{{{ ds }}}} --env {ENV}")',
    fix: "Doubles the braces again (`{{{{ ds }}}}`, which the f-string makes `{{ ds }}`), or, when the f-string interpolates nothing, drops the `f` (and halves the string's other doubled braces, so that the text stays what it was). Safe: the template becomes what it was written to be.",
  },
  check(context: RuleContext) {
    for (const { literal } of templateStrings(context)) {
      const parts = literal.type === 'concatenated_string' ? namedChildren(literal).filter((part) => part.type === 'string') : [literal];
      const halvedParts = parts
        .map((part) => ({ part, halved: stringPrefix(part).includes('f') ? halvedIn(context, part) : [] }))
        .filter((entry) => entry.halved.length > 0);
      if (halvedParts.length === 0 || !landsInTemplatedFields(whereItLands(context, literal))) continue;
      for (const { part, halved } of halvedParts) {
        const first = halved[0];
        const written = context.source.text.slice(first.start, first.end);
        const more = halved.length > 1 ? ` (and ${halved.length - 1} more in this string)` : '';
        context.report({
          range: context.source.lines.rangeOf(first.start, first.end),
          message: `In an f-string, \`${written}\` is an escaped brace, not a Jinja template.`,
          detail: `Python makes it \`{${first.inner}}\`, so Jinja gets no template and the task sees the braces literally${more}. Write \`{{${written}}}\`, or drop the \`f\`.`,
          fix: { title: fixTitle(part), safe: true, edits: fixEdits(context, part, halved), preferred: true },
        });
      }
    }
  },
};

function hasInterpolation(part: Node): boolean {
  return namedChildren(part).some((child) => child.type === 'interpolation');
}

function fixTitle(part: Node): string {
  return hasInterpolation(part) ? 'Double the braces for Jinja: {{{{ ... }}}}' : 'Drop the `f`: a plain string keeps `{{ ... }}`';
}

/** The `{{ ... }}` of one f-string (a `string` node) that are meant for Jinja, as source offsets. */
function halvedIn(context: RuleContext, part: Node): Halved[] {
  const found: Halved[] = [];
  for (const content of namedChildren(part)) {
    if (content.type !== 'string_content') continue;
    const text = context.source.text.slice(content.startIndex, content.endIndex);
    for (const match of text.matchAll(HALVED)) {
      if (!meantForJinja(match[1])) continue;
      const start = content.startIndex + match.index!;
      found.push({ start, end: start + match[0].length, inner: match[1] });
    }
  }
  return found;
}

function fixEdits(context: RuleContext, part: Node, halved: Halved[]): TextEdit[] {
  const { source } = context;
  if (hasInterpolation(part)) {
    return halved.flatMap((entry) => [
      { range: source.lines.rangeOf(entry.start, entry.start + 2), newText: '{{{{' },
      { range: source.lines.rangeOf(entry.end - 2, entry.end), newText: '}}}}' },
    ]);
  }
  // No interpolation: a plain string. The other doubled braces were single braces; keep them so.
  const start = part.child(0)!;
  const edits: TextEdit[] = [
    { range: source.rangeOf(start), newText: source.text.slice(start.startIndex, start.endIndex).replace(/[fF]/, '') },
  ];
  const kept = new Set(halved.flatMap((entry) => [entry.start, entry.end - 2]));
  for (const content of namedChildren(part)) {
    if (content.type !== 'string_content') continue;
    const text = source.text.slice(content.startIndex, content.endIndex);
    for (const match of text.matchAll(/\{\{|\}\}/g)) {
      const offset = content.startIndex + match.index!;
      if (!kept.has(offset)) edits.push({ range: source.lines.rangeOf(offset, offset + 2), newText: match[0][0] });
    }
  }
  return edits;
}
