// The rule fixtures (test/fixtures/rules/DGxxx*) and how a test analyses one: Python fixtures with
// the options their header names, config fixtures with their markers blanked out (in airflow.cfg
// a trailing comment would be part of the value) and the kind `# document-kind: X` names when the
// file name does not say it.
import { readdirSync } from 'node:fs';
import { analyze, blankMarkers, fixturePath, settingsWith } from './engine';
import { analyzeConfigText } from '../../server/src/core/analyzeConfig';
import { documentKind, type DocumentKind } from '../../server/src/core/documentKind';
import type { Finding } from '../../server/src/core/findings';
import { fixtureOptions } from './fixtureHeaders';

export const RULE_FIXTURES_DIR = fixturePath('rules');
export const RULE_FIXTURES = readdirSync(RULE_FIXTURES_DIR)
  .filter((name) => /^DG\d{3}/.test(name))
  .sort();

/** Every finding of every rule on the fixture `file` (a name in RULE_FIXTURES) whose text is `text`. */
export async function ruleFixtureFindings(file: string, text: string): Promise<Finding[]> {
  if (file.endsWith('.py')) return analyze(text, fixtureOptions(file, text));
  const { airflowVersion } = fixtureOptions(file, text);
  const declared = /^# document-kind: ([a-z-]+)/m.exec(text)?.[1] as DocumentKind | undefined;
  const errors: unknown[] = [];
  const findings = analyzeConfigText(blankMarkers(text), declared ?? documentKind(file, undefined, text), {
    settings: settingsWith(),
    airflowVersion,
    onRuleError: (_rule, error) => errors.push(error),
  });
  if (errors.length > 0) throw errors[0];
  return findings;
}
