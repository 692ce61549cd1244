// No dead exports: every function, constant or class a source module exports is named in some
// other file of the repository (a source module, a test, a build script). An export nothing else
// reads is either dead code or should be private to its module. Types and interfaces are left
// out: a module exports the types of its exported signatures so that callers can name them.
// (typescript-eslint's type-aware rules need the TypeScript 5 API, which TypeScript 7 does not
// ship; this is the part of them the project can hold with a text search.)
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';

const ROOT = path.join(__dirname, '..', '..');

/** Called by name from outside the repository: VS Code calls the extension's activate/deactivate. */
const CALLED_FROM_OUTSIDE = new Set(['client/src/extension.ts activate', 'client/src/extension.ts deactivate']);

function filesUnder(folder: string, suffixes: readonly string[]): string[] {
  return readdirSync(path.join(ROOT, folder), { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && suffixes.some((suffix) => entry.name.endsWith(suffix)))
    .map((entry) => path.relative(ROOT, path.join(entry.parentPath, entry.name)))
    .filter((file) => !file.split(path.sep).includes('node_modules') && !file.split(path.sep).includes('fixtures'));
}

const EXPORT = /^export\s+(?:async\s+)?(?:function\*?|const|let|class|enum|abstract\s+class)\s+([A-Za-z_$][\w$]*)/gm;

describe('exports', () => {
  it('every exported function, constant and class is used in another file', () => {
    const sources = [...filesUnder('server/src', ['.ts']), ...filesUnder('client/src', ['.ts'])];
    const readers = [
      ...sources,
      ...filesUnder('test', ['.ts', '.mjs', '.cjs']),
      ...filesUnder('scripts', ['.ts', '.mjs', '.js']),
      ...filesUnder('.', ['.mjs']).filter((f) => !f.includes(path.sep)),
    ];
    const texts = new Map(readers.map((file) => [file, readFileSync(path.join(ROOT, file), 'utf8')]));
    const unused: string[] = [];
    for (const file of sources) {
      for (const match of (texts.get(file) ?? '').matchAll(EXPORT)) {
        const name = match[1];
        if (CALLED_FROM_OUTSIDE.has(`${file} ${name}`)) continue;
        const word = new RegExp(`\\b${name.replace(/\$/g, '\\$')}\\b`);
        if (![...texts].some(([other, text]) => other !== file && word.test(text))) unused.push(`${file}: ${name}`);
      }
    }
    assert.deepEqual(unused, [], 'exported but read by no other file: remove the export (or the code)');
  });
});
