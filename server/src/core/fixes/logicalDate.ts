// DG303's rewrite: the clock in a templated field's value becomes Jinja that Airflow renders with
// the run's logical date. Only exact format equivalents are rewritten:
//   {now:%Y-%m-%d}, now.strftime("%Y-%m-%d"), date.today().isoformat(), str(date.today()),
//   {date.today()}                                  -> {{ ds }}
//   %Y%m%d                                          -> {{ ds_nodash }}
//   any other strftime format of a date and time    -> {{ logical_date.strftime('...') }}
// A date (`date.today()`, `now.date()`, `pendulum.today()`) only takes date formats: its hours are
// zero, the logical date's are not. Everything else (arithmetic, `days_ago`, a datetime's
// `isoformat()`, `%r`) gets no rewrite. String concatenations, f-strings, `.format()` and
// `%`-formatting (`%s`, `%(name)s`) fold into one plain string literal; when other values stay
// interpolated, into an f-string whose Jinja braces are doubled. Containers (lists, dict values:
// Airflow renders inside them) are rewritten element by element.
import type { RuntimeValues } from '../model/runtimeValues';
import type { SourceFile } from '../model/source';
import { callArguments, field, namedChildren, stringPrefix, stringValue, unparenthesize, type Node } from '../syntax/nodes';
import type { TextEdit } from '../syntax/positions';
import { CLOCK_CALLS } from '../catalogue/clockCalls';

type Part =
  | { kind: 'text'; raw: string; quote: string; isRaw: boolean; fromF: boolean }
  | { kind: 'jinja'; text: string }
  | { kind: 'expr'; text: string };

type Moment = 'now' | 'midnight' | 'date';

const TEMPLATE_FILE = /\.(sh|bash|sql|hql|json|ya?ml)\s*$/i;
/** strftime directives for the time of day: a date formats them as zeros. */
const TIME_DIRECTIVES = /%[HIMSfpzZcXTRrs]/;

export interface LogicalDateRewrite {
  edits: TextEdit[];
  /** The Jinja expressions written, for the fix's title. */
  jinja: string[];
}

export function logicalDateRewrite(source: SourceFile, values: RuntimeValues, value: Node): LogicalDateRewrite | null {
  return new Rewriter(source, values).rewriteValue(value);
}

class Rewriter {
  private readonly jinja: string[] = [];

  constructor(
    private readonly source: SourceFile,
    private readonly values: RuntimeValues,
  ) {}

  rewriteValue(value: Node): LogicalDateRewrite | null {
    const edits = this.rewrite(value);
    return edits && edits.length > 0 ? { edits, jinja: this.jinja } : null;
  }

  private hasClock(node: Node | null): boolean {
    return this.values.sourcesOf(node).some((found) => found.kind === 'clock');
  }

  private rewrite(node: Node): TextEdit[] | null {
    const target = unparenthesize(node) ?? node;
    if (target.type === 'list' || target.type === 'tuple' || target.type === 'set') {
      return this.rewriteAll(namedChildren(target).filter((child) => this.hasClock(child)));
    }
    if (target.type === 'dictionary') {
      const entries = namedChildren(target).filter((entry) => entry.type !== 'comment');
      if (entries.some((entry) => entry.type !== 'pair' || this.hasClock(field(entry, 'key')))) return null;
      return this.rewriteAll(entries.map((pair) => field(pair, 'value')).filter((value): value is Node => this.hasClock(value)));
    }
    const parts = this.flatten(target, true);
    if (!parts || !parts.some((part) => part.kind === 'jinja')) return null;
    const literal = render(parts);
    // A templated value ending in a template extension (`.sh`, `.sql`) names a template file: with
    // Jinja in its name, Airflow would look for a file called "...{{ ds }}.sh".
    if (literal === null || TEMPLATE_FILE.test(literal.replace(/['"]+$/, ''))) return null;
    return [{ range: this.source.rangeOf(target), newText: literal }];
  }

  private rewriteAll(nodes: Node[]): TextEdit[] | null {
    const edits: TextEdit[] = [];
    for (const node of nodes) {
      const nodeEdits = this.rewrite(node);
      if (!nodeEdits) return null;
      edits.push(...nodeEdits);
    }
    return edits;
  }

  /** The value as a sequence of literal text, Jinja and other interpolated values; null when not a string we can rewrite. */
  private flatten(node: Node, topLevel: boolean): Part[] | null {
    const target = unparenthesize(node) ?? node;
    if (target.type === 'string') return this.flattenString(target);
    if (target.type === 'concatenated_string') {
      const parts: Part[] = [];
      for (const piece of namedChildren(target)) {
        if (piece.type === 'comment') continue;
        const flat = this.flattenString(piece);
        if (!flat) return null;
        parts.push(...flat);
      }
      return parts;
    }
    if (target.type === 'binary_operator' && field(target, 'operator')?.type === '+') {
      const left = this.flatten(field(target, 'left')!, false);
      const right = left && this.flatten(field(target, 'right')!, false);
      return left && right ? [...left, ...right] : null;
    }
    if (target.type === 'binary_operator' && field(target, 'operator')?.type === '%') return this.flattenPercent(target);
    const formatted = target.type === 'call' ? this.flattenFormat(target) : null;
    if (formatted) return formatted;
    if (this.hasClock(target)) {
      const jinja = this.jinjaFor(target, null, 0);
      return jinja ? [{ kind: 'jinja', text: jinja }] : null;
    }
    // Another operand of a string concatenation: it stays, interpolated into an f-string.
    if (topLevel || !isSimpleOperand(target)) return null;
    return [{ kind: 'expr', text: target.text }];
  }

  private flattenString(node: Node): Part[] | null {
    if (node.type !== 'string') return null;
    const prefix = stringPrefix(node);
    if (prefix.includes('b')) return null;
    const start = node.child(0);
    const quote = start?.text.replace(/^[a-zA-Z]+/, '') ?? '"';
    const isF = prefix.includes('f');
    const isRaw = prefix.includes('r');
    const parts: Part[] = [];
    for (const child of namedChildren(node)) {
      if (child.type === 'string_start' || child.type === 'string_end') continue;
      if (child.type === 'interpolation') {
        const expression =
          namedChildren(child).find(
            (part) => part.type !== 'format_specifier' && part.type !== 'type_conversion' && part.type !== 'comment',
          ) ?? null;
        if (!this.hasClock(expression)) {
          parts.push({ kind: 'expr', text: this.source.text.slice(child.startIndex + 1, child.endIndex - 1) });
          continue;
        }
        if (!expression || namedChildren(child).some((part) => part.type === 'type_conversion')) return null;
        const specifier = namedChildren(child).find((part) => part.type === 'format_specifier');
        if (specifier && namedChildren(specifier).some((part) => part.type === 'format_expression')) return null;
        const spec = specifier ? specifier.text.replace(/^:/, '') : null;
        const jinja = this.jinjaFor(expression, spec === '' ? null : spec, 0);
        if (!jinja) return null;
        parts.push({ kind: 'jinja', text: jinja });
      } else {
        parts.push({ kind: 'text', raw: this.source.textOf(child), quote, isRaw, fromF: isF });
      }
    }
    return parts;
  }

  /**
   * `"run.sh {} {day:%Y%m%d}".format(env, day=date.today())`: the literal's text with its fields
   * filled from the arguments. A format string escapes braces as an f-string does (`{{`), so its
   * text folds the same way. Null for anything but plain fields (`{0[key]}`, `{!r}`, nested specs).
   */
  private flattenFormat(call: Node): Part[] | null {
    const fn = unparenthesize(field(call, 'function'));
    const receiver = fn?.type === 'attribute' && field(fn, 'attribute')?.text === 'format' ? unparenthesize(field(fn, 'object')) : null;
    if (receiver?.type !== 'string') return null;
    const prefix = stringPrefix(receiver);
    const open = receiver.child(0);
    const close = receiver.lastChild;
    const args = callArguments(call);
    if (/[bf]/.test(prefix) || !open || close?.type !== 'string_end' || args.hasSplat) return null;
    const quote = open.text.replace(/^[a-zA-Z]+/, '');
    const isRaw = prefix.includes('r');
    const content = this.source.text.slice(open.endIndex, close.startIndex);
    if (!isRaw && content.includes('\\N{')) return null;
    const parts: Part[] = [];
    let text = '';
    let auto = 0;
    let cursor = 0;
    const fields = /\{\{|\}\}|\{([^{}]*)\}|[{}]/g;
    for (let match = fields.exec(content); match; match = fields.exec(content)) {
      text += content.slice(cursor, match.index);
      cursor = fields.lastIndex;
      if (match[0] === '{{' || match[0] === '}}') {
        text += match[0];
        continue;
      }
      const parsed = match[1] === undefined ? null : /^([^!:]*)(?::(.*))?$/s.exec(match[1]);
      if (!parsed) return null;
      const [, name, spec] = parsed;
      const argument =
        name === ''
          ? args.positional[auto++]
          : /^\d+$/.test(name)
            ? args.positional[Number(name)]
            : /^[A-Za-z_]\w*$/.test(name)
              ? args.keywords.get(name)
              : undefined;
      if (!argument || (spec && /[{}]/.test(spec))) return null;
      if (text) parts.push({ kind: 'text', raw: text, quote, isRaw, fromF: true });
      text = '';
      if (this.hasClock(argument)) {
        const jinja = this.jinjaFor(argument, spec ? spec : null, 0);
        if (!jinja) return null;
        parts.push({ kind: 'jinja', text: jinja });
      } else {
        const value = unparenthesize(argument);
        if (!value || !isSimpleOperand(value)) return null;
        parts.push({ kind: 'expr', text: spec ? `${value.text}:${spec}` : value.text });
      }
    }
    text += content.slice(cursor);
    if (text) parts.push({ kind: 'text', raw: text, quote, isRaw, fromF: true });
    return parts;
  }

  /**
   * `"s3://bucket/%s/" % day` and `"run.sh %s %s" % (env, date.today())`: the literal's text with
   * its `%s` (and `%(name)s` from a dict literal) filled from the operands, `%%` as `%`. `%s` is
   * `str()` of its operand, so a clock operand maps to Jinja exactly as `{value}` does in an
   * f-string. Null for any other conversion (`%d`, `%r`, widths, flags), for operand counts that
   * do not match (Python would raise), and for escapes that may spell a `%` (`\x25`, `\45`).
   */
  private flattenPercent(operation: Node): Part[] | null {
    const receiver = unparenthesize(field(operation, 'left'));
    const operand = unparenthesize(field(operation, 'right'));
    if (receiver?.type !== 'string' || !operand) return null;
    const prefix = stringPrefix(receiver);
    const open = receiver.child(0);
    const close = receiver.lastChild;
    if (/[bf]/.test(prefix) || !open || close?.type !== 'string_end') return null;
    const quote = open.text.replace(/^[a-zA-Z]+/, '');
    const isRaw = prefix.includes('r');
    const content = this.source.text.slice(open.endIndex, close.startIndex);
    if (!isRaw && /\\(?:[xuUN]|[0-7])/.test(content)) return null;
    const elements = operand.type === 'tuple' ? namedChildren(operand).filter((child) => child.type !== 'comment') : [operand];
    if (elements.some((element) => element.type === 'list_splat' || element.type === 'parenthesized_list_splat')) return null;
    const mapping = operand.type === 'dictionary' ? dictionaryOfStrings(operand) : null;
    const parts: Part[] = [];
    let text = '';
    let next = 0;
    let cursor = 0;
    const directives = /%%|%\(([^()]*)\)s|%s|%/g;
    for (let match = directives.exec(content); match; match = directives.exec(content)) {
      text += content.slice(cursor, match.index);
      cursor = directives.lastIndex;
      if (match[0] === '%%') {
        text += '%';
        continue;
      }
      if (match[0] === '%') return null;
      const argument = match[1] !== undefined ? mapping?.get(match[1]) : operand.type === 'dictionary' ? undefined : elements[next++];
      if (!argument) return null;
      if (text) parts.push({ kind: 'text', raw: text, quote, isRaw, fromF: false });
      text = '';
      if (this.hasClock(argument)) {
        const jinja = this.jinjaFor(argument, null, 0);
        if (!jinja) return null;
        parts.push({ kind: 'jinja', text: jinja });
      } else {
        // Only a tuple's element is certainly one operand: a lone name could hold a tuple.
        const value = unparenthesize(argument);
        if (!value || !isSimpleOperand(value) || (operand.type !== 'tuple' && operand.type !== 'dictionary')) return null;
        parts.push({ kind: 'expr', text: value.text });
      }
    }
    if (operand.type !== 'dictionary' && next !== elements.length) return null;
    text += content.slice(cursor);
    if (text) parts.push({ kind: 'text', raw: text, quote, isRaw, fromF: false });
    return parts;
  }

  /** The Jinja for a clock-derived string (`spec` is an f-string format spec applied to it). */
  private jinjaFor(node: Node, spec: string | null, depth: number): string | null {
    const target = unparenthesize(node);
    if (!target || depth > 8) return null;
    if (target.type === 'identifier') {
      const value = this.values.valueOfName(target);
      return value ? this.jinjaFor(value, spec, depth + 1) : null;
    }
    const moment = this.momentOf(target, depth);
    if (spec !== null) return moment ? this.remember(formatJinja(spec, moment)) : null;
    if (moment === 'date') return this.remember('{{ ds }}');
    if (target.type !== 'call') return null;
    const fn = unparenthesize(field(target, 'function'));
    const args = callArguments(target);
    if (args.hasSplat) return null;
    const qualified = this.values.resolveName(fn);
    if (qualified === 'time.strftime' && args.positional.length === 1 && args.keywords.size === 0) {
      const format = this.stringConstant(args.positional[0]);
      return format === null ? null : this.remember(formatJinja(format, 'now'));
    }
    if (fn?.type === 'identifier' && fn.text === 'str' && !qualified && args.positional.length === 1 && args.keywords.size === 0) {
      return this.jinjaFor(args.positional[0], null, depth + 1);
    }
    if (fn?.type !== 'attribute') return null;
    const method = field(fn, 'attribute')?.text;
    const receiver = this.momentOf(field(fn, 'object'), depth);
    if (!receiver) return null;
    if (method === 'strftime' && args.positional.length === 1 && args.keywords.size === 0) {
      const format = this.stringConstant(args.positional[0]);
      return format === null ? null : this.remember(formatJinja(format, receiver));
    }
    if (method === 'isoformat' && receiver === 'date' && args.positional.length === 0 && args.keywords.size === 0)
      return this.remember('{{ ds }}');
    return null;
  }

  /** Whether `node` is the current moment, midnight of today, or today's date (through names). */
  private momentOf(node: Node | null, depth: number): Moment | null {
    const target = unparenthesize(node);
    if (!target || depth > 8) return null;
    if (target.type === 'identifier') {
      const value = this.values.valueOfName(target);
      return value ? this.momentOf(value, depth + 1) : null;
    }
    if (target.type !== 'call') return null;
    const fn = unparenthesize(field(target, 'function'));
    const qualified = this.values.resolveName(fn);
    // Only the calls with a logical-date equivalent: not time.time() (a number), not yesterday().
    const kind = qualified ? CLOCK_CALLS.get(qualified) : undefined;
    if (kind === 'now' || kind === 'midnight' || kind === 'date') return kind;
    const args = callArguments(target);
    if (
      fn?.type === 'attribute' &&
      field(fn, 'attribute')?.text === 'date' &&
      args.positional.length === 0 &&
      args.keywords.size === 0 &&
      !args.hasSplat
    ) {
      return this.momentOf(field(fn, 'object'), depth + 1) ? 'date' : null;
    }
    return null;
  }

  private stringConstant(node: Node): string | null {
    const target = unparenthesize(node);
    if (target?.type === 'identifier') {
      const value = this.values.valueOfName(target);
      return value ? stringValue(value) : null;
    }
    return stringValue(target);
  }

  private remember(jinja: string | null): string | null {
    if (jinja) this.jinja.push(jinja);
    return jinja;
  }
}

/** The Jinja of a strftime format of the logical date; null when the moment cannot supply it. */
function formatJinja(format: string, moment: Moment): string | null {
  if (format === '%Y-%m-%d') return '{{ ds }}';
  if (format === '%Y%m%d') return '{{ ds_nodash }}';
  if (moment !== 'now' && TIME_DIRECTIVES.test(format)) return null;
  if (/['"\\{}\r\n]/.test(format) || !format.includes('%')) return null;
  return `{{ logical_date.strftime('${format}') }}`;
}

/** `{"day": value, ...}` with string-literal keys only (the last of a repeated key wins, as in Python); null otherwise. */
function dictionaryOfStrings(dictionary: Node): Map<string, Node> | null {
  const entries = new Map<string, Node>();
  for (const entry of namedChildren(dictionary)) {
    if (entry.type === 'comment') continue;
    const key = entry.type === 'pair' ? stringValue(field(entry, 'key')) : null;
    const value = field(entry, 'value');
    if (key === null || !value) return null;
    entries.set(key, value);
  }
  return entries;
}

/** An operand that can be written inside an f-string's braces unchanged, in any Python 3. */
function isSimpleOperand(node: Node): boolean {
  if (!['identifier', 'attribute', 'call', 'subscript'].includes(node.type)) return false;
  return !/['"\\{}#\r\n]/.test(node.text);
}

/**
 * One string literal from the parts, in the quotes and raw-ness of the first literal piece (all
 * pieces must share them), an f-string only when other values stay interpolated.
 */
function render(parts: Part[]): string | null {
  const texts = parts.filter((part): part is Extract<Part, { kind: 'text' }> => part.kind === 'text');
  const quote = texts[0]?.quote ?? '"';
  const isRaw = texts[0]?.isRaw ?? false;
  if (texts.some((part) => part.quote !== quote || part.isRaw !== isRaw)) return null;
  const isF = parts.some((part) => part.kind === 'expr');
  let body = '';
  for (const part of parts) {
    if (part.kind === 'text') {
      if (part.fromF && !isF) body += part.raw.replace(/\{\{/g, '{').replace(/\}\}/g, '}');
      else if (!part.fromF && isF) body += part.raw.replace(/\{/g, '{{').replace(/\}/g, '}}');
      else body += part.raw;
    } else if (part.kind === 'jinja') {
      // Inside a single-quoted literal, the strftime format's quotes must differ from it.
      const text = quote.startsWith("'") ? part.text.replace(/'/g, '"') : part.text;
      body += isF ? text.replace(/\{/g, '{{').replace(/\}/g, '}}') : text;
    } else {
      body += `{${part.text}}`;
    }
  }
  // A raw literal cannot end in a lone backslash before its closing quote.
  if (isRaw && /\\$/.test(body)) return null;
  return `${isRaw ? 'r' : ''}${isF ? 'f' : ''}${quote}${body}${quote}`;
}
