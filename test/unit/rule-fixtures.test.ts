// Every fixture under test/fixtures/rules/ is a file whose expected findings are marked, with a
// section of look-alikes that must stay silent. Two kinds of marker (test/helpers/engine.ts):
// - a trailing `# DG101` comment (optionally followed by "a fragment of the message" or of its detail);
// - a caret line under the line, standing under the finding's exact columns:
//       x = Variable.get("a")
//       #   ^^^^^^^^^^^^^^^^^ DG101 fragment
// The markers test fails on a missing or an extra finding, a wrong column range or a missing fragment.
// The snapshot test compares the fixture's complete output (every field of every finding of its rule,
// each fix's diff) with test/fixtures/rules/__snapshots__/<fixture>.snap (`npm run test:update`
// rewrites them: review the diff), and checks that every fix leaves valid Python (python3's parser
// and tree-sitter agree) that no longer has the finding it was offered for.
// Python fixtures (`DGxxx*.py`) run the Python analysis. Config fixtures (`DG5xx*.cfg`, `.env`,
// `.yml`, `.sh`, ...) run the config analysis on the text with the markers blanked out (in
// airflow.cfg a trailing comment would be part of the value). Headers (test/helpers/fixtureHeaders.ts)
// set the version, pools, deployment, template files, exports and document kind.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { analyze, blankMarkers, expectedMarkers, fixturePath, getEngine, settingsWith } from '../helpers/engine';
import { ALL_RULES } from '../../server/src/core/rules/registry';
import { analyzeConfigText } from '../../server/src/core/analyzeConfig';
import type { Finding } from '../../server/src/core/findings';
import { applyEdits } from '../../server/src/core/syntax/positions';
import { fixtureDocumentKind, fixtureOptions } from '../helpers/fixtureHeaders';
import { fixesOf, pythonSyntaxError } from '../helpers/fixes';
import { matchSnapshot, renderSnapshot, UPDATE_SNAPSHOTS, type SnapshotFinding } from '../helpers/snapshot';

const dir = fixturePath('rules');
const snapshots = path.join(dir, '__snapshots__');
const files = readdirSync(dir)
  .filter((name) => /^DG\d{3}/.test(name))
  .sort();

/** What a finding says: the fragment of a marker is in the message or in the detail that explains it. */
const said = (finding: Finding): string => [finding.message, finding.detail].filter(Boolean).join(' ');

/** The findings of the fixture's own rule, under its headers. */
async function findingsOf(file: string, text: string): Promise<Finding[]> {
  const code = file.slice(0, 5);
  if (file.endsWith('.py')) return (await analyze(text, fixtureOptions(file, text))).filter((finding) => finding.code === code);
  const { airflowVersion, airflowMinor } = fixtureOptions(file, text);
  const errors: unknown[] = [];
  const findings = analyzeConfigText(blankMarkers(text), fixtureDocumentKind(file, text), {
    settings: settingsWith(),
    airflowVersion,
    airflowMinor,
    onRuleError: (_rule, error) => errors.push(error),
  });
  if (errors.length > 0) throw errors[0];
  return findings.filter((finding) => finding.code === code);
}

/** A snapshot entry, each fix also saying whether it took its finding away. */
type CheckedFinding = Omit<SnapshotFinding, 'fixes'> & { fixes: Array<SnapshotFinding['fixes'][number] & { removed: boolean }> };

/** Each finding with every fix applied alone and the rule's findings left after it. */
async function withFixes(file: string, text: string, findings: Finding[]): Promise<CheckedFinding[]> {
  const entries: CheckedFinding[] = [];
  for (const finding of findings) {
    const fixes = [];
    for (const fix of fixesOf(finding)) {
      const after = applyEdits(text, fix.edits);
      // Config fixtures are analysed blanked; blanking keeps every position, so the edits apply to both.
      const analysed = file.endsWith('.py') ? after : applyEdits(blankMarkers(text), fix.edits);
      const left = await findingsOf(file, analysed);
      // Gone: fewer findings, or none left says what it said (a fix may uncover another finding:
      // moving pandas into its task reveals the numpy import that pandas loaded anyway).
      const removed = left.length < findings.length || !left.some((other) => other.message === finding.message);
      fixes.push({ fix, after, left: left.length, removed });
    }
    entries.push({ finding, fixes });
  }
  return entries;
}

describe('rule fixtures', () => {
  it('has a fixture for every rule', () => {
    for (const rule of ALL_RULES) {
      assert.ok(
        files.some((file) => file.startsWith(rule.code)),
        `no fixture for ${rule.code} in test/fixtures/rules/`,
      );
    }
  });

  it('has a snapshot for every fixture and none for a fixture that is gone', () => {
    const stale = (existsSync(snapshots) ? readdirSync(snapshots) : []).filter((name) => !files.includes(name.replace(/\.snap$/, '')));
    if (UPDATE_SNAPSHOTS) for (const name of stale) rmSync(path.join(snapshots, name));
    else assert.deepEqual(stale, [], 'snapshots without a fixture: run `npm run test:update`');
  });

  for (const file of files) {
    describe(file, () => {
      const text = readFileSync(`${dir}/${file}`, 'utf8');
      const code = file.slice(0, 5);
      let findings: Promise<Finding[]> | undefined;
      const found = () => (findings ??= findingsOf(file, text));

      it('marks every finding of its rule, with its columns and words', async () => {
        const actual = await found();
        const expected = expectedMarkers(text).filter((marker) => marker.code === code);
        const actualLines = actual.map((finding) => `${finding.range.start.line + 1}: ${finding.code}`);
        const expectedLines = expected.map((marker) => `${marker.line + 1}: ${marker.code}`);
        assert.deepEqual(
          actualLines,
          expectedLines,
          `findings (line: code) in ${file}:\n${actual.map((f) => `${f.range.start.line + 1}: ${f.message}`).join('\n')}`,
        );
        for (const marker of expected) {
          const onLine = actual.filter((candidate) => candidate.range.start.line === marker.line);
          if (marker.columns) {
            const { start, end } = marker.columns;
            const lineEnd = text.split(/\r\n|\r|\n/)[marker.line].length;
            const finding = onLine.find(
              (candidate) =>
                candidate.range.start.character === start &&
                (candidate.range.end.line === marker.line ? candidate.range.end.character : lineEnd) === end,
            );
            const seen = onLine.map(
              (candidate) =>
                `${candidate.range.start.character}-${candidate.range.end.line === marker.line ? candidate.range.end.character : 'next line'}`,
            );
            assert.ok(
              finding,
              `line ${marker.line + 1}: no ${code} finding at columns ${start}-${end} (0-based, UTF-16); found ${seen.join(', ')}`,
            );
            if (marker.fragment)
              assert.ok(
                said(finding).includes(marker.fragment),
                `line ${marker.line + 1}: message "${said(finding)}" lacks "${marker.fragment}"`,
              );
          } else if (marker.fragment) {
            assert.ok(
              onLine.some((candidate) => said(candidate).includes(marker.fragment!)),
              `line ${marker.line + 1}: message "${onLine[0] && said(onLine[0])}" lacks "${marker.fragment}"`,
            );
          }
        }
      });

      it('gives the output of its snapshot, and fixes that leave valid Python without their finding', async () => {
        const entries = await withFixes(file, text, await found());
        if (file.endsWith('.py')) {
          const outcomes = entries.flatMap((entry) =>
            entry.fixes.map((outcome) => ({ ...outcome, label: `line ${entry.finding.range.start.line + 1}: ${outcome.fix.title}` })),
          );
          const errors = outcomes.length > 0 ? pythonSyntaxError(outcomes.map((outcome) => outcome.after)) : [];
          const engine = await getEngine();
          const options = fixtureOptions(file, text);
          for (const [index, outcome] of outcomes.entries()) {
            assert.equal(errors[index], null, `${outcome.label} breaks the file: ${errors[index]}`);
            assert.equal(
              engine.withSource(options.path, outcome.after, (source) => source.root.hasError),
              false,
              `${outcome.label}: tree-sitter finds an error`,
            );
            assert.ok(outcome.removed, `${outcome.label} does not remove its finding`);
          }
        }
        matchSnapshot(path.join(snapshots, `${file}.snap`), renderSnapshot(file, code, text, entries));
      });
    });
  }
});
