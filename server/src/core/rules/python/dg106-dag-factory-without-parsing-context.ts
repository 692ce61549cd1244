// DG106: a loop or comprehension that builds DAGs at parse time without a get_parsing_context() guard.
import { DagBuilders } from '../../airflow/dags';
import { dagFactoryCalls, dagsPerCall } from '../../project/builtOperators';
import { iterationCount } from '../../model/iteration';
import { describeCount, describeReasons } from '../../model/multiplicity';
import { joinSentences } from '../sentences';
import { boundNames, children, field, namedChildren, parentOf, unparenthesize, type Node } from '../../syntax/nodes';
import type { PythonRule, RuleContext } from '../rule';

const COMPREHENSIONS = ['list_comprehension', 'set_comprehension', 'dictionary_comprehension', 'generator_expression'] as const;

export const dg106: PythonRule = {
  code: 'DG106',
  name: 'dag-factory-without-parsing-context',
  defaultSeverity: 'information',
  needsDagFile: true,
  docs: {
    acrossModules:
      "With the project's modules, also loops whose body calls a factory of another module that builds DAGs: a function returning `DAG(...)` (`with create_dag(...) as dag:`), a `@dag` function, a project class derived from `DAG`, or a method that calls a nested `@dag` function, called on an instance (`Notifier(**config).build()`, also when the file's own subclass inherits the method). The DAGs the file's own classes build through methods called on an instance (`generator = Generator()` then `generator.build(...)`) count too. A factory called only inside a task, a helper that builds no DAG, and a chain that cannot be followed (recursion) stay silent.",
    summary: 'A loop builds DAGs at parse time without a `get_parsing_context()` guard.',
    whatItDoes:
      'Reports a loop or comprehension that runs at parse time and builds DAGs in its body (a `DAG(...)` call, a call of an `@dag` function, `globals()[...] = dag`, or a call of the file\'s own function that does one of these) when the file never calls `get_parsing_context()`. The message says how many DAGs the loop builds when the file says so ("up to" when a `continue` or `break` can skip items). A loop that builds one DAG in all (one item, or a body that lets one item through: `if name != "x": continue`, or the building code under `if name == "x":`) is not reported: the worker needs that DAG anyway.',
    whyBad:
      'Every task that runs parses its DAG file again, in the worker. A factory file builds all of its DAGs each time, even though the worker needs only the DAG of the task it runs: with 50 DAGs in a file, every task pays for 50. `get_parsing_context().dag_id` (Airflow 2.4+) is the DAG being run (None during a full parse by the DAG processor), so the loop can skip the others.',
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
    // The project's factories it calls (`create_dag(...)` from a helper module), with the DAGs each call builds.
    const factories = new Map(dagFactoryCalls(context).map(({ call, dags }) => [call.node.id, dagsPerCall(dags)]));
    const builders = new DagBuilders(model, factories);
    if (builders.direct.length === 0 && builders.factories.length === 0 && builders.globalsWrites.length === 0) return;
    if (builders.hasParsingContextGuard()) return;
    const loops: Node[] = [...source.nodes('for_statement'), ...COMPREHENSIONS.flatMap((type) => source.nodes(type))];
    const building = new Set(
      loops.filter((loop) => builders.sitesWithin(bodyOf(loop)).length > 0 && model.phaseOf(loop) === 'parse').map((loop) => loop.id),
    );
    for (const loop of loops) {
      if (!building.has(loop.id) || insideAnother(loop, building)) continue;
      const perPass = builders.dagsPerPass(bodyOf(loop));
      // A loop that lets one item through (`if name != "x": continue`) builds that item's DAGs only.
      const iterations = onlyOneItemBuilds(loop, builders.sitesWithin(bodyOf(loop))) ? 1 : iterationsOf(loop, bindings);
      // One DAG in all (or one pass of unknown size): the worker needs that DAG, so a guard saves nothing
      // (or cannot be told to).
      if (iterations === 1 && (perPass === null || perPass <= 1)) continue;
      // `continue` or `break` in the body can skip items: the counts are then upper bounds.
      const upTo = loop.type === 'for_statement' && maySkipItems(loop) ? 'up to ' : '';
      const what =
        iterations !== null && perPass !== null
          ? `builds ${upTo}${iterations * perPass} DAG${iterations * perPass === 1 ? '' : 's'}`
          : iterations !== null
            ? upTo
              ? `builds DAGs in up to ${iterations} passes`
              : `builds DAGs in each of its ${iterations} passes`
            : upTo
              ? 'builds DAGs (at most as many as its input has items)'
              : 'builds DAGs (as many as its input has items)';
      const loopRuns = model.multiplicityOf(loop);
      const when = loopRuns.count === 1 && loopRuns.reasons.length === 0 ? 'at every parse' : describeCount(loopRuns);
      context.report({
        range: headerRange(loop, context),
        message: `This ${loop.type === 'for_statement' ? 'loop' : 'comprehension'} ${what} ${when}.`,
        detail: joinSentences(
          describeReasons(loopRuns),
          'Every task run of any of them builds them all again; guard it with get_parsing_context().dag_id to build only the DAG being run.',
        ),
      });
    }
  },
};

/** The part of a loop that runs once per item. */
function bodyOf(loop: Node): Node {
  if (loop.type === 'for_statement') return field(loop, 'body') ?? loop;
  return field(loop, 'body') ?? loop;
}

/**
 * True when at most one item of a `for` loop reaches the DAG-building sites: the body skips every
 * item but one (`if name != "x": continue` before the sites), or every site sits under
 * `if name == "x":`, where `name` is bound by the loop's target and `"x"` is a literal.
 */
function onlyOneItemBuilds(loop: Node, sites: Node[]): boolean {
  if (loop.type !== 'for_statement' || sites.length === 0) return false;
  const names = new Set(boundNames(field(loop, 'left')));
  const body = field(loop, 'body');
  if (!body) return false;
  const first = Math.min(...sites.map((site) => site.startIndex));
  for (const statement of namedChildren(body)) {
    if (statement.startIndex >= first) break;
    if (
      statement.type !== 'if_statement' ||
      namedChildren(statement).some((child) => child.type === 'elif_clause' || child.type === 'else_clause')
    )
      continue;
    const consequence = namedChildren(field(statement, 'consequence')).filter((child) => child.type !== 'comment');
    if (
      consequence.length === 1 &&
      consequence[0].type === 'continue_statement' &&
      comparesToLiteral(field(statement, 'condition'), names, '!=')
    )
      return true;
  }
  return sites.every((site) => {
    for (let parent = parentOf(site); parent && parent.id !== loop.id; parent = parentOf(parent)) {
      const guard = parentOf(parent);
      if (
        guard?.type === 'if_statement' &&
        field(guard, 'consequence')?.id === parent.id &&
        comparesToLiteral(field(guard, 'condition'), names, '==')
      )
        return true;
    }
    return false;
  });
}

/** True when a `continue` or `break` of this loop (not of a loop or function inside it) is in its body. */
function maySkipItems(loop: Node): boolean {
  const body = field(loop, 'body');
  // Iterative: a body can nest expressions thousands deep, past the JS stack.
  const pending = namedChildren(body);
  while (pending.length > 0) {
    const node = pending.pop()!;
    if (node.type === 'continue_statement' || node.type === 'break_statement') return true;
    if (['for_statement', 'while_statement', 'function_definition', 'class_definition', 'lambda'].includes(node.type)) continue;
    pending.push(...namedChildren(node));
  }
  return false;
}

/** `name <op> literal` or `literal <op> name`, with `name` one of `names`. */
function comparesToLiteral(condition: Node | null, names: Set<string>, operator: '==' | '!='): boolean {
  const test = unparenthesize(condition);
  if (test?.type !== 'comparison_operator') return false;
  const operands = namedChildren(test);
  const operators = children(test)
    .filter((child) => !child.isNamed)
    .map((child) => child.type);
  if (operands.length !== 2 || operators.length !== 1 || operators[0] !== operator) return false;
  const literal = (node: Node) =>
    ['string', 'integer', 'float', 'true', 'false', 'none'].includes(node.type) &&
    (node.type !== 'string' || !namedChildren(node).some((part) => part.type === 'interpolation'));
  const [left, right] = operands;
  return (
    (left.type === 'identifier' && names.has(left.text) && literal(right)) ||
    (right.type === 'identifier' && names.has(right.text) && literal(left))
  );
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
