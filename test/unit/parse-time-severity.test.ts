// The shared escalation of DG101 to DG104: a database or network call that runs
// parseTimeErrorThreshold times or more per parse (exactly, not as an upper bound) is an error.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze, settingsWith } from '../helpers/engine';

const HEADER = [
  'import requests',
  'import subprocess',
  'from airflow import DAG',
  'from airflow.models import Variable',
  'from airflow.providers.http.hooks.http import HttpHook',
  '',
].join('\n');

const severities = async (body: string, settings = settingsWith()) =>
  (await analyze(HEADER + body, { settings })).map((finding) => `${finding.code} ${finding.severity} ${finding.range.start.line - 5}`);

describe('parse-time severity escalation', () => {
  it('makes database and network calls run 10x or more per parse errors', async () => {
    const body = [
      'for index in range(10):',
      '    Variable.get(f"key_{index}")',
      '    requests.get("https://example.com")',
      '    HttpHook(http_conn_id="api").run("/status")',
      '    subprocess.run(["true"])',
      'for index in range(9):',
      '    requests.get("https://example.com")',
    ].join('\n');
    assert.deepEqual(await severities(body), ['DG101 error 1', 'DG104 error 2', 'DG103 error 3', 'DG104 warning 4', 'DG104 warning 6']);
  });

  it('keeps warnings for unknown counts and for upper bounds', async () => {
    const body = [
      'for line in open("x"):',
      '    requests.get(line)',
      'for index in range(20):',
      '    if index % 2:',
      '        Variable.get("odd")',
    ].join('\n');
    assert.deepEqual(await severities(body), ['DG104 warning 1', 'DG101 warning 4']);
  });

  it('follows the threshold setting (0 turns escalation off) and yields to a configured severity', async () => {
    const body = ['for index in range(3):', '    requests.get("https://example.com")'].join('\n');
    assert.deepEqual(await severities(body, settingsWith({ parseTimeErrorThreshold: 3 })), ['DG104 error 1']);
    const many = ['for index in range(50):', '    requests.get("https://example.com")'].join('\n');
    assert.deepEqual(await severities(many, settingsWith({ parseTimeErrorThreshold: 0 })), ['DG104 warning 1']);
    assert.deepEqual(await severities(many, settingsWith({ severity: { DG104: 'information' } })), ['DG104 information 1']);
  });

  it('counts calls in factories: a function called from a loop', async () => {
    const body = ['def make(team):', '    return Variable.get(team)', '', 'for index in range(12):', '    make(str(index))'].join('\n');
    const [finding] = await analyze(HEADER + body);
    assert.equal(finding.severity, 'error');
    assert.equal(finding.message, 'Variable.get(team) runs 12x per parse.');
    assert.equal(
      finding.detail,
      'In make(), called at line 10, inside the loop at line 9. Each call queries the metadata database (or secrets backend). No fix: the key is not a constant string.',
    );
  });
});

describe('DG104 ioCalls setting', () => {
  it('reports the calls the setting adds, with their kind', async () => {
    const text = 'from airflow import DAG\nfrom mycompany.api import fetch\n\nTEAMS = fetch("teams")\n';
    assert.deepEqual(await analyze(text), []);
    const [finding] = await analyze(text, { settings: settingsWith({ ioCalls: { 'mycompany.api.fetch': 'network' } }) });
    assert.equal(finding.code, 'DG104');
    assert.equal(finding.message, 'fetch() runs at every parse.');
    assert.equal(finding.detail, 'Each call is a network request made by the DAG processor.');
  });
});
