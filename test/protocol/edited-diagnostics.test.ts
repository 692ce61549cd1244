// The diagnostics the server publishes after a sequence of edits (bursts of keystrokes, sent
// without waiting, as an editor sends them while the analysis runs in slices and is stopped by
// each newer text) equal those of a fresh open of the same text: whatever the server reuses from
// one text to the next (the incrementally re-parsed tree, caches, any incremental analysis) must
// not show.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { LineIndex } from '../../server/src/core/syntax/positions';
import { generateLargeDag } from '../bench/generate';
import { readFixture } from '../helpers/engine';
import { LspTestClient } from '../helpers/lspClient';
import { random, randomEdits } from '../helpers/randomEdits';

/** The diagnostics as JSON, with the document's own URI written the same for both documents. */
const normalised = (diagnostics: unknown, uri: string) =>
  JSON.parse(JSON.stringify(diagnostics).split(JSON.stringify(uri).slice(1, -1)).join('<uri>'));

describe('diagnostics of an edited document over stdio', () => {
  let client: LspTestClient;
  before(async () => {
    client = await LspTestClient.start({ clock: new Date(2025, 2, 14) });
  });
  after(async () => {
    await client.stop();
  });

  const cases = [
    { name: 'the bench generator, 150 lines', text: generateLargeDag(150), seed: 7 },
    { name: 'the DG101 fixture', text: readFixture('rules', 'DG101.py'), seed: 8 },
  ];
  for (const { name, text: initial, seed } of cases) {
    it(`equal a fresh open's after bursts of edits: ${name}`, async () => {
      const uri = `untitled:edited-${seed}.py`;
      client.open(uri, initial);
      await client.diagnostics(uri, (p) => p.version === 1);
      const next = random(seed);
      const steps = randomEdits(initial, next, 48);
      let text = initial;
      let step = steps.next('');
      let version = 1;
      for (let burst = 0; !step.done; burst++) {
        // A burst of one to eight edits, each its own didChange, then the diagnostics of the last.
        const size = 1 + Math.floor(next() * 8);
        for (let sent = 0; sent < size && !step.done; sent++) {
          const edit = step.value;
          version = client.change(uri, [{ range: new LineIndex(text).rangeOf(edit.start, edit.end), text: edit.text }]);
          text = text.slice(0, edit.start) + edit.text + text.slice(edit.end);
          step = steps.next(text);
        }
        const edited = await client.diagnostics(uri, (p) => p.version === version);
        const freshUri = `untitled:fresh-${seed}-${burst}.py`;
        client.open(freshUri, text);
        const fresh = await client.diagnostics(freshUri, (p) => p.version === 1);
        client.close(freshUri);
        assert.deepEqual(
          normalised(edited.diagnostics, uri),
          normalised(fresh.diagnostics, freshUri),
          `after burst ${burst} (version ${version}) of ${name}: ${JSON.stringify(text)}`,
        );
      }
      client.close(uri);
    });
  }
});
