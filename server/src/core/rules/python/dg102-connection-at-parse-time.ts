// DG102: a connection fetched from the metadata database (or secrets backend) when the DAG file is parsed.
import { isConnectionFetch } from '../../airflow/names';
import { describeCount, describeReasons } from '../../model/multiplicity';
import { connectionTemplateFix } from '../../templating/connectionFix';
import { templatingContext } from '../../templating/context';
import { callArguments, stringValue, type Node } from '../../syntax/nodes';
import { lookupRemedy } from '../lookupRemedy';
import { joinSentences } from '../sentences';
import { parseTimeSeverity } from '../parseTimeSeverity';
import { reportProjectHazards } from '../../project/findings';
import type { PythonRule, RuleContext } from '../rule';

export const dg102: PythonRule = {
  code: 'DG102',
  name: 'connection-at-parse-time',
  defaultSeverity: 'warning',
  needsDagFile: true,
  docs: {
    acrossModules:
      "With the project's modules, also the connection lookups that a helper function, a class's `__init__` or an imported module's module-level code run, at the DAG file's call or import.",
    summary: 'A connection is fetched when the DAG file is parsed.',
    whatItDoes:
      "Reports `BaseHook.get_connection(...)` (Airflow 2 `airflow.hooks.base`, the older `airflow.hooks.base_hook`, Airflow 3 `airflow.sdk`, and any provider hook, which inherits it), `Connection.get_connection_from_secrets(...)` and Airflow 3's `Connection.get(...)` when they run at parse time: at module level, in operator arguments, or in a function that module-level code calls. The message says how many times per parse; its detail why, what the fetch costs and the remedy (or why there is no fix).",
    whyBad:
      'The DAG processor imports every DAG file again every `min_file_process_interval` (30 s by default). Each connection fetch at parse time is a query to the metadata database or a call to the secrets backend (Vault, AWS Secrets Manager) at every parse, in every DAG a factory builds, and it puts the connection\'s password into the parsing process. A slow backend makes the parse slower than `dagbag_import_timeout` and the file a "Broken DAG".',
    example: [
      'from airflow.hooks.base import BaseHook',
      'from airflow.operators.bash import BashOperator',
      '',
      'warehouse = BaseHook.get_connection("warehouse")',
      '',
      'with DAG("load", schedule="@daily") as dag:',
      '    BashOperator(task_id="load", bash_command=f"load.sh --host {warehouse.host} --user {warehouse.login}")',
    ].join('\n'),
    useInstead: [
      'with DAG("load", schedule="@daily") as dag:',
      '    BashOperator(task_id="load", bash_command="load.sh --host {{ conn.warehouse.host }} --user {{ conn.warehouse.login }}")',
    ].join('\n'),
    fix: 'When every use of the connection reads `host`, `login`, `password`, `schema`, `port`, `extra`, `extra_dejson["key"]` or `extra_dejson.get("key")`, and each of those values lands in a templated field of an operator (directly, in a dict or list, through a name, or inside an f-string), each read becomes `{{ conn.ID.host }}` (or `{{ conn.ID.extra_dejson.key }}`) and the fetch, with its `conn = ...` line, goes. `conn_id` becomes the id itself. `port` and extra values are only rewritten inside f-strings, where the text is the same either way; directly in a field they would turn from a number or object into a string. A string that ends in one of the operator\'s `template_ext` after the value (`f"{conn.host}/load.sh"`) gets no fix: Airflow would read it as a template file\'s name. When no fix is offered, the detail says why. When the fix takes the last use of `BaseHook` or `Connection`, its import goes too; fix-all removes it once every fix is applied. When the connection is bound to a module-level name (or to a name in a `@dag` function\'s body) that only functions running when a task runs read (a `python_callable`, a callback, an operator\'s `execute`, a nested `@task`), the detail says so and, instead of the template, the fix moves the fetch into each of those functions, as DG101 does; offered, never applied by fix-all. Connections are in the secrets cache too (`[secrets] use_cache`, Airflow 2.7+): with it on, the finding says the fetches are cached and is information; with it off, a connection the parse needs gets the edit that turns it on, as for DG101 (and the editor\'s quick fix that makes it in the project\'s airflow.cfg). For a connection the parse needs, the detail also names the environment variable that serves it with no database query (`AIRFLOW_CONN_<CONN_ID>`, read before the metadata database).',
  },
  check(context: RuleContext) {
    const { calls, model, bindings } = context;
    for (const { node: call, qualified: name } of calls.where(isConnectionFetch)) {
      if (!name || model.phaseOf(call) !== 'parse') continue;
      const multiplicity = model.multiplicityOf(call);
      const templating = templatingContext(context);
      const key = connectionId(call, bindings.resolveValue.bind(bindings));
      const remedy = lookupRemedy(call, connectionTemplateFix(call, templating), templating, { kind: 'connection', key });
      context.report({
        node: call,
        severity: remedy.severity ?? parseTimeSeverity(multiplicity, 'connection', context.settings),
        message: `${describeCall(call, name, bindings.resolveValue.bind(bindings))} runs ${describeCount(multiplicity)}.`,
        detail: joinSentences(describeReasons(multiplicity), CONSEQUENCE, remedy.advice),
        fix: remedy.fix,
        alternatives: remedy.alternatives,
        configChange: remedy.configChange,
      });
    }
    reportProjectHazards(context, CONNECTION, () => CONSEQUENCE);
  },
};

const CONNECTION = new Set(['connection'] as const);
const CONSEQUENCE = 'each call fetches the connection from the metadata database (or secrets backend)';

/** The connection id when it is a literal or a module-level constant. */
function connectionId(call: Node, resolve: (node: Node | null) => Node | null): string | null {
  const args = callArguments(call);
  return stringValue(resolve(args.keywords.get('conn_id') ?? args.positional[0] ?? null));
}

/** `BaseHook.get_connection("warehouse")`, with the id shown by its value when it is a constant. */
function describeCall(call: Node, qualified: string, resolve: (node: Node | null) => Node | null): string {
  const parts = qualified.split('.');
  const shortName = parts.slice(-2).join('.');
  const args = callArguments(call);
  const idNode = args.keywords.get('conn_id') ?? args.positional[0] ?? null;
  const id = connectionId(call, resolve);
  if (id !== null) return `${shortName}(${JSON.stringify(id)})`;
  return `${shortName}(${idNode ? idNode.text.replace(/\s+/g, ' ').slice(0, 40) : ''})`;
}
