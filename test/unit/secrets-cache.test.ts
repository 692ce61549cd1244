// The secrets cache as the remedy for Variable and connection reads a DAG file needs at parse time:
// `[secrets] use_cache` and `cache_ttl_seconds` read from the project's files (airflow.cfg, .env,
// compose, ...; environment first), and what DG101/DG102 make of them: with the cache on, the
// finding says the reads are cached and is information; with it off, it names the edit (in the
// project's airflow.cfg when it has one); on Airflow 2 below 2.7 it offers no cache.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { resolveDeployment } from '../../server/src/project/airflowDeployment';
import { findConfigFiles } from '../../server/src/project/airflowTimings';
import { main } from '../../server/src/cli/main';
import { tempFolder } from '../helpers/tempFolder';
import { analyze, readFixture } from '../helpers/engine';
import type { AirflowDeployment } from '../../server/src/core/airflow/deployment';
import { said } from '../helpers/said';

const readDeployment = (root: string) => resolveDeployment(findConfigFiles(root));

/** A Variable that shapes the DAG: the loop builds one task per table. */
const SHAPES = [
  'from airflow import DAG',
  'from airflow.models import Variable',
  'from airflow.operators.bash import BashOperator',
  '',
  'TABLES = Variable.get("tables").split(",")',
  '',
  'with DAG("tables", schedule=None):',
  '    for table in TABLES:',
  '        BashOperator(task_id=f"load_{table}", bash_command="load.sh ")',
  '',
].join('\n');

const CONNECTION = [
  'from airflow import DAG',
  'from airflow.hooks.base import BaseHook',
  '',
  'SCHEMAS = BaseHook.get_connection("warehouse").extra_dejson["schemas"]',
  '',
  'for schema in SCHEMAS:',
  '    DAG(f"load_{schema}", schedule=None)',
  '',
].join('\n');

function deployment(cache: boolean | null, extra: Partial<AirflowDeployment> = {}): AirflowDeployment {
  return {
    defaultDeferrable: null,
    secretsCache: cache === null ? null : { value: cache, source: 'deploy/airflow.cfg', key: '[secrets] use_cache' },
    secretsCacheTtl: null,
    airflowCfg: 'deploy/airflow.cfg',
    ...extra,
  };
}

describe('[secrets] use_cache from project files', () => {
  it("is null when no file sets it, and names the project's airflow.cfg", () => {
    const read = readDeployment(tempFolder({ 'deploy/airflow.cfg': '[core]\nparallelism = 8\n' }));
    assert.equal(read.secretsCache, null);
    assert.equal(read.secretsCacheTtl, null);
    assert.equal(read.airflowCfg, 'deploy/airflow.cfg');
  });

  it('reads [secrets] use_cache and cache_ttl_seconds from airflow.cfg', () => {
    const read = readDeployment(tempFolder({ 'airflow.cfg': '[secrets]\nuse_cache = True\ncache_ttl_seconds = 300\n' }));
    assert.deepEqual(read.secretsCache, { value: true, source: 'airflow.cfg', key: '[secrets] use_cache' });
    assert.deepEqual(read.secretsCacheTtl, { value: 300, source: 'airflow.cfg', key: '[secrets] cache_ttl_seconds' });
  });

  it('lets AIRFLOW__SECRETS__USE_CACHE in .env or compose win over airflow.cfg', () => {
    const read = readDeployment(
      tempFolder({
        'airflow.cfg': '[secrets]\nuse_cache = False\n',
        '.env': 'AIRFLOW__SECRETS__USE_CACHE=true\nAIRFLOW__SECRETS__CACHE_TTL_SECONDS=60\n',
      }),
    );
    assert.deepEqual(read.secretsCache, { value: true, source: '.env', key: 'AIRFLOW__SECRETS__USE_CACHE' });
    assert.equal(read.secretsCacheTtl?.value, 60);
    const compose = 'services:\n  scheduler:\n    environment:\n      AIRFLOW__SECRETS__USE_CACHE: "True"\n';
    assert.equal(readDeployment(tempFolder({ 'docker-compose.yaml': compose })).secretsCache?.value, true);
  });

  it('ignores a TTL getint would reject', () => {
    assert.equal(readDeployment(tempFolder({ 'airflow.cfg': '[secrets]\ncache_ttl_seconds = 5m\n' })).secretsCacheTtl, null);
  });
});

describe('DG101/DG102 with the secrets cache', () => {
  it("cache off: the finding names the edit in the project's airflow.cfg", async () => {
    const [finding] = (await analyze(SHAPES, { deployment: deployment(false) })).filter((f) => f.code === 'DG101');
    assert.equal(finding.severity, 'warning');
    assert.equal(finding.message, 'Variable.get("tables") runs at every parse.');
    assert.match(finding.detail ?? '', /^Each call queries the metadata database \(or secrets backend\)\. /);
    assert.ok(
      said(finding).endsWith(
        ' Airflow 2.7+ can cache these reads while it parses DAG files: set `[secrets] use_cache = True` in deploy/airflow.cfg (`cache_ttl_seconds`, 900 s by default, is how stale a value may get).',
      ),
      finding.message,
    );
  });

  it('cache off, Airflow 2.7+ or 3: the finding carries the airflow.cfg edit, and says the CLI does not make it', async () => {
    for (const version of [
      { airflowVersion: 2 as const, airflowMinor: 7 },
      { airflowVersion: 3 as const, airflowMinor: null },
    ]) {
      for (const cache of [null, false]) {
        const [finding] = (await analyze(SHAPES, { deployment: deployment(cache), ...version })).filter((f) => f.code === 'DG101');
        assert.deepEqual(finding.configChange, {
          title: 'Turn on the secrets cache: `[secrets] use_cache = True` in deploy/airflow.cfg',
          path: 'deploy/airflow.cfg',
          section: 'secrets',
          key: 'use_cache',
          value: 'True',
        });
        assert.match(said(finding), /The editor's quick fix makes this edit; `dag-guard check --fix` does not\.$/);
      }
    }
    const [connection] = (await analyze(CONNECTION, { deployment: deployment(null), airflowVersion: 3 })).filter((f) => f.code === 'DG102');
    assert.equal(connection.configChange?.path, 'deploy/airflow.cfg');
  });

  it('no airflow.cfg edit: version unknown or below 2.7, cache on, set by a variable, no airflow.cfg, or a template fix', async () => {
    const v3 = { airflowVersion: 3 as const };
    const cases: Array<[string, Parameters<typeof analyze>[1]]> = [
      ['version unknown', { deployment: deployment(false) }],
      ['2.6', { deployment: deployment(false), airflowVersion: 2, airflowMinor: 6 }],
      ['cache on', { deployment: deployment(true), ...v3 }],
      [
        'off in .env, which wins over airflow.cfg',
        { deployment: deployment(null, { secretsCache: { value: false, source: '.env', key: 'AIRFLOW__SECRETS__USE_CACHE' } }), ...v3 },
      ],
      ['no airflow.cfg', { deployment: deployment(null, { airflowCfg: null }), ...v3 }],
    ];
    for (const [name, options] of cases) {
      const [finding] = (await analyze(SHAPES, options)).filter((f) => f.code === 'DG101');
      assert.equal(finding.configChange, undefined, name);
      assert.doesNotMatch(said(finding), /quick fix makes this edit/, name);
    }
    const templated =
      'from airflow import DAG\nfrom airflow.models import Variable\nfrom airflow.operators.bash import BashOperator\n\nwith DAG("d", schedule=None):\n    BashOperator(task_id="t", bash_command=Variable.get("cmd") + " --now")\n';
    const [finding] = (await analyze(templated, { deployment: deployment(false), ...v3 })).filter((f) => f.code === 'DG101');
    assert.equal(finding.configChange, undefined);
  });

  it('cache off in .env: the edit of that variable; no config file seen: no advice', async () => {
    const off = deployment(null, { airflowCfg: null, secretsCache: { value: false, source: '.env', key: 'AIRFLOW__SECRETS__USE_CACHE' } });
    const [finding] = (await analyze(SHAPES, { deployment: off })).filter((f) => f.code === 'DG101');
    assert.match(said(finding), /set `AIRFLOW__SECRETS__USE_CACHE=True` in \.env \(/);
    const [unseen] = (await analyze(SHAPES, { deployment: deployment(null, { airflowCfg: null }) })).filter((f) => f.code === 'DG101');
    assert.doesNotMatch(said(unseen), /use_cache|USE_CACHE/i);
  });

  it('cache on: the reads are cached, information severity, for connections too', async () => {
    const on = deployment(true, { secretsCacheTtl: { value: 300, source: '.env', key: 'AIRFLOW__SECRETS__CACHE_TTL_SECONDS' } });
    const [variable] = (await analyze(SHAPES, { deployment: on })).filter((f) => f.code === 'DG101');
    assert.equal(variable.severity, 'information');
    assert.ok(
      said(variable).endsWith(
        ' The reads are cached for 300 s (`[secrets] use_cache = True` in deploy/airflow.cfg): at most one query per key every 300 s.',
      ),
      variable.message,
    );
    const [connection] = (await analyze(CONNECTION, { deployment: on })).filter((f) => f.code === 'DG102');
    assert.equal(connection.severity, 'information');
    assert.match(said(connection), /The reads are cached for 300 s/);
  });

  it('Airflow 2 below 2.7 has no cache to offer', async () => {
    const [finding] = (await analyze(SHAPES, { deployment: deployment(false), airflowVersion: 2, airflowMinor: 6 })).filter(
      (f) => f.code === 'DG101',
    );
    assert.doesNotMatch(said(finding), /use_cache/);
  });

  it('no cache advice when the template fix or the run-time move applies', async () => {
    const templated =
      'from airflow import DAG\nfrom airflow.models import Variable\nfrom airflow.operators.bash import BashOperator\n\nwith DAG("d", schedule=None):\n    BashOperator(task_id="t", bash_command=Variable.get("cmd") + " --now")\n';
    const [finding] = (await analyze(templated, { deployment: deployment(false) })).filter((f) => f.code === 'DG101');
    assert.doesNotMatch(said(finding), /use_cache/);
  });

  it('says what a value the parse needs shapes, and nothing for a use that shapes nothing', async () => {
    const text = readFixture('rules', 'DG101-shapes.py');
    const messages = (await analyze(text)).filter((f) => f.code === 'DG101').map(said);
    assert.equal(messages.filter((message) => message.includes('The value shapes the DAG')).length, 4);
    assert.ok(messages[4].endsWith('No fix: `owner` is not a templated field of BashOperator (line 15).'), messages[4]);
    assert.ok(messages[5].endsWith('No fix: the value is passed to print() at line 24.'), messages[5]);
  });

  it("dag-guard check reads the cache from the project's airflow.cfg", async () => {
    const cwd = tempFolder({ 'dags/tables.py': SHAPES, 'airflow.cfg': '[secrets]\nuse_cache = True\n' });
    let stdout = '';
    await main(['check', '--select', 'DG101', '--format', 'json', 'dags'], {
      cwd,
      color: false,
      stdout: (text) => (stdout += text),
      stderr: () => undefined,
    });
    const [diagnostic] = JSON.parse(stdout).files[0].diagnostics;
    assert.equal(diagnostic.severity, 'information');
    assert.match(said(diagnostic), /The reads are cached for 900 s \(`\[secrets\] use_cache = True` in airflow\.cfg\)/);
  });
});
