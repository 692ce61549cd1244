// DG001 against python3's own parser: it reports the broken files python3 rejects, at the line
// where the parse breaks, and never a file python3 accepts (every fixture and example, and a list
// of newer syntax). The syntax python3 3.11 cannot check (3.12's PEP 695/701, 3.13's PEP 696) is
// in test/fixtures/rules/DG001-valid-newer-syntax.py, which must stay silent too.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { analyze, fixturePath } from '../helpers/engine';
import { pythonSyntaxErrors } from '../helpers/pythonChecker';
import { hasTypeParameterList } from '../../server/src/core/rules/python/dg001-syntax-error';

const HEAD = 'from airflow import DAG\n';

/** For each text, whether python3's ast.parse accepts it (one python3 process for all). */
function pythonAccepts(texts: readonly string[]): boolean[] {
  return pythonSyntaxErrors([...texts]).map((error) => error === null);
}

const dg001 = async (text: string, file = 'dags/x.py') =>
  (await analyze(text, { path: file })).filter((finding) => finding.code === 'DG001');

describe('DG001 syntax-error', () => {
  const broken: Array<[string, string]> = [
    ['x = foo(1,\n', '2:1-2:11'],
    ['if x\n    pass\n', '2:1-2:5'],
    ['x = )\n', '2:1-2:6'],
    ['x = "abc\n', '2:5-2:6'],
    ['x = $a\n', '2:5-2:6'],
    ['else:\n    pass\n', '2:1-2:6'],
    ['x = {1: 2, 3}\n', '2:12-2:13'],
    ['def f(:\n    pass\n', '2:7-2:7'],
    ['<<<<<<< HEAD\nx = 1\n=======\nx = 2\n>>>>>>> theirs\n', '2:1-2:8'],
  ];

  it('reports the first error of a broken DAG file, which python3 rejects too', async () => {
    assert.deepEqual(
      pythonAccepts(broken.map(([body]) => HEAD + body)),
      broken.map(() => false),
    );
    for (const [body, where] of broken) {
      const findings = await dg001(HEAD + body);
      const { start, end } = findings[0]?.range ?? { start: { line: -1, character: -1 }, end: { line: -1, character: -1 } };
      assert.equal(findings.length, 1, body);
      assert.equal(`${start.line + 1}:${start.character + 1}-${end.line + 1}:${end.character + 1}`, where, body);
    }
    const [missing] = await dg001(`${HEAD}def f(:\n    pass\n`);
    assert.equal(missing.severity, 'error');
    assert.equal(missing.message, 'Syntax error (")" expected): Airflow cannot import this file.');
    assert.equal(
      missing.detail,
      'Airflow lists it as a broken DAG ("Broken DAG: ... SyntaxError"); none of its DAGs load until it parses.',
    );
  });

  it('is silent on files that are not DAG files', async () => {
    assert.deepEqual(await dg001('x = foo(1,\n'), []);
  });

  it('is silent on newer syntax python3 accepts', async () => {
    const valid = [
      'match = case = type = 1\nmatch match:\n    case [1, *rest] if rest:\n        pass\n    case {"a": b, **kw}:\n        pass\n',
      'try:\n    pass\nexcept* ValueError:\n    pass\n',
      'with (open("a") as a, open("b") as b):\n    pass\n',
      'def f(a, /, b, *, c):\n    return a[*b]\n',
      'x = f"{a!r:>{w}} {a = } {x[\'k\']}"\n',
      '@buttons[0].clicked.connect\ndef f():\n    pass\n',
      'async def f():\n    return [x async for x in y]\n',
      'x = 1 + \\\n    2\r\ny = 3\r\n',
      'print >> sys.stderr, "x"\n',
    ].map((body) => HEAD + body);
    assert.deepEqual(
      pythonAccepts(valid),
      valid.map(() => true),
    );
    for (const text of valid) assert.deepEqual(await dg001(text), [], text);
  });

  it('never fires on a fixture or example python3 accepts; DG001.py is one python3 rejects', async () => {
    const roots = [fixturePath('rules'), fixturePath('fixes'), path.join(__dirname, '..', '..', 'examples')];
    const files = roots.flatMap((root) =>
      readdirSync(root, { recursive: true, encoding: 'utf8' })
        .filter((name) => name.endsWith('.py'))
        .map((name) => path.join(root, name)),
    );
    const texts = files.map((file) => readFileSync(file, 'utf8'));
    const accepted = pythonAccepts(texts);
    assert.equal(accepted[files.indexOf(fixturePath('rules', 'DG001.py'))], false);
    assert.ok(files.length > 40, `only ${files.length} files`);
    for (const [index, file] of files.entries()) {
      if (accepted[index]) assert.deepEqual(await dg001(texts[index], file), [], file);
    }
    // The newer-syntax fixture: python3 (3.11) accepts its first part; the rest is 3.12/3.13 syntax.
    const newer = readFileSync(fixturePath('rules', 'DG001-valid-newer-syntax.py'), 'utf8');
    assert.deepEqual(pythonAccepts([newer.slice(0, newer.indexOf('# Python 3.12 and later'))]), [true]);
  });
});

describe('hasTypeParameterList', () => {
  it('answers what the multiline pattern `^[ \\t]*(def|class|type) name[` answers, on random text', () => {
    const plain = /^[ \t]*(?:async[ \t]+def|def|class|type)[ \t]+\w+[ \t]*\[/m;
    const pieces = [
      'def',
      'class',
      'type',
      'async',
      ' ',
      '\t',
      '\n',
      '\r',
      '\r\n',
      '\u2028',
      '\u2029',
      'f',
      '[',
      'x',
      '_',
      ':',
      'adef',
      'typedef',
      '1',
      '(',
    ];
    let seed = 3;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    let found = 0;
    for (let i = 0; i < 100000; i++) {
      let text = '';
      for (let length = Math.floor(next() * 14); length > 0; length--) text += pieces[Math.floor(next() * pieces.length)];
      const expected = plain.test(text);
      assert.equal(hasTypeParameterList(text), expected, JSON.stringify(text));
      if (expected) found++;
    }
    assert.ok(found > 50, `${found} texts with a type parameter list`);
  });
});
