// core/settings/precedence.ts: which of pyproject.toml's [tool.dag-guard] values apply under
// dagGuard.configurationPreference, given the keys the user set in the editor.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fileValuesInEffect } from '../../server/src/core/settings/precedence';

const FILE = { ignore: ['DG105'], severity: { DG105: 'error' }, 'heavy-modules': ['polars'] };

describe('configurationPreference', () => {
  it('editorFirst: the keys the editor sets are dropped from the file, the others apply', () => {
    const result = fileValuesInEffect(FILE, new Set(['ignore', 'heavyModules']), 'editorFirst');
    assert.deepEqual(result.values, { severity: { DG105: 'error' } });
    assert.deepEqual(result.editorWins, ['ignore', 'heavyModules']);
    assert.deepEqual(result.fileWins, []);
  });

  it('filesystemFirst: every file key applies, and the ones the editor also sets are named', () => {
    const result = fileValuesInEffect(FILE, new Set(['ignore']), 'filesystemFirst');
    assert.deepEqual(result.values, FILE);
    assert.deepEqual(result.fileWins, ['ignore']);
    assert.deepEqual(result.editorWins, []);
  });

  it('editorOnly: nothing from the file', () => {
    assert.deepEqual(fileValuesInEffect(FILE, new Set(['ignore']), 'editorOnly'), {
      values: {},
      editorWins: [],
      fileWins: [],
      problems: [],
    });
  });

  it('keeps unknown keys for the merge to report, and refuses the preference itself', () => {
    const result = fileValuesInEffect({ ignroe: ['DG1'], 'configuration-preference': 'editorOnly' }, new Set(), 'editorFirst');
    assert.deepEqual(result.values, { ignroe: ['DG1'] });
    assert.deepEqual(result.problems, [
      { key: 'configuration-preference', message: '"configuration-preference" is an editor setting: pyproject.toml cannot set it' },
    ]);
  });
});
