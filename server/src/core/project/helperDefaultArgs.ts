// The default_args dict a DAG factory gets from a helper of its own module:
//
//     def get_default_args():
//         return {"start_date": days_ago(1), "retries": 3}
//
//     def create_dag(default_args=None, **kwargs):
//         if default_args is None:
//             default_args = get_default_args()
//         return DAG(default_args=default_args, **kwargs)
//
// Module summaries (summarize.ts) read the helper's dict entries as the DAG's default_args, so that
// the value rules see a clock the helper computes. Only these shapes are followed: the helper's call
// (or a dict literal) as the keyword's value, or assigned once to a local name at the top of the
// factory's body, either unconditionally or as the `None` fallback of a parameter (then it holds only
// when the caller does not pass that parameter). Any other use of the name (another assignment, a
// subscript write, an `.update()`, a nested function reading it) and the dict is not followed.
import type { FunctionInfo, ParseTimeModel } from '../model/parseTime';
import { dottedText, field, namedChildren, parentOf, unparenthesize, type Node } from '../syntax/nodes';

export interface HelperDefaultArgs {
  /** The dict literal (or `dict(...)` call) the helper returns. */
  dict: Node;
  /** The helper's call, as written: "get_default_args()"; null for a dict assigned in the factory itself. */
  from: string | null;
  /** The factory's parameter whose `None` default the dict replaces (position among the summary's parameters). */
  unlessPassed?: { parameter: string; position: number };
}

/** What a factory's `default_args=<value>` holds when it comes from a helper's dict, or null. */
export function helperDefaultArgs(value: Node | null, model: ParseTimeModel, fn: FunctionInfo | null): HelperDefaultArgs | null {
  const target = unparenthesize(value);
  if (!target) return null;
  if (target.type === 'call') {
    const dict = returnedDict(target, model);
    return dict ? { dict, from: `${dottedText(field(target, 'function'))}()` } : null;
  }
  if (target.type !== 'identifier' || !fn || model.scopeOf(target).id !== fn.node.id) return null;
  const body = field(fn.node, 'body');
  if (!body) return null;
  const name = target.text;
  const uses = identifiersNamed(body, name);
  if (uses === null) return null;
  const assignments = uses.filter((use) => {
    const parent = parentOf(use);
    return parent?.type === 'assignment' && field(parent, 'left')?.id === use.id;
  });
  if (assignments.length !== 1) return null;
  const assignment = parentOf(assignments[0])!;
  const right = unparenthesize(field(assignment, 'right'));
  const dict = right?.type === 'call' ? returnedDict(right, model) : right?.type === 'dictionary' ? right : null;
  if (!dict || !right) return null;
  const from = right.type === 'call' ? `${dottedText(field(right, 'function'))}()` : null;
  const statement = parentOf(assignment);
  if (statement?.type !== 'expression_statement' || statement.endIndex > target.startIndex) return null;
  const parameter = parameterDefaultingToNone(fn, name);
  const holder = parentOf(statement);
  // Unconditional: a statement of the factory's own body, before the DAG call, and no parameter of that name.
  if (holder?.id === body.id) {
    if (parameter || uses.length !== 2) return null;
    return { dict, from };
  }
  // `if name is None: name = ...` at the top of the body, with `name=None` a parameter.
  const ifStatement = holder?.type === 'block' ? parentOf(holder) : null;
  if (
    !parameter ||
    uses.length !== 3 ||
    ifStatement?.type !== 'if_statement' ||
    parentOf(ifStatement)?.id !== body.id ||
    field(ifStatement, 'consequence')?.id !== holder!.id ||
    namedChildren(ifStatement).some((child) => child.type === 'elif_clause' || child.type === 'else_clause') ||
    namedChildren(holder!).filter((child) => child.type !== 'comment').length !== 1 ||
    !isNoneTest(field(ifStatement, 'condition'), name)
  )
    return null;
  return { dict, from, unlessPassed: parameter };
}

/**
 * The identifiers `name` in `body` that read or bind it (not a keyword's name); null when one sits in
 * a nested function, lambda or class (a closure may change what the factory passes).
 */
function identifiersNamed(body: Node, name: string): Node[] | null {
  const found: Node[] = [];
  const pending = [body];
  while (pending.length > 0) {
    const node = pending.pop()!;
    if (node.type === 'identifier') {
      if (node.text !== name) continue;
      const parent = parentOf(node);
      if (parent?.type === 'keyword_argument' && field(parent, 'name')?.id === node.id) continue;
      found.push(node);
      continue;
    }
    if (['function_definition', 'lambda', 'class_definition'].includes(node.type) && node.text.includes(name)) return null;
    pending.push(...namedChildren(node));
  }
  return found;
}

/** `name is None` (either side). */
function isNoneTest(condition: Node | null, name: string): boolean {
  const test = unparenthesize(condition);
  if (test?.type !== 'comparison_operator') return false;
  const operands = namedChildren(test);
  if (operands.length !== 2 || !/^\S+\s+is\s+\S+$/.test(test.text.replace(/\s+/g, ' ').trim())) return false;
  const [left, right] = operands;
  return (
    (left.type === 'identifier' && left.text === name && right.type === 'none') ||
    (right.type === 'identifier' && right.text === name && left.type === 'none')
  );
}

/** The factory's parameter `name` when it defaults to None, with its position (after self/cls for methods). */
function parameterDefaultingToNone(fn: FunctionInfo, name: string): { parameter: string; position: number } | null {
  let position = 0;
  for (const parameter of namedChildren(field(fn.node, 'parameters'))) {
    const own =
      parameter.type === 'identifier'
        ? parameter
        : parameter.type === 'default_parameter' || parameter.type === 'typed_default_parameter'
          ? field(parameter, 'name')
          : parameter.type === 'typed_parameter'
            ? namedChildren(parameter)[0]
            : null;
    if (own?.type !== 'identifier') continue;
    if (position === 0 && fn.classInfo && (own.text === 'self' || own.text === 'cls')) continue;
    if (own.text === name) {
      const isDefaultNone =
        parameter.type !== 'identifier' && parameter.type !== 'typed_parameter' && field(parameter, 'value')?.type === 'none';
      return isDefaultNone ? { parameter: name, position } : null;
    }
    position++;
  }
  return null;
}

/** The dict a module-level helper returns as its whole body (`return {...}`), for a call of it. */
function returnedDict(call: Node, model: ParseTimeModel): Node | null {
  const callee = unparenthesize(field(call, 'function'));
  if (callee?.type !== 'identifier') return null;
  const helper = model.lookup(callee.text, model.scopeOf(call), call);
  if (!helper || !('isTask' in helper) || helper.isTask || helper.classInfo || helper.owner.type !== 'module') return null;
  const statements = namedChildren(field(helper.node, 'body')).filter(
    (statement) =>
      statement.type !== 'comment' && !(statement.type === 'expression_statement' && namedChildren(statement)[0]?.type === 'string'), // a docstring
  );
  if (statements.length !== 1 || statements[0].type !== 'return_statement') return null;
  const value = unparenthesize(namedChildren(statements[0])[0] ?? null);
  if (value?.type === 'dictionary') return value;
  if (value?.type === 'call' && dottedText(field(value, 'function')) === 'dict') return value;
  return null;
}
