// Slow tier (robustness): the DG101/DG102 template fixes on half-typed code. Every truncated and
// holed copy of the before/after pairs (test/fixtures/fixes/templates/) analyses without a rule
// throwing, and no fix offered on it adds tree-sitter errors. Moved out of template-fixes.test.ts,
// whose pairs and rule fixtures stay in `npm test`.
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { describe, it } from 'node:test';
import { applyEdits } from '../../server/src/core/syntax/positions';
import { fixturePath, getEngine, readFixture, settingsWith } from '../helpers/engine';
import { fixtureOptions } from '../helpers/fixtureHeaders';

const pairs = readdirSync(fixturePath('fixes', 'templates'))
  .filter((name) => name.endsWith('.before.py'))
  .sort();

async function syntaxErrors(text: string): Promise<number> {
  return (await getEngine()).withSource(
    'dag.py',
    text,
    (source) => source.root.descendantsOfType(['ERROR']).length + (source.root.hasError ? 1 : 0),
  );
}

function optionsFor(text: string) {
  const { path: _path, ...headers } = fixtureOptions('dag.py', text);
  return { settings: settingsWith(), ...headers, airflowVersion: headers.airflowVersion };
}

describe('template fixes on half-typed code', () => {
  it('never throw, and never add syntax errors, on truncated and holed copies of the fixtures', async () => {
    const engine = await getEngine();
    let fixes = 0;
    for (const name of pairs) {
      const text = readFixture('fixes', 'templates', name);
      for (let cut = 0; cut < text.length; cut += 97) {
        for (const variant of [text.slice(0, cut), text.slice(0, cut) + text.slice(cut + 7)]) {
          const errors: unknown[] = [];
          const found = engine.analyzeText('dag.py', variant, {
            ...optionsFor(variant),
            onRuleError: (_rule, error) => errors.push(error),
          });
          assert.deepEqual(errors, [], `${name} cut at ${cut}`);
          const before = await syntaxErrors(variant);
          for (const finding of found) {
            for (const fix of [finding.fix, ...(finding.alternatives ?? [])]) {
              if (!fix) continue;
              fixes++;
              assert.ok(
                (await syntaxErrors(applyEdits(variant, fix.edits))) <= before,
                `${name} cut at ${cut}: "${fix.title}" adds syntax errors`,
              );
            }
          }
        }
      }
    }
    assert.ok(fixes > 100, `only ${fixes} fixes were tried`);
  });
});
