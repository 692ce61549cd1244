// The cheaper ways the analysis reads the tree give the answers the plain ones gave: `wordOffsets` finds the words a tokenizer of the whole text finds, and
// NameScopes.bindingScope (by offset among the scope bodies) is the scope an ancestor walk finds.
// Checked on every rule fixture, on prefixes of them (half-typed code) and on made-up text.
import { spawnSync } from 'node:child_process';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { analyzePython } from '../../server/src/core/analyze';
import { NameScopes } from '../../server/src/core/model/nameScopes';
import { indexWords, SourceFile, wordOffsets } from '../../server/src/core/model/source';
import { PYTHON_RULES } from '../../server/src/core/rules/registry';
import { type Node, stringValue } from '../../server/src/core/syntax/nodes';
import { fixturePath, getEngine, readFixture, settingsWith, TEST_TODAY } from '../helpers/engine';

const dir = fixturePath('rules');
const fixtures = readdirSync(dir)
  .filter((name) => name.endsWith('.py'))
  .sort();

/** The whole fixture and every 97th prefix of it. */
function texts(file: string): string[] {
  const text = readFileSync(`${dir}/${file}`, 'utf8');
  const prefixes = [];
  for (let end = 0; end < text.length; end += 97) prefixes.push(text.slice(0, end));
  return [text, ...prefixes];
}

function allNodes(root: Node): Node[] {
  const nodes: Node[] = [];
  const visit = (node: Node) => {
    nodes.push(node);
    for (const child of node.children) if (child) visit(child);
  };
  visit(root);
  return nodes;
}

/** What bindingScope answered before: the first function, lambda or class whose body holds the node. */
function bindingScopeByWalk(node: Node): Node {
  let child = node;
  for (let parent = node.parent; parent; child = parent, parent = parent.parent) {
    if (['function_definition', 'lambda', 'class_definition'].includes(parent.type) && parent.childForFieldName('body')?.id === child.id)
      return parent;
  }
  return child;
}

/** Every word of the text spelled `name`, by tokenizing the whole text. */
function wordOffsetsByTokens(text: string, name: string): number[] {
  return [...text.matchAll(/[\p{L}\p{Nl}_][\p{L}\p{Nl}\p{Mn}\p{Mc}\p{Nd}\p{Pc}]*/gu)]
    .filter((match) => match[0] === name)
    .map((match) => match.index);
}

describe('wordOffsets', () => {
  it('finds whole words only, as Python spells identifiers', () => {
    assert.deepEqual(wordOffsets('name = x_name + name1 + name', 'name'), [0, 24]);
    assert.deepEqual(wordOffsets('1name x1name name_ (name)', 'name'), [1, 20]);
    assert.deepEqual(wordOffsets('café = cafe + café\u0301', 'café'), [0]);
    assert.deepEqual(wordOffsets('𝑥 = 𝑥𝑥 + 𝑥', '𝑥'), [0, 12], 'UTF-16 offsets');
    assert.deepEqual(wordOffsets('a.b a·b', 'b'), [2, 6]);
    assert.deepEqual(wordOffsets('x = 1', '1'), [], 'not a word');
  });

  it('agrees with tokenizing the whole text, on fixtures and on made-up text', () => {
    for (const file of fixtures) {
      const text = readFileSync(`${dir}/${file}`, 'utf8');
      const words = [...new Set(text.match(/[\p{L}\p{Nl}_][\p{L}\p{Nl}\p{Mn}\p{Mc}\p{Nd}\p{Pc}]*/gu) ?? [])].slice(0, 60);
      const index = indexWords(text);
      for (const name of words) {
        assert.deepEqual(wordOffsets(text, name), wordOffsetsByTokens(text, name), `${file}: ${name}`);
        assert.deepEqual(index.get(name) ?? [], wordOffsetsByTokens(text, name), `${file}: ${name} (indexWords)`);
      }
    }
    const pieces = ['a', 'b', '_', '1', ' ', '.', 'é', '\u0301', '·', '𝑥', 'Ⅰ', '=', 'ab', '1a', 'a1'];
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    for (let i = 0; i < 20000; i++) {
      let text = '';
      for (let length = 1 + Math.floor(next() * 10); length > 0; length--) text += pieces[Math.floor(next() * pieces.length)];
      const index = indexWords(text);
      for (const name of ['a', 'ab', 'b', 'a1', '𝑥', 'Ⅰ', 'é']) {
        assert.deepEqual(wordOffsets(text, name), wordOffsetsByTokens(text, name), JSON.stringify([text, name]));
        assert.deepEqual(index.get(name) ?? [], wordOffsetsByTokens(text, name), JSON.stringify([text, name, 'indexWords']));
      }
    }
  });
});

describe('stringValue', () => {
  it('reads plain strings from their text and the others part by part, with the same values', async () => {
    const cases: Array<[string, string | null]> = [
      ['"pool_a"', 'pool_a'],
      ["'pool_a'", 'pool_a'],
      ['""', ''],
      ['"it\'s"', "it's"],
      ['"""doc"""', 'doc'],
      ['"a" "b"', 'ab'],
      ['("x")', 'x'],
      ['b"x"', null],
      ['f"x{y}"', null],
      ['f"x"', 'x'],
      ['"{x}"', '{x}'],
    ];
    const engine = await getEngine();
    for (const [literal, expected] of cases) {
      const value = engine.withSource('t.py', `v = ${literal}\n`, (source) =>
        stringValue(source.nodes('assignment')[0].childForFieldName('right')),
      );
      assert.equal(value, expected, literal);
    }
  });

  it("decodes escapes as Python does (checked against python3's own reading), and gives up on \\N{...}", async () => {
    const literals = [
      String.raw`"a\tb"`,
      String.raw`'it\'s'`,
      String.raw`"\x41\u00e9\U0001F680"`,
      String.raw`"\101\0"`,
      String.raw`"keep \d \w \8"`,
      String.raw`r"raw\tkept"`,
      String.raw`R'C:\dags'`,
      '"""a\\\nb"""',
      '"a\\\r\nb"',
      String.raw`"quote \" inside"`,
      String.raw`"bell\a\b\f\v"`,
      String.raw`u"\u00fcber"`,
      String.raw`f"a{{b}}\t"`,
      String.raw`rf"{{x}}\t"`,
      String.raw`"a" 'b\n' "c"`,
      '"été"',
    ];
    const engine = await getEngine();
    const literalValue = (literal: string) =>
      engine.withSource('t.py', `v = ${literal}\n`, (source) => stringValue(source.nodes('assignment')[0].childForFieldName('right')));
    // Python's own value of each literal (an f-string without fields is a constant too).
    const script = 'import json,sys\nprint(json.dumps([eval(t, {}) for t in json.load(sys.stdin)]))';
    const python = spawnSync('python3', ['-c', script], { input: JSON.stringify(literals), encoding: 'utf8' });
    assert.equal(python.status, 0, python.stderr);
    assert.deepEqual(literals.map(literalValue), JSON.parse(python.stdout));
    assert.equal(literalValue(String.raw`"\N{EM DASH}"`), null, "a named escape needs Unicode's name table: unknown, not a wrong value");
  });
});

/** What `identifiers` answered before: each whole word spelled `name`, looked up from the root. */
function identifiersByDescent(source: SourceFile, name: string): Node[] {
  const found: Node[] = [];
  for (const offset of wordOffsets(source.text, name)) {
    const node = source.root.descendantForIndex(offset, offset + name.length);
    if (node.type === 'identifier' && node.startIndex === offset && node.endIndex === offset + name.length) found.push(node);
  }
  return found;
}

describe('SourceFile.identifiers', () => {
  it('finds the identifiers a descent from the root finds, in whole fixtures, prefixes of them and broken text', async () => {
    const engine = await getEngine();
    let checked = 0;
    const broken = ['x = (a\nb = a a\n', 'def f(:\n  a = a\na', 'a\u00e9 = 1\n\u00e9a = a\u00e9', 'print(a)\nexec = a\ntype a = a\n'];
    const cases = [
      ...fixtures.flatMap((file) => texts(file).map((text) => ({ file, text }))),
      ...broken.map((text) => ({ file: 'broken', text })),
    ];
    for (const { file, text } of cases) {
      engine.withSource(file, text, (source) => {
        const names = [...new Set(text.match(/[\p{L}\p{Nl}_][\p{L}\p{Nl}\p{Mn}\p{Mc}\p{Nd}\p{Pc}]*/gu) ?? [])].slice(0, 40);
        for (const name of names) {
          const expected = identifiersByDescent(source, name).map((node) => node.id);
          assert.deepEqual(
            source.identifiers(name).map((node) => node.id),
            expected,
            `${file}: ${name}`,
          );
          checked += expected.length;
        }
      });
    }
    assert.ok(checked > 10000, `checked ${checked} identifiers`);
  });
});

describe('NameScopes.bindingScope', () => {
  it('is the scope an ancestor walk finds, for every node of every fixture and of prefixes of them', async () => {
    const engine = await getEngine();
    let checked = 0;
    for (const file of fixtures) {
      for (const text of texts(file)) {
        engine.withSource(file, text, (source) => {
          const scopes = NameScopes.of(source);
          for (const node of allNodes(source.root)) {
            if (node.endIndex === node.startIndex) continue; // zero-width (MISSING) nodes bind nothing
            assert.equal(scopes.bindingScope(node).id, bindingScopeByWalk(node).id, `${file}: scope of ${node.type} at ${node.startIndex}`);
            checked++;
          }
        });
      }
    }
    assert.ok(checked > 10000, `checked ${checked} nodes`);
  });
});

describe('analysis timing (onTiming)', () => {
  it('reports the model, the argument sites and every rule that ran, and changes no finding', async () => {
    const engine = await getEngine();
    const text = readFixture('rules', 'DG201.py');
    const options = { settings: settingsWith(), airflowVersion: 2 as const, today: TEST_TODAY };
    const parts = new Map<string, number>();
    const timed = engine.withSource('dag.py', text, (source: SourceFile) =>
      analyzePython(source, { ...options, onTiming: (part, ms) => parts.set(part, ms) }),
    );
    const plain = engine.analyzeText('dag.py', text, options);
    assert.deepEqual(timed, plain);
    assert.deepEqual([...parts.keys()].sort(), ['argument sites', 'model', ...PYTHON_RULES.map((rule) => rule.code)].sort());
    assert.ok([...parts.values()].every((ms) => ms >= 0));
  });
});
