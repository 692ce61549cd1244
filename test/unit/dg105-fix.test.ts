// DG105's fix as before/after pairs (test/fixtures/fixes/dg105/*.before.py / .after.py): the text
// after applying the offered fix, also with CRLF line ends; the result parses as Python, and the
// finding is gone after the fix (applying it again is not possible, so it is idempotent).
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { describe, it } from 'node:test';
import { applyEdits } from '../../server/src/core/syntax/positions';
import { analyze, fixturePath, readFixture } from '../helpers/engine';
import { assertParses } from '../helpers/fixes';

const pairs = readdirSync(fixturePath('fixes', 'dg105'))
  .filter((name) => name.endsWith('.before.py'))
  .map((name) => name.replace('.before.py', ''));

async function fixOnce(text: string): Promise<{ text: string; safe: boolean }> {
  const findings = (await analyze(text)).filter((finding) => finding.code === 'DG105' && finding.fix);
  assert.equal(findings.length, 1, `expected one fixable DG105 finding, got ${findings.map((f) => f.message).join(' | ')}`);
  return { text: applyEdits(text, findings[0].fix!.edits), safe: findings[0].fix!.safe };
}

describe('DG105 fix: move the import into the functions that use it', () => {
  it('has before/after pairs', () => assert.ok(pairs.length >= 4));
  for (const name of pairs) {
    const before = readFixture('fixes', 'dg105', `${name}.before.py`);
    const after = readFixture('fixes', 'dg105', `${name}.after.py`);
    it(name, async () => {
      const fixed = await fixOnce(before);
      assert.equal(fixed.text, after);
      assert.equal(fixed.safe, false, 'moving an import changes when a missing library is noticed: never a safe fix');
      assertParses(fixed.text);
      const left = (await analyze(fixed.text)).filter((finding) => finding.code === 'DG105');
      assert.deepEqual(
        left.map((finding) => finding.message),
        [],
      );
    });
    it(`${name} (CRLF)`, async () => {
      const fixed = await fixOnce(before.replace(/\n/g, '\r\n'));
      assert.equal(fixed.text, after.replace(/\n/g, '\r\n'));
    });
  }

  it('offers no fix for a one-line function body or a ;-joined import', async () => {
    const oneLine = 'from airflow import DAG\nimport pandas as pd\n\ndef frame(): return pd.DataFrame()\n';
    const [finding] = (await analyze(oneLine)).filter((f) => f.code === 'DG105');
    assert.equal(finding.fix, null);
    const joined = 'from airflow import DAG\nimport pandas as pd; import os\n\ndef frame():\n    return pd.DataFrame()\n';
    const [second] = (await analyze(joined)).filter((f) => f.code === 'DG105');
    assert.equal(second.fix, null);
  });

  it('reports the import where the finding points: the heavy name of a multi-name import', async () => {
    const [finding] = (await analyze('from airflow import DAG\nimport os, numpy as np\n')).filter((f) => f.code === 'DG105');
    assert.deepEqual(finding.range, { start: { line: 1, character: 11 }, end: { line: 1, character: 22 } });
    assert.equal(finding.message, 'import numpy as np runs at every parse; numpy is slow to import.');
    assert.equal(finding.detail, 'Importing numpy takes tenths of a second to several seconds. Nothing in the file uses it.');
  });

  it('counts the heavyModules setting', async () => {
    const text = 'from airflow import DAG\nimport bigcorp.ml\n';
    assert.deepEqual(
      (await analyze(text)).filter((f) => f.code === 'DG105'),
      [],
    );
    const { settingsWith } = await import('../helpers/engine');
    const findings = (await analyze(text, { settings: settingsWith({ heavyModules: ['bigcorp'] }) })).filter((f) => f.code === 'DG105');
    assert.equal(findings.length, 1);
  });
});
