// Every fixture under test/fixtures/rules/ is a Python file whose expected findings are marked
// with a trailing `# DG101` comment (optionally followed by "a fragment of the message"), with a
// section of look-alikes that must stay silent. The test fails on a missing or an extra finding.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { analyze, expectedMarkers, fixturePath } from '../helpers/engine';
import { PYTHON_RULES } from '../../server/src/core/rules/registry';
import { combinePools, poolsFromObject } from '../../server/src/core/airflow/pools';

const dir = fixturePath('rules');
const files = readdirSync(dir).filter((name) => name.endsWith('.py')).sort();

describe('rule fixtures', () => {
  it('has a fixture for every rule', () => {
    for (const rule of PYTHON_RULES) {
      assert.ok(files.some((file) => file.startsWith(rule.code)), `no fixture for ${rule.code} in test/fixtures/rules/`);
    }
  });

  for (const file of files) {
    it(file, async () => {
      const text = readFileSync(`${dir}/${file}`, 'utf8');
      const code = file.slice(0, 5);
      const versionMatch = /^# airflow-version: (\d)/m.exec(text);
      // `# pools: {"etl": 4}`: the fixture's known pools, as the pools setting gives them.
      const poolsMatch = /^# pools: (.*)$/m.exec(text);
      const pools = poolsMatch ? combinePools([{ pools: poolsFromObject(JSON.parse(poolsMatch[1])).pools, source: 'the fixture' }]) : null;
      const findings = (await analyze(text, { path: file, airflowVersion: versionMatch ? (Number(versionMatch[1]) as 2 | 3) : null, pools }))
        .filter((finding) => finding.code === code);
      const expected = expectedMarkers(text).filter((marker) => marker.code === code);
      const actualLines = findings.map((finding) => `${finding.range.start.line + 1}: ${finding.code}`);
      const expectedLines = expected.map((marker) => `${marker.line + 1}: ${marker.code}`);
      assert.deepEqual(actualLines, expectedLines, `findings (line: code) in ${file}:\n${findings.map((f) => `${f.range.start.line + 1}: ${f.message}`).join('\n')}`);
      for (const marker of expected) {
        if (!marker.fragment) continue;
        const finding = findings.find((candidate) => candidate.range.start.line === marker.line);
        assert.ok(finding?.message.includes(marker.fragment), `line ${marker.line + 1}: message "${finding?.message}" lacks "${marker.fragment}"`);
      }
    });
  }
});
