// What `npm run generate` derives must match the code: the manifest's settings equal the schema
// (the test bash-language-server keeps against manifest drift), rule pages and README table are
// current. On failure: run `npm run generate` and commit the result.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import {
  EXTENSION_README,
  generatedExtensionReadme,
  generatedPackageJson,
  generatedReadme,
  generatedRuleDocs,
  ROOT,
} from '../../scripts/generate';
import { CLIENT_SETTINGS, EDITOR_SETTING_KEYS, PATH_SETTING_KEYS } from '../../server/src/core/settings/schema';

describe('generated files', () => {
  it("package.json contributes exactly the settings of the schema (and the client's own)", () => {
    const manifest = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    const keys = Object.keys(manifest.contributes.configuration.properties).sort();
    assert.deepEqual(keys, [...EDITOR_SETTING_KEYS, ...Object.keys(CLIENT_SETTINGS)].map((key) => `dagGuard.${key}`).sort());
    assert.ok(keys.includes('dagGuard.enable') && keys.includes('dagGuard.trace.server'));
  });

  it('package.json declares every path setting a restricted configuration (ignored from untrusted workspaces)', () => {
    const manifest = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    assert.deepEqual(PATH_SETTING_KEYS, ['poolsFile', 'variablesFile', 'connectionsFile']);
    assert.equal(manifest.capabilities.untrustedWorkspaces.supported, 'limited');
    assert.deepEqual(manifest.capabilities.untrustedWorkspaces.restrictedConfigurations, [
      'dagGuard.poolsFile',
      'dagGuard.variablesFile',
      'dagGuard.connectionsFile',
    ]);
  });

  it('package.json is up to date (npm run generate)', () => {
    const current = readFileSync(path.join(ROOT, 'package.json'), 'utf8');
    assert.equal(current, generatedPackageJson(current));
  });

  it('docs/rules/*.md are up to date (npm run generate)', () => {
    for (const [name, text] of generatedRuleDocs()) {
      assert.equal(readFileSync(path.join(ROOT, 'docs', 'rules', name), 'utf8'), text, `docs/rules/${name} is stale`);
    }
  });

  it('the README rule table is up to date (npm run generate)', () => {
    const current = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    assert.equal(current, generatedReadme(current));
  });

  it("the extension README (the VSIX's page) has the rule table, with absolute links (npm run generate)", () => {
    const current = readFileSync(path.join(ROOT, EXTENSION_README), 'utf8');
    assert.equal(current, generatedExtensionReadme(current));
    // The page is read outside the repository (the Marketplace, the Extensions view): no relative rule links.
    assert.match(current, /\| \[DG101\]\(https:\/\/github\.com\/dag-guard\/dag-guard\/blob\/main\/docs\/rules\/DG101\.md\) \|/);
  });

  it("package.json packages the extension README as the VSIX's README", () => {
    const manifest = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    assert.match(manifest.scripts.package, new RegExp(`vsce package .*--readme-path ${EXTENSION_README.replace('.', '\\.')}`));
  });
});
