// DG606: a Variable key or connection id that the project's exports do not contain.
import type { KnownKeys } from '../../airflow/exports';
import { isConnectionFetch, VARIABLE_GET } from '../../airflow/names';
import { sourceRange } from '../../jinja/pythonLiteral';
import { isRendered, readingOf, templateStrings, whereItLands } from '../../jinja/templateStrings';
import { didYouMean } from '../../suggest';
import { callArguments, field, parentOf, stringValue, type Node } from '../../syntax/nodes';
import type { Range } from '../../syntax/positions';
import type { PythonRule, RuleContext } from '../rule';

export const dg606: PythonRule = {
  code: 'DG606',
  name: 'unknown-variable-or-connection',
  defaultSeverity: 'warning',
  needsDagFile: true,
  docs: {
    summary:
      "A Variable key or connection id that the project's `airflow variables export` / `airflow connections export` files do not contain.",
    whatItDoes:
      'When the project names its exports (the `variablesFile` and `connectionsFile` settings: the JSON files `airflow variables export FILE` and `airflow connections export FILE` write), reports `{{ var.value.KEY }}` and `{{ var.json.KEY }}` in rendered templates and `Variable.get("KEY")` without a default whose key the variables file lacks, and `{{ conn.ID... }}`, `BaseHook.get_connection("ID")` and `conn_id="ID"`/`*_conn_id="ID"` arguments of Airflow calls whose id the connections file lacks, with the closest key as a guess. Silent when no export is named. Only keys are read from the files: no value, password or extra is ever shown.',
    whyBad:
      "A missing Variable fails the task (`KeyError: Variable KEY does not exist`), a missing connection fails it with `The conn_id ID isn't defined`, when the task runs, usually in the deployment where nobody looks at the DAG file. A typo in a key is found at the first run, not when it is written.",
    example:
      'from airflow.operators.bash import BashOperator\n# variables.json: {"bucket_name": "exports"}\nBashOperator(task_id="load", bash_command="load.sh {{ var.value.bucket_nmae }}")',
    useInstead:
      'from airflow.operators.bash import BashOperator\n# variables.json: {"bucket_name": "exports"}\nBashOperator(task_id="load", bash_command="load.sh {{ var.value.bucket_name }}")',
  },
  check(context: RuleContext) {
    const { variables, connections } = context;
    if (!variables && !connections) return;
    if (variables) checkVariableCalls(context, variables);
    if (connections) checkConnectionCalls(context, connections);
    for (const string of templateStrings(context)) {
      if (string.text.interpolated) continue;
      const reading = readingOf(context, string);
      if (reading.error || reading.opaque) continue;
      let rendered: boolean | undefined;
      for (const use of reading.names) {
        const [head, second, third] = use.path;
        const variable = head === 'var' && (second === 'value' || second === 'json') && third && third !== 'get' ? third : null;
        const connection = head === 'conn' && second && second !== 'get' ? second : null;
        const known = variable ? variables : connection ? connections : null;
        const key = variable ?? connection;
        if (!known || !key || known.keys.has(key) || reading.bound.has(head)) continue;
        rendered ??= isRendered(whereItLands(context, string.literal));
        if (!rendered) break;
        const written = string.text.value.slice(use.start, use.end);
        const at = new RegExp(variable ? `^var\\s*\\.\\s*${second}\\s*\\.\\s*` : '^conn\\s*\\.\\s*').exec(written);
        if (!at) continue;
        const start = use.start + at[0].length;
        report(
          context,
          sourceRange(context.source, string.text, start, start + key.length),
          variable ? 'Variable' : 'connection',
          key,
          known,
        );
      }
    }
  },
};

function report(context: RuleContext, range: Range, kind: 'Variable' | 'connection', key: string, known: KnownKeys): void {
  const guess = didYouMean(key, [...known.keys]);
  const failure = kind === 'Variable' ? `KeyError: Variable ${key} does not exist` : `The conn_id \`${key}\` isn't defined`;
  context.report({
    range,
    message: `${kind === 'Variable' ? 'Variable' : 'Connection'} \`${key}\` is not in ${known.source}${guess ? `: did you mean \`${guess}\`?` : '.'}`,
    detail: `If the deployment lacks it too, the task fails when it runs (${failure}).`,
  });
}

/** `Variable.get("key")` without a default. */
function checkVariableCalls(context: RuleContext, variables: KnownKeys): void {
  for (const { node: call } of context.calls.where((name) => VARIABLE_GET.has(name))) {
    const args = callArguments(call);
    if (args.positional.length > 1 || args.keywords.has('default_var') || args.keywords.has('default') || args.hasSplat) continue;
    const keyNode = args.positional[0] ?? args.keywords.get('key') ?? null;
    const key = stringValue(keyNode);
    if (key === null || variables.keys.has(key)) continue;
    report(context, context.source.rangeOf(keyNode!), 'Variable', key, variables);
  }
}

/** `BaseHook.get_connection("id")`, and `conn_id="id"` / `postgres_conn_id="id"` given to Airflow's classes and functions. */
function checkConnectionCalls(context: RuleContext, connections: KnownKeys): void {
  for (const { node: call } of context.calls.where((name) => isConnectionFetch(name))) {
    const args = callArguments(call);
    const idNode = args.positional[0] ?? args.keywords.get('conn_id') ?? null;
    const id = stringValue(idNode);
    if (id !== null && !connections.keys.has(id)) report(context, context.source.rangeOf(idNode!), 'connection', id, connections);
  }
  for (const argument of context.source.nodes('keyword_argument')) {
    const name = field(argument, 'name')?.text ?? '';
    if (name !== 'conn_id' && !name.endsWith('_conn_id')) continue;
    const value = field(argument, 'value');
    const id = stringValue(value);
    if (id === null || id.includes('{{') || connections.keys.has(id) || !isAirflowCall(context, parentOf(parentOf(argument)))) continue;
    report(context, context.source.rangeOf(value!), 'connection', id, connections);
  }
}

function isAirflowCall(context: RuleContext, call: Node | null): boolean {
  if (call?.type !== 'call') return false;
  const qualified = context.imports.resolve(field(call, 'function'));
  return !!qualified && qualified.startsWith('airflow.');
}
