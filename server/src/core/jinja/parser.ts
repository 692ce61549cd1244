// Jinja2's parser (jinja2/parser.py, 3.1, with the `do` tag of jinja2.ext.do that Airflow's
// environment loads), ported to check a template rather than build a tree: it stops at the first
// error, as Jinja does, and collects what the rules, hover and completion ask about (the filters
// and tests a template uses, the names it reads and the names it binds itself).
import { TemplateError, tokenize, type Token } from './lexer';

export interface NameUse {
  /** The dotted path read from the name on (`var.value.env`: ['var', 'value', 'env']). */
  path: string[];
  start: number;
  end: number;
  /** Read only through `is defined`/`is undefined` or `| default(...)`: an undefined name is fine there. */
  guarded?: boolean;
}

export interface TemplateReading {
  /** The first error Jinja would raise while reading the template, or null. */
  error: TemplateError | null;
  /** Filters used (`| ds`), with the position of their name. */
  filters: Array<{ name: string; start: number; end: number }>;
  tests: Array<{ name: string; start: number; end: number }>;
  /** Names read (not stored), each with the attribute path that follows it. */
  names: NameUse[];
  /** Names the template binds itself: `{% set %}`, loop variables, macro and call arguments, `with`, imports. */
  bound: Set<string>;
  /** A tag holds an f-string interpolation: what the template says there is unknown. */
  opaque: boolean;
}

const STATEMENTS = new Set([
  'for',
  'if',
  'block',
  'extends',
  'print',
  'macro',
  'include',
  'from',
  'import',
  'set',
  'with',
  'autoescape',
  'call',
  'filter',
  'do',
]);
const COMPARE = new Set(['==', '!=', '<', '<=', '>', '>=']);
const OPERATOR_NAMES: Readonly<Record<string, string>> = {
  variable_end: 'end of print statement',
  block_end: 'end of statement block',
  eof: 'end of template',
};

function describe(token: Token): string {
  if (token.type === 'name' || token.type === 'operator') return token.value;
  return OPERATOR_NAMES[token.type] ?? token.type;
}

class Stream {
  index = 0;
  constructor(private readonly tokens: Token[]) {}
  get current(): Token {
    return this.tokens[this.index];
  }
  look(): Token {
    return this.tokens[Math.min(this.index + 1, this.tokens.length - 1)];
  }
  next(): Token {
    const token = this.current;
    if (token.type !== 'eof') this.index++;
    return token;
  }
  /** `name:for`, `operator:(`, or a token type. */
  test(expr: string, token = this.current): boolean {
    const colon = expr.indexOf(':');
    if (colon < 0) return token.type === expr;
    return token.type === expr.slice(0, colon) && token.value === expr.slice(colon + 1);
  }
  op(value: string): boolean {
    return this.current.type === 'operator' && this.current.value === value;
  }
  skipIf(expr: string): boolean {
    if (!this.test(expr)) return false;
    this.next();
    return true;
  }
  expect(expr: string, what?: string): Token {
    if (this.test(expr)) return this.next();
    const wanted = what ?? (expr.includes(':') ? expr.slice(expr.indexOf(':') + 1) : (OPERATOR_NAMES[expr] ?? expr));
    const token = this.current;
    if (token.type === 'eof') throw new TemplateError(`Unexpected end of template, expected \`${wanted}\`.`, token.start, token.end);
    throw new TemplateError(`Expected \`${wanted}\`, got \`${describe(token)}\`.`, token.start, token.end);
  }
  expectOp(value: string): Token {
    return this.expect(`operator:${value}`, value);
  }
}

/** Reads a template as Jinja2 would; never throws. */
export function readTemplate(text: string): TemplateReading {
  const reading: TemplateReading = { error: null, filters: [], tests: [], names: [], bound: new Set(), opaque: false };
  try {
    const tokens = tokenize(text);
    reading.opaque = tokens.some((token) => token.type === 'opaque');
    new Parser(new Stream(tokens), reading).parse();
  } catch (error) {
    if (error instanceof TemplateError) reading.error = error;
    // Nesting deeper than the stack (Python's own recursion limit would stop Jinja there too):
    // nothing is known about the template.
    else if (error instanceof RangeError) reading.opaque = true;
    else throw error;
  }
  return reading;
}

class Parser {
  private readonly endTokenStack: string[][] = [];
  private readonly tagStack: Array<{ name: string; token: Token }> = [];

  constructor(
    private readonly stream: Stream,
    private readonly reading: TemplateReading,
  ) {}

  parse(): void {
    this.subparse(null);
  }

  private fail(message: string, token = this.stream.current): never {
    throw new TemplateError(message, token.start, token.end);
  }

  private failUnknownTag(name: string | null, stack: string[][], token: Token): never {
    const expected = new Set(stack.flat().map((expr) => expr.slice(expr.indexOf(':') + 1)));
    const looking = stack.length ? stack[stack.length - 1].map((expr) => `\`${expr.slice(expr.indexOf(':') + 1)}\``).join(' or ') : null;
    const message = [name === null ? 'Unexpected end of template.' : `Unknown tag \`${name}\`.`];
    if (looking) {
      if (name !== null && expected.has(name))
        message.push(`A nesting mistake: Jinja expects this tag, but is looking for ${looking} first.`);
      else message.push(`Jinja was looking for ${looking}.`);
    }
    const open = this.tagStack[this.tagStack.length - 1];
    if (open) message.push(`The innermost block that needs to be closed is \`${open.name}\`.`);
    // An unclosed block is shown where it opens; an unknown tag where it is.
    throw new TemplateError(
      message.join(' '),
      name === null && open ? open.token.start : token.start,
      name === null && open ? open.token.end : token.end,
    );
  }

  private subparse(endTokens: string[] | null): void {
    if (endTokens) this.endTokenStack.push(endTokens);
    try {
      for (;;) {
        const token = this.stream.current;
        if (token.type === 'eof') return;
        if (token.type === 'data' || token.type === 'comment') {
          this.stream.next();
        } else if (token.type === 'variable_begin') {
          this.stream.next();
          this.parseTuple({ withCondexpr: true });
          this.stream.expect('variable_end');
        } else if (token.type === 'block_begin') {
          this.stream.next();
          if (endTokens && endTokens.some((expr) => this.stream.test(expr))) return;
          this.parseStatement();
          this.stream.expect('block_end');
        } else {
          this.fail(`Unexpected \`${describe(token)}\`.`);
        }
      }
    } finally {
      if (endTokens) this.endTokenStack.pop();
    }
  }

  private parseStatement(): void {
    const token = this.stream.current;
    if (token.type === 'opaque') this.fail('An f-string interpolation stands where a tag name should be.');
    if (token.type !== 'name') this.fail('Tag name expected.');
    if (!STATEMENTS.has(token.value)) this.failUnknownTag(token.value, this.endTokenStack, token);
    this.tagStack.push({ name: token.value, token });
    try {
      switch (token.value) {
        case 'for':
          return this.parseFor();
        case 'if':
          return this.parseIf();
        case 'set':
          return this.parseSet();
        case 'with':
          return this.parseWith();
        case 'macro':
          return this.parseMacro();
        case 'call':
          return this.parseCallBlock();
        case 'filter':
          return this.parseFilterBlock();
        case 'block':
          return this.parseBlock();
        case 'autoescape':
          this.stream.next();
          this.parseExpression();
          return this.parseStatements(['name:endautoescape'], true);
        case 'extends':
          this.stream.next();
          this.parseExpression();
          return;
        case 'print':
          this.stream.next();
          for (let first = true; !this.stream.test('block_end'); first = false) {
            if (!first) this.stream.expectOp(',');
            this.parseExpression();
          }
          return;
        case 'do':
          this.stream.next();
          this.parseTuple({});
          return;
        case 'include':
          return this.parseInclude();
        case 'import':
          return this.parseImport();
        case 'from':
          return this.parseFrom();
      }
    } finally {
      this.tagStack.pop();
    }
  }

  private parseStatements(endTokens: string[], dropNeedle = false): void {
    this.stream.skipIf('operator::');
    this.stream.expect('block_end');
    this.subparse(endTokens);
    if (this.stream.current.type === 'eof') this.failUnknownTag(null, [...this.endTokenStack, endTokens], this.stream.current);
    if (dropNeedle) this.stream.next();
  }

  private parseSet(): void {
    this.stream.next();
    this.parseAssignTarget({ withNamespace: true });
    if (this.stream.skipIf('operator:=')) {
      this.parseTuple({});
      return;
    }
    this.parseFilter(false);
    this.parseStatements(['name:endset'], true);
  }

  private parseFor(): void {
    this.stream.next();
    this.parseAssignTarget({ extraEnd: ['name:in'] });
    this.stream.expect('name:in');
    this.parseTuple({ withCondexpr: false, extraEnd: ['name:recursive'] });
    // `loop` is defined inside the body.
    this.reading.bound.add('loop');
    if (this.stream.skipIf('name:if')) this.parseExpression();
    this.stream.skipIf('name:recursive');
    this.parseStatements(['name:endfor', 'name:else']);
    if (this.stream.next().value !== 'endfor') this.parseStatements(['name:endfor'], true);
  }

  private parseIf(): void {
    this.stream.next();
    for (;;) {
      this.parseTuple({ withCondexpr: false });
      this.parseStatements(['name:elif', 'name:else', 'name:endif']);
      const token = this.stream.next();
      if (token.value === 'elif') continue;
      if (token.value === 'else') this.parseStatements(['name:endif'], true);
      return;
    }
  }

  private parseWith(): void {
    this.stream.next();
    for (let first = true; !this.stream.test('block_end'); first = false) {
      if (!first) this.stream.expectOp(',');
      this.parseAssignTarget({});
      this.stream.expectOp('=');
      this.parseExpression();
    }
    this.parseStatements(['name:endwith'], true);
  }

  private parseBlock(): void {
    this.stream.next();
    const name = this.stream.expect('name', 'block name').value;
    this.stream.skipIf('name:scoped');
    this.stream.skipIf('name:required');
    if (this.stream.op('-')) this.fail('Block names have to be valid Python identifiers: no hyphens, use an underscore.');
    this.parseStatements(['name:endblock'], true);
    this.stream.skipIf(`name:${name}`);
  }

  private parseImportContext(): void {
    if ((this.stream.test('name:with') || this.stream.test('name:without')) && this.stream.test('name:context', this.stream.look())) {
      this.stream.next();
      this.stream.next();
    }
  }

  private parseInclude(): void {
    this.stream.next();
    this.parseExpression();
    if (this.stream.test('name:ignore') && this.stream.test('name:missing', this.stream.look())) {
      this.stream.next();
      this.stream.next();
    }
    this.parseImportContext();
  }

  private parseImport(): void {
    this.stream.next();
    this.parseExpression();
    this.stream.expect('name:as');
    this.reading.bound.add(this.stream.expect('name', 'name').value);
    this.parseImportContext();
  }

  private parseFrom(): void {
    this.stream.next();
    this.parseExpression();
    this.stream.expect('name:import');
    const context = () => {
      if (
        (this.stream.current.value === 'with' || this.stream.current.value === 'without') &&
        this.stream.test('name:context', this.stream.look())
      ) {
        this.stream.next();
        this.stream.next();
        return true;
      }
      return false;
    };
    for (let first = true; ; first = false) {
      if (!first) this.stream.expectOp(',');
      if (this.stream.current.type !== 'name') {
        this.stream.expect('name', 'name');
        continue;
      }
      if (context()) break;
      const target = this.stream.next();
      if (target.value.startsWith('_')) this.fail('Names starting with an underscore cannot be imported.', target);
      if (this.stream.skipIf('name:as')) this.reading.bound.add(this.stream.expect('name', 'name').value);
      else this.reading.bound.add(target.value);
      if (context() || !this.stream.op(',')) break;
    }
  }

  private parseSignature(): void {
    this.stream.expectOp('(');
    let defaults = false;
    for (let first = true; !this.stream.op(')'); first = false) {
      if (!first) this.stream.expectOp(',');
      const name = this.stream.expect('name', 'name');
      this.reading.bound.add(name.value);
      if (this.stream.skipIf('operator:=')) {
        this.parseExpression();
        defaults = true;
      } else if (defaults) this.fail('A non-default argument follows a default argument.');
    }
    this.stream.expectOp(')');
  }

  private parseMacro(): void {
    this.stream.next();
    this.reading.bound.add(this.stream.expect('name', 'name').value);
    for (const implicit of ['varargs', 'kwargs', 'caller']) this.reading.bound.add(implicit);
    this.parseSignature();
    this.parseStatements(['name:endmacro'], true);
  }

  private parseCallBlock(): void {
    const start = this.stream.next();
    if (this.stream.op('(')) this.parseSignature();
    if (!this.parseExpression().call) this.fail('Expected a call.', start);
    this.parseStatements(['name:endcall'], true);
  }

  private parseFilterBlock(): void {
    this.stream.next();
    this.parseFilter(true);
    this.parseStatements(['name:endfilter'], true);
  }

  /** Assignment targets: names, tuples of names, `ns.attr` where allowed. */
  private parseAssignTarget(options: { withNamespace?: boolean; extraEnd?: string[] }): void {
    const targets = this.parseTuple({ simplified: true, extraEnd: options.extraEnd, withNamespace: options.withNamespace });
    for (const target of targets.items) {
      if (target.kind === 'name') {
        // Stored, not read.
        this.reading.bound.add(target.name);
        this.reading.names.splice(this.reading.names.indexOf(target.use), 1);
      } else if (target.kind === 'path')
        this.fail('Cannot assign to an attribute (only `{% set ns.attr %}` of a namespace).', target.token);
      else if (target.kind !== 'nsref')
        this.fail(`Cannot assign to ${target.kind === 'const' ? 'a constant' : 'an expression'}.`, target.token);
    }
    if (targets.items.length === 0) this.fail('Cannot assign to an empty tuple.');
  }

  // --- expressions ---------------------------------------------------------------------------

  private isTupleEnd(extraEnd?: string[]): boolean {
    const current = this.stream.current;
    if (current.type === 'variable_end' || current.type === 'block_end' || (current.type === 'operator' && current.value === ')'))
      return true;
    return !!extraEnd && extraEnd.some((expr) => this.stream.test(expr));
  }

  private parseTuple(options: {
    simplified?: boolean;
    withCondexpr?: boolean;
    extraEnd?: string[] | undefined;
    explicit?: boolean;
    withNamespace?: boolean | undefined;
  }): { items: Expr[] } {
    const items: Expr[] = [];
    for (;;) {
      if (items.length) this.stream.expectOp(',');
      if (this.isTupleEnd(options.extraEnd)) break;
      items.push(options.simplified ? this.parsePrimary(options.withNamespace) : this.parseExpression(options.withCondexpr ?? true));
      if (!this.stream.op(',')) break;
    }
    if (items.length === 0 && !options.explicit) this.fail(`Expected an expression, got \`${describe(this.stream.current)}\`.`);
    return { items };
  }

  private parseExpression(withCondexpr = true): Expr {
    if (!withCondexpr) return this.parseOr();
    let expr = this.parseOr();
    while (this.stream.skipIf('name:if')) {
      this.parseOr();
      if (this.stream.skipIf('name:else')) this.parseExpression();
      expr = { kind: 'other', token: expr.token };
    }
    return expr;
  }

  private parseOr(): Expr {
    let expr = this.parseAnd();
    while (this.stream.skipIf('name:or')) expr = this.binary(expr, this.parseAnd());
    return expr;
  }

  private parseAnd(): Expr {
    let expr = this.parseNot();
    while (this.stream.skipIf('name:and')) expr = this.binary(expr, this.parseNot());
    return expr;
  }

  private parseNot(): Expr {
    if (this.stream.test('name:not')) {
      const token = this.stream.next();
      this.parseNot();
      return { kind: 'other', token };
    }
    return this.parseCompare();
  }

  private parseCompare(): Expr {
    let expr = this.parseMath1();
    for (;;) {
      const current = this.stream.current;
      if (current.type === 'operator' && COMPARE.has(current.value)) {
        this.stream.next();
      } else if (this.stream.test('name:in')) {
        this.stream.next();
      } else if (this.stream.test('name:not') && this.stream.test('name:in', this.stream.look())) {
        this.stream.next();
        this.stream.next();
      } else break;
      expr = this.binary(expr, this.parseMath1());
    }
    return expr;
  }

  private parseMath1(): Expr {
    return this.leftAssociative(() => this.parseConcat(), '+', '-');
  }

  private parseConcat(): Expr {
    return this.leftAssociative(() => this.parseMath2(), '~');
  }

  private parseMath2(): Expr {
    return this.leftAssociative(() => this.parsePow(), '*', '/', '//', '%');
  }

  private parsePow(): Expr {
    return this.leftAssociative(() => this.parseUnary(), '**');
  }

  /** Jinja2's binary levels: `operand (op operand)*` for this level's operators, left to right. */
  private leftAssociative(operand: () => Expr, ...operators: string[]): Expr {
    let expr = operand();
    while (operators.some((operator) => this.stream.op(operator))) {
      this.stream.next();
      expr = this.binary(expr, operand());
    }
    return expr;
  }

  private binary(left: Expr, _right: Expr): Expr {
    return { kind: 'other', token: left.token };
  }

  private parseUnary(withFilter = true): Expr {
    let expr: Expr;
    if (this.stream.op('-') || this.stream.op('+')) {
      const token = this.stream.next();
      this.parseUnary(false);
      expr = { kind: 'other', token };
    } else {
      expr = this.parsePrimary();
    }
    expr = this.parsePostfix(expr);
    return withFilter ? this.parseFilterExpr(expr) : expr;
  }

  private parsePrimary(withNamespace = false): Expr {
    const token = this.stream.current;
    if (token.type === 'name') {
      this.stream.next();
      if (['true', 'false', 'True', 'False', 'none', 'None'].includes(token.value)) return { kind: 'const', token };
      if (withNamespace && this.stream.op('.')) {
        this.stream.next();
        this.stream.expect('name', 'name');
        return { kind: 'nsref', token };
      }
      const use: NameUse = { path: [token.value], start: token.start, end: token.end };
      this.reading.names.push(use);
      return { kind: 'name', name: token.value, token, use };
    }
    if (token.type === 'string') {
      this.stream.next();
      while (this.stream.current.type === 'string') this.stream.next();
      return { kind: 'const', token };
    }
    if (token.type === 'integer' || token.type === 'float') {
      this.stream.next();
      return { kind: 'const', token };
    }
    if (token.type === 'opaque') {
      this.stream.next();
      return { kind: 'other', token };
    }
    if (this.stream.op('(')) {
      this.stream.next();
      this.parseTuple({ explicit: true });
      this.stream.expectOp(')');
      return { kind: 'other', token };
    }
    if (this.stream.op('[')) return this.parseList();
    if (this.stream.op('{')) return this.parseDict();
    if (token.type === 'eof') this.fail('Unexpected end of template: an expression is missing.');
    this.fail(`Unexpected \`${describe(token)}\`: an expression is missing.`);
  }

  private parseList(): Expr {
    const token = this.stream.expectOp('[');
    for (let first = true; !this.stream.op(']'); first = false) {
      if (!first) this.stream.expectOp(',');
      if (this.stream.op(']')) break;
      this.parseExpression();
    }
    this.stream.expectOp(']');
    return { kind: 'other', token };
  }

  private parseDict(): Expr {
    const token = this.stream.expectOp('{');
    for (let first = true; !this.stream.op('}'); first = false) {
      if (!first) this.stream.expectOp(',');
      if (this.stream.op('}')) break;
      this.parseExpression();
      this.stream.expectOp(':');
      this.parseExpression();
    }
    this.stream.expectOp('}');
    return { kind: 'other', token };
  }

  private parsePostfix(expr: Expr): Expr {
    let current = expr;
    for (;;) {
      if (this.stream.op('.') || this.stream.op('[')) current = this.parseSubscript(current);
      else if (this.stream.op('(')) current = this.parseCall(current);
      else return current;
    }
  }

  private parseFilterExpr(expr: Expr): Expr {
    let current = expr;
    const use = expr.kind === 'name' || expr.kind === 'path' ? expr.use : null;
    for (let first = true; ; first = false) {
      if (this.stream.op('|')) {
        const filters = this.reading.filters.length;
        this.parseFilter(false);
        const name = this.reading.filters[filters]?.name;
        if (first && use && (name === 'default' || name === 'd')) use.guarded = true;
        current = { kind: 'other', token: current.token };
      } else if (this.stream.test('name:is')) {
        const tests = this.reading.tests.length;
        current = this.parseTest(current);
        const name = this.reading.tests[tests]?.name;
        if (first && use && (name === 'defined' || name === 'undefined')) use.guarded = true;
      } else if (this.stream.op('(')) current = this.parseCall(current);
      else return current;
    }
  }

  private parseSubscript(expr: Expr): Expr {
    const token = this.stream.next();
    if (token.value === '.') {
      const attribute = this.stream.next();
      if (attribute.type === 'name') {
        // `var.value.env`: the path grows while it is made of attributes.
        if (expr.kind === 'name' || expr.kind === 'path') {
          expr.use.path.push(attribute.value);
          expr.use.end = attribute.end;
          return { kind: 'path', token: expr.token, use: expr.use };
        }
        return { kind: 'other', token: expr.token };
      }
      if (attribute.type !== 'integer') this.fail('Expected a name or a number after `.`.', attribute);
      return { kind: 'other', token: expr.token };
    }
    for (let first = true; !this.stream.op(']'); first = false) {
      if (!first) this.stream.expectOp(',');
      this.parseSubscribed();
    }
    this.stream.expectOp(']');
    return { kind: 'other', token: expr.token };
  }

  private parseSubscribed(): void {
    if (this.stream.op(':')) {
      this.stream.next();
    } else {
      this.parseExpression();
      if (!this.stream.op(':')) return;
      this.stream.next();
    }
    if (!this.stream.op(':') && !this.stream.op(']') && !this.stream.op(',')) this.parseExpression();
    if (this.stream.op(':')) {
      this.stream.next();
      if (!this.stream.op(']') && !this.stream.op(',')) this.parseExpression();
    }
  }

  private parseCallArgs(): void {
    const open = this.stream.expectOp('(');
    let dynArgs = false;
    let dynKwargs = false;
    let kwargs = false;
    const ensure = (ok: boolean) => {
      if (!ok) this.fail('Invalid syntax for a function call.', open);
    };
    for (let requireComma = false; !this.stream.op(')'); requireComma = true) {
      if (requireComma) {
        this.stream.expectOp(',');
        if (this.stream.op(')')) break;
      }
      if (this.stream.op('*')) {
        ensure(!dynArgs && !dynKwargs);
        this.stream.next();
        this.parseExpression();
        dynArgs = true;
      } else if (this.stream.op('**')) {
        ensure(!dynKwargs);
        this.stream.next();
        this.parseExpression();
        dynKwargs = true;
      } else if (this.stream.current.type === 'name' && this.stream.test('operator:=', this.stream.look())) {
        ensure(!dynKwargs);
        this.stream.next();
        this.stream.next();
        this.parseExpression();
        kwargs = true;
      } else {
        ensure(!dynArgs && !dynKwargs && !kwargs);
        this.parseExpression();
      }
    }
    this.stream.expectOp(')');
  }

  private parseCall(expr: Expr): Expr {
    this.parseCallArgs();
    return { kind: 'other', token: expr.token, call: true };
  }

  /** `| name(args)` (the pipe already read when `inline`: `{% filter upper %}`, `{% set x | trim %}`). */
  private parseFilter(inline: boolean): void {
    while (this.stream.op('|') || inline) {
      if (!inline) this.stream.next();
      const token = this.stream.expect('name', 'filter name');
      let name = token.value;
      let end = token.end;
      while (this.stream.op('.')) {
        this.stream.next();
        const part = this.stream.expect('name', 'name');
        name += `.${part.value}`;
        end = part.end;
      }
      this.reading.filters.push({ name, start: token.start, end });
      if (this.stream.op('(')) this.parseCallArgs();
      inline = false;
    }
  }

  private parseTest(expr: Expr): Expr {
    const is = this.stream.next();
    this.stream.skipIf('name:not');
    const token = this.stream.expect('name', 'test name');
    let name = token.value;
    let end = token.end;
    while (this.stream.op('.')) {
      this.stream.next();
      const part = this.stream.expect('name', 'name');
      name += `.${part.value}`;
      end = part.end;
    }
    this.reading.tests.push({ name, start: token.start, end });
    const current = this.stream.current;
    if (this.stream.op('(')) this.parseCallArgs();
    else if (
      (['name', 'string', 'integer', 'float'].includes(current.type) || this.stream.op('[') || this.stream.op('{')) &&
      !this.stream.test('name:else') &&
      !this.stream.test('name:or') &&
      !this.stream.test('name:and')
    ) {
      if (this.stream.test('name:is')) this.fail('Tests cannot be chained with `is`.');
      this.parsePostfix(this.parsePrimary());
    }
    return { kind: 'other', token: is === expr.token ? is : expr.token };
  }
}

type Expr =
  | { kind: 'name'; name: string; token: Token; use: NameUse; call?: boolean }
  | { kind: 'path'; token: Token; use: NameUse; call?: boolean }
  | { kind: 'const' | 'nsref' | 'other'; token: Token; call?: boolean };
