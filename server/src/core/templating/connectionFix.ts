// DG102's fix: a connection fetched at parse time is only ever read for its attributes, so each
// attribute read that lands in a templated field becomes `{{ conn.my_db.host }}` (or
// `.extra_dejson.key`), and the fetch itself goes: the whole `conn = BaseHook.get_connection(...)`
// statement when the connection was bound to a name. Offered only when every read of the
// connection is such an attribute and every one of them lands in a templated field.
import type { Fix } from '../findings';
import { callArguments, field, lineNumber, namedChildren, stringValue, parentOf, type Node } from '../syntax/nodes';
import type { TextEdit } from '../syntax/positions';
import type { TemplatingContext } from './context';
import { connectionJinja, type ConnectionAccess } from './jinja';
import { importCleanup, replacementEdits, statementRemoval } from './edits';
import { followValue, readsOfAssignment } from './valueFlow';
import { fileNameProblem, NATIVE, UNKNOWN_RENDERING, type FixOutcome } from './variableFix';

/** Connection attributes that are strings (or None) and have the same name in templates. */
const STRING_ATTRIBUTES = new Set(['host', 'login', 'password', 'schema', 'conn_type', 'description', 'extra']);

interface Access {
  /** The expression that reads the attribute (`conn.host`, `conn.extra_dejson["region"]`). */
  node: Node;
  access: ConnectionAccess;
  /** Only safe where the value is turned into a string anyway (a number, a JSON value). */
  needsString: boolean;
}

function refused(reason: string): FixOutcome {
  return { fix: null, alternatives: [], reason };
}

/** The attribute read made on `object` (`object.host`), or why it has no template form. */
function accessOn(object: Node): Access | { reason: string } {
  let holder = object;
  let parent = parentOf(holder);
  while (parent?.type === 'parenthesized_expression') {
    holder = parent;
    parent = parentOf(holder);
  }
  const where = `line ${lineNumber(holder)}`;
  if (parent?.type !== 'attribute' || field(parent, 'object')?.id !== holder.id)
    return { reason: `the connection object itself is used at ${where}` };
  const name = field(parent, 'attribute')?.text ?? '';
  if (STRING_ATTRIBUTES.has(name)) return { node: parent, access: { kind: 'attribute', name }, needsString: false };
  if (name === 'port') return { node: parent, access: { kind: 'attribute', name }, needsString: true };
  if (name === 'conn_id') {
    if (isWrittenTo(parent)) return { reason: `\`.conn_id\` is assigned at ${where}` };
    return { node: parent, access: { kind: 'id' }, needsString: false };
  }
  if (name === 'extra_dejson') {
    const outer = parentOf(parent);
    if (outer?.type === 'subscript' && field(outer, 'value')?.id === parent.id) {
      const indexes = namedChildren(outer).filter((child) => child.id !== parent.id && child.type !== 'comment');
      const key = indexes.length === 1 ? stringValue(indexes[0]) : null;
      if (key !== null) return { node: outer, access: { kind: 'extra', key, method: 'subscript' }, needsString: true };
    }
    const call = parentOf(outer);
    if (outer?.type === 'attribute' && field(outer, 'attribute')?.text === 'get' && call?.type === 'call') {
      const args = callArguments(call);
      const key = args.positional.length === 1 && args.keywords.size === 0 ? stringValue(args.positional[0]) : null;
      if (key !== null) return { node: call, access: { kind: 'extra', key, method: 'get' }, needsString: true };
    }
    return { reason: `\`extra_dejson\` is read at ${where} in a way a template cannot express` };
  }
  return { reason: `\`.${name}\` (${where}) has no template equivalent` };
}

/** `conn.conn_id = ...`, `del conn.conn_id`, `for conn.conn_id in ...`: a target, not a value. */
function isWrittenTo(attribute: Node): boolean {
  let node = attribute;
  let parent = parentOf(node);
  while (parent && ['pattern_list', 'tuple_pattern', 'list_pattern', 'tuple', 'list', 'parenthesized_expression'].includes(parent.type)) {
    node = parent;
    parent = parentOf(node);
  }
  if (!parent) return false;
  if (parent.type === 'delete_statement') return true;
  if (['assignment', 'augmented_assignment', 'for_statement', 'for_in_clause'].includes(parent.type))
    return field(parent, 'left')?.id === node.id;
  return false;
}

export function connectionTemplateFix(call: Node, context: TemplatingContext): FixOutcome {
  const args = callArguments(call);
  const idNode = args.keywords.get('conn_id') ?? args.positional[0] ?? null;
  const connId = stringValue(context.rule.bindings.resolveValue(idNode));
  if (connId === null || args.hasSplat || args.positional.length + args.keywords.size !== 1)
    return refused('the connection id is not a constant string');

  // The objects whose attributes are read: the call itself, or every reader of the name it is bound to.
  let expression = call;
  let holder = parentOf(expression);
  while (holder?.type === 'parenthesized_expression') {
    expression = holder;
    holder = parentOf(expression);
  }
  const edits: TextEdit[] = [];
  // What the fix removes or replaces: the assignment, and each attribute read.
  const consumed: Node[] = [];
  let objects: Node[] = [call];
  if (holder?.type === 'assignment' && field(holder, 'right')?.id === expression.id) {
    const bound = readsOfAssignment(holder, context);
    if (!bound.ok) return refused(bound.reason);
    const removal = statementRemoval(holder, context.source);
    if (!removal) return refused(`the assignment at line ${lineNumber(holder)} shares its line with other code`);
    edits.push(removal);
    consumed.push(holder);
    objects = bound.reads;
  }

  const accesses: Access[] = [];
  for (const object of objects) {
    const found = accessOn(object);
    if ('reason' in found) return refused(found.reason);
    // The id is the same string wherever it goes: written as it is, no template, nothing to follow.
    if (found.access.kind === 'id') {
      accesses.push(found);
      continue;
    }
    const flow = followValue(found.node, context);
    if (!flow.ok) return refused(flow.reason);
    if (flow.landings.length === 0) return refused(`the value read at line ${lineNumber(found.node)} never reaches an operator`);
    for (const landing of flow.landings) {
      const rendering = context.rendering.renderingOf(landing.call);
      if (rendering !== 'string') return refused(rendering === 'native' ? NATIVE : UNKNOWN_RENDERING);
    }
    const fileName = flow.landings.find((landing) => landing.fileNameRisk === 'literal');
    if (fileName) return refused(fileNameProblem(fileName));
    const unstringified = flow.landings.find((landing) => !landing.stringified);
    if (found.needsString && unstringified) {
      const what = found.access.kind === 'attribute' ? `\`${found.access.name}\` is a number` : 'an extra value may not be a string';
      return refused(`${what}, and the template for ${unstringified.field} would render a string`);
    }
    accesses.push(found);
  }

  const replaced = replacementEdits(
    accesses.map(({ node, access }) => ({ node, jinja: (quote: string) => connectionJinja(connId, access, quote) })),
    context.source,
  );
  if (!replaced) return refused('an f-string is a raw string that cannot hold the template');
  edits.push(...replaced);
  consumed.push(...accesses.map((read) => read.node));
  const cleanup = importCleanup(call, consumed, context.source, context.rule.imports);
  edits.push(...cleanup.edits);
  const first = connectionJinja(connId, (accesses.find((read) => read.access.kind !== 'id') ?? accesses[0]).access);
  const fix: Fix = {
    title: `Use Jinja templates for connection "${connId}" (${first}${accesses.length > 1 ? ', ...' : ''})`,
    safe: true,
    preferred: true,
    edits,
    ...(cleanup.released.length > 0 ? { releasedImports: cleanup.released } : {}),
  };
  return { fix, alternatives: [], reason: null };
}
