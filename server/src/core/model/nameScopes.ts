// Python's name scopes, enough to follow a value through a name: which scope an assignment binds
// in (module, function, lambda or class body), how many times each scope binds a name, and the
// places that read that binding (not a shadowing parameter, local or comprehension variable).
// Built on demand by the value-flow analysis; total over broken trees.
import { MemoKey } from '../memo';
import { boundIdentifiers, field, namedChildren, parentOf, type Node } from '../syntax/nodes';
import type { SourceFile } from './source';

const SCOPE_TYPES = new Set(['function_definition', 'lambda', 'class_definition']);
const COMPREHENSIONS = new Set(['list_comprehension', 'set_comprehension', 'dictionary_comprehension', 'generator_expression']);

/** Identifiers in these positions name something without reading a variable. */
function isNonReading(identifier: Node): boolean {
  const parent = parentOf(identifier);
  if (!parent) return true;
  switch (parent.type) {
    case 'keyword_argument':
    case 'default_parameter':
    case 'typed_default_parameter':
    case 'function_definition':
    case 'class_definition':
      return field(parent, 'name')?.id === identifier.id;
    case 'attribute':
      return field(parent, 'attribute')?.id === identifier.id;
    case 'parameters':
    case 'lambda_parameters':
    case 'typed_parameter':
    case 'list_splat_pattern':
    case 'dictionary_splat_pattern':
    case 'dotted_name':
    case 'aliased_import':
    case 'global_statement':
    case 'nonlocal_statement':
    case 'keyword_pattern':
      return true;
  }
  return false;
}

interface ScopeBody {
  start: number;
  end: number;
  /** The function_definition, lambda or class_definition. */
  scope: Node;
  /** The innermost body around this one. */
  parent: ScopeBody | null;
}

function scopeBodies(source: SourceFile): ScopeBody[] {
  const bodies: ScopeBody[] = [];
  for (const scope of [...source.nodes('function_definition'), ...source.nodes('lambda'), ...source.nodes('class_definition')]) {
    const body = field(scope, 'body');
    const end = body?.endIndex ?? 0;
    if (body && end > body.startIndex) bodies.push({ start: body.startIndex, end, scope, parent: null });
  }
  bodies.sort((a, b) => a.start - b.start || b.end - a.end);
  const open: ScopeBody[] = [];
  for (const body of bodies) {
    while (open.length > 0 && open[open.length - 1].end <= body.start) open.pop();
    body.parent = open[open.length - 1] ?? null;
    open.push(body);
  }
  return bodies;
}

const shared = new MemoKey<NameScopes>('name scopes');

export class NameScopes {
  /** scope node id -> name -> how many statements bind it there. */
  private counts?: Map<number, Map<string, number>>;
  /** Names a `global` statement declares anywhere: their module binding may be written from a function. */
  private globals?: Set<string>;
  /** Names bound in some function, lambda, class or comprehension: only those can be shadowed. */
  private innerNames?: Set<string>;

  /** The bodies of functions, lambdas and classes, by start (outer first at equal starts). */
  private bodies?: ScopeBody[];

  private constructor(private readonly source: SourceFile) {}

  /**
   * The file's scopes, built once per SourceFile and shared by whoever asks (the value flow of
   * DG101/DG102, DG207, the unread default_args of the definition arguments): each built its own
   * table of every binding of the file before.
   */
  static of(source: SourceFile): NameScopes {
    let scopes = shared.get(source);
    if (!scopes) shared.set(source, (scopes = new NameScopes(source)));
    return scopes;
  }

  /**
   * The scope a statement at `node` binds names in: module root, function, lambda or class (the
   * innermost whose body holds the node). Found by offset among the bodies: asking the tree for
   * each statement's ancestors costs a WASM call per level.
   */
  bindingScope(node: Node): Node {
    const bodies = (this.bodies ??= scopeBodies(this.source));
    const start = node.startIndex;
    let low = 0;
    let high = bodies.length - 1;
    let candidate = -1;
    while (low <= high) {
      const mid = (low + high) >> 1;
      if (bodies[mid].start <= start) {
        candidate = mid;
        low = mid + 1;
      } else {
        high = mid - 1;
      }
    }
    // Bodies nest: a node that starts inside one lies inside it.
    for (let body = candidate >= 0 ? bodies[candidate] : null; body; body = body.parent) {
      if (start < body.end) return body.scope;
    }
    return this.source.root;
  }

  /** How many times `scope` binds `name` (assignments, loops, imports, definitions, parameters...). */
  bindingCount(scope: Node, name: string): number {
    return this.table().get(scope.id)?.get(name) ?? 0;
  }

  isDeclaredGlobal(name: string): boolean {
    this.table();
    return this.globals!.has(name);
  }

  /**
   * The identifiers that read the binding of `name` made in `scope`: inside `scope`, not in a
   * nested scope that binds the same name itself. `exclude` is the binding's own target.
   */
  readsOf(name: string, scope: Node, exclude: Node): Node[] {
    this.table();
    const reads: Node[] = [];
    for (const identifier of this.source.identifiers(name)) {
      if (identifier.id === exclude.id) continue;
      if (identifier.startIndex < scope.startIndex || identifier.endIndex > scope.endIndex) continue;
      if (isNonReading(identifier)) continue;
      // Walking up from each read is the costly part (every `.parent` is a walk from the root).
      if (this.innerNames!.has(name) && this.isShadowed(identifier, name, scope)) continue;
      reads.push(identifier);
    }
    return reads;
  }

  /** Does a scope between `identifier` and `scope` bind `name` itself? */
  private isShadowed(identifier: Node, name: string, scope: Node): boolean {
    let child = identifier;
    let first = true;
    for (let parent = parentOf(identifier); parent && parent.id !== scope.id; child = parent, parent = parentOf(parent)) {
      if (COMPREHENSIONS.has(parent.type)) {
        const bound = namedChildren(parent)
          .filter((clause) => clause.type === 'for_in_clause')
          .some((clause) => boundIdentifiers(field(clause, 'left')).some((target) => target.text === name));
        if (bound) return true;
      }
      const type = parent.type;
      const isScopeBody = SCOPE_TYPES.has(type) && field(parent, 'body')?.id === child.id;
      if (!isScopeBody) continue;
      // A class body's names are not visible inside the methods it defines.
      if (type === 'class_definition' && !first) continue;
      if (this.bindingCount(parent, name) > 0) return true;
      first = false;
    }
    return false;
  }

  private table(): Map<number, Map<string, number>> {
    if (this.counts) return this.counts;
    const counts = new Map<number, Map<string, number>>();
    this.globals = new Set();
    const add = (scope: Node, name: Node | null) => {
      if (!name || name.type !== 'identifier') return;
      let names = counts.get(scope.id);
      if (!names) counts.set(scope.id, (names = new Map()));
      const text = name.text;
      names.set(text, (names.get(text) ?? 0) + 1);
    };
    const addTargets = (statement: Node, target: Node | null) => {
      const scope = this.bindingScope(statement);
      for (const name of boundIdentifiers(target)) add(scope, name);
    };
    const source = this.source;
    for (const node of source.nodes('assignment')) addTargets(node, field(node, 'left'));
    for (const node of source.nodes('augmented_assignment')) addTargets(node, field(node, 'left'));
    for (const node of source.nodes('for_statement')) addTargets(node, field(node, 'left'));
    for (const node of source.nodes('with_item')) addTargets(node, field(field(node, 'value'), 'alias'));
    for (const node of source.nodes('named_expression')) addTargets(node, field(node, 'name'));
    for (const node of [...source.nodes('function_definition'), ...source.nodes('class_definition')]) addTargets(node, field(node, 'name'));
    for (const node of [...source.nodes('import_statement'), ...source.nodes('import_from_statement')]) {
      const scope = this.bindingScope(node);
      for (const child of namedChildren(node)) {
        if (child.type === 'aliased_import') add(scope, field(child, 'alias'));
        else if (child.type === 'dotted_name' && child.id !== field(node, 'module_name')?.id) add(scope, namedChildren(child)[0] ?? null);
      }
    }
    for (const node of [...source.nodes('function_definition'), ...source.nodes('lambda')]) {
      for (const parameter of namedChildren(field(node, 'parameters'))) {
        const name =
          parameter.type === 'identifier'
            ? parameter
            : (field(parameter, 'name') ?? namedChildren(parameter).find((child) => child.type === 'identifier') ?? null);
        add(node, name);
      }
    }
    for (const node of source.nodes('global_statement')) for (const name of namedChildren(node)) this.globals.add(name.text);
    this.innerNames = new Set();
    for (const [scopeId, names] of counts) if (scopeId !== source.root.id) for (const name of names.keys()) this.innerNames.add(name);
    for (const comprehension of [
      ...source.nodes('list_comprehension'),
      ...source.nodes('set_comprehension'),
      ...source.nodes('dictionary_comprehension'),
      ...source.nodes('generator_expression'),
    ]) {
      for (const clause of namedChildren(comprehension)) {
        if (clause.type === 'for_in_clause') for (const target of boundIdentifiers(field(clause, 'left'))) this.innerNames.add(target.text);
      }
    }
    this.counts = counts;
    return counts;
  }
}
