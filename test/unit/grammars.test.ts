// The TextMate grammars in syntaxes/ compile with the engine VS Code uses (vscode-textmate +
// oniguruma) and give the scopes we expect: airflow.cfg sections, keys, values; Jinja inside
// Python strings (injected into a stand-in Python grammar with VS Code's string scope names).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import * as oniguruma from 'vscode-oniguruma';
import { INITIAL, Registry, parseRawGrammar, type IGrammar } from 'vscode-textmate';
import { ROOT } from '../../scripts/generate';

// Docstrings as VS Code's Python grammar (MagicPython) scopes them: a triple-quoted string that
// starts a statement is `string.quoted.docstring.multi.python`; one in an argument is `string.quoted.multi.python`.
const STAND_IN_PYTHON = JSON.stringify({
  scopeName: 'source.python',
  patterns: [
    { begin: '^\\s*"""', end: '"""', name: 'string.quoted.docstring.multi.python' },
    { begin: '"""', end: '"""', name: 'string.quoted.multi.python' },
    { begin: '"', end: '"', name: 'string.quoted.double.python' },
    { begin: "'", end: "'", name: 'string.quoted.single.python' },
    { match: '#.*$', name: 'comment.line.number-sign.python' },
  ],
});

let registry: Registry;

before(async () => {
  const wasm = readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm'));
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  const files: Record<string, string> = {
    'source.airflow-cfg': path.join(ROOT, 'syntaxes', 'airflow-cfg.tmLanguage.json'),
    'airflow.jinja.injection': path.join(ROOT, 'syntaxes', 'jinja-in-python.tmLanguage.json'),
  };
  registry = new Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (sources) => new oniguruma.OnigScanner(sources),
      createOnigString: (text) => new oniguruma.OnigString(text),
    }),
    loadGrammar: async (scopeName) => {
      if (scopeName === 'source.python') return parseRawGrammar(STAND_IN_PYTHON, 'python.json');
      const file = files[scopeName];
      return file ? parseRawGrammar(readFileSync(file, 'utf8'), file) : null;
    },
    getInjections: (scopeName) => (scopeName === 'source.python' ? ['airflow.jinja.injection'] : undefined),
  });
});

/** [text, innermost scope] for each token of each line. */
function tokens(grammar: IGrammar, text: string): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  let state = INITIAL;
  for (const line of text.split('\n')) {
    const result = grammar.tokenizeLine(line, state);
    for (const token of result.tokens) out.push([line.slice(token.startIndex, token.endIndex), token.scopes[token.scopes.length - 1]]);
    state = result.ruleStack;
  }
  return out;
}

const manifest = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));

describe('TextMate grammars', () => {
  it('package.json contributes the airflow-cfg language and both grammars', () => {
    assert.deepEqual(
      manifest.contributes.languages.map((language: { id: string }) => language.id),
      ['airflow-cfg'],
    );
    assert.ok(manifest.contributes.languages[0].filenames.includes('airflow.cfg'));
    const grammars = manifest.contributes.grammars.map((grammar: { scopeName: string; path: string }) => [grammar.scopeName, grammar.path]);
    assert.deepEqual(grammars, [
      ['source.airflow-cfg', './syntaxes/airflow-cfg.tmLanguage.json'],
      ['airflow.jinja.injection', './syntaxes/jinja-in-python.tmLanguage.json'],
    ]);
    assert.ok(manifest.activationEvents.includes('onLanguage:airflow-cfg'));
  });

  it('airflow-cfg: sections, keys, values, comments', async () => {
    const grammar = (await registry.loadGrammar('source.airflow-cfg'))!;
    const scoped = tokens(
      grammar,
      '# a comment\n[core]\nparallelism = 32\nload_examples = False\ndags_folder = {AIRFLOW_HOME}/dags\nsql_alchemy_conn: postgresql://db',
    );
    const scopeOf = (text: string) => scoped.find(([token]) => token === text)?.[1];
    assert.equal(scopeOf(' a comment'), 'comment.line.airflow-cfg');
    assert.equal(scopeOf('#'), 'punctuation.definition.comment.airflow-cfg');
    assert.equal(scopeOf('core'), 'entity.name.section.airflow-cfg');
    assert.equal(scopeOf('parallelism'), 'variable.other.property.airflow-cfg');
    assert.equal(scopeOf('32'), 'constant.numeric.airflow-cfg');
    assert.equal(scopeOf('False'), 'constant.language.boolean.airflow-cfg');
    assert.equal(scopeOf('{AIRFLOW_HOME}'), 'variable.parameter.placeholder.airflow-cfg');
    assert.equal(scopeOf('sql_alchemy_conn'), 'variable.other.property.airflow-cfg');
    assert.equal(scopeOf('postgresql://db'), 'string.unquoted.value.airflow-cfg');
  });

  it('Jinja inside Python strings, not in comments or outside strings', async () => {
    const grammar = (await registry.loadGrammar('source.python'))!;
    const scoped = tokens(grammar, 'cmd = "run {{ ds }} {{ var.value.env | upper }}"  # {{ ds }} in a comment\nx = {{ 1 }}');
    const inString = scoped.filter(([, scope]) => scope.endsWith('.jinja'));
    assert.deepEqual(
      inString.map(([text]) => text).filter((text) => text.trim()),
      ['{{', 'ds', '}}', '{{', 'var', '.', 'value', '.', 'env', '|', 'upper', '}}'],
    );
    assert.equal(scoped.find(([text]) => text === 'ds')?.[1], 'support.variable.context.jinja');
    assert.equal(scoped.find(([text]) => text === 'var')?.[1], 'variable.language.context.jinja');
  });

  it('Jinja in an argument string, not in a docstring', async () => {
    const grammar = (await registry.loadGrammar('source.python'))!;
    const jinjaIn = (text: string) =>
      tokens(grammar, text)
        .filter(([, scope]) => scope.endsWith('.jinja'))
        .map(([token]) => token)
        .filter((token) => token.trim());
    assert.deepEqual(jinjaIn('def build():\n    """Runs on {{ ds }}, the logical date."""'), []);
    assert.deepEqual(jinjaIn('t = BashOperator(bash_command="""echo {{ ds }}""")'), ['{{', 'ds', '}}']);
  });
});
