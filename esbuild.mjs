// Builds the three bundles (extension client, language server, CLI) and copies the two wasm
// files they load next to them. Usage: node esbuild.mjs [--watch] [--production]
import * as esbuild from 'esbuild';
import { copyFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import path from 'node:path';

const require = createRequire(import.meta.url);
const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');
const outdir = 'dist';

// web-tree-sitter's ESM build reads import.meta.url, which is `{}` in a CJS bundle and breaks
// Parser.init at run time with no build warning: bundle its CJS build instead.
// (require.resolve takes the package's "require" condition, which is that CJS build.)
const webTreeSitterCjs = require.resolve('web-tree-sitter');
if (!webTreeSitterCjs.endsWith('.cjs')) throw new Error(`expected web-tree-sitter's CJS build, got ${webTreeSitterCjs}`);

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: production ? false : 'linked',
  minify: production,
  logLevel: 'info',
  alias: { 'web-tree-sitter': webTreeSitterCjs },
  define: {
    DAG_GUARD_VERSION: JSON.stringify(JSON.parse(readFileSync('package.json', 'utf8')).version),
    // Each build is a new build: the CLI's results cache does not outlive the code that made it.
    DAG_GUARD_BUILD: JSON.stringify(Date.now().toString(36)),
  },
};

const builds = [
  { ...common, entryPoints: { extension: 'client/src/extension.ts' }, external: ['vscode'], outdir },
  { ...common, entryPoints: { server: 'server/src/server.ts', cli: 'server/src/cli.ts' }, outdir },
];

function copyWasm() {
  mkdirSync(outdir, { recursive: true });
  const wasm = [require.resolve('web-tree-sitter/tree-sitter.wasm'), require.resolve('tree-sitter-python/tree-sitter-python.wasm')];
  for (const file of wasm) copyFileSync(file, path.join(outdir, path.basename(file)));
}

copyWasm();
if (watch) {
  for (const options of builds) await (await esbuild.context(options)).watch();
} else {
  await Promise.all(builds.map((options) => esbuild.build(options)));
}
