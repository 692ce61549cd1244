// DG101/DG102's remedy when the value is only needed at run time: `TOKEN = Variable.get("t")` at
// module level whose every reader is a function that runs when a task runs (a python_callable, a
// @task body, a callback, an operator's execute) moves into each of those functions (after the
// docstring), and the module-level statement goes. The lookup then runs once per task run
// instead of at every parse. The same holds for `conn = BaseHook.get_connection(...)` directly in
// the body of a function that runs at parse time (a `@dag` function, a DAG factory) when only the
// `@task` functions nested in it read `conn`: the function body runs at every parse, the nested
// task bodies only when their tasks run.
//
// When the move keeps what the code does, and when it does not (then the finding says why, with
// no fix):
// - every read is inside a function the parse-time model knows runs only at run time (a read at
//   module level, in a parse-time function, in a module-level lambda or in a function nothing is
//   known to call means the value is needed, or may be needed, at parse time: not this remedy);
//   a lambda passed as a python_callable or callback runs at run time too, but cannot hold the
//   statement: the finding says so, with no fix;
// - the statement is `NAME = <expression>` directly at module level (or directly in a function's
//   body), bound once, never declared `global` or `nonlocal` (a function that rebinds it would see
//   another value), on lines of its own;
// - the value is never changed in place (`CFG["k"] = v`, `CFG.update(...)`): readers that shared
//   one object would each get their own;
// - every name the expression reads means the same inside each function (not a local there, nor in
//   a function between it and the statement) and is bound once where it is bound (a later
//   rebinding would change the key the moved lookup reads);
// - no target is a coroutine (`async def run` of a trigger: the lookup would block its event loop).
// The fix is never safe: a missing Variable or connection now fails the task instead of the
// parse, and a function called several times per task looks the value up each time.
import { dagProcessorEvent, WHEN_TASK_RUNS } from '../airflow/callbacks';
import type { Fix } from '../findings';
import { RUNTIME_CALLABLE_ARGUMENTS, type FunctionInfo } from '../model/parseTime';
import { contains, field, isAsyncFunction, lineNumber, namedChildren, parentOf, stringValue, type Node } from '../syntax/nodes';
import type { TextEdit } from '../syntax/positions';
import type { TemplatingContext } from '../templating/context';
import { statementRemoval } from '../templating/edits';
import { readsOfAssignment } from '../templating/valueFlow';
import { insertAtBodyStart } from './bodyStart';

export type LookupMove =
  /** Every read runs at run time: the functions that read it, and the fix when it can be written. */
  | {
      kind: 'run-time';
      /** The functions that read it, and when each runs: "`fetch()`, which runs when the task runs". */
      readers: string;
      fix: Fix | null;
    }
  /** Every read runs at run time, but moving the lookup would change what the code does. */
  | { kind: 'blocked'; reason: string }
  /**
   * The first read that runs at parse time: what the value is needed for when the file is parsed.
   * `afterRunTimeReads`: reads before it, in the file's order, run later (the template fix, which
   * refuses at the first read it cannot follow, named one of those).
   */
  | { kind: 'parse-time'; read: Node; afterRunTimeReads: boolean };

/** Methods whose call changes a list, dict or set in place. */
const MUTATING_METHODS = new Set([
  'append',
  'extend',
  'insert',
  'update',
  'pop',
  'popitem',
  'clear',
  'remove',
  'setdefault',
  'add',
  'discard',
  'sort',
  'reverse',
  '__setitem__',
]);

/** Expression nodes read through when looking for the statement that holds the lookup. */
const STATEMENT_TYPES = /(_statement|_definition|^block|^module|^lambda|^decorated_definition)$/;

/** Nodes of the expression visited when listing the names it reads. */
const MAX_EXPRESSION_NODES = 500;

/** Null when the remedy does not apply: the value is (or may be) read at parse time, or is not a module-level name. */
export function lookupMove(call: Node, context: TemplatingContext): LookupMove | null {
  const { model } = context.rule;
  const { source } = context;
  const assignment = holdingAssignment(call);
  if (!assignment) return null;
  const statement = parentOf(assignment);
  if (statement?.type !== 'expression_statement') return null;
  // Null inside a loop, branch or `with`: the reads are still told apart, but no move is written.
  const holder = holdingScope(statement);
  const bound = readsOfAssignment(assignment, context);
  if (!bound.ok) return null;
  // `nonlocal` can only name a function's local (a module-level name needs no look): asked of the
  // tree only for the identifiers inside that function, as each `.parent` is a walk from the root.
  const binder = context.scopes.bindingScope(statement);
  const nonlocal =
    binder.type === 'function_definition' && source.text.includes('nonlocal')
      ? source
          .identifiers(bound.name)
          .find((identifier) => contains(binder, identifier) && parentOf(identifier)?.type === 'nonlocal_statement')
      : undefined;
  if (nonlocal)
    return {
      kind: 'blocked',
      reason: `its value is only read when tasks run, but \`${bound.name}\` is declared \`nonlocal\` at line ${lineNumber(nonlocal)}`,
    };
  const targets = new Map<number, FunctionInfo>();
  let mutation: Node | null = null;
  const lambdas = new Map<number, Node>();
  let undecided = false;
  for (const [index, read] of bound.reads.entries()) {
    if (model.phaseOf(read) === 'parse')
      return { kind: 'parse-time', read, afterRunTimeReads: index > 0 && model.phaseOf(bound.reads[0]) !== 'parse' };
    let scope = model.scopeOf(read);
    let outermostLambda: Node | null = null;
    // A lambda sees the locals of the function around it: the lookup goes into that function.
    for (let outer = model.parentScope(scope); scope.type === 'lambda' && outer; outer = model.parentScope(scope)) {
      outermostLambda = scope;
      scope = outer;
    }
    const info = scope.type === 'function_definition' ? model.functionInfo(scope) : undefined;
    if (!info || info.phase !== 'run') {
      // A lambda passed as a python_callable or callback runs when Airflow calls it; any other
      // lambda in parse-time code, or a function nothing is known to call: when they run cannot be told.
      if (outermostLambda && isRunTimeCallable(outermostLambda)) lambdas.set(outermostLambda.id, outermostLambda);
      else undecided = true;
      continue;
    }
    targets.set(info.node.id, info);
    mutation ??= changedInPlace(read) ? read : null;
  }
  if (undecided) return null;
  if (!holder) {
    const compound = parentOf(parentOf(statement) ?? statement);
    return {
      kind: 'blocked',
      reason: `its value is only read when tasks run, but the lookup is inside ${describeCompound(compound)}, where a move cannot be written`,
    };
  }
  const functions = [...targets.values()].sort((a, b) => a.node.startIndex - b.node.startIndex);
  const when = (node: Node) => dagProcessorEvent(node, source, context.rule.imports) ?? WHEN_TASK_RUNS;
  const readers: Reader[] = functions.map((info) => ({
    at: info.node.startIndex,
    name: displayName(info),
    when: info.runReason?.startsWith('passed as ') ? when(info.node) : WHEN_TASK_RUNS,
  }));
  if (lambdas.size > 0) {
    for (const lambda of lambdas.values())
      readers.push({ at: lambda.startIndex, name: `the lambda at line ${lineNumber(lambda)}`, when: when(lambda) });
    readers.sort((a, b) => a.at - b.at);
    return { kind: 'blocked', reason: `its value is only read inside ${describeReaders(readers)}, and a lambda cannot hold the lookup` };
  }
  if (mutation)
    return {
      kind: 'blocked',
      reason: `its value is only read when tasks run, but \`${bound.name}\` is changed in place at line ${lineNumber(mutation)}`,
    };
  const coroutine = functions.find((info) => isAsyncFunction(info.node));
  if (coroutine)
    return {
      kind: 'blocked',
      reason: `its value is only read when tasks run, but ${displayName(coroutine)} is a coroutine, whose event loop a lookup would block`,
    };
  const read = readNames(field(assignment, 'right'));
  if (!read) return null;
  for (const name of read) {
    if (boundMoreThanOnce(name, holder, context)) {
      return {
        kind: 'blocked',
        reason: `its value is only read when tasks run, but \`${name}\`, which the lookup reads, is assigned more than once`,
      };
    }
    const shadowing = functions.find((info) =>
      scopesBetween(info.node, holder, context).some((scope) => context.scopes.bindingCount(scope, name) > 0),
    );
    if (shadowing)
      return {
        kind: 'blocked',
        reason: `its value is only read when tasks run, but \`${name}\` means something else inside ${displayName(shadowing)}`,
      };
  }
  return { kind: 'run-time', readers: describeReaders(readers), fix: moveFix(statement, assignment, bound.name, functions, context) };
}

function moveFix(
  statement: Node,
  assignment: Node,
  name: string,
  functions: readonly FunctionInfo[],
  context: TemplatingContext,
): Fix | null {
  const { source } = context;
  const text = source.text.slice(statement.startIndex, statement.endIndex);
  const edits: TextEdit[] = [];
  for (const info of functions) {
    const insertion = insertAtBodyStart(info.node, text, source);
    if (!insertion) return null;
    edits.push(insertion);
  }
  const removal = statementRemoval(assignment, source);
  if (!removal) return null;
  edits.push(removal);
  const where = functions.length > 3 ? `${functions.length} functions` : functions.map(displayName).join(', ');
  return {
    title: `Move the lookup of \`${name}\` into ${where}`,
    safe: false,
    preferred: true,
    edits: edits.sort((a, b) => source.lines.offsetAt(a.range.start) - source.lines.offsetAt(b.range.start)),
  };
}

/**
 * Where a statement binds its name when the remedy can move it: the module, or the function whose
 * body holds the statement directly (not in a loop, branch or `with`); else null.
 */
function holdingScope(statement: Node): Node | null {
  const parent = parentOf(statement);
  if (parent?.type === 'module') return parent;
  const fn = parent?.type === 'block' ? parentOf(parent) : null;
  return fn?.type === 'function_definition' && field(fn, 'body')?.id === parent?.id ? fn : null;
}

/**
 * Whether `name`, as the statement in `holder` reads it, is bound more than once (or declared
 * `global`): in the innermost function from `holder` outwards that binds it, else at module level.
 * A class body's names are not seen by the functions it defines.
 */
function boundMoreThanOnce(name: string, holder: Node, context: TemplatingContext): boolean {
  for (const scope of scopesBetween(holder, context.source.root, context)) {
    if (scope.type === 'class_definition') continue;
    const count = context.scopes.bindingCount(scope, name);
    if (count > 0) return count > 1;
  }
  return context.scopes.bindingCount(context.source.root, name) > 1 || context.scopes.isDeclaredGlobal(name);
}

/**
 * The function, lambda and class scopes from `inner` (itself included) up to `outer` (excluded),
 * found by offset (NameScopes.bindingScope), not by walking parents.
 */
function scopesBetween(inner: Node, outer: Node, context: TemplatingContext): Node[] {
  const scopes: Node[] = [];
  for (let scope = inner, steps = 0; scope.id !== outer.id && scope.type !== 'module' && steps < 100; steps++) {
    scopes.push(scope);
    scope = context.scopes.bindingScope(scope);
  }
  return scopes;
}

/** The assignment whose right side holds `call` (through any expression), or null. */
function holdingAssignment(call: Node): Node | null {
  let node = call;
  for (let parent = parentOf(node), levels = 0; parent && levels < 100; node = parent, parent = parentOf(parent), levels++) {
    if (parent.type === 'assignment') return field(parent, 'right')?.id === node.id ? parent : null;
    if (STATEMENT_TYPES.test(parent.type)) return null;
  }
  return null;
}

/** `CFG["k"] = v`, `del CFG["k"]`, `CFG["n"] += 1`, `CFG.update(...)`: the read's object changes. */
function changedInPlace(read: Node): boolean {
  const parent = parentOf(read);
  if (!parent) return false;
  if (parent.type === 'attribute' && field(parent, 'object')?.id === read.id) {
    const method = field(parent, 'attribute')?.text ?? '';
    const call = parentOf(parent);
    if (call?.type === 'call' && field(call, 'function')?.id === parent.id && MUTATING_METHODS.has(method)) return true;
    return isTarget(parent);
  }
  if (parent.type === 'subscript' && field(parent, 'value')?.id === read.id) return isTarget(parent);
  return false;
}

/** The node is written to: an assignment's or a loop's target, deleted, or augmented. */
function isTarget(node: Node): boolean {
  let child = node;
  for (let parent = parentOf(node); parent; child = parent, parent = parentOf(parent)) {
    if (parent.type === 'delete_statement') return true;
    if (['assignment', 'augmented_assignment', 'for_statement', 'for_in_clause'].includes(parent.type))
      return field(parent, 'left')?.id === child.id;
    if (
      !['pattern_list', 'tuple_pattern', 'list_pattern', 'tuple', 'list', 'parenthesized_expression', 'expression_list'].includes(
        parent.type,
      )
    )
      return false;
  }
  return false;
}

/**
 * A lambda Airflow calls when a task runs: the value of a `python_callable=` or callback argument
 * (alone or in a list of callbacks, also as a `default_args` entry), the same arguments by which
 * the parse-time model knows a named function runs at run time.
 */
function isRunTimeCallable(lambda: Node): boolean {
  let node = lambda;
  for (let parent = parentOf(node), levels = 0; parent && levels < 4; node = parent, parent = parentOf(parent), levels++) {
    if (parent.type === 'list' || parent.type === 'tuple' || parent.type === 'parenthesized_expression') continue;
    if (parent.type === 'keyword_argument')
      return field(parent, 'value')?.id === node.id && RUNTIME_CALLABLE_ARGUMENTS.has(field(parent, 'name')?.text ?? '');
    if (parent.type === 'pair')
      return field(parent, 'value')?.id === node.id && RUNTIME_CALLABLE_ARGUMENTS.has(stringValue(field(parent, 'key')) ?? '');
    return false;
  }
  return false;
}

/** A function or lambda that reads the value, and when it runs (airflow/callbacks.ts). */
interface Reader {
  at: number;
  name: string;
  when: string;
}

/**
 * "`fetch()`, which runs when the task runs"; "`a()` and `b()`, which run when their tasks run";
 * "`fetch()` (when its task runs) and `notify()` (in the DAG processor when a DAG run fails)".
 * At most four names.
 */
function describeReaders(readers: readonly Reader[]): string {
  const shown = readers.slice(0, 4);
  const more = readers.length > 4 ? [`${readers.length - 4} more`] : [];
  const whens = new Set(readers.map((reader) => reader.when));
  if (whens.size === 1) {
    const [when] = whens;
    const names = joinNames([...shown.map((reader) => reader.name), ...more]);
    if (readers.length === 1) return `${names}, which runs ${when}`;
    return `${names}, which run ${when === WHEN_TASK_RUNS ? 'when their tasks run' : when}`;
  }
  const each = shown.map((reader) => `${reader.name} (${reader.when === WHEN_TASK_RUNS ? 'when its task runs' : reader.when})`);
  return joinNames([...each, ...more]);
}

/** "a, b and c". */
function joinNames(names: readonly string[]): string {
  return names.length <= 1 ? names.join('') : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

/** "the loop at line 12": the compound statement a lookup sits in. */
function describeCompound(node: Node | null): string {
  if (!node) return 'a block';
  const kind = /^(for|while)_/.test(node.type)
    ? 'the loop'
    : /^(if_statement|elif_clause|else_clause)$/.test(node.type)
      ? 'the branch'
      : node.type === 'with_statement'
        ? 'the `with` block'
        : 'the block';
  return `${kind} at line ${lineNumber(node)}`;
}

/** The variable names an expression reads (not attribute or keyword names); null for an expression too large to list. */
function readNames(expression: Node | null): Set<string> | null {
  const names = new Set<string>();
  const pending: Node[] = expression ? [expression] : [];
  for (let visited = 0; pending.length > 0 && visited < MAX_EXPRESSION_NODES; visited++) {
    const node = pending.pop()!;
    if (node.type === 'identifier') {
      const parent = parentOf(node);
      const isName =
        !(parent?.type === 'attribute' && field(parent, 'attribute')?.id === node.id) &&
        !(parent?.type === 'keyword_argument' && field(parent, 'name')?.id === node.id);
      if (isName) names.add(node.text);
      continue;
    }
    pending.push(...namedChildren(node));
  }
  return pending.length > 0 ? null : names;
}

/** `fetch()`, or `ReportOperator.execute()` for a method. */
function displayName(info: FunctionInfo): string {
  return `\`${info.classInfo ? `${info.classInfo.name}.` : ''}${info.name}()\``;
}
