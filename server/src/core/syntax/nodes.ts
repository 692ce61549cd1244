// Small, total helpers over tree-sitter-python nodes. "Total": each accepts whatever a broken,
// half-typed file yields (ERROR nodes, MISSING tokens, absent fields) and answers null or [].
import type { SyntaxNode } from './snapshot';

/** A node of the tree as the analysis reads it: a plain-data snapshot's (core/syntax/snapshot.ts). */
export type Node = SyntaxNode;

export function field(node: Node | null | undefined, name: string): Node | null {
  return node?.childForFieldName(name) ?? null;
}

/** `node.parent`, null-tolerant (a snapshot keeps each node's parent: no call into WASM). */
export function parentOf(node: Node | null | undefined): Node | null {
  return node?.parent ?? null;
}

/** A node's named children (a new array: callers may change it). */
export function namedChildren(node: Node | null | undefined): Node[] {
  return node ? node.namedChildren : [];
}

/** A node's children, anonymous ones too (a new array). */
export function children(node: Node | null | undefined): Node[] {
  return node ? node.children : [];
}

/** True when `inner` lies within `outer` (or is it). */
export function contains(outer: Node, inner: Node): boolean {
  return outer.startIndex <= inner.startIndex && inner.endIndex <= outer.endIndex;
}

/**
 * The nodes of `sorted` (in document order, as `SourceFile.nodes` and `identifiers` give them)
 * that lie within `outer`, in that order. A binary search on the start offset, which web-tree-sitter
 * keeps on the node object, then the end offset (a call into WASM) only for those that start
 * inside: filtering a whole file's list per outer node made reading every class or function
 * quadratic in the file's size.
 */
export function nodesWithin(sorted: readonly Node[], outer: Node): Node[] {
  const start = outer.startIndex;
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (sorted[middle].startIndex < start) low = middle + 1;
    else high = middle;
  }
  const found: Node[] = [];
  if (low === sorted.length) return found;
  const end = outer.endIndex;
  for (let index = low; index < sorted.length && sorted[index].startIndex <= end; index++) {
    if (sorted[index].endIndex <= end) found.push(sorted[index]);
  }
  return found;
}

/** 1-based line of a node, for messages (rows count lone "\r"s too: the parser reads them as "\n"). */
export function lineNumber(node: Node): number {
  return node.startPosition.row + 1;
}

export interface CallArguments {
  positional: Node[];
  keywords: Map<string, Node>;
  /** The keyword_argument nodes themselves, for edits that rename or remove one. */
  keywordNodes: Map<string, Node>;
  /** `*args` or `**kwargs` present: the call may receive arguments we cannot see. */
  hasSplat: boolean;
  list: Node | null;
}

export function callArguments(call: Node): CallArguments {
  const list = field(call, 'arguments');
  const result: CallArguments = { positional: [], keywords: new Map(), keywordNodes: new Map(), hasSplat: false, list };
  if (!list || list.type !== 'argument_list') return result;
  for (const argument of namedChildren(list)) {
    if (argument.type === 'keyword_argument') {
      const name = field(argument, 'name');
      const value = field(argument, 'value');
      if (name && value) {
        result.keywords.set(name.text, value);
        result.keywordNodes.set(name.text, argument);
      }
    } else if (argument.type === 'list_splat' || argument.type === 'dictionary_splat') {
      result.hasSplat = true;
    } else if (argument.type !== 'comment') {
      result.positional.push(argument);
    }
  }
  return result;
}

/** Strips parentheses: `((x))` -> `x`. */
export function unparenthesize(node: Node | null): Node | null {
  let current = node;
  while (current && current.type === 'parenthesized_expression') {
    const inner = namedChildren(current).filter((child) => child.type !== 'comment');
    if (inner.length !== 1) return current;
    current = inner[0];
  }
  return current;
}

/** `"text"` or `'text'`: no prefix, no escape, no brace, on one line. */
const PLAIN_STRING = /^(["'])([^"'\\{}\r\n]*)\1$/;

/**
 * The value of a string literal without interpolation (also implicit concatenation), or null for
 * f-strings with fields, byte strings and anything that is not a plain string.
 */
export function stringValue(node: Node | null): string | null {
  const target = unparenthesize(node);
  if (!target) return null;
  const type = target.type;
  if (type === 'string') {
    // Most strings are plain: one line, no prefix, no escapes. Their text says it all (one read
    // instead of one per part).
    const plain = PLAIN_STRING.exec(target.text);
    if (plain) return plain[2];
  }
  if (type === 'concatenated_string') {
    let out = '';
    for (const part of namedChildren(target)) {
      const value = stringValue(part);
      if (value === null) return null;
      out += value;
    }
    return out;
  }
  if (type !== 'string') return null;
  const prefix = stringPrefix(target);
  if (prefix.includes('b')) return null;
  const raw = prefix.includes('r');
  const formatted = prefix.includes('f') || prefix.includes('t');
  let out = '';
  for (const part of namedChildren(target)) {
    if (part.type === 'string_start' || part.type === 'string_end') continue;
    if (part.type === 'escape_interpolation') {
      out += part.text[0]; // `{{` / `}}` outside a string_content, as older grammars put it
      continue;
    }
    // tree-sitter-python 0.25 nests escape sequences and `{{` inside string_content: decode its text.
    if (part.type !== 'string_content') return null; // an interpolation: not a constant
    const value = decodeStringContent(part.text, raw, formatted);
    if (value === null) return null;
    out += value;
  }
  return out;
}

/**
 * Python's escapes: `\\`, `\'`, `\n`..., octal, `\x`, `\u`, `\U`, a backslash-newline; `\N{...}` needs
 * Unicode's name table. The pattern's source, for callers that need their own flags (the template
 * text reader walks a string with a sticky copy).
 */
export const ESCAPE_PATTERN = /\\(\r\n|\n|\r|N\{[^}]*\}|x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|[0-7]{1,3}|[\s\S])/.source;
const ESCAPE = new RegExp(ESCAPE_PATTERN, 'g');
const SINGLE_ESCAPES: Record<string, string> = {
  '\\': '\\',
  "'": "'",
  '"': '"',
  a: '\x07',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
};

/** The value of a string's content as Python reads it; null where DAG Guard cannot tell (`\N{...}`). */
function decodeStringContent(text: string, raw: boolean, formatted: boolean): string | null {
  let value = text;
  if (!raw && value.includes('\\')) {
    let unknown = false;
    value = value.replace(ESCAPE, (whole, sequence: string) => {
      const decoded = decodeEscape(whole, sequence);
      if (decoded === null) unknown = true;
      return decoded ?? whole;
    });
    if (unknown) return null;
  }
  if (formatted) value = value.replace(/\{\{/g, '{').replace(/\}\}/g, '}');
  return value;
}

/**
 * What one escape (`whole`, its part after the backslash `sequence`) stands for; null where DAG
 * Guard cannot tell (`\N{...}`) or Python rejects it (a code point over U+10FFFF).
 */
export function decodeEscape(whole: string, sequence: string): string | null {
  if (sequence === '\n' || sequence === '\r\n' || sequence === '\r') return '';
  if (Object.hasOwn(SINGLE_ESCAPES, sequence)) return SINGLE_ESCAPES[sequence] ?? null;
  const kind = sequence[0];
  if (kind === 'N' && sequence.length > 1) return null;
  if ((kind === 'x' || kind === 'u' || kind === 'U') && sequence.length > 1) {
    const code = parseInt(sequence.slice(1), 16);
    return code > 0x10ffff ? null : String.fromCodePoint(code);
  }
  if (/^[0-7]+$/.test(sequence)) return String.fromCodePoint(parseInt(sequence, 8));
  return whole; // an unknown sequence keeps its backslash, as in Python
}

/** The prefix letters of a string literal, lower-cased: "", "f", "rb", ... */
export function stringPrefix(node: Node): string {
  const start = node.child(0);
  if (!start || start.type !== 'string_start') return '';
  return start.text.replace(/['"]/g, '').toLowerCase();
}

export function isStringLike(node: Node | null): boolean {
  const target = unparenthesize(node);
  return !!target && (target.type === 'string' || target.type === 'concatenated_string');
}

/** An integer literal's value (with an optional unary minus), or null. */
export function intValue(node: Node | null): number | null {
  const target = unparenthesize(node);
  if (!target) return null;
  if (target.type === 'unary_operator') {
    const operator = target.child(0)?.text;
    const inner = intValue(field(target, 'argument'));
    if (inner === null) return null;
    return operator === '-' ? -inner : operator === '+' ? inner : null;
  }
  if (target.type !== 'integer') return null;
  const text = target.text.replace(/_/g, '').toLowerCase();
  if (/^0x[0-9a-f]+$/.test(text)) return parseInt(text.slice(2), 16);
  if (/^0o[0-7]+$/.test(text)) return parseInt(text.slice(2), 8);
  if (/^0b[01]+$/.test(text)) return parseInt(text.slice(2), 2);
  if (/^\d+$/.test(text)) return Number(text);
  return null;
}

/** The decorators of a function or class definition (the wrapping decorated_definition's). */
export function decoratorsOf(definition: Node): Node[] {
  const parent = parentOf(definition);
  if (!parent || parent.type !== 'decorated_definition') return [];
  return namedChildren(parent).filter((child) => child.type === 'decorator');
}

/** The expression of a decorator (`@task.bash(x=1)` -> the call node). */
export function decoratorExpression(decorator: Node): Node | null {
  return namedChildren(decorator).find((child) => child.type !== 'comment') ?? null;
}

/** The statement (direct child of a block or the module) that contains `node`. */
export function enclosingStatement(node: Node): Node {
  let current: Node = node;
  for (let parent = parentOf(current); parent && parent.type !== 'block' && parent.type !== 'module'; parent = parentOf(parent)) {
    current = parent;
  }
  return current;
}

export function isAsyncFunction(definition: Node): boolean {
  return definition.child(0)?.type === 'async';
}

/** The first name of a dotted name (`a` of `a.b.c`), without splitting the rest (asked per call). */
export function headName(dotted: string): string {
  const dot = dotted.indexOf('.');
  return dot < 0 ? dotted : dotted.slice(0, dot);
}

/** Dotted text of a name or attribute chain (`a.b.c`), or null for anything else. */
export function dottedText(node: Node | null): string | null {
  const target = unparenthesize(node);
  if (!target) return null;
  if (target.type === 'identifier') return target.text;
  if (target.type === 'attribute') {
    const object = dottedText(field(target, 'object'));
    const attribute = field(target, 'attribute');
    return object && attribute ? `${object}.${attribute.text}` : null;
  }
  return null;
}

const DESTRUCTURING = new Set([
  'pattern_list',
  'tuple_pattern',
  'list_pattern',
  'tuple',
  'list',
  'list_splat_pattern',
  'list_splat',
  'parenthesized_expression',
  'as_pattern_target',
]);

/**
 * The identifiers a binding target binds: `a`, `a, b`, `(a)`, `[a, *b]`, the target of `with ... as a`.
 * Attributes and subscripts (`self.x = ...`, `d["k"] = ...`) bind no name.
 */
export function boundIdentifiers(target: Node | null): Node[] {
  // Iterative, in document order: a target can nest thousands deep (`[[[[a]]]] = ...`), past the JS stack.
  const found: Node[] = [];
  const pending: Node[] = target ? [target] : [];
  while (pending.length > 0) {
    const node = pending.pop()!;
    if (node.type === 'identifier') found.push(node);
    else if (DESTRUCTURING.has(node.type)) pending.push(...namedChildren(node).reverse());
  }
  return found;
}

/** The names `boundIdentifiers` finds. */
export function boundNames(target: Node | null): string[] {
  return boundIdentifiers(target).map((identifier) => identifier.text);
}
