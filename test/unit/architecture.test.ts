// ARCHITECTURE.md's invariants that a test can hold: which layer may import what, no import cycles
// among value imports, and the rule registry equal to the rule files on disk.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { ALL_RULES } from '../../server/src/core/rules/registry';

const ROOT = path.join(__dirname, '..', '..');

interface Import {
  from: string;
  specifier: string;
  /** `import type` / `export type`: erased by the compiler, no run-time dependency. */
  typeOnly: boolean;
}

function sourceFiles(folder: string): string[] {
  return readdirSync(path.join(ROOT, folder), { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
    .map((entry) => path.relative(ROOT, path.join(entry.parentPath, entry.name)));
}

const IMPORT = /^\s*(?:import|export)\s+(type\s+)?(?:[^'"]*?\sfrom\s+)?['"]([^'"]+)['"]/gm;

function importsOf(file: string): Import[] {
  const text = readFileSync(path.join(ROOT, file), 'utf8');
  return [...text.matchAll(IMPORT)].map((match) => ({ from: file, specifier: match[2], typeOnly: !!match[1] }));
}

/** A relative specifier as a file of the repository (without extension resolution beyond .ts and /index.ts). */
function resolve(from: string, specifier: string): string | null {
  if (!specifier.startsWith('.')) return null;
  const base = path.join(path.dirname(from), specifier);
  for (const candidate of [`${base}.ts`, path.join(base, 'index.ts')]) if (existsSync(path.join(ROOT, candidate))) return candidate;
  return null;
}

const SERVER = sourceFiles('server/src');
const ALL = [...SERVER, ...sourceFiles('client/src')];

function offending(files: readonly string[], forbidden: (imported: Import, target: string | null) => boolean): string[] {
  return files.flatMap((file) =>
    importsOf(file)
      .filter((imported) => forbidden(imported, resolve(file, imported.specifier)))
      .map((imported) => `${file} imports ${imported.specifier}`),
  );
}

describe('architecture', () => {
  it('keeps the core pure: no protocol package, no project/protocol/cli layer, no file system, processes or network', () => {
    const core = SERVER.filter((file) => file.startsWith('server/src/core/'));
    assert.ok(core.length > 100);
    const bad = offending(core, (imported, target) => {
      if (/^vscode(-languageserver|-jsonrpc)?/.test(imported.specifier)) return true;
      if (target && !target.startsWith('server/src/core/') && !target.startsWith('server/src/version')) return !imported.typeOnly;
      if (/^(node:)?(child_process|net|http|https|dgram|worker_threads)$/.test(imported.specifier)) return true;
      // The one exception: the parser finds the grammar's wasm files next to the bundle.
      if (/^(node:)?fs(\/promises)?$/.test(imported.specifier)) return imported.from !== 'server/src/core/syntax/parser.ts';
      return false;
    });
    assert.deepEqual(bad, []);
  });

  it('keeps the layers below the rules from importing them: findings and the rule context live below', () => {
    const below =
      /^server\/src\/core\/(syntax|model|airflow|catalogue|config|cost|fixes|templating|jinja|settings\/schema|findings|ruleContext)/;
    const bad = offending(
      SERVER.filter((file) => below.test(file)),
      (_imported, target) => !!target && target.startsWith('server/src/core/rules/'),
    );
    assert.deepEqual(bad, []);
  });

  it('lets only the protocol layer (and the server entry) import vscode-languageserver', () => {
    const bad = offending(
      SERVER,
      (imported) =>
        /^vscode-languageserver/.test(imported.specifier) &&
        !imported.from.startsWith('server/src/protocol/') &&
        imported.from !== 'server/src/server.ts',
    );
    assert.deepEqual(bad, []);
  });

  it('keeps the client thin: of the server it imports only the settings schema (the names of its settings)', () => {
    const bad = offending(
      sourceFiles('client/src'),
      (imported, target) => !!target && !target.startsWith('client/src/') && !target.startsWith('server/src/core/settings/'),
    );
    assert.deepEqual(bad, []);
  });

  it('keeps the project layer and the CLI free of the protocol layer', () => {
    const bad = offending(
      SERVER.filter((file) => file.startsWith('server/src/project/') || file.startsWith('server/src/cli/')),
      (imported, target) => !!target && target.startsWith('server/src/protocol/'),
    );
    assert.deepEqual(bad, []);
  });

  it('has no import cycle among value imports', () => {
    const graph = new Map(
      ALL.map((file) => [
        file,
        importsOf(file)
          .filter((imported) => !imported.typeOnly)
          .map((imported) => resolve(file, imported.specifier))
          .filter((target): target is string => target !== null),
      ]),
    );
    const cycles: string[] = [];
    const state = new Map<string, 'open' | 'done'>();
    const stack: string[] = [];
    const visit = (file: string): void => {
      state.set(file, 'open');
      stack.push(file);
      for (const next of graph.get(file) ?? []) {
        if (state.get(next) === 'open') cycles.push([...stack.slice(stack.indexOf(next)), next].join(' -> '));
        else if (!state.has(next)) visit(next);
      }
      stack.pop();
      state.set(file, 'done');
    };
    for (const file of ALL) if (!state.has(file)) visit(file);
    assert.deepEqual(cycles, []);
  });

  it('registers every rule file once, under the code its file name says', () => {
    const onDisk = ['python', 'config'].flatMap((folder) =>
      readdirSync(path.join(ROOT, 'server/src/core/rules', folder))
        .filter((name) => /^dg\d{3}-/.test(name))
        .map((name) => name.slice(0, 5).toUpperCase()),
    );
    assert.deepEqual([...ALL_RULES.map((rule) => rule.code)].sort(), onDisk.sort());
    assert.equal(new Set(ALL_RULES.map((rule) => rule.name)).size, ALL_RULES.length, 'rule names are unique');
    for (const rule of ALL_RULES) assert.match(rule.code, /^DG\d{3}$/);
  });
});
