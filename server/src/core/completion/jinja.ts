// Completion inside `{{ ... }}` and `{% ... %}` in DAG files: the context names of the project's
// Airflow version (with their types and a line of docs), filters after `|`, `macros.` members,
// `var.value.`/`var.json.` keys and `conn.` ids from the project's exports, `params.` keys from the
// file's `params={...}` dicts. It reads the text before the cursor (a half-typed template is
// rarely a well-formed string yet), and the tree only to skip comments.
import type { KnownKeys } from '../airflow/exports';
import { CONTEXT_NAMES, CONTEXT_TYPES, contextNames, MACROS, REMOVED_IN_AIRFLOW_3 } from '../airflow/templateContext';
import { AIRFLOW_FILTERS, JINJA_FILTERS } from '../jinja/environment';
import type { SourceFile } from '../model/source';
import { field, namedChildren, stringValue } from '../syntax/nodes';
import type { CompletionEntry } from './python';

export interface JinjaCompletionInput {
  source: SourceFile;
  offset: number;
  airflowVersion: 2 | 3 | null;
  variables: KnownKeys | null;
  connections: KnownKeys | null;
}

/** How far back an open `{{` is looked for. */
const LOOK_BACK = 2000;

/** The expression typed so far after the last open `{{` or `{%` before the cursor, or null. */
export function openTemplateExpression(text: string, offset: number): string | null {
  const from = Math.max(0, offset - LOOK_BACK);
  const before = text.slice(from, offset);
  const open = Math.max(before.lastIndexOf('{{'), before.lastIndexOf('{%'));
  if (open < 0) return null;
  const inside = before.slice(open + 2);
  if (/\}\}|%\}/.test(inside) || /["']\s*[,)]\s*$/.test(inside) || /\n\s*\n/.test(inside)) return null;
  return inside;
}

export function jinjaCompletions(input: JinjaCompletionInput): CompletionEntry[] {
  const { source, offset } = input;
  const expression = openTemplateExpression(source.text, offset);
  if (expression === null) return [];
  const node = offset > 0 ? source.root.descendantForIndex(offset - 1) : null;
  if (node?.type === 'comment') return [];
  const word = /\w*$/.exec(expression)![0];
  const after = /^\w*/.exec(source.text.slice(offset, offset + 200))![0];
  const range = source.lines.rangeOf(offset - word.length, offset + after.length);
  const entry = (label: string, kind: CompletionEntry['kind'], detail: string, documentation: string, index: number): CompletionEntry => ({
    label,
    kind,
    detail,
    documentation,
    insertText: label,
    range,
    sortText: String(index).padStart(4, '0'),
  });
  const head = expression.slice(0, expression.length - word.length);

  if (/\|\s*$/.test(head)) {
    const airflow = Object.entries(AIRFLOW_FILTERS).map(([name, doc], index) => entry(name, 'function', 'Airflow filter', doc, index));
    const jinja = [...JINJA_FILTERS].map((name, index) =>
      entry(name, 'function', 'Jinja filter', `Jinja's built-in \`${name}\` filter.`, 100 + index),
    );
    return [...airflow, ...jinja];
  }
  const variable = /\bvar\s*\.\s*(value|json)\s*\.\s*$/.exec(head);
  if (variable) {
    if (!input.variables) return [];
    const shape = variable[1] === 'json' ? 'parsed from JSON' : 'as a string';
    return [...input.variables.keys]
      .sort()
      .map((key, index) =>
        entry(key, 'variable', `Airflow Variable, ${shape}`, `From ${input.variables!.source}. Read when the task runs.`, index),
      );
  }
  if (/\bvar\s*\.\s*$/.test(head)) {
    return [
      entry('value', 'field', 'the Variable as a string', '`var.value.key`', 0),
      entry('json', 'field', 'the Variable parsed from JSON', '`var.json.key.member`', 1),
    ];
  }
  if (/\bconn\s*\.\s*$/.test(head)) {
    if (!input.connections) return [];
    return [...input.connections.keys]
      .sort()
      .map((id, index) =>
        entry(
          id,
          'variable',
          'Airflow connection',
          `From ${input.connections!.source}: \`conn.${id}.host\`, \`.login\`, \`.port\`, \`.schema\`, \`.extra_dejson.key\`.`,
          index,
        ),
      );
  }
  if (/\bmacros\s*\.\s*$/.test(head)) {
    return Object.entries(MACROS).map(([name, doc], index) => entry(name, 'function', 'Airflow macro', doc, index));
  }
  if (/\bparams\s*\.\s*$/.test(head)) {
    return paramsKeys(source).map((key, index) =>
      entry(key, 'variable', 'DAG or task param', "A key of a `params={...}` dict in this file; the run's conf can override it.", index),
    );
  }
  // A name where an expression starts (not an attribute, not a number).
  if (/[\w.]$/.test(head) || /\d$/.test(word.slice(0, 1))) return [];
  const names = [...contextNames(input.airflowVersion)]
    .filter((name) => !(input.airflowVersion === 3 && name in REMOVED_IN_AIRFLOW_3))
    .sort();
  return names.map((name, index) => entry(name, 'variable', CONTEXT_TYPES[name] ?? 'template context', CONTEXT_NAMES[name] ?? '', index));
}

/** The string keys of every `params={...}` dict literal in the file. */
function paramsKeys(source: SourceFile): string[] {
  const keys = new Set<string>();
  for (const argument of source.nodes('keyword_argument')) {
    if (field(argument, 'name')?.text !== 'params') continue;
    const value = field(argument, 'value');
    if (value?.type !== 'dictionary') continue;
    for (const pair of namedChildren(value)) {
      const key = pair.type === 'pair' ? stringValue(field(pair, 'key')) : null;
      if (key !== null && /^[A-Za-z_]\w*$/.test(key)) keys.add(key);
    }
  }
  return [...keys].sort();
}
