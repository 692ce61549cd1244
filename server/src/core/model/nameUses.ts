// Where the names an import binds are used, for DG105: in which functions, and whether any use
// runs at parse time (module level, class bodies, decorators, defaults, functions the module
// calls) or cannot take a local import (lambdas), or whether the name is bound again.
// Occurrences are found by searching the text for the name and asking the tree for the node at
// each hit: no walk of the whole tree, and strings and comments are never mistaken for uses.
import type { HeavyImport } from './heavyImports';
import type { RuleContext } from '../ruleContext';
import { contains, field, lineNumber, namedChildren, parentOf, type Node } from '../syntax/nodes';
import type { FunctionInfo } from './parseTime';

export interface NameUses {
  /** Functions that use a name and need the import, in document order. */
  functions: FunctionInfo[];
  /** Why the import cannot move: "it is used at module level (line 12)", "pd is bound again at line 30". */
  blockers: string[];
  /** Some uses are in functions that import the name themselves. */
  covered: boolean;
  /**
   * Lines of uses in annotations that `from __future__ import annotations` leaves unevaluated (PEP
   * 563): they need the name for type checkers only, under `if TYPE_CHECKING:`.
   */
  annotations: number[];
}

const BINDING_PARENTS = new Set([
  'parameters',
  'lambda_parameters',
  'global_statement',
  'nonlocal_statement',
  'delete_statement',
  'as_pattern_target',
]);

export function whereUsed(heavy: HeavyImport, context: Pick<RuleContext, 'source' | 'model'>): NameUses {
  const { source, model } = context;
  const functions = new Map<number, FunctionInfo>();
  const blockers: string[] = [];
  let covered = false;
  const annotations: number[] = [];
  const deferred = defersAnnotations(source.root);
  let cachedLocalImports: Array<{ owner: Node; names: Set<string> }> | null = null;
  const localImports = () => (cachedLocalImports ??= functionLevelImports(context));
  if (heavy.wildcard) blockers.push('it brings in names with `import *`');
  for (const { local } of heavy.names) {
    for (const use of occurrences(local, source.text, source.root)) {
      if (contains(heavy.statement, use)) continue;
      if (isBinding(use)) {
        blockers.push(`${local} is bound again at line ${lineNumber(use)}`);
        continue;
      }
      if (deferred && inDeferredAnnotation(use)) {
        annotations.push(lineNumber(use));
        continue;
      }
      // A lambda cannot hold an import, but it sees the locals of the function around it.
      const own = model.scopeOf(use);
      let scope = own;
      for (let outer = model.parentScope(scope); scope.type === 'lambda' && outer; outer = model.parentScope(scope)) scope = outer;
      if (scope.type === 'module' && own.type === 'lambda') {
        blockers.push(`it is used in a lambda at module level (line ${lineNumber(use)})`);
        continue;
      }
      if (scope.type === 'module') {
        blockers.push(`it is used at module level (line ${lineNumber(use)})`);
        continue;
      }
      const info = model.functionInfo(scope);
      if (!info) {
        blockers.push(`it is used at line ${lineNumber(use)}`);
        continue;
      }
      // The function's phase (not the use's): a use in a `__main__` branch of a parse-time function still blocks.
      if (info.phase === 'parse') {
        blockers.push(`it is used in ${info.name}() (line ${lineNumber(use)}), which runs at parse time`);
        continue;
      }
      if (importsLocally(scope, local, localImports())) {
        covered = true;
        continue;
      }
      functions.set(info.node.id, info);
    }
  }
  return {
    functions: [...functions.values()].sort((a, b) => a.node.startIndex - b.node.startIndex),
    blockers: mergeLines([...new Set(blockers)]).slice(0, 3),
    covered,
    annotations: [...new Set(annotations)],
  };
}

/** The module starts with `from __future__ import annotations`: its annotations stay strings (PEP 563). */
function defersAnnotations(root: Node): boolean {
  return namedChildren(root).some(
    (statement) =>
      statement.type === 'future_import_statement' &&
      namedChildren(statement).some((name) => (name.type === 'aliased_import' ? field(name, 'name') : name)?.text === 'annotations'),
  );
}

/**
 * A use in a parameter or return annotation of an undecorated `def`, which PEP 563 leaves a string
 * that nothing evaluates. Not a decorated one's: a decorator may evaluate them (TaskFlow's `@task`
 * reads the return annotation to infer multiple_outputs, pydantic's validate_call all of them), nor
 * a variable annotation (a class such as a pydantic model evaluates its fields' annotations).
 */
function inDeferredAnnotation(use: Node): boolean {
  for (let child: Node = use, current = parentOf(use); current; child = current, current = parentOf(current)) {
    if (child.type !== 'type') continue;
    const fn =
      current.type === 'function_definition' && field(current, 'return_type')?.id === child.id
        ? current
        : (current.type === 'typed_parameter' || current.type === 'typed_default_parameter') && parentOf(current)?.type === 'parameters'
          ? parentOf(parentOf(current)!)
          : null;
    if (fn) return fn.type === 'function_definition' && parentOf(fn)?.type !== 'decorated_definition';
  }
  return false;
}

/** Identifier nodes named `name` that refer to a variable (not `x.name`, not `f(name=...)`). */
function occurrences(name: string, text: string, root: Node): Node[] {
  const found: Node[] = [];
  const pattern = new RegExp(`(?<![\\w.])${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?!\\w)`, 'gu');
  for (const match of text.matchAll(pattern)) {
    const node = root.descendantForIndex(match.index, match.index + name.length);
    if (!node || node.type !== 'identifier' || node.text !== name) continue;
    const parent = parentOf(node);
    if (parent?.type === 'attribute' && field(parent, 'attribute')?.id === node.id) continue;
    if (parent?.type === 'keyword_argument' && field(parent, 'name')?.id === node.id) continue;
    const statement = hasAncestor(node, ['import_statement', 'import_from_statement']);
    if (statement && !isBoundByImport(node, statement)) continue;
    found.push(node);
  }
  return found;
}

/** In an import, only the name it binds counts: `np` of `import numpy as np`, `os` of `import os.path`. */
export function isBoundByImport(node: Node, statement: Node): boolean {
  const parent = parentOf(node);
  if (!parent) return false;
  if (parent.type === 'aliased_import') return field(parent, 'alias')?.id === node.id;
  if (parent.type !== 'dotted_name' || parent.id === field(statement, 'module_name')?.id) return false;
  if (parentOf(parent)?.type === 'aliased_import') return false;
  return statement.type === 'import_statement' ? namedChildren(parent)[0]?.id === node.id : namedChildren(parent).length === 1;
}

function hasAncestor(node: Node, types: string[]): Node | null {
  for (let current = parentOf(node); current; current = parentOf(current)) if (types.includes(current.type)) return current;
  return null;
}

/** True when `node` is a place that binds the name rather than reading it. */
function isBinding(node: Node): boolean {
  const parent = parentOf(node);
  if (!parent) return false;
  if (BINDING_PARENTS.has(parent.type)) return true;
  if (
    ['default_parameter', 'typed_parameter', 'typed_default_parameter'].includes(parent.type) &&
    (field(parent, 'name')?.id === node.id || namedChildren(parent)[0]?.id === node.id)
  )
    return true;
  if ((parent.type === 'function_definition' || parent.type === 'class_definition') && field(parent, 'name')?.id === node.id) return true;
  if (hasAncestor(node, ['import_statement', 'import_from_statement'])) return !isLocalImport(node);
  // Assignment, loop and with targets (also inside tuples and lists on the left).
  let child: Node = node;
  for (let current: Node | null = parentOf(node); current; child = current, current = parentOf(current)) {
    if (['assignment', 'augmented_assignment', 'for_statement', 'for_in_clause'].includes(current.type))
      return field(current, 'left')?.id === child.id;
    if (current.type === 'named_expression') return field(current, 'name')?.id === child.id;
    if (
      !['pattern_list', 'tuple_pattern', 'list_pattern', 'tuple', 'list', 'parenthesized_expression', 'list_splat_pattern'].includes(
        current.type,
      )
    )
      return false;
  }
  return false;
}

/** An import inside a function: it binds the name locally, which is what the fix would add anyway. */
function isLocalImport(node: Node): boolean {
  for (let current = parentOf(node); current; current = parentOf(current)) {
    if (current.type === 'function_definition') return true;
    if (current.type === 'module') return false;
  }
  return false;
}

/** The imports inside functions, with the function that owns each and the names it binds. */
function functionLevelImports(context: Pick<RuleContext, 'source' | 'model'>): Array<{ owner: Node; names: Set<string> }> {
  const result: Array<{ owner: Node; names: Set<string> }> = [];
  for (const statement of [...context.source.nodes('import_statement'), ...context.source.nodes('import_from_statement')]) {
    const owner = context.model.scopeOf(statement);
    if (owner.type !== 'function_definition') continue;
    const names = new Set<string>();
    for (const name of namedChildren(statement)) {
      if (name.id === field(statement, 'module_name')?.id) continue;
      const bound =
        name.type === 'aliased_import'
          ? field(name, 'alias')?.text
          : name.type === 'dotted_name'
            ? statement.type === 'import_statement'
              ? name.text.split('.')[0]
              : name.text
            : null;
      if (bound) names.add(bound);
    }
    result.push({ owner, names });
  }
  return result;
}

/** The function `scope` (or one that encloses it) imports `local` itself. */
function importsLocally(scope: Node, local: string, imports: Array<{ owner: Node; names: Set<string> }>): boolean {
  return imports.some(({ owner, names }) => names.has(local) && contains(owner, scope));
}

/**
 * "it is used at module level (line 60)" and "... (line 69)" become one "(lines 60 and 69)", so
 * a message does not repeat the same reason for each line.
 */
function mergeLines(blockers: string[]): string[] {
  const groups = new Map<string, string[]>();
  const order: string[] = [];
  for (const blocker of blockers) {
    const match = /^(.*)\(line (\d+)\)(.*)$/.exec(blocker);
    const key = match ? `${match[1]}\u0000${match[3]}` : blocker;
    if (!groups.has(key)) {
      groups.set(key, []);
      order.push(key);
    }
    if (match) groups.get(key)!.push(match[2]);
  }
  return order.map((key) => {
    const lines = groups.get(key)!;
    if (lines.length === 0) return key;
    const [before, after] = key.split('\u0000');
    const shown = lines.length <= 3 ? lines : [...lines.slice(0, 3), `${lines.length - 3} more`];
    const list = shown.length === 1 ? shown[0] : `${shown.slice(0, -1).join(', ')} and ${shown[shown.length - 1]}`;
    return `${before}(line${lines.length === 1 ? '' : 's'} ${list})${after}`;
  });
}
