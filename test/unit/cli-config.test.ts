// `dag-guard check` on configuration files: airflow.cfg and .env found in folders, others when named,
// findings with 1-based positions, exit codes; `dag-guard explain` lists the config rules.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { main } from '../../server/src/cli/main';

async function run(argv: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, { cwd, color: false, stdout: (text) => (stdout += text), stderr: (text) => (stderr += text) });
  return { code, stdout, stderr };
}

describe('dag-guard check on config files', () => {
  let root: string;
  before(() => {
    root = mkdtempSync(path.join(os.tmpdir(), 'dag-guard-cli-config-'));
    mkdirSync(path.join(root, 'deploy'));
    writeFileSync(path.join(root, 'deploy', 'airflow.cfg'), '[core]\nparalellism = 64\nload_examples = False\n');
    writeFileSync(path.join(root, 'deploy', '.env'), 'AIRFLOW__CORE__DAG_CONCURRENCY=8\n');
    writeFileSync(path.join(root, 'deploy', 'notes.md'), 'AIRFLOW__CORE__DAG_CONCURRENCY\n');
    mkdirSync(path.join(root, 'quiet'));
    writeFileSync(path.join(root, 'quiet', 'airflow.cfg'), '[core]\n# noqa: DG502\nparalellism = 64\nload_examples = yes  # noqa: DG504\n');
    writeFileSync(
      path.join(root, 'quiet', '.env'),
      '# noqa: DG501\nAIRFLOW__CORE__DAG_CONCURRENCY=8\nAIRFLOW__CORE__PARALELLISM=8 # noqa\n',
    );
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  it('finds airflow.cfg and .env files in folders, not other files', async () => {
    const result = await run(['check', '.'], root);
    assert.equal(result.code, 1);
    assert.match(result.stdout, /^deploy\/\.env:1:1: warning DG501 AIRFLOW__CORE__DAG_CONCURRENCY was renamed/m);
    assert.match(
      result.stdout,
      /^deploy\/airflow\.cfg:2:1: warning DG502 \[core\] paralellism is not an Airflow setting; did you mean \[core\] parallelism\?$/m,
    );
    assert.doesNotMatch(result.stdout + result.stderr, /notes\.md/);
  });

  it('checks other config files when named, and skips what is neither', async () => {
    const result = await run(['check', 'deploy/.env', 'deploy/notes.md', '--format', 'json'], root);
    assert.equal(result.code, 1);
    const json = JSON.parse(result.stdout);
    assert.deepEqual(
      json.files.map((file: { path: string; diagnostics: Array<{ code: string; range: unknown }> }) => [
        file.path,
        file.diagnostics.map((d) => [d.code, d.range]),
      ]),
      [['deploy/.env', [['DG501', { start: { line: 0, character: 0 }, end: { line: 0, character: 30 } }]]]],
    );
    assert.match(result.stderr, /deploy\/notes\.md: skipped: neither Python nor an Airflow configuration file/);
  });

  it('leaves out lines with a noqa where the file kind reads one (in airflow.cfg only the line above)', async () => {
    const result = await run(['check', 'quiet', '--show-details'], root);
    assert.equal(result.code, 1);
    // The misplaced noqa: why it suppressed nothing is the finding's detail, on the line under it.
    const lines = result.stdout.split('\n');
    const at = lines.findIndex((line) => /^quiet\//.test(line));
    assert.deepEqual(lines.slice(at, at + 3), [
      'quiet/airflow.cfg:4:17: error DG504 [core] load_examples: "yes  # noqa: DG504" is not a boolean Airflow reads: write True or False.',
      '    In airflow.cfg the noqa after the value is part of the value and suppresses nothing: put `# noqa: DG504` on the line above.',
      '',
    ]);
    assert.equal((await run(['check', 'quiet/.env'], root)).code, 0);
  });

  it('--select and --ignore accept config rule codes', async () => {
    assert.equal((await run(['check', 'deploy/airflow.cfg', '--ignore', 'DG502'], root)).code, 0);
    assert.equal((await run(['check', 'deploy/airflow.cfg', '--select', 'DG5'], root)).code, 1);
  });

  it('explain lists and shows config rules', async () => {
    const list = await run(['explain'], root);
    assert.match(list.stdout, /^DG503  parse-timeouts-inverted/m);
    const one = await run(['explain', 'dg501'], root);
    assert.match(one.stdout, /^# DG501 renamed-config-key/);
    assert.match(one.stdout, /```ini\n\[core\]\ndag_concurrency = 32/);
  });
});
