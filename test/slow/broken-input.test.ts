// The new rules and the parse-cost summary are total over broken input: every prefix of the rule
// and cost fixtures (cut every few characters, so mid-token and mid-statement), with CRLF and
// tabs, analyses without an exception, and DG105's fixes on such text still parse as Python
// wherever the original prefix did.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { describe, it } from 'node:test';
import { AIRFLOW_DEFAULT_TIMINGS, describeParseCost, parseCostOfSource } from '../../server/src/core/cost/parseCost';
import { applyEdits } from '../../server/src/core/syntax/positions';
import { analyze, fixturePath, getEngine, readFixture, settingsWith } from '../helpers/engine';

const FILES = [
  ...readdirSync(fixturePath('rules'))
    .filter((name) => /^DG10[3-6]/.test(name))
    .map((name) => ['rules', name]),
  ['cost', 'factory_dag.py'],
];

// Reads [[original, fixed], ...] and prints the indexes of pairs whose original parses and fixed does not.
const CHECK_PAIRS = `
import ast, json, sys
bad = []
for index, (original, fixed) in enumerate(json.load(sys.stdin)):
    try:
        ast.parse(original)
    except SyntaxError:
        continue
    try:
        ast.parse(fixed)
    except SyntaxError:
        bad.append(index)
print(json.dumps(bad))
`;

describe('broken input', () => {
  it('DG105 fixes on every prefix of its fixture keep valid Python valid', async () => {
    const pairs: Array<[string, string]> = [];
    for (const name of ['DG105.py']) {
      const text = readFixture('rules', name);
      for (const variant of [text, text.replace(/\n/g, '\r\n'), text.replace(/ {4}/g, '\t')]) {
        for (let end = 0; end <= variant.length; end += 17) {
          const prefix = variant.slice(0, end);
          for (const finding of await analyze(prefix))
            if (finding.code === 'DG105' && finding.fix) pairs.push([prefix, applyEdits(prefix, finding.fix.edits)]);
        }
      }
    }
    assert.ok(pairs.length > 100, `only ${pairs.length} fixes were tried`);
    const bad = JSON.parse(
      execFileSync('python3', ['-c', CHECK_PAIRS], { input: JSON.stringify(pairs), maxBuffer: 64 << 20 }).toString(),
    ) as number[];
    assert.deepEqual(
      bad.map((index) => pairs[index][1]),
      [],
    );
  });

  for (const [folder, name] of FILES) {
    it(`${name}: every prefix analyses without throwing`, async () => {
      const text = readFixture(folder, name);
      const engine = await getEngine();
      for (const variant of [text, text.replace(/\n/g, '\r\n'), text.replace(/ {4}/g, '\t')]) {
        for (let end = 0; end <= variant.length; end += 31) {
          const prefix = variant.slice(0, end);
          await analyze(prefix); // throws when a rule throws
          engine.withSource(name, prefix, (source) => {
            const cost = parseCostOfSource(source, settingsWith(), AIRFLOW_DEFAULT_TIMINGS);
            if (cost) assert.match(describeParseCost(cost, AIRFLOW_DEFAULT_TIMINGS), /^each parse: /);
          });
        }
      }
    });
  }
});
