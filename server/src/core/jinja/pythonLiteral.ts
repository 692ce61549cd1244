// The text a Python string literal gives Jinja, with the place in the source of every character:
// escapes decoded (`\n`, `\x41`, `\u00e9`: each decoded character maps to its backslash), an
// f-string's `{{`/`}}` halved, implicit concatenation joined, and each f-string interpolation
// standing as one OPAQUE character (its value is unknown until the task's DAG file is imported).
// Positions are UTF-16 offsets, as everywhere in the core.
import type { SourceFile } from '../model/source';
import { decodeEscape, ESCAPE_PATTERN, namedChildren, parentOf, stringPrefix, type Node } from '../syntax/nodes';
import type { Range } from '../syntax/positions';

/** Stands for an f-string interpolation in the template text (a private-use character). */
export const OPAQUE = '\uE000';

export interface TemplateText {
  /** The string or concatenated_string node. */
  node: Node;
  /** The value as Python reads it; interpolations as OPAQUE. */
  value: string;
  /** Source offset where the character at each index of `value` starts. */
  starts: number[];
  /** Source offset where the character at each index of `value` ends. */
  ends: number[];
  /** Some part is an f-string with an interpolation. */
  interpolated: boolean;
}

// The same escapes as syntax/nodes.ts reads, walked with a sticky copy of its pattern.
const ESCAPE = new RegExp(ESCAPE_PATTERN, 'y');

/** The literal (a `string`, or the `concatenated_string` around it) that holds `node`, if any. */
export function literalAround(node: Node | null): Node | null {
  let current = node;
  for (let depth = 0; current && depth < 4; depth++, current = parentOf(current)) {
    if (current.type === 'string') {
      const parent = parentOf(current);
      return parent?.type === 'concatenated_string' ? parent : current;
    }
    if (current.type === 'interpolation') return null;
  }
  return null;
}

/** The template text of a string literal; null for bytes, or an escape Python alone can decode (`\N{...}`). */
export function templateTextOf(source: SourceFile, literal: Node): TemplateText | null {
  const strings = literal.type === 'concatenated_string' ? namedChildren(literal).filter((part) => part.type === 'string') : [literal];
  const out: TemplateText = { node: literal, value: '', starts: [], ends: [], interpolated: false };
  for (const string of strings) {
    if (string.type !== 'string') return null;
    const prefix = stringPrefix(string);
    if (prefix.includes('b')) return null;
    const raw = prefix.includes('r');
    const formatted = prefix.includes('f') || prefix.includes('t');
    for (const part of namedChildren(string)) {
      const type = part.type;
      if (type === 'string_start' || type === 'string_end') continue;
      if (type === 'interpolation') {
        push(out, OPAQUE, part.startIndex, part.endIndex);
        out.interpolated = true;
      } else if (type === 'string_content' || type === 'escape_interpolation' || type === 'escape_sequence') {
        if (!decodeInto(out, source.text.slice(part.startIndex, part.endIndex), part.startIndex, raw, formatted)) return null;
      }
    }
  }
  return out;
}

function push(out: TemplateText, text: string, start: number, end: number): void {
  for (let index = 0; index < text.length; index++) {
    out.value += text[index];
    out.starts.push(start);
    out.ends.push(end);
  }
}

function decodeInto(out: TemplateText, text: string, base: number, raw: boolean, formatted: boolean): boolean {
  let index = 0;
  while (index < text.length) {
    const char = text[index];
    if (char === '\\' && !raw) {
      ESCAPE.lastIndex = index;
      const match = ESCAPE.exec(text);
      if (match) {
        const decoded = decodeEscape(match[0], match[1]);
        if (decoded === null) return false;
        push(out, decoded, base + index, base + index + match[0].length);
        index += match[0].length;
        continue;
      }
    }
    if (formatted && (char === '{' || char === '}') && text[index + 1] === char) {
      push(out, char, base + index, base + index + 2);
      index += 2;
      continue;
    }
    push(out, char, base + index, base + index + 1);
    index++;
  }
  return true;
}

/** The source range of the characters [from, to) of the template text. */
export function sourceRange(source: SourceFile, text: TemplateText, from: number, to: number): Range {
  if (text.value.length === 0) return source.rangeOf(text.node);
  const first = Math.max(0, Math.min(from, text.value.length - 1));
  const last = Math.max(first, Math.min(to, text.value.length) - 1);
  return source.lines.rangeOf(text.starts[first], to > from ? text.ends[last] : text.starts[first]);
}

/**
 * The string literals of the file whose text holds `{{`, `{%` or `{#` (found by a text search,
 * then one node look-up each), in document order, each once.
 */
export function templateLiterals(source: SourceFile): Node[] {
  const found: Node[] = [];
  const seen = new Set<number>();
  const text = source.text;
  for (let offset = text.indexOf('{'); offset >= 0; offset = text.indexOf('{', offset + 1)) {
    const next = text.charCodeAt(offset + 1);
    if (next !== 123 /* { */ && next !== 37 /* % */ && next !== 35 /* # */) continue;
    const literal = literalAround(source.root.descendantForIndex(offset, offset + 1) ?? null);
    if (!literal || seen.has(literal.id)) continue;
    seen.add(literal.id);
    found.push(literal);
    offset = Math.max(offset, literal.endIndex - 1);
  }
  return found;
}
