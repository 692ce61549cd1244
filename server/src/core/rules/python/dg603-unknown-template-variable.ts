// DG603: a name in a template that the task's context does not have (a typo, or a name Airflow 3
// removed).
import { contextNames, REMOVED_IN_AIRFLOW_3 } from '../../airflow/templateContext';
import { JINJA_GLOBALS } from '../../jinja/environment';
import { sourceRange } from '../../jinja/pythonLiteral';
import { isRendered, readingOf, templateStrings, whereItLands } from '../../jinja/templateStrings';
import { joinSentences } from '../sentences';
import type { SourceFile } from '../../model/source';
import { didYouMean } from '../../suggest';
import { field, namedChildren, parentOf, stringValue } from '../../syntax/nodes';
import type { Fix, PythonRule, RuleContext } from '../rule';

export const dg603: PythonRule = {
  code: 'DG603',
  name: 'unknown-template-variable',
  defaultSeverity: 'warning',
  needsDagFile: true,
  docs: {
    summary:
      "A name in a template that the task's context does not have: a typo, or a variable Airflow 3 removed (`execution_date`, `next_ds`, `prev_ds`, `yesterday_ds`, ...).",
    whatItDoes:
      "Reads the templates that reach templated fields of known operators and reports each name they read that is neither in the template context of the project's Airflow version (Airflow 2: `airflow/utils/context.py`; Airflow 3: the Task SDK's `Context`), nor one of Jinja's globals (`range`, `namespace`, ...), nor defined by the template itself (`{% set %}`, loop variables, macro arguments, imports), nor given to the DAG as `user_defined_macros` (a dict literal). When the project targets Airflow 3, the names Airflow 3 removed are reported with the replacement Airflow named. A bare name tested with `is defined` or given a `| default(...)` is left alone. Silent when the version is unknown except for names no version has, and for the whole file when it sets `template_undefined` or passes `user_defined_macros` that are not a dict literal.",
    whyBad:
      "Airflow renders with `StrictUndefined`: a name the context lacks fails the task when it runs (`UndefinedError: 'execution_date' is undefined`). After an upgrade to Airflow 3 every template that still reads `execution_date` or `next_ds` fails this way, while the DAG file parses without complaint.",
    example:
      'from airflow.operators.bash import BashOperator\nBashOperator(\n    task_id="export",\n    bash_command="export.sh {{ execution_date }} {{ ds_nodahs }}",\n)',
    useInstead:
      'from airflow.operators.bash import BashOperator\nBashOperator(\n    task_id="export",\n    bash_command="export.sh {{ logical_date }} {{ ds_nodash }}",\n)',
    fix: "For a removed name, writes what Airflow recommends: `execution_date` becomes `logical_date` (the same value: safe), `yesterday_ds`/`tomorrow_ds` become `macros.ds_add(ds, -1)`/`macros.ds_add(ds, 1)` (the same day: safe); `next_ds` becomes `data_interval_end | ds`, `next_ds_nodash` `data_interval_end | ds_nodash`, `next_execution_date` `data_interval_end`, `prev_execution_date_success` `prev_data_interval_start_success` and `triggering_dataset_events` `triggering_asset_events`, offered but not applied by fix-all, because the value differs for manually triggered runs, custom timetables or in shape (the finding's detail says how). For a typo, the name it most likely meant, offered but never applied by fix-all.",
  },
  check(context: RuleContext) {
    const { source } = context;
    if (source.text.includes('template_undefined')) return;
    const macros = userMacros(source);
    if (!macros) return;
    const version = context.airflowVersion;
    const known = contextNames(version);
    const candidates = [...known, ...JINJA_GLOBALS];
    for (const string of templateStrings(context)) {
      if (string.text.interpolated) continue;
      const reading = readingOf(context, string);
      if (reading.error || reading.opaque || reading.names.length === 0) continue;
      let rendered: boolean | undefined;
      for (const use of reading.names) {
        const name = use.path[0];
        if (known.has(name) || JINJA_GLOBALS.has(name) || reading.bound.has(name) || macros.has(name)) continue;
        if (use.guarded && use.path.length === 1) continue;
        const removal = version === 3 ? REMOVED_IN_AIRFLOW_3[name] : undefined;
        const otherVersion = version && !removal && contextNames(version === 2 ? 3 : 2).has(name) ? (version === 2 ? 3 : 2) : null;
        const guess = removal || otherVersion ? null : didYouMean(name, candidates);
        // A name no version has and nothing resembles may be the project's own (a macro given elsewhere): only typos are sure.
        if (!removal && !otherVersion && !guess) continue;
        rendered ??= isRendered(whereItLands(context, string.literal));
        if (!rendered) break;
        const start = use.start;
        const end = start + name.length;
        const range = sourceRange(source, string.text, start, end);
        const plain = source.text.slice(string.text.starts[start], string.text.ends[end - 1]) === name;
        const edit = (newText: string, safe: boolean, title: string): Fix | null =>
          plain ? { title, safe, edits: [{ range, newText }] } : null;
        if (removal) {
          const replacement = removal.replacement ? wrapped(removal.replacement, string.text.value, end) : null;
          const how = removal.replacement ? `use \`${removal.replacement}\` (${removal.note})` : removal.note;
          context.report({
            range,
            message: `\`${name}\` is not in the template context of Airflow 3, which removed it.`,
            detail: joinSentences(how, `The task fails with "'${name}' is undefined".`),
            fix: replacement
              ? edit(
                  replacement,
                  removal.same,
                  `Use \`${removal.replacement}\`${removal.same ? '' : " (check the value: see the finding's detail)"}`,
                )
              : null,
          });
        } else if (otherVersion) {
          context.report({
            range,
            message: `\`${name}\` is in the template context of Airflow ${otherVersion} only, not of Airflow ${version}.`,
            detail: `The project targets Airflow ${version}: the task fails with "'${name}' is undefined".`,
          });
        } else if (guess) {
          context.report({
            range,
            message: `\`${name}\` is not in the template context${version ? ` of Airflow ${version}` : ''}: did you mean \`${guess}\`?`,
            detail: `The task fails with "'${name}' is undefined".`,
            fix: edit(guess, false, `Change to \`${guess}\``),
          });
        }
      }
    }
  },
};

/** A replacement with a filter, in parentheses unless the name stands alone before `}}`, `|`, `,`, `)`. */
function wrapped(replacement: string, template: string, end: number): string {
  if (!replacement.includes('|')) return replacement;
  const next = /^\s*(.?)/.exec(template.slice(end))![1];
  return next === '' || '}-%|,)]'.includes(next) ? replacement : `(${replacement})`;
}

/**
 * The names the file's DAGs get as `user_defined_macros`, when each is a dict literal with string
 * keys; null when one is anything else (then any name may be defined).
 */
function userMacros(source: SourceFile): Set<string> | null {
  const names = new Set<string>();
  const text = source.text;
  for (let offset = text.indexOf('user_defined_macros'); offset >= 0; offset = text.indexOf('user_defined_macros', offset + 1)) {
    const node = source.root.descendantForIndex(offset, offset + 'user_defined_macros'.length);
    if (node?.type === 'comment') continue;
    const holder = parentOf(parentOf(node)?.type === 'string' ? parentOf(node) : node);
    const value = holder?.type === 'keyword_argument' ? field(holder, 'value') : holder?.type === 'pair' ? field(holder, 'value') : null;
    if (!value || value.type !== 'dictionary') return null;
    for (const pair of namedChildren(value)) {
      const key = pair.type === 'pair' ? stringValue(field(pair, 'key')) : null;
      if (key === null) return null;
      names.add(key);
    }
  }
  return names;
}
