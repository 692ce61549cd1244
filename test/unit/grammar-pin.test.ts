// The parser runtime and the grammar are pinned as a pair (server/grammar.json): web-tree-sitter
// below 0.25 refuses the grammar's ABI 15, and 0.26 renames its wasm file. An upgrade of one
// without the other, or without updating the record, fails here instead of at run time.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { loadPython } from '../../server/src/core/syntax/parser';

const ROOT = path.join(__dirname, '..', '..');
const read = (file: string) => JSON.parse(readFileSync(path.join(ROOT, file), 'utf8'));

describe('grammar pin', () => {
  it('package.json, the installed packages and server/grammar.json name the same pair', () => {
    const pin = read('server/grammar.json');
    const manifest = read('package.json');
    for (const name of ['web-tree-sitter', 'tree-sitter-python']) {
      assert.equal(manifest.devDependencies[name], pin[name], `package.json pins ${name} differently from server/grammar.json`);
      assert.equal(read(`node_modules/${name}/package.json`).version, pin[name], `installed ${name} differs from the pin`);
    }
  });

  it('the runtime loads the grammar with the recorded ABI', async () => {
    const language = await loadPython();
    assert.equal(language.abiVersion, read('server/grammar.json').abi);
  });
});
