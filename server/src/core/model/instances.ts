// Names bound to the object a call creates (`hook = S3Hook(...)`, `s3 = boto3.client("s3")`), per
// scope, so that rules can tell what `hook.get_records()` calls a method of. Python's own scoping:
// a name assigned anywhere in a function is local to it; a parameter hides outer bindings; a name
// bound in any other way (loop target, tuple unpacking, augmented assignment, several different
// creators) has no known creator, and rules stay silent about it.
import { boundNames, field, namedChildren, unparenthesize, parentOf, type Node } from '../syntax/nodes';
import type { ParseTimeModel } from './parseTime';
import type { SourceFile } from './source';

type Bound = { call: Node } | 'other';

interface Entry {
  /** The node that binds the name; its scope is computed only when the name is asked about. */
  at: Node;
  bound: Bound;
}

export class InstanceBindings {
  private readonly byName = new Map<string, Entry[]>();
  private readonly byScope = new Map<string, Map<number, Bound[]>>();

  constructor(
    source: SourceFile,
    private readonly model: ParseTimeModel,
  ) {
    for (const assignment of source.nodes('assignment')) {
      const left = field(assignment, 'left');
      let right = field(assignment, 'right');
      while (right?.type === 'assignment') right = field(right, 'right');
      if (!left) continue;
      const value = unparenthesize(right);
      if (left.type === 'identifier') this.add(assignment, left.text, value?.type === 'call' ? { call: value } : 'other');
      else for (const name of boundNames(left)) this.add(assignment, name, 'other');
    }
    for (const item of source.nodes('with_item')) {
      const value = field(item, 'value');
      if (value?.type !== 'as_pattern') continue;
      const alias = field(value, 'alias');
      const expression = unparenthesize(namedChildren(value)[0] ?? null);
      const names = alias ? namedChildren(alias).flatMap(boundNames) : [];
      if (alias && names.length === 0 && alias.text) names.push(alias.text);
      for (const name of names) this.add(item, name, expression?.type === 'call' && names.length === 1 ? { call: expression } : 'other');
    }
    for (const node of [...source.nodes('for_statement'), ...source.nodes('augmented_assignment'), ...source.nodes('named_expression')]) {
      const target = node.type === 'named_expression' ? field(node, 'name') : field(node, 'left');
      if (target) for (const name of boundNames(target)) this.add(node, name, 'other');
    }
    // A comprehension's variables live in their own scope, which the model folds into the
    // enclosing one: marking them makes a same-named outer binding unknown (silence, not a guess).
    for (const type of ['list_comprehension', 'set_comprehension', 'dictionary_comprehension', 'generator_expression'] as const) {
      for (const comprehension of source.nodes(type)) {
        for (const clause of namedChildren(comprehension)) {
          const target = clause.type === 'for_in_clause' ? field(clause, 'left') : null;
          if (target) for (const name of boundNames(target)) this.add(comprehension, name, 'other');
        }
      }
    }
    for (const node of [
      ...source.nodes('import_statement'),
      ...source.nodes('import_from_statement'),
      ...source.nodes('global_statement'),
    ]) {
      for (const name of namedChildren(node)) {
        const local =
          name.type === 'aliased_import'
            ? field(name, 'alias')?.text
            : name.type === 'identifier'
              ? name.text
              : name.type === 'dotted_name' && node.type === 'import_statement'
                ? name.text.split('.')[0]
                : null;
        if (local) this.add(node, local, 'other');
      }
    }
  }

  private add(at: Node, name: string, bound: Bound): void {
    const list = this.byName.get(name);
    if (list) list.push({ at, bound });
    else this.byName.set(name, [{ at, bound }]);
  }

  /** The bindings of `name` per scope, computed on first use (scopes cost parent walks). */
  private scopesOf(name: string): Map<number, Bound[]> {
    let scopes = this.byScope.get(name);
    if (!scopes) {
      scopes = new Map();
      for (const { at, bound } of this.byName.get(name) ?? []) {
        if (at.type === 'assignment' && inClassBody(at)) continue; // a class attribute, not a variable
        const scope = this.model.scopeOf(at).id;
        const list = scopes.get(scope);
        if (list) list.push(bound);
        else scopes.set(scope, [bound]);
      }
      this.byScope.set(name, scopes);
    }
    return scopes;
  }

  /**
   * The call that created the object `expression` stands for: the call itself (`S3Hook(...)`), or
   * the one call a name is bound to in the scope that owns the name. Null when it cannot tell.
   * `candidate` filters early: names never bound to a call it accepts are answered at once.
   */
  creatorOf(expression: Node | null, candidate: (call: Node) => boolean = () => true): Node | null {
    const node = unparenthesize(expression);
    if (!node) return null;
    if (node.type === 'call') return node;
    if (node.type !== 'identifier') return null;
    const name = node.text;
    if (!this.byName.get(name)?.some(({ bound }) => bound !== 'other' && candidate(bound.call))) return null;
    const scopes = this.scopesOf(name);
    for (let scope: Node | null = this.model.scopeOf(node); scope; scope = this.model.parentScope(scope)) {
      if (scope.type !== 'module' && isParameter(scope, name)) return null;
      const bound = scopes.get(scope.id);
      if (bound) {
        const calls = bound.map((entry) => (entry === 'other' ? null : entry.call));
        if (calls.some((call) => call === null)) return null;
        const callee = (call: Node | null) => field(call, 'function')?.text;
        return calls.every((call) => callee(call) === callee(calls[0])) ? calls[0] : null;
      }
    }
    return null;
  }
}

function inClassBody(statement: Node): boolean {
  for (let current = parentOf(statement); current; current = parentOf(current)) {
    if (current.type === 'function_definition' || current.type === 'lambda' || current.type === 'module') return false;
    if (current.type === 'class_definition') return true;
  }
  return false;
}

function isParameter(scope: Node, name: string): boolean {
  const parameters = field(scope, 'parameters');
  for (const parameter of namedChildren(parameters)) {
    const target =
      parameter.type === 'identifier'
        ? parameter
        : (field(parameter, 'name') ?? namedChildren(parameter).find((child) => child.type === 'identifier') ?? null);
    if (target?.text === name) return true;
  }
  return false;
}
