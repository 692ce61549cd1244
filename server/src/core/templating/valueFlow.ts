// "Where does this value land?" For an expression (a `Variable.get(...)` call, a connection's
// `.host`), every place its value ends up: directly as an operator's keyword argument, inside the
// values of a dict, list, tuple or set given to one, through a name bound once (`x = ...`, read
// anywhere it is visible, also inside factory functions), interpolated into an f-string or joined
// to a string with `+`, passed to the file's own function (followed to where the parameter is
// read). A template fix is safe only when every landing is a templated field; the first landing
// that is not gives the reason shown to the user.
import { isLaterTemplateField } from '../airflow/operators';
import type { Deadline } from '../deadline';
import type { NameScopes } from '../model/nameScopes';
import type { SourceFile } from '../model/source';
import { enclosingStatement, field, isStringLike, lineNumber, namedChildren, parentOf, type Node } from '../syntax/nodes';
import type { OperatorResolver } from './operatorClasses';
import { runToEnd } from '../steps';

export interface FlowContext {
  source: SourceFile;
  scopes: NameScopes;
  operators: OperatorResolver;
  /** The Python builtin a call calls (`dict`, `str`), when the file does not rebind that name. */
  builtinOf(call: Node): string | null;
  /** The file's own plain function a call runs (not a method, not decorated), for following arguments into it. */
  plainFunctionOf(call: Node): Node | null;
  /**
   * Walks left for one fix (names read in many places, passed into functions, can branch a lot),
   * and the bindings already followed in the same state (a recursive factory reaches them again).
   */
  budget: { left: number; followed: Set<string> };
  /** The analysis's time budget, checked at each value followed. */
  deadline: Deadline;
}

export interface Landing {
  /** The templated keyword argument (`bash_command=...`) that receives the value. */
  operator: string;
  field: string;
  /** The value was turned into a string on the way (f-string, `+`): the template renders str() too. */
  stringified: boolean;
  /** The keyword argument node, for messages. */
  at: Node;
  /** The operator call. */
  call: Node;
  /**
   * Airflow reads a templated string that ends with one of the operator's template_ext (`.sh`,
   * `.sql`) as a template file's name. 'value': the string could end that way, depending on the
   * value (it ends with the value or another interpolation); 'literal': it does end that way (a
   * template in it would become part of a file name); 'none': it cannot.
   */
  fileNameRisk: 'none' | 'value' | 'literal';
  /** The operator's template_ext ('*': unknown). */
  ext: readonly string[];
}

/** How the string that carries the value ends: with the value, with known text, or unknown. */
export type Ending = { kind: 'value' } | { kind: 'literal'; text: string } | { kind: 'unknown' };

/** The ending of a string literal or f-string (`"a{x}b"` ends with "b"). */
export function endingOf(node: Node | null): Ending {
  if (!node) return { kind: 'unknown' };
  if (node.type === 'concatenated_string') return endingOf(namedChildren(node).pop() ?? null);
  if (node.type !== 'string') return { kind: 'unknown' };
  const parts = namedChildren(node).filter((part) => {
    const type = part.type;
    return type !== 'string_end' && type !== 'string_start';
  });
  const last = parts[parts.length - 1];
  if (!last) return { kind: 'literal', text: '' };
  if (last.type !== 'string_content') return { kind: 'unknown' };
  const isFString = (node.child(0)?.text ?? '').toLowerCase().includes('f');
  return { kind: 'literal', text: isFString ? last.text.replace(/\{\{/g, '{').replace(/\}\}/g, '}') : last.text };
}

function fileNameRisk(ending: Ending, ext: readonly string[]): Landing['fileNameRisk'] {
  if (ext.length === 0) return 'none';
  if (ending.kind !== 'literal') return 'value';
  if (ext.includes('*')) return 'value';
  return ext.some((extension) => ending.text.endsWith(extension)) ? 'literal' : 'none';
}

export type Flow = { ok: true; landings: Landing[] } | { ok: false; reason: string; verbatim?: VerbatimUse };

/** The value reaches a keyword argument that a known operator does not render (DG601). */
export interface VerbatimUse {
  operator: string;
  field: string;
  /** The operator's templated fields. */
  fields: ReadonlySet<string>;
  /** The keyword argument. */
  at: Node;
}

const MAX_NAME_HOPS = 6;
const MAX_NESTING = 100;

function refuse(reason: string): Flow {
  return { ok: false, reason };
}

/**
 * A value interpolated in an f-string: the string is what flows on (its ending changes unless the
 * value ends it); a formatted interpolation (`!r`, `:spec`, `=`) prints more than a template would.
 */
function throughInterpolation(parent: Node, end: Ending): Flow | { current: Node; end: Ending } {
  // `{x!r}`, `{x:>10}` and `{x=}` print more than str(x), which is all a template renders.
  const formatted = parent.children.some((child) => {
    const type = child?.type;
    return type === 'type_conversion' || type === 'format_specifier' || type === '=';
  });
  if (formatted)
    return refuse(`the f-string at line ${lineNumber(parent)} formats the value (\`!r\`, \`:spec\`, \`=\`), which a template would not`);
  const string = parentOf(parent);
  if (!string || string.type !== 'string') return refuse(`the value is used at line ${lineNumber(parent)}, outside an operator argument`);
  const parts = namedChildren(string).filter((part) => part.type !== 'string_end');
  const concatenation = parentOf(string);
  const outer = concatenation?.type === 'concatenated_string' ? concatenation : string;
  const isLast = parts[parts.length - 1]?.id === parent.id && (outer === string || namedChildren(outer).pop()?.id === string.id);
  return { current: outer, end: isLast ? end : endingOf(outer) };
}

/** A value passed as `name=`: into a function of the file, a `dict(...)`, or an operator's field. */
// Airflow hands `params` to templates as they are (`{{ params.x }}` is not rendered again), so a
// template in a param would reach the task as text; the template belongs where the param is read.
const PARAMS_ADVICE =
  '; params reach templates unrendered: where a template reads this param (`{{ params.… }}`), read the value there instead (`{{ var.value.… }}` or `{{ conn.… }}`)';

function* landInKeyword(
  parent: Node,
  current: Node,
  context: FlowContext,
  hops: number,
  isString: boolean,
  end: Ending,
): Generator<void, Flow | { current: Node }> {
  if (field(parent, 'value')?.id !== current.id) return refuse('the value is used as an argument name');
  const call = parentOf(parent)?.type === 'argument_list' ? parentOf(parentOf(parent)) : null;
  const name = field(parent, 'name')?.text ?? '?';
  if (!call || call.type !== 'call') return refuse(`\`${name}\` at line ${lineNumber(parent)} is not an operator argument`);
  // `dict(K=value)` is a dict whose values are rendered like any other.
  if (context.builtinOf(call) === 'dict') return { current: call };
  const intoFunction = yield* followArgument(call, name, context, hops, isString, end);
  if (intoFunction) return intoFunction;
  const target = context.operators.resolve(call);
  if (target.kind === 'call')
    return refuse(`the value is passed to ${target.name}() at line ${lineNumber(parent)}, which is not an operator`);
  if (target.kind === 'unknown') return refuse(`the template_fields of ${target.name} (line ${lineNumber(parent)}) are unknown`);
  // Templated by newer provider releases only: no fix (the project may pin an older one), no DG601.
  if (!target.fields.has(name) && isLaterTemplateField(target.name, name)) {
    return refuse(`\`${name}\` is templated on ${target.name} only in newer provider releases (line ${lineNumber(parent)})`);
  }
  // A project operator that renders the attribute with its own Jinja call (and its own context):
  // not left unrendered (no DG601), but not a field Airflow renders either (no template fix).
  if (!target.fields.has(name) && target.rendersItself(name)) {
    return refuse(`${target.name} renders \`${name}\` itself, not through its template_fields (line ${lineNumber(parent)})`);
  }
  if (!target.fields.has(name)) {
    return {
      ok: false,
      reason: `\`${name}\` is not a templated field of ${target.name} (line ${lineNumber(parent)})${name === 'params' ? PARAMS_ADVICE : ''}`,
      verbatim: { operator: target.name, field: name, fields: target.fields, at: parent },
    };
  }
  if (!target.passesUnchanged(name)) return refuse(`${target.name}'s \`__init__\` may change \`${name}\` before it is rendered`);
  return {
    ok: true,
    landings: [
      {
        operator: target.name,
        field: name,
        stringified: isString,
        at: parent,
        call,
        fileNameRisk: fileNameRisk(end, target.ext),
        ext: target.ext,
      },
    ],
  };
}

/** Where the value of `expression` lands; refuses at the first use that is not a templated field. */
export function followValue(
  expression: Node,
  context: FlowContext,
  hops = 0,
  stringified = false,
  ending: Ending = { kind: 'value' },
): Flow {
  return runToEnd(followValueSteps(expression, context, hops, stringified, ending));
}

/**
 * Reads of a name or parameter followed between two pauses of `followValueSteps`: a name read in
 * every factory of a 5,000-line file (230 reads) took 6-9 ms to follow as one step.
 */
const READS_PER_STEP = 16;

/**
 * `followValue` in steps, for a rule that pauses inside a finding (DG101, a generator): pauses
 * after finding a name's reads and after every READS_PER_STEP reads followed.
 */
export function* followValueSteps(
  expression: Node,
  context: FlowContext,
  hops = 0,
  stringified = false,
  ending: Ending = { kind: 'value' },
): Generator<void, Flow> {
  // In code the parser could not make sense of, a rewrite could change how the rest is read.
  if (context.source.root.hasError && insideSyntaxError(expression))
    return refuse(`line ${lineNumber(expression)} is inside a syntax error`);
  if (--context.budget.left < 0) return refuse('the value has too many uses to follow');
  context.deadline.check();
  let current = expression;
  let isString = stringified;
  let end = ending;
  for (let levels = 0; ; levels++) {
    // Each level asks tree-sitter for a parent, which it finds by descending from the root: a
    // value nested thousands deep would cost the square of its depth.
    if (levels > MAX_NESTING) return refuse(`the value is nested more than ${MAX_NESTING} levels deep`);
    const parent = parentOf(current);
    if (!parent) return refuse('the value is not used');
    switch (parent.type) {
      case 'parenthesized_expression':
      case 'list':
      case 'tuple':
      case 'set':
      case 'expression_list':
        if (parent.type === 'expression_list' && parentOf(parent)?.type !== 'return_statement' && parentOf(parent)?.type !== 'assignment')
          return refuse(`the value is used at line ${lineNumber(parent)}, outside an operator argument`);
        current = parent;
        continue;
      case 'pair':
        if (field(parent, 'value')?.id !== current.id)
          return refuse(`the value is a dict key at line ${lineNumber(parent)}, and keys are never rendered`);
        current = parentOf(parent) ?? parent;
        if (current.type !== 'dictionary') return refuse(`the value is used at line ${lineNumber(parent)}, outside an operator argument`);
        continue;
      case 'interpolation': {
        const through = throughInterpolation(parent, end);
        if ('ok' in through) return through;
        ({ current, end } = through);
        isString = true;
        continue;
      }
      case 'binary_operator': {
        const other = field(parent, 'left')?.id === current.id ? field(parent, 'right') : field(parent, 'left');
        if (parent.child(1)?.type !== '+' || !isStringLike(other))
          return refuse(`the value is used in an expression at line ${lineNumber(parent)}`);
        if (field(parent, 'left')?.id === current.id) end = endingOf(other);
        current = parent;
        isString = true;
        continue;
      }
      case 'keyword_argument': {
        const landing = yield* landInKeyword(parent, current, context, hops, isString, end);
        if ('ok' in landing) return landing;
        current = landing.current;
        continue;
      }
      case 'argument_list': {
        const call = parentOf(parent);
        // `str(value)`: the text a template renders too.
        if (call?.type === 'call' && context.builtinOf(call) === 'str' && namedChildren(parent).length === 1) {
          current = call;
          isString = true;
          continue;
        }
        const positionals = namedChildren(parent).filter((argument) => argument.type !== 'comment');
        const position = positionals.findIndex((argument) => argument.id === current.id);
        if (
          call?.type === 'call' &&
          !positionals
            .slice(0, position + 1)
            .some(
              (argument) => argument.type === 'keyword_argument' || argument.type === 'list_splat' || argument.type === 'dictionary_splat',
            )
        ) {
          const intoFunction = yield* followArgument(call, position, context, hops, isString, end);
          if (intoFunction) return intoFunction;
        }
        const target = call?.type === 'call' ? context.operators.resolve(call) : null;
        if (target && target.kind !== 'call')
          return refuse(`the value is passed positionally to ${target.name} at line ${lineNumber(parent)}`);
        return refuse(`the value is passed to ${target?.name ?? 'a call'}() at line ${lineNumber(parent)}`);
      }
      case 'assignment':
        if (field(parent, 'right')?.id !== current.id)
          return refuse(`the value is used at line ${lineNumber(parent)}, outside an operator argument`);
        return yield* followName(parent, context, hops, isString, end);
      case 'default_parameter':
      case 'typed_default_parameter': {
        // `def build(team, image=IMAGE)`: the default flows into the parameter, read in the body.
        const fn = parentOf(parent)?.type === 'parameters' ? parentOf(parentOf(parent)) : null;
        const name = field(parent, 'name');
        if (field(parent, 'value')?.id !== current.id || fn?.type !== 'function_definition' || !name || name.type !== 'identifier') {
          return refuse(`the value is used at line ${lineNumber(parent)}, outside an operator argument`);
        }
        // A decorated function's parameters may be something else entirely (`@dag`: DAG params).
        if (parentOf(fn)?.type === 'decorated_definition')
          return refuse(`the value is the default of a parameter of a decorated function (line ${lineNumber(fn)})`);
        if (hops >= MAX_NAME_HOPS) return refuse('the value passes through too many names');
        return yield* followParameter(fn, name, context, hops + 1, isString, end);
      }
      case 'expression_statement':
        return refuse(`the value is not used (line ${lineNumber(parent)})`);
      case 'return_statement':
        return refuse(`the value is returned from a function at line ${lineNumber(parent)}`);
      default:
        return refuse(`the value is used at line ${lineNumber(parent)}, outside an operator argument`);
    }
  }
}

/**
 * In a statement that holds a syntax error (the parser's recovery may have guessed). The path
 * from a value to its landing never leaves the statement it starts in (names start a new walk),
 * so checking where each walk starts covers it. An ERROR node around `node` is itself the
 * enclosing statement or lies inside it.
 */
function insideSyntaxError(node: Node): boolean {
  return enclosingStatement(node).hasError;
}

/**
 * A value passed to the file's own function (`build(image=IMAGE)`, a DAG factory): where the
 * parameter it binds is read inside the function. Null when the call is not such a function.
 */
function* followArgument(
  call: Node,
  argument: string | number,
  context: FlowContext,
  hops: number,
  stringified: boolean,
  ending: Ending,
): Generator<void, Flow | null> {
  const parameter = parameterFor(call, argument, context);
  if (!parameter) return null;
  if ('reason' in parameter) return refuse(parameter.reason);
  if (hops >= MAX_NAME_HOPS) return refuse('the value passes through too many names');
  return yield* followParameter(parameter.fn, parameter.name, context, hops, stringified, ending);
}

/**
 * The parameter of the file's own function that an argument binds (`argument`: a keyword name
 * or a position). Null when `call` does not run such a function.
 */
function parameterFor(call: Node, argument: string | number, context: FlowContext): { fn: Node; name: Node } | { reason: string } | null {
  const fn = context.plainFunctionOf(call);
  if (!fn) return null;
  let index = -1;
  for (const parameter of namedChildren(field(fn, 'parameters'))) {
    // Past `*`, `*args` or `**kwargs`, positions no longer map to names simply.
    if (
      parameter.type === 'list_splat_pattern' ||
      parameter.type === 'keyword_separator' ||
      parameter.type === 'dictionary_splat_pattern'
    ) {
      if (typeof argument === 'number') break;
      continue;
    }
    if (parameter.type === 'positional_separator' || parameter.type === 'comment') continue;
    const name =
      parameter.type === 'identifier'
        ? parameter
        : (field(parameter, 'name') ?? namedChildren(parameter).find((child) => child.type === 'identifier') ?? null);
    if (!name) continue;
    index++;
    if (typeof argument === 'number' ? index === argument : name.text === argument) return { fn, name };
  }
  return {
    reason: `the value is passed to ${field(fn, 'name')?.text ?? 'a function'}() (line ${lineNumber(fn)}) in a way that cannot be followed`,
  };
}

/** Where the parameter of `fn` named by `name` is read, in its body, when nothing else assigns it. */
function parameterReads(fn: Node, name: Node, context: FlowContext): { reads: Node[] } | { reason: string } {
  const where = `${field(fn, 'name')?.text ?? 'the function'}() (line ${lineNumber(fn)})`;
  const body = field(fn, 'body');
  if (!body || context.scopes.bindingCount(fn, name.text) !== 1) return { reason: `\`${name.text}\` is assigned again in ${where}` };
  const reads = context.scopes.readsOf(name.text, body, name);
  if (reads.length === 0) return { reason: `\`${name.text}\` is never read in ${where}` };
  return { reads };
}

/** Where the parameter `target` of `fn` is read, for a value it receives (an argument or its default). */
function* followParameter(
  fn: Node,
  target: Node,
  context: FlowContext,
  hops: number,
  stringified: boolean,
  ending: Ending,
): Generator<void, Flow> {
  if (alreadyFollowed(target, context, stringified, ending)) return { ok: true, landings: [] };
  const found = parameterReads(fn, target, context);
  if ('reason' in found) return refuse(found.reason);
  return yield* followReads(found.reads, context, hops, stringified, ending);
}

/** Where the value lands through each of `reads`, pausing between every READS_PER_STEP. */
function* followReads(reads: Node[], context: FlowContext, hops: number, stringified: boolean, ending: Ending): Generator<void, Flow> {
  const landings: Landing[] = [];
  for (const [index, read] of reads.entries()) {
    if (index % READS_PER_STEP === 0) yield;
    const flow = yield* followValueSteps(read, context, hops + 1, stringified, ending);
    if (!flow.ok) return flow;
    landings.push(...flow.landings);
  }
  return { ok: true, landings };
}

/**
 * The value reached this binding before, in the same state: the landings of its reads are being
 * checked on that first visit, so this one adds nothing (and a recursion ends here).
 */
function alreadyFollowed(binding: Node, context: FlowContext, stringified: boolean, ending: Ending): boolean {
  const key = `${binding.id}:${stringified}:${ending.kind}:${ending.kind === 'literal' ? ending.text : ''}`;
  if (context.budget.followed.has(key)) return true;
  context.budget.followed.add(key);
  return false;
}

/** The binding `name = value` and the identifiers that read it, or why it cannot be followed. */
export type NameReads = { ok: true; name: string; assignment: Node; reads: Node[] } | { ok: false; reason: string };

/** Follows `name = <value>` to the places that read `name`. */
export function readsOfAssignment(assignment: Node, context: FlowContext): NameReads {
  const left = field(assignment, 'left');
  if (!left || left.type !== 'identifier')
    return { ok: false, reason: `the value is unpacked or stored at line ${lineNumber(assignment)}` };
  if (parentOf(assignment)?.type !== 'expression_statement')
    return { ok: false, reason: `\`${left.text}\` is assigned in a chain at line ${lineNumber(assignment)}` };
  const name = left.text;
  const scope = context.scopes.bindingScope(assignment);
  if (context.scopes.bindingCount(scope, name) !== 1 || (scope.type === 'module' && context.scopes.isDeclaredGlobal(name))) {
    return { ok: false, reason: `\`${name}\` is assigned more than once` };
  }
  if (scope.type === 'class_definition') return { ok: false, reason: `\`${name}\` is a class attribute` };
  const reads = context.scopes.readsOf(name, scope, left);
  if (reads.length === 0) return { ok: false, reason: `\`${name}\` is never read in this file` };
  return { ok: true, name, assignment, reads };
}

function* followName(assignment: Node, context: FlowContext, hops: number, stringified: boolean, ending: Ending): Generator<void, Flow> {
  if (hops >= MAX_NAME_HOPS) return refuse('the value passes through too many names');
  const bound = readsOfAssignment(assignment, context);
  if (!bound.ok) return refuse(bound.reason);
  if (alreadyFollowed(assignment, context, stringified, ending)) return { ok: true, landings: [] };
  return yield* followReads(bound.reads, context, hops, stringified, ending);
}
