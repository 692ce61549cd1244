// Every rule is total over broken trees: every prefix of every Python rule fixture (half-typed code),
// and the fixtures with CRLF line ends and tabs, analyse without a rule throwing (the helper rethrows).
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { analyze, fixturePath } from '../helpers/engine';
import { fixtureOptions } from '../helpers/fixtureHeaders';

const dir = fixturePath('rules');
const files = readdirSync(dir)
  .filter((name) => name.endsWith('.py'))
  .sort();

describe('broken input', () => {
  for (const file of files) {
    it(`${file}: every 41st prefix, CRLF, tabs`, async () => {
      const text = readFileSync(`${dir}/${file}`, 'utf8');
      // Under the fixture's header (version, pools, template files, exports), as every fixture test reads it.
      const options = fixtureOptions(file, text);
      for (let end = 0; end < text.length; end += 41) await analyze(text.slice(0, end), options);
      const crlf = await analyze(text.replace(/\n/g, '\r\n'), options);
      const plain = await analyze(text, options);
      assert.deepEqual(
        crlf.map((finding) => [finding.code, finding.range.start.line]),
        plain.map((finding) => [finding.code, finding.range.start.line]),
      );
      await analyze(text.replace(/    /g, '\t'), options);
    });
  }
});
