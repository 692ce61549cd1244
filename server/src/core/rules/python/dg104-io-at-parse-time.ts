// DG104: network, database, subprocess or sleeping calls when the DAG file is parsed.
import { parseTimeExternalCallsSteps, type ExternalKind } from '../../cost/externalCalls';
import { describeCount, describeReasons } from '../../model/multiplicity';
import { joinSentences } from '../sentences';
import { parseTimeSeverity } from '../parseTimeSeverity';
import { reportProjectHazards } from '../../project/findings';
import type { PythonRule, RuleContext } from '../rule';

const CONSEQUENCE: Partial<Record<ExternalKind, string>> = {
  network: 'each call is a network request made by the DAG processor',
  database: 'each call connects to or queries a database from the DAG processor',
  subprocess: 'each call starts a process and waits for it',
  sleep: 'each call stalls the DAG processor',
};

export const dg104: PythonRule = {
  code: 'DG104',
  name: 'io-at-parse-time',
  defaultSeverity: 'warning',
  needsDagFile: true,
  docs: {
    acrossModules:
      "With the project's modules, also the network, database, process and sleep calls that a helper function, a class's `__init__` or an imported module's module-level code run, at the DAG file's call or import.",
    summary: 'A network, database, subprocess or sleeping call runs when the DAG file is parsed.',
    whatItDoes:
      'Reports calls that reach outside the DAG processor at parse time: `requests`, `httpx` and `urllib.request` requests; method calls on `boto3.client(...)` / `boto3.resource(...)` objects (also made by a boto3 session: `boto3.Session(...).client("s3")`, `session.resource("s3")`), SQLAlchemy engines and HTTP sessions; `connect` of `psycopg2`, `pymysql`, `sqlite3`, `snowflake.connector` and other drivers; `pandas.read_sql`; `socket` look-ups; `subprocess`, `os.system`, `os.popen`; `time.sleep`. The list is data: the `ioCalls` setting adds qualified names (`{"mycompany.api.fetch": "network"}`). Reading a local file (`open`, `yaml.safe_load` of a config next to the DAG) is not reported. A database or network call that runs 10 times or more per parse (`parseTimeErrorThreshold`) is an error.',
    whyBad:
      'The DAG processor imports the file every `min_file_process_interval` (30 s by default). A request, a query or a process at module level runs at every one of those parses, on the processor that parses all your DAGs: a slow endpoint or database makes the parse exceed `dagbag_import_timeout`, and the file turns into a "Broken DAG". A `time.sleep` makes every parse that much slower.',
    example: [
      'import requests',
      '',
      'TABLES = requests.get("https://config.internal/tables").json()',
      '',
      'with DAG("sync", schedule="@daily") as dag:',
      '    for table in TABLES:',
      '        SQLExecuteQueryOperator(task_id=f"sync_{table}", sql=f"CALL sync(\'{table}\')")',
    ].join('\n'),
    useInstead: [
      '# Read the list from a file deployed with the DAGs (or a Variable rendered in a template),',
      '# or fetch it inside a task and map over the result.',
      'TABLES = yaml.safe_load(Path(__file__).with_name("tables.yaml").read_text())',
    ].join('\n'),
  },
  // The list is a pass over every call of the file, in steps (shared by DG103, DG104 and the parse cost).
  *check(context: RuleContext) {
    for (const found of yield* parseTimeExternalCallsSteps(context.model, context.settings)) {
      const consequence = CONSEQUENCE[found.kind];
      if (!consequence) continue;
      context.report({
        node: found.call,
        severity: parseTimeSeverity(found.multiplicity, found.kind, context.settings),
        message: `${found.label} runs ${describeCount(found.multiplicity)}.`,
        detail: joinSentences(describeReasons(found.multiplicity), consequence),
      });
    }
    reportProjectHazards(context, IO_KINDS, (kind) => CONSEQUENCE[kind as ExternalKind] ?? '');
  },
};

const IO_KINDS = new Set(Object.keys(CONSEQUENCE) as ExternalKind[]);
