// Compiles the TypeScript that tests run, once, with esbuild, for `npm test`: each source file to
// one CommonJS file under node_modules/.cache/dag-guard-tests/, in the same folder layout, so that
// node --test starts plain JavaScript instead of loading tsx and transpiling the sources again in
// each test file's process (about 1 s of CPU a file). This is what tsx does per file, done once:
// the same esbuild transform, the same packages loaded from node_modules at run time, no bundling,
// no build stamp (the code runs "from sources"); each file keeps its own __dirname and __filename,
// so fixtures, dist/ and the helpers' files are found where they are.
// Usage: node test/build.mjs; then node --test node_modules/.cache/dag-guard-tests/test/unit/.
import * as esbuild from 'esbuild';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outdir = path.join(root, 'node_modules', '.cache', 'dag-guard-tests');
/** The TypeScript tests may load: every .ts of the project but what never runs in a test process. */
const SKIP = new Set(['node_modules', 'dist', '.git', '.e2e', 'fixtures', 'examples']);

/** Gives each source its own __dirname and __filename (the source's, as under tsx). */
const sourcePaths = {
  name: 'source-paths',
  setup(build) {
    build.onLoad({ filter: /\.ts$/ }, (args) => {
      const prefix = `var __dirname = ${JSON.stringify(path.dirname(args.path))}, __filename = ${JSON.stringify(args.path)};`;
      // On the first line (a shebang becomes a comment after it), so that every line keeps its number.
      const source = readFileSync(args.path, 'utf8').replace(/^#!/, '//#!');
      return { contents: prefix + source, loader: 'ts' };
    });
  },
};

function filesUnder(folder, suffix) {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    if (SKIP.has(entry.name)) return [];
    const file = path.join(folder, entry.name);
    if (entry.isDirectory()) return filesUnder(file, suffix);
    return entry.isFile() && entry.name.endsWith(suffix) ? [file] : [];
  });
}

rmSync(outdir, { recursive: true, force: true });
await esbuild.build({
  entryPoints: filesUnder(root, '.ts'),
  outbase: root,
  outdir,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  // import() becomes require(), as tsx compiles it: a native import() would not find extensionless paths.
  supported: { 'dynamic-import': false },
  // Stack traces of failures name the TypeScript lines (npm test runs node --enable-source-maps).
  sourcemap: 'inline',
  sourcesContent: false,
  logLevel: 'warning',
  plugins: [sourcePaths],
});
// The JSON files sources import (server/grammar.json), beside their compiled importers.
for (const file of filesUnder(path.join(root, 'server'), '.json')) {
  const target = path.join(outdir, path.relative(root, file));
  mkdirSync(path.dirname(target), { recursive: true });
  copyFileSync(file, target);
}
