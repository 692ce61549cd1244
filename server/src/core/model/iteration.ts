// How many times a `for` loop or a comprehension iterates, when the file says so literally:
// list, tuple, set and dict literals, `range(...)` of integers, `enumerate`/`sorted`/`.items()`
// and friends around those, and module-level names bound once to any of them. Otherwise null.
import { callArguments, dottedText, field, intValue, namedChildren, unparenthesize, type Node } from '../syntax/nodes';
import type { ModuleBindings } from './bindings';

const PASS_THROUGH_CALLS = new Set(['enumerate', 'sorted', 'list', 'tuple', 'reversed', 'iter']);
const PASS_THROUGH_METHODS = new Set(['items', 'keys', 'values', 'copy']);

export function iterationCount(expression: Node | null, bindings: ModuleBindings, depth = 0): number | null {
  if (depth > 8) return null;
  const node = bindings.resolveValue(unparenthesize(expression));
  if (!node) return null;
  switch (node.type) {
    case 'list':
    case 'tuple':
    case 'set': {
      const elements = namedChildren(node).filter((child) => child.type !== 'comment');
      if (elements.some((element) => element.type === 'list_splat' || element.type === 'parenthesized_list_splat')) return null;
      return elements.length;
    }
    case 'dictionary': {
      const entries = namedChildren(node).filter((child) => child.type !== 'comment');
      if (entries.some((entry) => entry.type !== 'pair')) return null;
      return entries.length;
    }
    case 'call':
      return callCount(node, bindings, depth);
    default:
      return null;
  }
}

function callCount(call: Node, bindings: ModuleBindings, depth: number): number | null {
  const callee = unparenthesize(field(call, 'function'));
  const args = callArguments(call);
  if (args.hasSplat) return null;
  const name = dottedText(callee);
  if (name === 'range') {
    const values = args.positional.map(intValue);
    if (values.length === 0 || values.length > 3 || values.some((value) => value === null)) return null;
    const [a, b, step] = values.length === 1 ? [0, values[0]!, 1] : [values[0]!, values[1]!, values[2] ?? 1];
    if (step === 0) return null;
    return Math.max(0, Math.ceil((b - a) / step));
  }
  if (name && PASS_THROUGH_CALLS.has(name) && args.positional.length === 1) {
    return iterationCount(args.positional[0], bindings, depth + 1);
  }
  if (name === 'zip' && args.positional.length > 0) {
    const counts = args.positional.map((arg) => iterationCount(arg, bindings, depth + 1));
    return counts.some((count) => count === null) ? null : Math.min(...(counts as number[]));
  }
  if (callee?.type === 'attribute' && args.positional.length === 0) {
    const method = field(callee, 'attribute')?.text;
    if (method && PASS_THROUGH_METHODS.has(method)) return iterationCount(field(callee, 'object'), bindings, depth + 1);
  }
  return null;
}
