// Tests leave no temporary folders behind: a folder made by tempFolder() is removed when the test
// process exits, whether or not the test removed it itself.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';

describe('tempFolder', () => {
  it('is removed, with its files, when the process that made it exits', () => {
    const helper = path.join(__dirname, '..', 'helpers', 'tempFolder.ts');
    const script = `const { tempFolder } = require(${JSON.stringify(helper)}); const root = tempFolder({ 'dags/a.py': 'x = 1\\n' }); require('node:fs').writeFileSync(root + '/extra.txt', 'y'); console.log(root);`;
    const root = execFileSync(process.execPath, ['--import', 'tsx', '-e', script], { encoding: 'utf8' }).trim();
    assert.match(root, /dag-guard-test-/);
    assert.equal(existsSync(root), false, `${root} is left behind`);
  });
});
