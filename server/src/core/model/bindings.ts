// Module-level names bound exactly once (`KEY = "api_key"`, `TEAMS = ["a", "b"]`), so that rules
// can see through a name to its value. A name bound more than once, or also bound by a loop, a
// `with ... as`, an import, a `global` write or an augmented assignment, has no known value.
import { boundNames, field, namedChildren, parentOf, type Node } from '../syntax/nodes';
import type { SourceFile } from './source';

export interface Binding {
  name: string;
  /** The assignment statement's `right` side. */
  value: Node;
  assignment: Node;
}

export class ModuleBindings {
  private readonly single = new Map<string, Binding>();
  private readonly ambiguous = new Set<string>();

  constructor(private readonly source: SourceFile) {
    const seen = new Map<string, Binding | null>();
    const mark = (name: string, binding: Binding | null) => {
      seen.set(name, seen.has(name) ? null : binding);
    };
    for (const assignment of source.nodes('assignment')) {
      const scopeKind = scopeOfStatement(assignment);
      const left = field(assignment, 'left');
      const right = field(assignment, 'right');
      if (!left) continue;
      if (scopeKind !== 'module') continue;
      if (left.type === 'identifier') {
        // `a = b = value` nests the second assignment as the right side.
        let value = right;
        while (value && value.type === 'assignment') value = field(value, 'right');
        mark(left.text, value ? { name: left.text, value, assignment } : null);
      } else {
        for (const name of boundNames(left)) mark(name, null);
      }
    }
    // Other module-level bindings of the same names make their value unknown.
    const rebinders = [
      ...source.nodes('augmented_assignment'),
      ...source.nodes('for_statement'),
      ...source.nodes('with_item'),
      ...source.nodes('global_statement'),
      ...source.nodes('named_expression'),
    ];
    for (const node of rebinders) {
      const target =
        node.type === 'for_statement'
          ? field(node, 'left')
          : node.type === 'augmented_assignment'
            ? field(node, 'left')
            : node.type === 'named_expression'
              ? field(node, 'name')
              : node.type === 'with_item'
                ? field(field(node, 'value'), 'alias')
                : null;
      if (node.type === 'global_statement') {
        for (const name of namedChildren(node)) this.ambiguous.add(name.text);
      } else if (target) {
        for (const name of boundNames(target)) this.ambiguous.add(name);
      }
    }
    for (const [name, binding] of seen) {
      if (binding && !this.ambiguous.has(name)) this.single.set(name, binding);
    }
  }

  /** The value a module-level name is bound to once and only once, if any. */
  valueOf(name: string): Node | null {
    return this.single.get(name)?.value ?? null;
  }

  binding(name: string): Binding | undefined {
    return this.single.get(name);
  }

  /** Follows names to their values (`A = B`, `B = [..]` -> the list), at most a few steps. */
  resolveValue(node: Node | null): Node | null {
    let current = node;
    for (let steps = 0; current && current.type === 'identifier' && steps < 8; steps++) {
      const next = this.valueOf(current.text);
      if (!next) return current;
      current = next;
    }
    return current;
  }

  get file(): SourceFile {
    return this.source;
  }
}

/** 'module' when the statement runs in the module's own scope (not inside def, lambda or class). */
export function scopeOfStatement(node: Node): 'module' | 'function' | 'class' {
  for (let current = parentOf(node); current; current = parentOf(current)) {
    const type = current.type;
    if (type === 'function_definition' || type === 'lambda') return 'function';
    if (type === 'class_definition') return 'class';
  }
  return 'module';
}
