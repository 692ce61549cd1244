// Reads operator classes from Python source, without running it: each class's bases, its
// `template_fields` (tuples, lists, `Sequence[str]` annotations, `(*Parent.template_fields, "x")`,
// `Parent.template_fields + (...)`), its `template_ext`, and what its `__init__` does with its
// arguments. Used for the DAG file itself and, by server/src/project/operatorIndex.ts, for the
// project's other Python files (the DAG folder, plugins/, include/, python-path folders).
import type { SourceFile } from '../model/source';
import { dottedText, field, namedChildren, nodesWithin, stringValue, unparenthesize, type Node } from '../syntax/nodes';
/** An operator class read from Python source: its bases and its `template_fields`. */
export interface OperatorClassSpec {
  name: string;
  /** The last part of each base class's name (`airflow.models.BaseOperator` -> BaseOperator). */
  bases: string[];
  /** The fields the class body lists, or null when it does not set template_fields (inherited). */
  fields: string[] | null;
  /** `(*Parent.template_fields, "x")`: classes whose fields are spliced in. */
  spliced: string[];
  /** template_fields is set to something this reader cannot follow. */
  unreadable: boolean;
  /** template_ext, or null when the class does not set it; ['*'] when it is set to something unreadable. */
  ext?: string[] | null;
  /**
   * What the class's own `__init__` does with its arguments (absent: no `__init__`, the base's
   * applies). A keyword argument reaches the template unchanged only when `__init__` stores it as
   * it came (`self.sql = sql`) or hands it on to the base (`super().__init__(sql=sql)`).
   */
  init?: InitSpec;
  /**
   * Attributes the class's own methods hand to a Jinja call (`render_template(self.sql, ...)`,
   * `env.from_string(self.sql)`, `Template(self.sql)`): the class renders them itself, outside
   * `template_fields`, so a template given for one is not left unrendered (DG601 stays silent).
   */
  rendered?: string[];
}

export interface InitSpec {
  /** Parameters stored once as they came: `self.sql = sql`. */
  stored: string[];
  /** Parameters handed to the base by the same name: `super().__init__(sql=sql)`. */
  passedToBase: string[];
  /** `**kwargs` handed to the base untouched: arguments that are not named parameters reach it as given. */
  forwardsOthers: boolean;
  parameters: string[];
}

/** Reads `template_fields` of every class in a file: tuples, lists, `Sequence[str]` annotations, splices. */
export function readOperatorClasses(source: SourceFile): OperatorClassSpec[] {
  const specs: OperatorClassSpec[] = [];
  for (const node of source.nodes('class_definition')) {
    const name = field(node, 'name')?.text;
    if (!name) continue;
    const bases = namedChildren(field(node, 'superclasses'))
      .filter((base) => base.type !== 'keyword_argument' && base.type !== 'comment')
      .map((base) => dottedText(base)?.split('.').pop() ?? '?');
    const spec: OperatorClassSpec = { name, bases, fields: null, spliced: [], unreadable: false };
    for (const statement of namedChildren(field(node, 'body'))) {
      const assignment = statement.type === 'expression_statement' ? namedChildren(statement)[0] : null;
      if (assignment?.type !== 'assignment') continue;
      const target = field(assignment, 'left')?.text;
      if (target === 'template_fields') readFieldList(field(assignment, 'right'), spec);
      if (target === 'template_ext') spec.ext = readExtensions(field(assignment, 'right'));
    }
    const init = namedChildren(field(node, 'body'))
      .map((statement) => (statement.type === 'decorated_definition' ? field(statement, 'definition') : statement))
      .find((statement) => statement?.type === 'function_definition' && field(statement, 'name')?.text === '__init__');
    if (init) spec.init = readInit(init, source);
    const rendered = renderedAttributes(node, source);
    if (rendered.length > 0) spec.rendered = rendered;
    specs.push(spec);
  }
  return specs;
}

/** Which parameters `__init__` stores unchanged as `self.<same name>`, or passes on by the same name. */
function readInit(init: Node, source: SourceFile): InitSpec {
  const stores = new Map<string, number>();
  const storedAsIs = new Set<string>();
  const rebound = new Set<string>();
  const noteTarget = (target: Node | null, value: Node | null) => {
    if (target?.type === 'attribute' && field(target, 'object')?.text === 'self') {
      const attribute = field(target, 'attribute')?.text ?? '';
      stores.set(attribute, (stores.get(attribute) ?? 0) + 1);
      if (value?.type === 'identifier' && value.text === attribute) storedAsIs.add(attribute);
    } else if (target?.type === 'identifier') {
      rebound.add(target.text);
    }
  };
  for (const assignment of [...nodesWithin(source.nodes('assignment'), init), ...nodesWithin(source.nodes('augmented_assignment'), init)]) {
    const left = field(assignment, 'left');
    const right = assignment.type === 'assignment' ? field(assignment, 'right') : null;
    const targets = left && (left.type === 'pattern_list' || left.type === 'tuple_pattern') ? namedChildren(left) : [left];
    const values = right && (right.type === 'expression_list' || right.type === 'tuple') ? namedChildren(right) : [right];
    for (const [index, target] of targets.entries())
      noteTarget(target, targets.length === values.length && assignment.type === 'assignment' ? values[index] : null);
  }
  const parameters: string[] = [];
  let kwargs: string | null = null;
  for (const parameter of namedChildren(field(init, 'parameters'))) {
    const name =
      parameter.type === 'identifier'
        ? parameter
        : (field(parameter, 'name') ?? namedChildren(parameter).find((child) => child.type === 'identifier') ?? null);
    if (!name) continue;
    if (parameter.type === 'dictionary_splat_pattern') kwargs = name.text;
    else parameters.push(name.text);
  }
  const passedToBase: string[] = [];
  let splatsKwargs = false;
  for (const call of nodesWithin(source.nodes('call'), init)) {
    const callee = field(call, 'function');
    if (callee?.type !== 'attribute' || field(callee, 'attribute')?.text !== '__init__') continue;
    for (const argument of namedChildren(field(call, 'arguments'))) {
      const name = field(argument, 'name')?.text;
      if (argument.type === 'keyword_argument' && name && field(argument, 'value')?.text === name) passedToBase.push(name);
      if (argument.type === 'dictionary_splat' && kwargs && namedChildren(argument)[0]?.text === kwargs) splatsKwargs = true;
    }
  }
  // `**kwargs` used anywhere else in __init__ (`kwargs["image"] = ...`, `kwargs.pop(...)`) may change it.
  const kwargsUses = kwargs ? nodesWithin(source.identifiers(kwargs), init).length : 0;
  // Stored once, as it came, and the parameter itself never reassigned before.
  const stored = [...storedAsIs].filter((name) => stores.get(name) === 1 && !rebound.has(name));
  return {
    stored,
    passedToBase: passedToBase.filter((name) => !rebound.has(name)),
    forwardsOthers: splatsKwargs && kwargsUses === 2,
    parameters,
  };
}

/**
 * The last name of a call that renders its argument as a Jinja template: Airflow's
 * `render_template` (module function or `self.render_template`), jinja2's `Template(...)`,
 * `Environment.from_string(...)` and `render`/`render_template_string` helpers.
 */
const RENDERING_CALL = /^(render|render_template|render_template_string|from_string|Template)$/;

/** `self.<name>` arguments of the rendering calls anywhere in the class body. */
function renderedAttributes(classNode: Node, source: SourceFile): string[] {
  const rendered = new Set<string>();
  for (const call of nodesWithin(source.nodes('call'), classNode)) {
    // The called name itself: `Environment(...).from_string` has no dotted text, but is a render.
    const callee = unparenthesize(field(call, 'function'));
    const last = callee?.type === 'attribute' ? field(callee, 'attribute')?.text : callee?.type === 'identifier' ? callee.text : null;
    if (!last || !RENDERING_CALL.test(last)) continue;
    for (const argument of namedChildren(field(call, 'arguments'))) {
      const value = unparenthesize(argument.type === 'keyword_argument' ? field(argument, 'value') : argument);
      if (value?.type === 'attribute' && field(value, 'object')?.text === 'self') rendered.add(field(value, 'attribute')?.text ?? '');
    }
  }
  rendered.delete('');
  return [...rendered];
}

function readExtensions(value: Node | null): string[] {
  const target = unparenthesize(value);
  const single = stringValue(target);
  if (single !== null) return [single];
  if (!target || (target.type !== 'tuple' && target.type !== 'list')) return ['*'];
  const items = namedChildren(target)
    .filter((item) => item.type !== 'comment')
    .map(stringValue);
  return items.every((item) => item !== null) ? (items as string[]) : ['*'];
}

function readFieldList(value: Node | null, spec: OperatorClassSpec): void {
  spec.fields = [];
  spec.spliced = [];
  spec.unreadable = false;
  const add = (node: Node | null): void => {
    const target = unparenthesize(node);
    if (!target) return;
    const text = stringValue(target);
    if (text !== null) {
      spec.fields!.push(text); // also `template_fields = "sql"`, which Airflow reads as one field
      return;
    }
    if (target.type === 'tuple' || target.type === 'list' || target.type === 'set') {
      for (const item of namedChildren(target)) if (item.type !== 'comment') add(item);
      return;
    }
    if (target.type === 'list_splat') return add(namedChildren(target)[0] ?? null);
    if (target.type === 'binary_operator' && target.child(1)?.type === '+') {
      add(field(target, 'left'));
      add(field(target, 'right'));
      return;
    }
    // `Base.template_fields`, or through a module (`pod.KubernetesPodOperator.template_fields`): the
    // class is named by its last part, as `bases` names it.
    const dotted = dottedText(target);
    const parts = dotted?.split('.') ?? [];
    if (
      parts.length >= 2 &&
      parts[parts.length - 1] === 'template_fields' &&
      (parts.length === 2 || /^[A-Z]/.test(parts[parts.length - 2]))
    ) {
      spec.spliced.push(parts[parts.length - 2]);
      return;
    }
    spec.unreadable = true;
  };
  add(value);
}
