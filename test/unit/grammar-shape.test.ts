// The grammar facts the snapshot's walk relies on (core/syntax/grammarShape.ts) agree with the
// installed tree-sitter-python's own files: node-types.json for the types whose children have no
// field and for the candidates to be tokens, grammar.json for the anonymous types with children.
// (test/unit/tree-snapshot.test.ts checks the walk they shorten against web-tree-sitter's answers.)
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { ANONYMOUS_WITH_CHILDREN, FIELDLESS_TYPES, LEAF_TYPES } from '../../server/src/core/syntax/grammarShape';

interface NodeType {
  type: string;
  named: boolean;
  fields?: Record<string, unknown>;
  children?: unknown;
  subtypes?: unknown;
}

const grammarFile = (name: string) => readFileSync(require.resolve(`tree-sitter-python/src/${name}`), 'utf8');
const nodeTypes = JSON.parse(grammarFile('node-types.json')) as NodeType[];
const hasFields = (type: NodeType) => Object.keys(type.fields ?? {}).length > 0;

describe('grammar shape', () => {
  it('lists exactly the types with children but no fields', () => {
    const expected = nodeTypes.filter((type) => type.named && type.children && !hasFields(type)).map((type) => type.type);
    assert.deepEqual([...FIELDLESS_TYPES].sort(), expected.sort());
  });

  it('lists as tokens only named types with neither children nor fields', () => {
    const candidates = new Set(
      nodeTypes.filter((type) => type.named && !type.children && !hasFields(type) && !type.subtypes).map((type) => type.type),
    );
    for (const type of LEAF_TYPES) assert.ok(candidates.has(type), `${type} may have children`);
  });

  it('lists exactly the anonymous aliases of rules', () => {
    const found = new Set<string>();
    const visit = (value: unknown): void => {
      if (Array.isArray(value)) value.forEach(visit);
      else if (value && typeof value === 'object') {
        const rule = value as { type?: string; named?: boolean; value?: string; content?: { type?: string } };
        if (rule.type === 'ALIAS' && !rule.named && !['STRING', 'PATTERN', 'TOKEN', 'IMMEDIATE_TOKEN'].includes(rule.content?.type ?? ''))
          found.add(rule.value as string);
        Object.values(value).forEach(visit);
      }
    };
    visit(JSON.parse(grammarFile('grammar.json')));
    assert.deepEqual([...ANONYMOUS_WITH_CHILDREN].sort(), [...found].sort());
  });
});
