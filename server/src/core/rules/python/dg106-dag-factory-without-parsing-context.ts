// DG106: a loop or comprehension that builds DAGs at parse time without a get_parsing_context() guard.
import { DagBuilders } from '../../airflow/dags';
import { iterationCount } from '../../model/iteration';
import { describeMultiplicity } from '../../model/multiplicity';
import { field, namedChildren, parentOf, type Node } from '../../syntax/nodes';
import type { PythonRule, RuleContext } from '../rule';

const COMPREHENSIONS = ['list_comprehension', 'set_comprehension', 'dictionary_comprehension', 'generator_expression'] as const;

export const dg106: PythonRule = {
  code: 'DG106',
  name: 'dag-factory-without-parsing-context',
  defaultSeverity: 'information',
  needsDagFile: true,
  docs: {
    summary: 'A loop builds DAGs at parse time without a `get_parsing_context()` guard.',
    whatItDoes: 'Reports a loop or comprehension that runs at parse time and builds DAGs in its body (a `DAG(...)` call, a call of an `@dag` function, `globals()[...] = dag`, or a call of the file\'s own function that does one of these) when the file never calls `get_parsing_context()`. The message says how many DAGs the loop builds when the file says so.',
    whyBad: 'Every task that runs parses its DAG file again, in the worker. A factory file builds all of its DAGs each time, even though the worker needs only the DAG of the task it runs: with 50 DAGs in a file, every task pays for 50. `get_parsing_context().dag_id` (Airflow 2.4+) is the DAG being run (None during a full parse by the DAG processor), so the loop can skip the others.',
    example: [
      'for team in ["sales", "ops", "finance"]:',
      '    with DAG(f"report_{team}", schedule="@daily") as dag:',
      '        BashOperator(task_id="report", bash_command=f"report.sh {team}")',
    ].join('\n'),
    useInstead: [
      'from airflow.utils.dag_parsing_context import get_parsing_context  # Airflow 3: from airflow.sdk',
      '',
      'current_dag_id = get_parsing_context().dag_id',
      '',
      'for team in ["sales", "ops", "finance"]:',
      '    dag_id = f"report_{team}"',
      '    if current_dag_id is not None and current_dag_id != dag_id:',
      '        continue  # a worker runs a task of another DAG: skip building this one',
      '    with DAG(dag_id, schedule="@daily") as dag:',
      '        BashOperator(task_id="report", bash_command=f"report.sh {team}")',
    ].join('\n'),
  },
  check(context: RuleContext) {
    const { source, model, bindings } = context;
    const builders = new DagBuilders(model);
    if (builders.direct.length === 0 && builders.globalsWrites.length === 0) return;
    if (builders.hasParsingContextGuard()) return;
    const loops: Node[] = [...source.nodes('for_statement'), ...COMPREHENSIONS.flatMap((type) => source.nodes(type))];
    const building = new Set(loops.filter((loop) => builders.sitesWithin(bodyOf(loop)).length > 0 && model.phaseOf(loop) === 'parse').map((loop) => loop.id));
    for (const loop of loops) {
      if (!building.has(loop.id) || insideAnother(loop, building)) continue;
      const iterations = iterationsOf(loop, bindings);
      const perPass = builders.dagsPerPass(bodyOf(loop));
      const what = iterations !== null && perPass !== null ? `builds ${iterations * perPass} DAG${iterations * perPass === 1 ? '' : 's'}` : iterations !== null ? `builds DAGs in each of its ${iterations} passes` : 'builds DAGs (as many as its input has items)';
      const loopRuns = model.multiplicityOf(loop);
      const when = loopRuns.count === 1 && loopRuns.reasons.length === 0 ? 'at every parse' : describeMultiplicity(loopRuns);
      context.report({
        range: headerRange(loop, context),
        message: `This ${loop.type === 'for_statement' ? 'loop' : 'comprehension'} ${what} ${when}, and every task run of any of them builds them all again; guard it with get_parsing_context().dag_id to build only the DAG being run.`,
      });
    }
  },
};

/** The part of a loop that runs once per item. */
function bodyOf(loop: Node): Node {
  if (loop.type === 'for_statement') return field(loop, 'body') ?? loop;
  return field(loop, 'body') ?? loop;
}

function insideAnother(loop: Node, building: Set<number>): boolean {
  for (let parent = parentOf(loop); parent; parent = parentOf(parent)) if (building.has(parent.id)) return true;
  return false;
}

function iterationsOf(loop: Node, bindings: RuleContext['bindings']): number | null {
  if (loop.type === 'for_statement') return iterationCount(field(loop, 'right'), bindings);
  let total: number | null = 1;
  for (const clause of namedChildren(loop).filter((child) => child.type === 'for_in_clause')) {
    const count = iterationCount(field(clause, 'right'), bindings);
    total = total === null || count === null ? null : total * count;
  }
  if (namedChildren(loop).some((child) => child.type === 'if_clause')) return null;
  return total;
}

/** `for team in TEAMS` (up to the iterable), or the comprehension's first `for ... in ...` clause. */
function headerRange(loop: Node, context: RuleContext) {
  if (loop.type === 'for_statement') {
    const right = field(loop, 'right') ?? loop;
    return context.source.lines.rangeOf(loop.startIndex, right.endIndex);
  }
  const clause = namedChildren(loop).find((child) => child.type === 'for_in_clause') ?? loop;
  return context.source.rangeOf(clause);
}
