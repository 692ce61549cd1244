// DG103: a method of an Airflow hook called when the DAG file is parsed.
import { parseTimeExternalCallsSteps } from '../../cost/externalCalls';
import { describeCount, describeReasons } from '../../model/multiplicity';
import { joinSentences } from '../sentences';
import { parseTimeSeverity } from '../parseTimeSeverity';
import { reportProjectHazards } from '../../project/findings';
import type { PythonRule, RuleContext } from '../rule';

export const dg103: PythonRule = {
  code: 'DG103',
  name: 'hook-call-at-parse-time',
  defaultSeverity: 'warning',
  needsDagFile: true,
  docs: {
    acrossModules:
      "With the project's modules, also the hook calls that a helper function, a class's `__init__` or an imported module's module-level code run, at the DAG file's call or import.",
    summary: 'A method of an Airflow hook is called when the DAG file is parsed.',
    whatItDoes:
      'Reports method calls on hook objects that run at parse time: `S3Hook(...).list_keys(...)`, `PostgresHook(...).get_records(...)`, or `hook.get_conn()` through a name bound to a hook (also `BaseHook.get_hook(...)`). Any class imported from an `airflow...hooks...` module, or whose name ends in `Hook`, counts. Creating a hook without calling it is not reported. The message says how many times the call runs per parse, its detail why; a call that runs 10 times or more per parse (`parseTimeErrorThreshold`) is an error.',
    whyBad:
      'A hook method looks its connection up in the metadata database (or secrets backend) and then talks to the service over the network, at every parse of the file: every `min_file_process_interval` (30 s by default), whether or not any task runs. A slow or unreachable service makes the parse slower than `dagbag_import_timeout`, and the file becomes a "Broken DAG" with none of its DAGs scheduled.',
    example: [
      'from airflow.providers.amazon.aws.hooks.s3 import S3Hook',
      '',
      'keys = S3Hook(aws_conn_id="aws").list_keys(bucket_name="landing", prefix="in/")',
      '',
      'with DAG("ingest", schedule="@hourly") as dag:',
      '    for key in keys:',
      '        BashOperator(task_id=f"load_{key}", bash_command=f"load.sh {key}")',
    ].join('\n'),
    useInstead: [
      '@task',
      'def list_keys():',
      '    return S3Hook(aws_conn_id="aws").list_keys(bucket_name="landing", prefix="in/")',
      '',
      '@task',
      'def load(key):',
      '    ...',
      '',
      'with DAG("ingest", schedule="@hourly") as dag:',
      '    load.expand(key=list_keys())  # dynamic task mapping: the listing runs in a task',
    ].join('\n'),
  },
  // The list is a pass over every call of the file, in steps (shared by DG103, DG104 and the parse cost).
  *check(context: RuleContext) {
    for (const found of yield* parseTimeExternalCallsSteps(context.model, context.settings)) {
      if (found.kind !== 'hook') continue;
      context.report({
        node: found.call,
        severity: parseTimeSeverity(found.multiplicity, 'hook', context.settings),
        message: `${found.label} runs ${describeCount(found.multiplicity)}.`,
        detail: joinSentences(
          describeReasons(found.multiplicity),
          "Each call looks up the hook's connection and reaches the service over the network.",
        ),
      });
    }
    reportProjectHazards(context, HOOK, () => "Each call looks up the hook's connection and reaches the service over the network.");
  },
};

const HOOK = new Set(['hook'] as const);
