// DG001: a DAG file that does not parse. Airflow cannot import it and lists it as a broken DAG.
import type { Node } from '../../syntax/nodes';
import type { PythonRule, RuleContext } from '../rule';

/**
 * Valid Python that tree-sitter-python 0.25 does not parse: type parameter defaults (PEP 696,
 * Python 3.13: `def f[T = int]()`). A file with any type parameter list (`def f[`, `class C[`,
 * `type A[`) is left alone, since an error there may be tree-sitter's and not Python's. Checked
 * against python3's own parser by test/unit/dg001-syntax-error.test.ts, with the newer syntax it
 * does parse (match, PEP 695 generics, PEP 701 f-strings, t-strings, `except A, B:`).
 */
const DEFINITION_WITH_BRACKET = /(?:async[ \t]+def|def|class|type)[ \t]+\w+[ \t]*\[/g;

/**
 * Whether a line of `text` is `[ \t]*` then such a header: `^[ \t]*(?:...)` with the `m` flag, as
 * a search for the header then a look back to its line's start (test/unit/dg001-syntax-error.test.ts
 * holds them equal). The multiline pattern tried its anchor at every character of the text: 0.2 ms
 * on a 5,000-line file at every analysis of a broken file, against 0.06 ms.
 */
export function hasTypeParameterList(text: string): boolean {
  DEFINITION_WITH_BRACKET.lastIndex = 0;
  for (let match = DEFINITION_WITH_BRACKET.exec(text); match; match = DEFINITION_WITH_BRACKET.exec(text)) {
    let lineStart = match.index;
    while (lineStart > 0 && (text.charCodeAt(lineStart - 1) === 32 || text.charCodeAt(lineStart - 1) === 9)) lineStart--;
    // A line terminator as the `m` flag reads them: \n, \r, U+2028, U+2029.
    const before = lineStart > 0 ? text.charCodeAt(lineStart - 1) : 10;
    if (before === 10 || before === 13 || before === 0x2028 || before === 0x2029) return true;
    DEFINITION_WITH_BRACKET.lastIndex = match.index + 1;
  }
  return false;
}

export const dg001: PythonRule = {
  code: 'DG001',
  name: 'syntax-error',
  defaultSeverity: 'error',
  needsDagFile: true,
  docs: {
    summary: 'A DAG file does not parse: Airflow lists it as a broken DAG.',
    whatItDoes:
      "Reports the first syntax error of a DAG file, where tree-sitter finds it: the statement or token it could not parse, or the token it found missing. Python's message may point elsewhere in the same statement (for an unclosed parenthesis, Python names the parenthesis; the finding is where the parse broke, often the next line). The other rules still run on the parts that parse. The rule stays silent where the parser could be wrong rather than the file: a file that uses type parameter lists (`def f[T]`, `class C[T]`, `type A[T] = ...`) is not checked, because tree-sitter-python 0.25 does not parse their defaults (Python 3.13). Errors that only Python's compiler finds (a `return` outside a function, a repeated argument name, a body that is missing at the end of the file) are not reported.",
    whyBad:
      'The DAG processor imports the file and gets a SyntaxError: the UI shows "Broken DAG: [/path/to/file.py] ... SyntaxError", none of the file\'s DAGs load, and if they were loaded before, their runs stop being scheduled until the file is fixed.',
    example: [
      'with DAG("etl", schedule="@daily") as dag:',
      '    extract = BashOperator(task_id="extract", bash_command="extract.sh"',
      '    load = BashOperator(task_id="load", bash_command="load.sh")',
    ].join('\n'),
    useInstead: [
      'with DAG("etl", schedule="@daily") as dag:',
      '    extract = BashOperator(task_id="extract", bash_command="extract.sh")',
      '    load = BashOperator(task_id="load", bash_command="load.sh")',
    ].join('\n'),
  },
  check(context: RuleContext) {
    const { source } = context;
    if (!source.root.hasError || hasTypeParameterList(source.text)) return;
    const error = firstError(source.root);
    if (!error) return;
    const start = error.isMissing ? error : (firstUnparsed(error) ?? error);
    const range = source.lines.rangeOf(start.startIndex, error.endIndex);
    // An ERROR node can span many lines (tree-sitter skips ahead to recover): underline its first line.
    if (range.end.line > range.start.line)
      range.end = { line: range.start.line, character: source.lines.lineText(range.start.line).length };
    context.report({
      range,
      message: `Syntax error${error.isMissing ? ` ("${error.type}" expected)` : ''}: Airflow cannot import this file.`,
      detail: 'Airflow lists it as a broken DAG ("Broken DAG: ... SyntaxError"); none of its DAGs load until it parses.',
    });
  },
};

/** The first ERROR or MISSING node in document order. */
function firstError(node: Node): Node | null {
  for (const child of node.children) {
    if (!child) continue;
    if (child.isError || child.isMissing) return child;
    if (child.hasError) {
      const inner = firstError(child);
      if (inner) return inner;
    }
  }
  return null;
}

/**
 * Where the trouble starts inside an ERROR node: tree-sitter often wraps the complete statements
 * before the bad one into the same ERROR node (`import x` then a stray `else:`), so those are skipped.
 */
function firstUnparsed(error: Node): Node | null {
  for (const child of error.children) {
    if (!child) continue;
    const complete = child.isNamed && !child.hasError && (COMPLETE.test(child.type) || child.type === 'comment');
    if (!complete) return child;
  }
  return null;
}

const COMPLETE = /_statement$|^(?:function_definition|class_definition|decorated_definition)$/;
