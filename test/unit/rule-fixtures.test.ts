// Every fixture under test/fixtures/rules/ is a file whose expected findings are marked with a
// trailing `# DG101` comment (optionally followed by "a fragment of the message"), with a section
// of look-alikes that must stay silent. The test fails on a missing or an extra finding.
// Python fixtures (`DGxxx*.py`) run the Python analysis. Config fixtures (`DG5xx*.cfg`, `.env`,
// `.yml`, `.sh`, ...) run the config analysis on the text with the markers blanked out (in
// airflow.cfg a trailing comment would be part of the value); `# document-kind: X` picks the kind
// when the file name does not say it, `# airflow-version: N` the target version, `# pools: {...}`
// the known pools, `# default-deferrable: True` the deployment's `[operators] default_deferrable`,
// `# template-files: a, b` the files of the fixture's project (DG605), `# variables: a, b` and
// `# connections: c` the keys of its exports (DG606).
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { analyze, blankMarkers, expectedMarkers, fixturePath, settingsWith } from '../helpers/engine';
import { ALL_RULES } from '../../server/src/core/rules/registry';
import { analyzeConfigText } from '../../server/src/core/analyzeConfig';
import { documentKind, type DocumentKind } from '../../server/src/core/documentKind';
import type { Finding } from '../../server/src/core/rules/rule';
import { combinePools, poolsFromObject } from '../../server/src/core/airflow/pools';

const dir = fixturePath('rules');
const files = readdirSync(dir).filter((name) => /^DG\d{3}/.test(name)).sort();

async function findingsOf(file: string, text: string, airflowVersion: 2 | 3 | null): Promise<Finding[]> {
  // `# pools: {"etl": 4}`: the fixture's known pools, as the pools setting gives them.
  const poolsMatch = /^# pools: (.*)$/m.exec(text);
  const pools = poolsMatch ? combinePools([{ pools: poolsFromObject(JSON.parse(poolsMatch[1])).pools, source: 'the fixture' }]) : null;
  // `# default-deferrable: True`: the deployment's `[operators] default_deferrable`, as airflow.cfg sets it.
  const deferrableMatch = /^# default-deferrable: (True|False)$/m.exec(text);
  const deployment = deferrableMatch ? { defaultDeferrable: { value: deferrableMatch[1] === 'True', source: 'deploy/airflow.cfg', key: '[operators] default_deferrable' } } : null;
  // `# variables: a, b` / `# connections: db`: the keys of the project's exports (DG606).
  const keysOf = (name: string) => {
    const match = new RegExp(`^# ${name}: (.*)$`, 'm').exec(text);
    return match ? { keys: new Set(match[1].split(',').map((key) => key.trim())), source: `${name}.json` } : null;
  };
  const variables = keysOf('variables');
  const connections = keysOf('connections');
  if (file.endsWith('.py') && (variables || connections)) return analyze(text, { path: file, airflowVersion, pools, deployment, variables, connections });
  // `# template-files: sql/a.sql, b.sh`: the files that exist in the fixture's project, which is
  // /project with the fixture in /project/dags (DG605); paths outside /project are unknown.
  const filesMatch = /^# template-files: (.*)$/m.exec(text);
  if (file.endsWith('.py') && filesMatch) {
    const present = filesMatch[1].split(',').map((name) => `/project/${name.trim()}`);
    const pathExists = (candidate: string) => (candidate.startsWith('/project/') ? present.some((name) => name === candidate || name.startsWith(`${candidate}/`)) : undefined);
    return analyze(text, { path: `/project/dags/${file}`, airflowVersion, pools, deployment, pathExists });
  }
  if (file.endsWith('.py')) return analyze(text, { path: file, airflowVersion, pools, deployment });
  const declared = /^# document-kind: ([a-z-]+)/m.exec(text)?.[1] as DocumentKind | undefined;
  const errors: unknown[] = [];
  const findings = analyzeConfigText(blankMarkers(text), declared ?? documentKind(file, undefined, text), { settings: settingsWith(), airflowVersion, onRuleError: (_rule, error) => errors.push(error) });
  if (errors.length > 0) throw errors[0];
  return findings;
}

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
      const versionMatch = /^# airflow-version: (\d)/m.exec(text);
      const findings = (await findingsOf(file, text, versionMatch ? (Number(versionMatch[1]) as 2 | 3) : null)).filter((finding) => finding.code === code);
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
