// `nodesWithin` (a binary search over a document-ordered node list) answers what filtering the
// whole list with `contains` answers, for every function, class and call of the rule fixtures and
// the examples, and for the identifier lists of `SourceFile.identifiers`.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { contains, nodesWithin } from '../../server/src/core/syntax/nodes';
import { FIXTURES, getEngine } from '../helpers/engine';

const FILES = [
  ...readdirSync(path.join(FIXTURES, 'rules')).map((name) => path.join(FIXTURES, 'rules', name)),
  ...readdirSync(path.join(__dirname, '../../examples/dags')).map((name) => path.join(__dirname, '../../examples/dags', name)),
].filter((file) => file.endsWith('.py'));

describe('nodesWithin', () => {
  it('equals a filter of the whole list by contains, for every outer node of the fixtures', async () => {
    const engine = await getEngine();
    let compared = 0;
    for (const file of FILES) {
      engine.withSource(file, readFileSync(file, 'utf8'), (source) => {
        const outers = [
          source.root,
          ...source.nodes('function_definition'),
          ...source.nodes('class_definition'),
          ...source.nodes('call'),
          ...source.nodes('for_statement'),
        ];
        const lists = [
          source.nodes('assignment'),
          source.nodes('call'),
          source.nodes('augmented_assignment'),
          source.nodes('keyword_argument'),
          source.identifiers('kwargs'),
          source.identifiers('self'),
        ];
        for (const outer of outers) {
          for (const list of lists) {
            const ids = (nodes: readonly { id: number }[]) => nodes.map((node) => node.id);
            assert.deepEqual(
              ids(nodesWithin(list, outer)),
              ids(list.filter((node) => contains(outer, node))),
              `${file}: ${outer.type} at ${outer.startIndex}`,
            );
            compared++;
          }
        }
      });
    }
    assert.ok(compared > 1000, `${compared} comparisons`);
  });

  it('finds nothing in an empty list, and a call but not its sibling', async () => {
    const engine = await getEngine();
    engine.withSource('t.py', 'f(a)\ng(b)\n', (source) => {
      const [first, second] = source.nodes('call');
      assert.deepEqual(nodesWithin([], first), []);
      assert.deepEqual(
        nodesWithin(source.nodes('call'), first).map((node) => node.text),
        ['f(a)'],
      );
      assert.deepEqual(
        nodesWithin(source.nodes('call'), second).map((node) => node.text),
        ['g(b)'],
      );
    });
  });
});
