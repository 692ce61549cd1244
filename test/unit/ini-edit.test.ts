// Setting one option of airflow.cfg, as the secrets-cache action of DG101/DG102 does: the edits,
// applied to the file's text, give the file with the option set; the section or the key is added
// where missing, never a second time, in the file's own style (separator, line ends), and the
// result reads back, with ConfigParser's semantics, as the value asked for.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setIniOption } from '../../server/src/core/config/iniEdit';
import { parseIni } from '../../server/src/core/config/ini';
import { applyEdits } from '../../server/src/core/syntax/positions';

function set(text: string): string {
  const edits = setIniOption(text, 'secrets', 'use_cache', 'True');
  assert.ok(edits, 'an edit');
  const after = applyEdits(text, edits);
  const options = parseIni(after).options.filter((option) => option.section === 'secrets' && option.key === 'use_cache');
  assert.deepEqual(
    options.map((option) => option.value),
    ['True'],
    'one use_cache in [secrets], True',
  );
  return after;
}

describe('setIniOption', () => {
  it('adds the section at the end, after a blank line', () => {
    assert.equal(set('[core]\nparallelism = 8\n'), '[core]\nparallelism = 8\n\n[secrets]\nuse_cache = True\n');
  });

  it('adds a line end first when the file has none at its end', () => {
    assert.equal(set('[core]\nparallelism = 8'), '[core]\nparallelism = 8\n\n[secrets]\nuse_cache = True\n');
  });

  it('writes an empty file as the section alone', () => {
    assert.equal(set(''), '[secrets]\nuse_cache = True\n');
  });

  it('adds the key after the last option of an existing section, before the next section', () => {
    assert.equal(
      set('[secrets]\nbackend =\ncache_ttl_seconds = 300\n\n[core]\nparallelism = 8\n'),
      '[secrets]\nbackend =\ncache_ttl_seconds = 300\nuse_cache = True\n\n[core]\nparallelism = 8\n',
    );
  });

  it('adds the key under the header of a section that has no option', () => {
    assert.equal(set('[secrets]\n# nothing yet\n\n[core]\nx = 1\n'), '[secrets]\nuse_cache = True\n# nothing yet\n\n[core]\nx = 1\n');
  });

  it('replaces the value of the key that is there (any case), never adding a second', () => {
    assert.equal(set('[secrets]\nuse_cache = False\ncache_ttl_seconds = 60\n'), '[secrets]\nuse_cache = True\ncache_ttl_seconds = 60\n');
    assert.equal(set('[secrets]\nUSE_CACHE=false\n'), '[secrets]\nUSE_CACHE=True\n');
  });

  it("follows the file's separator and line ends", () => {
    assert.equal(set('[core]\r\nparallelism=8\r\n'), '[core]\r\nparallelism=8\r\n\r\n[secrets]\r\nuse_cache=True\r\n');
    assert.equal(set('[secrets]\r\nbackend: x\r\n'), '[secrets]\r\nbackend: x\r\nuse_cache: True\r\n');
  });

  it('inserts under the header when the last option runs on over continuation lines', () => {
    assert.equal(
      set('[secrets]\nbackend_kwargs = {\n    "a": 1}\n[core]\n'),
      '[secrets]\nuse_cache = True\nbackend_kwargs = {\n    "a": 1}\n[core]\n',
    );
  });

  it('refuses a key whose value runs over continuation lines', () => {
    assert.equal(setIniOption('[secrets]\nuse_cache = False\n    more\n', 'secrets', 'use_cache', 'True'), null);
  });
});
