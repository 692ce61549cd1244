// Writing Jinja text into Python source correctly: as a new string literal, or into an existing
// f-string in place of interpolations. Braces are doubled while the string stays an f-string
// (`{{{{ var.value.x }}}}` renders `{{ var.value.x }}`); when no interpolation is left, the `f`
// prefix goes and the string's own doubled braces are undone.
import { namedChildren, type Node } from '../syntax/nodes';

/** A double-quoted Python string literal whose value is `text`. */
export function pythonStringLiteral(text: string): string {
  return `"${escapeForQuote(text, '"')}"`;
}

function escapeForQuote(text: string, quote: string): string {
  let out = '';
  for (const character of text) {
    if (character === '\\') out += '\\\\';
    else if (character === quote[0]) out += `\\${character}`;
    else if (character === '\n') out += '\\n';
    else if (character === '\r') out += '\\r';
    else if (character === '\t') out += '\\t';
    else if (character.charCodeAt(0) < 0x20) out += `\\x${character.charCodeAt(0).toString(16).padStart(2, '0')}`;
    else out += character;
  }
  return out;
}

/** The quote a string literal is delimited with: `"`, `'`, `"""` or `'''`. */
export function quoteOf(string: Node): string {
  const start = string.child(0)?.text ?? '"';
  return start.replace(/^[a-zA-Z]*/, '');
}

/**
 * A Jinja string literal for `text`, quoted with the quote the surrounding Python string does
 * not use (so that no Python escaping is needed in the common case).
 */
export function jinjaStringLiteral(text: string, pythonQuote = '"'): string {
  const quote = pythonQuote.startsWith("'") ? '"' : "'";
  return quote + text.replace(/\\/g, '\\\\').replace(new RegExp(quote, 'g'), `\\${quote}`) + quote;
}

/**
 * Text that can stand inside the body of the string literal `string` (its quotes and prefix) and
 * means `text`; null for a raw string where that is impossible.
 */
function encodeInto(string: Node, text: string): string | null {
  const prefix = (string.child(0)?.text ?? '').replace(/['"]+$/, '').toLowerCase();
  const quote = quoteOf(string);
  if (prefix.includes('r')) {
    return /[\\\n\r]/.test(text) || text.includes(quote[0]) ? null : text;
  }
  if (quote.length === 3) {
    // Inside triple quotes only a backslash or the quote character needs care.
    return text.replace(/\\/g, '\\\\').replace(new RegExp(quote[0], 'g'), `\\${quote[0]}`);
  }
  return escapeForQuote(text, quote);
}

function escapeBraces(text: string): string {
  return text.replace(/\{/g, '{{').replace(/\}/g, '}}');
}

/**
 * The new text of the f-string `string` with the interpolations in `replacements` (by node id)
 * replaced by literal Jinja text. Null when it cannot be written (a raw string that would need a
 * backslash).
 */
export function rewriteFString(string: Node, replacements: ReadonlyMap<number, string>): string | null {
  const parts = namedChildren(string);
  const keepsInterpolations = parts.some((part) => part.type === 'interpolation' && !replacements.has(part.id));
  let out = '';
  let cursor = string.startIndex;
  const text = string.text;
  const slice = (from: number, to: number) => text.slice(from - string.startIndex, to - string.startIndex);
  for (const part of parts) {
    out += slice(cursor, part.startIndex);
    cursor = part.endIndex;
    if (part.type === 'string_start') {
      out += keepsInterpolations ? part.text : part.text.replace(/[fF]/, '');
    } else if (part.type === 'string_content') {
      out += keepsInterpolations ? part.text : part.text.replace(/\{\{/g, '{').replace(/\}\}/g, '}');
    } else if (part.type === 'interpolation' && replacements.has(part.id)) {
      const jinja = replacements.get(part.id)!;
      const encoded = encodeInto(string, keepsInterpolations ? escapeBraces(jinja) : jinja);
      if (encoded === null) return null;
      out += encoded;
    } else {
      out += part.text;
    }
  }
  out += slice(cursor, string.endIndex);
  return out;
}
