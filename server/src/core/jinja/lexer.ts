// Jinja2's lexer for the environment Airflow renders with (default delimiters `{{ }}`, `{% %}`,
// `{# #}`, whitespace control `-`/`+`, `{% raw %}`, no line statements), ported from
// jinja2/lexer.py (3.1) rule for rule, with the start and end of every token in the template
// text so that an error points at its column. Jinja itself reports only a line.
import { OPAQUE } from './pythonLiteral';

export type TokenType =
  | 'data'
  | 'variable_begin'
  | 'variable_end'
  | 'block_begin'
  | 'block_end'
  | 'comment'
  | 'name'
  | 'string'
  | 'integer'
  | 'float'
  | 'operator'
  | 'opaque'
  | 'eof';

export interface Token {
  type: TokenType;
  /** The token's text (an operator's characters, a name, a string with its quotes). */
  value: string;
  start: number;
  end: number;
}

export class TemplateError extends Error {
  constructor(
    message: string,
    readonly start: number,
    readonly end: number,
  ) {
    super(message);
  }
}

const ROOT = /\{%(-|\+|)\s*raw\s*(?:-%\}\s*|%\})|\{\{(-|\+|)|\{%(-|\+|)|\{#(-|\+|)/g;
const COMMENT_END = /\+#\}|-#\}\s*|#\}/g;
const ENDRAW = /\{%(?:-|\+|)\s*endraw\s*(?:\+%\}|-%\}\s*|%\})/g;
const VARIABLE_END = /-\}\}\s*|\}\}/y;
const BLOCK_END = /\+%\}|-%\}\s*|%\}/y;
const WHITESPACE = /\s+/y;
const FLOAT = /(?<!\.)(?:\d+_)*\d+(?:(?:\.(?:\d+_)*\d+)?e[+-]?(?:\d+_)*\d+|\.(?:\d+_)*\d+)/iy;
const INTEGER = /(?:0b(?:_?[01])+|0o(?:_?[0-7])+|0x(?:_?[\da-f])+|[1-9](?:_?\d)*|0(?:_?0)*)/iy;
const NAME = /[\p{L}\p{Nl}_][\p{L}\p{Nl}\p{Mn}\p{Mc}\p{Nd}\p{Pc}]*/uy;
const STRING = /'([^'\\]*(?:\\.[^'\\]*)*)'|"([^"\\]*(?:\\.[^"\\]*)*)"/sy;
const OPERATOR = /\/\/|\*\*|==|!=|>=|<=|[+\-/*%~[\](){}><=.:|,;]/y;

function matchAt(regex: RegExp, text: string, at: number): string | null {
  regex.lastIndex = at;
  const match = regex.exec(text);
  return match ? match[0] : null;
}

/**
 * The tokens of a template, ending with 'eof'; throws TemplateError where Jinja's lexer fails
 * (an unclosed comment or raw block, an unbalanced bracket, a character no rule reads).
 */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let pos = 0;
  while (pos < text.length) {
    ROOT.lastIndex = pos;
    const match = ROOT.exec(text);
    if (!match) {
      tokens.push({ type: 'data', value: text.slice(pos), start: pos, end: text.length });
      break;
    }
    if (match.index > pos) tokens.push({ type: 'data', value: text.slice(pos, match.index), start: pos, end: match.index });
    const begin = match.index;
    const after = begin + match[0].length;
    if (match[1] !== undefined) {
      // {% raw %}: everything up to {% endraw %} is data.
      ENDRAW.lastIndex = after;
      const end = ENDRAW.exec(text);
      if (!end) throw new TemplateError('Missing end of raw directive: `{% raw %}` needs `{% endraw %}`.', begin, after);
      tokens.push({ type: 'data', value: text.slice(after, end.index), start: after, end: end.index });
      pos = end.index + end[0].length;
    } else if (match[4] !== undefined) {
      COMMENT_END.lastIndex = after;
      const end = COMMENT_END.exec(text);
      if (!end) throw new TemplateError('Missing end of comment tag: `{#` needs `#}`.', begin, after);
      tokens.push({ type: 'comment', value: text.slice(begin, end.index + end[0].length), start: begin, end: end.index + end[0].length });
      pos = end.index + end[0].length;
    } else {
      const variable = match[2] !== undefined;
      tokens.push({ type: variable ? 'variable_begin' : 'block_begin', value: match[0], start: begin, end: after });
      pos = lexTag(text, after, variable, tokens);
    }
  }
  const end = text.length;
  tokens.push({ type: 'eof', value: '', start: end, end });
  return tokens;
}

/** The inside of a `{{ }}` or `{% %}` tag up to its end; returns where the text goes on. */
function lexTag(text: string, start: number, variable: boolean, tokens: Token[]): number {
  const balancing: Array<{ close: string; at: number }> = [];
  let pos = start;
  while (pos < text.length) {
    if (balancing.length === 0) {
      const end = matchAt(variable ? VARIABLE_END : BLOCK_END, text, pos);
      if (end !== null) {
        tokens.push({ type: variable ? 'variable_end' : 'block_end', value: end, start: pos, end: pos + end.length });
        return pos + end.length;
      }
    }
    const space = matchAt(WHITESPACE, text, pos);
    if (space !== null) {
      pos += space.length;
      continue;
    }
    if (text[pos] === OPAQUE) {
      tokens.push({ type: 'opaque', value: OPAQUE, start: pos, end: pos + 1 });
      pos++;
      continue;
    }
    const float = matchAt(FLOAT, text, pos);
    const integer = float === null ? matchAt(INTEGER, text, pos) : null;
    const name = float === null && integer === null ? matchAt(NAME, text, pos) : null;
    const string = float === null && integer === null && name === null ? matchAt(STRING, text, pos) : null;
    const operator = float === null && integer === null && name === null && string === null ? matchAt(OPERATOR, text, pos) : null;
    const value = float ?? integer ?? name ?? string ?? operator;
    if (value === null) {
      const char = String.fromCodePoint(text.codePointAt(pos)!);
      throw new TemplateError(`Unexpected character \`${char}\` in a template expression.`, pos, pos + char.length);
    }
    const type: TokenType =
      float !== null ? 'float' : integer !== null ? 'integer' : name !== null ? 'name' : string !== null ? 'string' : 'operator';
    if (type === 'operator') {
      if (value === '{' || value === '(' || value === '[')
        balancing.push({ close: value === '{' ? '}' : value === '(' ? ')' : ']', at: pos });
      else if (value === '}' || value === ')' || value === ']') {
        const expected = balancing.pop();
        if (!expected)
          throw new TemplateError(
            `Unexpected \`${value}\`${value === '}' && variable ? ': a `{{` expression ends with `}}`' : ''}.`,
            pos,
            pos + 1,
          );
        if (expected.close !== value) throw new TemplateError(`Unexpected \`${value}\`, expected \`${expected.close}\`.`, pos, pos + 1);
      }
    }
    tokens.push({ type, value, start: pos, end: pos + value.length });
    pos += value.length;
  }
  return pos;
}
