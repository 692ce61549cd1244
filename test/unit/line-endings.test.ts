// Python accepts "\n", "\r\n" and a lone "\r" as line ends (universal newlines), and so does the
// analysis: every Python rule fixture written with lone-CR line ends gives the same findings
// (codes, ranges, messages, fix edits) as its "\n" twin. Tree-sitter's grammar only breaks lines on
// "\n", so the parser is handed the text with each lone "\r" read as "\n" (see syntax/parser.ts).
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import type { Finding } from '../../server/src/core/findings';
import { fixtureOptions } from '../helpers/fixtureHeaders';
import { analyze, expectedMarkers, fixturePath } from '../helpers/engine';

const dir = fixturePath('rules');
const files = readdirSync(dir)
  .filter((name) => name.endsWith('.py'))
  .sort();

/** What a user sees of a finding, with the line ends of edits' text made comparable. */
function seen(findings: Finding[]): unknown[] {
  return findings.map((finding) => ({
    code: finding.code,
    range: finding.range,
    message: finding.message,
    fixes: [finding.fix, ...(finding.alternatives ?? [])].map(
      (fix) =>
        fix && {
          title: fix.title,
          safe: fix.safe,
          edits: fix.edits.map((edit) => ({ range: edit.range, newText: edit.newText.replace(/\r(?!\n)/g, '\n') })),
        },
    ),
  }));
}

describe('lone-CR line ends', () => {
  for (const file of files) {
    it(`${file}: the same findings as with "\\n"`, async () => {
      const text = readFileSync(`${dir}/${file}`, 'utf8').replace(/\r\n/g, '\n');
      // The fixture's header, as every fixture test reads it: version, pools, template files, exports.
      const options = fixtureOptions(file, text);
      const plain = await analyze(text, options);
      const cr = await analyze(text.replace(/\n/g, '\r'), options);
      assert.equal(plain.length > 0, expectedMarkers(text).length > 0, 'the fixture finds what it marks');
      assert.deepEqual(seen(cr), seen(plain));
    });
  }
});
