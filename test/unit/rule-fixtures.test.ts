// Every fixture under test/fixtures/rules/ is a file whose expected findings are marked with a
// trailing `# DG101` comment (optionally followed by "a fragment of the message" or of its
// detail), with a section of look-alikes that must stay silent. The test fails on a missing or an
// extra finding. Python fixtures (`DGxxx*.py`) run the Python analysis. Config fixtures (`DG5xx*.cfg`, `.env`,
// `.yml`, `.sh`, ...) run the config analysis on the text with the markers blanked out (in
// airflow.cfg a trailing comment would be part of the value); `# document-kind: X` picks the kind
// when the file name does not say it, `# airflow-version: N` the target version, `# pools: {...}`
// the known pools, `# default-deferrable: True` the deployment's `[operators] default_deferrable`,
// `# template-files: a, b` the files of the fixture's project (DG605), `# variables: a, b` and
// `# connections: c` the keys of its exports (DG606).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { expectedMarkers } from '../helpers/engine';
import { ALL_RULES } from '../../server/src/core/rules/registry';
import { RULE_FIXTURES, RULE_FIXTURES_DIR as dir, ruleFixtureFindings as findingsOf } from '../helpers/ruleFixtures';

const files = RULE_FIXTURES;

describe('rule fixtures', () => {
  it('has a fixture for every rule', () => {
    for (const rule of ALL_RULES) {
      assert.ok(files.some((file) => file.startsWith(rule.code)), `no fixture for ${rule.code} in test/fixtures/rules/`);
    }
  });

  for (const file of files) {
    it(file, async () => {
      const text = readFileSync(`${dir}/${file}`, 'utf8');
      const code = file.slice(0, 5);
      const findings = (await findingsOf(file, text)).filter((finding) => finding.code === code);
      const expected = expectedMarkers(text).filter((marker) => marker.code === code);
      const actualLines = findings.map((finding) => `${finding.range.start.line + 1}: ${finding.code}`);
      const expectedLines = expected.map((marker) => `${marker.line + 1}: ${marker.code}`);
      assert.deepEqual(actualLines, expectedLines, `findings (line: code) in ${file}:\n${findings.map((f) => `${f.range.start.line + 1}: ${f.message}`).join('\n')}`);
      for (const marker of expected) {
        if (!marker.fragment) continue;
        const finding = findings.find((candidate) => candidate.range.start.line === marker.line);
        // The fragment is in the message or in the detail that explains it.
        const said = finding && [finding.message, finding.detail].filter(Boolean).join(' ');
        assert.ok(said?.includes(marker.fragment), `line ${marker.line + 1}: message "${said}" lacks "${marker.fragment}"`);
      }
    });
  }
});
