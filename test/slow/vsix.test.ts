// The VSIX: `npm run package` in a copy of the project (so the production build does not replace
// the dist/ that the protocol tests are running), then the archive's entries are read back.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import yauzl from 'yauzl';

const ROOT = path.join(__dirname, '..', '..');
const MANIFEST = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
const NOT_COPIED = new Set(['node_modules', '.git', 'dist', '.e2e', 'test-results']);
const MAX_BYTES = 2 * 1024 * 1024;

function zipEntries(file: string): Promise<string[]> {
  return new Promise((resolve, reject) => {
    yauzl.open(file, { lazyEntries: true }, (error, zip) => {
      if (error) return reject(error);
      const names: string[] = [];
      zip.on('entry', (entry: yauzl.Entry) => {
        names.push(entry.fileName);
        zip.readEntry();
      });
      zip.on('end', () => resolve(names));
      zip.on('error', reject);
      zip.readEntry();
    });
  });
}

describe('npm run package', () => {
  let workdir: string;
  let vsix: string;
  let entries: string[];

  before(() => {
    workdir = mkdtempSync(path.join(os.tmpdir(), 'dag-guard-vsix-'));
    cpSync(ROOT, workdir, {
      recursive: true,
      filter: (source) => {
        const relative = path.relative(ROOT, source);
        return !NOT_COPIED.has(relative.split(path.sep)[0]) && !relative.endsWith('.vsix');
      },
    });
    // The real dependencies, where a careless .vscodeignore would let them into the package.
    symlinkSync(path.join(ROOT, 'node_modules'), path.join(workdir, 'node_modules'), 'dir');
    execFileSync('npm', ['run', 'package'], { cwd: workdir, stdio: 'pipe', env: { ...process.env, NO_COLOR: '1' } });
    vsix = path.join(workdir, `dag-guard-${MANIFEST.version}.vsix`);
  });
  after(() => rmSync(workdir, { recursive: true, force: true }));

  it('holds the three bundles, both wasm files, the grammars, the manifest, docs, rule pages and images, and nothing else', async () => {
    entries = await zipEntries(vsix);
    const files = entries
      .filter((name) => name.startsWith('extension/'))
      .map((name) => name.slice('extension/'.length))
      .sort();
    const grammars = readdirSync(path.join(ROOT, 'syntaxes')).map((name) => `syntaxes/${name}`);
    assert.ok(grammars.length >= 3, 'the airflow-cfg grammar, its language configuration, the Jinja injection');
    // What dagGuard.openRuleDocs opens in the markdown preview (client/src/ruleDocs.ts).
    const rulePages = readdirSync(path.join(ROOT, 'docs', 'rules')).map((name) => `docs/rules/${name}`);
    assert.ok(rulePages.includes('docs/rules/DG101.md'));
    // The getting-started walkthrough's pages.
    const walkthroughPages = readdirSync(path.join(ROOT, 'walkthrough')).map((name) => `walkthrough/${name}`);
    assert.deepEqual(
      files,
      [
        'LICENSE.txt',
        'changelog.md',
        'dist/cli.js',
        'dist/extension.js',
        'dist/server.js',
        'dist/tree-sitter-python.wasm',
        'dist/tree-sitter.wasm',
        'images/icon.png',
        'images/quick-fix.png',
        'package.json',
        'readme.md',
        ...grammars,
        ...rulePages,
        ...walkthroughPages,
      ].sort(),
    );
    // Every file the manifest points at is in the package.
    const contributed = [...MANIFEST.contributes.languages, ...MANIFEST.contributes.grammars]
      .flatMap((entry: { configuration?: string; path?: string }) => [entry.configuration, entry.path])
      .filter((file: string | undefined): file is string => Boolean(file))
      .map((file: string) => path.posix.normalize(file));
    const walkthroughMedia = MANIFEST.contributes.walkthroughs.flatMap((walkthrough: { steps: Array<{ media: { markdown: string } }> }) =>
      walkthrough.steps.map((step) => step.media.markdown),
    );
    assert.equal(walkthroughMedia.length, 3, 'three walkthrough steps, each with its page');
    for (const file of [...contributed, ...walkthroughMedia, MANIFEST.main.replace(/^\.\//, ''), MANIFEST.icon])
      assert.ok(files.includes(file), `${file} is in the VSIX`);
    assert.ok(!entries.some((name) => name.includes('node_modules/')), 'no node_modules in the VSIX');
    assert.ok(!entries.some((name) => /\.(ts|map)$/.test(name)), 'no sources or source maps in the VSIX');
  });

  it(`is smaller than ${MAX_BYTES / 1024 / 1024} MB`, () => {
    const { size } = statSync(vsix);
    assert.ok(size < MAX_BYTES, `${vsix} is ${size} bytes`);
  });

  it('is built from minified production bundles', () => {
    const server = readFileSync(path.join(workdir, 'dist', 'server.js'), 'utf8');
    assert.ok(!server.includes('//# sourceMappingURL'), 'production bundles carry no source map link');
    // Minified: a few hundred lines at most (long template literals keep their newlines); a development build has about 20,000.
    assert.ok(server.split('\n').length < 1000, 'production bundles are minified');
  });
});

describe('the extension manifest', () => {
  it('has what the Marketplace shows', () => {
    assert.equal(MANIFEST.displayName, 'DAG Guard');
    assert.ok(MANIFEST.description.length > 40);
    assert.deepEqual(MANIFEST.categories, ['Linters', 'Programming Languages']);
    assert.ok(MANIFEST.keywords.includes('airflow'));
    assert.equal(MANIFEST.icon, 'images/icon.png');
    assert.match(MANIFEST.repository.url, /^https:\/\//);
    // Restricted Mode: works, but a workspace's settings cannot name the files it reads (generated
    // from the schema's path settings: test/unit/generated.test.ts).
    assert.equal(MANIFEST.capabilities.untrustedWorkspaces.supported, 'limited');
    assert.deepEqual(MANIFEST.capabilities.untrustedWorkspaces.restrictedConfigurations, [
      'dagGuard.poolsFile',
      'dagGuard.variablesFile',
      'dagGuard.connectionsFile',
    ]);
    // The server reads project files (pyproject.toml, requirements) from disk and only serves
    // file: and untitled: documents, so a virtual workspace is declared unsupported.
    assert.equal(MANIFEST.capabilities.virtualWorkspaces.supported, false);
  });

  it('has an icon that is a 128x128 PNG', () => {
    const png = readFileSync(path.join(ROOT, MANIFEST.icon));
    assert.equal(png.subarray(1, 4).toString('ascii'), 'PNG');
    assert.equal(png.readUInt32BE(16), 128);
    assert.equal(png.readUInt32BE(20), 128);
  });
});
