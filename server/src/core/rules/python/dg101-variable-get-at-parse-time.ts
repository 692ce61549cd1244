// DG101: `Variable.get` that runs when the DAG file is parsed.
import { VARIABLE_GET } from '../../airflow/names';
import { describeCount, describeReasons } from '../../model/multiplicity';
import { callArguments, stringValue, type Node } from '../../syntax/nodes';
import { lookupRemedy } from '../lookupRemedy';
import { joinSentences } from '../sentences';
import { parseTimeSeverity } from '../parseTimeSeverity';
import { reportProjectHazards } from '../../project/findings';
import { templatingContext } from '../../templating/context';
import { variableTemplateFixSteps } from '../../templating/variableFix';
import type { PythonRule, RuleContext } from '../rule';

export const dg101: PythonRule = {
  code: 'DG101',
  name: 'variable-get-at-parse-time',
  defaultSeverity: 'warning',
  needsDagFile: true,
  docs: {
    acrossModules:
      "With the project's modules (the editor and the CLI read them), also the `Variable.get` calls that a helper function, a class's `__init__` (and the methods it calls through `self`, in its base classes too) or an imported module's module-level code run: `read_export_vars() runs Variable.get 3x per parse (common/variables.py:6, via read_var)` at the call, `common.config runs Variable.get at every parse (common/config.py:3)` at the import.",
    summary: '`Variable.get` runs when the DAG file is parsed.',
    whatItDoes:
      'Reports calls to `Variable.get` (Airflow 2 `airflow.models.Variable`, Airflow 3 `airflow.sdk.Variable`, under any alias) that run at parse time: at module level, in a `with DAG(...)` block, in operator arguments, or in a function that module-level code calls. The message says how many times the call runs per parse, its detail why, what the lookup costs and the remedy (or why there is no fix).',
    whyBad:
      'The DAG processor imports every DAG file again every `min_file_process_interval` (30 s by default). Each `Variable.get` at parse time is a query to the metadata database (or a call to the secrets backend) at every parse: thousands of queries a day per call, and in a DAG factory, per DAG. A slow database turns into a parse slower than `dagbag_import_timeout`, and the file into a "Broken DAG".',
    example: [
      'from airflow.models import Variable',
      'from airflow.operators.bash import BashOperator',
      '',
      'env = Variable.get("environment")',
      '',
      'with DAG("report", schedule="@daily") as dag:',
      '    BashOperator(task_id="run", bash_command=f"run.sh --env {env}")',
    ].join('\n'),
    useInstead: [
      'with DAG("report", schedule="@daily") as dag:',
      '    BashOperator(task_id="run", bash_command="run.sh --env {{ var.value.environment }}")',
    ].join('\n'),
    fix: "Replaces the call with the Jinja template that Airflow renders when the task runs (`{{ var.value.key }}`; `{{ var.value.get('my.key', 'default') }}` for keys that are not identifiers and for defaults; `{{ var.json.cfg.bucket }}` for `deserialize_json=True` with literal subscripts, also through a name: `cfg = Variable.get('cfg', deserialize_json=True)` read as `cfg[\"bucket\"]` has each read replaced and the assignment removed). Offered only when every place the value lands is a templated field of an operator: directly, in the values of a dict, list or tuple, through a name bound once (`x = Variable.get(...)` becomes `x = \"{{ var.value.k }}\"`, so every reader gets the template), or inside an f-string (its braces escaped while other interpolations remain). Template fields come from a built-in table of Airflow's operators, from operator classes in the file, and from the operator classes of the project (the DAG folder, `plugins/`, `include/`). When the fix is not offered, the detail says why: a use that is not templated (`task_id`, `retries`, `int(...)`, `default_args`), an operator whose template_fields are unknown, or a JSON value whose type would change. Where the value could be the end of the text, and the operator has a `template_ext` (`.sh` for BashOperator, `.sql` for SQL operators), the fix is offered but not applied by fix-all: a value that ends in `.sh` was read as the name of a template file, and the template is not; a string that ends in `.sh` after the value gets no fix at all. One difference remains: a variable whose value itself contains Jinja was rendered a second time before the fix, and is not after. When the fix takes the last use of `Variable`, its import goes too (the whole `from airflow.models import Variable`, or only the name and its comma); fix-all removes it once every fix is applied. An import that is still used, listed in `__all__`, named in an annotation or marked `# noqa` stays. When the value is bound to a module-level name (`TOKEN = Variable.get(\"token\")`) that only functions running when a task runs read (a `python_callable`, a `@task` body, a callback, an operator's `execute`), the detail says so and, instead of the template, the fix moves the statement into each of those functions (after the docstring) and removes it from module level. The same goes for a name bound directly in the body of a function that runs at parse time (a `@dag` function, a DAG factory) and read only by the `@task` functions nested in it: that body runs at every parse, the nested task bodies only when their tasks run. The detail says when each of those functions runs: a task's callable when its task runs, a DAG's `on_success_callback` / `on_failure_callback` in the DAG processor when a DAG run ends, its `sla_miss_callback` (Airflow 2) in the DAG processor when a task misses its SLA; all of them once per event, not at every parse. It is offered, never applied by fix-all: a missing Variable then fails the task instead of the parse. It is not offered when the value is changed in place (`CFG[\"k\"] = v`), when a name the lookup reads is assigned more than once or means something else inside the function, when the name is rebound through `nonlocal`, when the lookup sits in a loop, branch or `with` block, when a lambda passed as a `python_callable` or callback reads it (it runs when the task runs, but cannot hold a statement), or when the function is a coroutine (the lookup would block its event loop); the detail says which. When the parse itself needs the value (a loop, task ids, the schedule, a branch), the detail says what it shapes, and the remedy is Airflow's secrets cache (`[secrets] use_cache`, Airflow 2.7+, which caches Variable and connection reads for `cache_ttl_seconds`, 900 by default, while DAG files are parsed): with it on in the project's airflow.cfg or `AIRFLOW__SECRETS__USE_CACHE`, the finding says the reads are cached and is information; with it off, it names the edit in the project's airflow.cfg (or the file that sets it). Where the project's Airflow is known to be 2.7+ and its airflow.cfg decides the cache, the editor offers that edit as a quick fix on the finding (adding `use_cache = True` to `[secrets]`, the section or the key where missing, in the file's style); `dag-guard check --fix` never edits airflow.cfg. For a value the parse needs, the detail also names the environment variable that would serve it with no database query when the value is fixed per deployment (`AIRFLOW_VAR_<KEY>`, which Airflow's secrets search path reads before the metadata database), or a file next to the DAG.",
  },
  // A generator: each call's remedy follows its value through the file (several ms on a large
  // file), and the analysis pauses after each and while following it.
  *check(context: RuleContext) {
    const { calls, model, bindings } = context;
    for (const { node: call } of calls.where((name) => VARIABLE_GET.has(name))) {
      if (model.phaseOf(call) !== 'parse') continue;
      const multiplicity = model.multiplicityOf(call);
      // Computed with the finding, not when a fix is asked for: following the value to every place
      // it lands is the costly part, and the detail (the reason when there is no fix) and the
      // diagnostic (whether it has a fix) both need it. Only writing the edits could wait.
      const templating = templatingContext(context);
      const key = variableKey(call, bindings.resolveValue.bind(bindings));
      const remedy = lookupRemedy(call, yield* variableTemplateFixSteps(call, templating), templating, { kind: 'variable', key });
      context.report({
        node: call,
        severity: remedy.severity ?? parseTimeSeverity(multiplicity, 'variable', context.settings),
        message: `${describeCall(call, bindings.resolveValue.bind(bindings))} runs ${describeCount(multiplicity)}.`,
        detail: joinSentences(describeReasons(multiplicity), CONSEQUENCE, remedy.advice),
        fix: remedy.fix,
        alternatives: remedy.alternatives,
        configChange: remedy.configChange,
      });
      yield;
    }
    reportProjectHazards(context, VARIABLE, () => CONSEQUENCE);
  },
};

const VARIABLE = new Set(['variable'] as const);
const CONSEQUENCE = 'each call queries the metadata database (or secrets backend)';

/** The Variable's key when it is a literal or a module-level constant. */
function variableKey(call: Node, resolve: (node: Node | null) => Node | null): string | null {
  return stringValue(resolve(keyArgument(call)));
}

function keyArgument(call: Node): Node | null {
  const args = callArguments(call);
  return args.keywords.get('key') ?? args.positional[0] ?? null;
}

/** `Variable.get("env")`, with a key held in a module-level constant shown by its value. */
function describeCall(call: Node, resolve: (node: Node | null) => Node | null): string {
  const keyNode = keyArgument(call);
  const key = stringValue(resolve(keyNode));
  if (key !== null) return `Variable.get(${JSON.stringify(key)})`;
  return keyNode ? `Variable.get(${truncate(keyNode.text)})` : 'Variable.get()';
}

function truncate(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ');
  return oneLine.length > 40 ? `${oneLine.slice(0, 37)}...` : oneLine;
}
