// Every message starts with one sentence of at most 100 characters that carries the finding: the
// editor's Problems panel cuts a message off at its width (issue 15: median 147 characters, 41 of
// 83 over 150 on a real workspace). The rest goes into the finding's detail. Run over every rule
// fixture, the fixture project's DAG files and the example gallery, as `dag-guard check` reports it.
import assert from 'node:assert/strict';
import path from 'node:path';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { parseCliArgs, type CheckArgs } from '../../server/src/cli/args';
import { runCheck } from '../../server/src/cli/check';
import type { Finding } from '../../server/src/core/findings';
import { analyze, fixturePath } from '../helpers/engine';
import { inMemoryProject, readProjectFiles } from '../helpers/projectModules';
import { RULE_FIXTURES, RULE_FIXTURES_DIR, ruleFixtureFindings } from '../helpers/ruleFixtures';
import { firstSentence } from '../helpers/sentences';

const MAX_FIRST_SENTENCE = 100;

interface Said {
  where: string;
  code: string;
  message: string;
}

const said = (where: string, findings: readonly Pick<Finding, 'code' | 'message' | 'range'>[]): Said[] =>
  findings.map((finding) => ({ where: `${where}:${finding.range.start.line + 1}`, code: finding.code, message: finding.message }));

async function everyMessage(): Promise<Said[]> {
  const all: Said[] = [];
  for (const file of RULE_FIXTURES) {
    all.push(...said(file, await ruleFixtureFindings(file, readFileSync(path.join(RULE_FIXTURES_DIR, file), 'utf8'))));
  }
  for (const folder of ['project', 'project-factories']) {
    const files = readProjectFiles(fixturePath(folder));
    const project = await inMemoryProject(files, ['dags']);
    for (const [file, text] of files) {
      if (file.startsWith('dags/') && file.endsWith('.py'))
        all.push(...said(`${folder}/${file}`, await analyze(text, { path: file, project })));
    }
  }
  let out = '';
  // --no-cache: the results cache is keyed by the tool's version, not by its code, so a cache left by
  // a run before a rule's messages changed would answer with the old ones.
  const args = parseCliArgs(['check', 'examples/dags', '--format', 'json', '--no-cache']) as CheckArgs;
  await runCheck(args, { stdout: (text) => (out += text), stderr: () => undefined, cwd: path.join(__dirname, '..', '..'), color: false });
  for (const file of JSON.parse(out).files as Array<{ path: string; diagnostics: Finding[] }>)
    all.push(...said(file.path, file.diagnostics));
  return all;
}

describe('message length', () => {
  it(`every message's first sentence has at most ${MAX_FIRST_SENTENCE} characters`, async () => {
    const all = await everyMessage();
    assert.ok(all.length > 150, `only ${all.length} findings: the fixtures and examples were not all read`);
    const long = all.filter((entry) => firstSentence(entry.message).length > MAX_FIRST_SENTENCE);
    assert.deepEqual(
      long.map((entry) => `${entry.where} ${entry.code} (${firstSentence(entry.message).length}): ${entry.message}`),
      [],
    );
  });

  it('finds the first sentence the way a reader does', () => {
    assert.equal(firstSentence('`S3Hook.list_keys()` runs 12x per parse. Each call ...'), '`S3Hook.list_keys()` runs 12x per parse.');
    assert.equal(
      firstSentence('pool "gpu.large" is unknown; did you mean "gpu"? The scheduler ...'),
      'pool "gpu.large" is unknown; did you mean "gpu"?',
    );
    assert.equal(firstSentence('Start date 2024-01-01 vs. e.g. the end'), 'Start date 2024-01-01 vs. e.g. the end');
    assert.equal(firstSentence('No period at all'), 'No period at all');
  });
});
