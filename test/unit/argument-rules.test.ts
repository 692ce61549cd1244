// DG201-DG206 beyond the fixtures: the text after each fix, which fixes are safe (fix-all applies
// them, and a second run changes nothing), severities by Airflow version, and the pools the
// project layer reads from a pools file.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { combinePools, parsePoolsExport, poolsFromObject } from '../../server/src/core/airflow/pools';
import { applySafeFixes, type WithSource } from '../../server/src/core/fixes/fixAll';
import type { Finding } from '../../server/src/core/findings';
import { didYouMean } from '../../server/src/core/suggest';
import { applyEdits } from '../../server/src/core/syntax/positions';
import { loadProjectConfig } from '../../server/src/project/projectConfig';
import { analyze, getEngine, settingsWith } from '../helpers/engine';
import { assertParses } from '../helpers/fixes';

const HEADER = 'from airflow import DAG\nfrom airflow.operators.bash import BashOperator\n';
const POOLS = combinePools([
  { pools: poolsFromObject({ etl: 8, warehouse: { slots: 4, description: 'Snowflake' } }).pools, source: 'pools.json' },
]);

async function findingsOf(code: string, text: string, options: Parameters<typeof analyze>[1] = {}): Promise<Finding[]> {
  return (await analyze(text, options)).filter((finding) => finding.code === code);
}

describe('argument rules: fixes', () => {
  it('DG201 replaces a typo with the closest weight rule (not safe), and offers nothing through a constant', async () => {
    const text = `${HEADER}BashOperator(task_id="a", weight_rule='upstrem')\n`;
    const [finding] = await findingsOf('DG201', text);
    assert.equal(finding.message, 'weight_rule "upstrem" is not a weight rule; did you mean "upstream"?');
    assert.equal(finding.detail, 'Airflow accepts "downstream", "upstream", "absolute".');
    assert.equal(finding.severity, 'error');
    assert.equal(finding.fix?.title, 'Replace with "upstream"');
    assert.equal(finding.fix?.safe, false);
    assert.equal(applyEdits(text, finding.fix!.edits), `${HEADER}BashOperator(task_id="a", weight_rule='upstream')\n`);
    const viaConstant = await findingsOf('DG201', `${HEADER}RULE = "upstrem"\nBashOperator(task_id="a", weight_rule=RULE)\n`);
    assert.equal(viaConstant.length, 1);
    assert.equal(viaConstant[0].fix, null);
  });

  it('DG201 fixes a WeightRule member typo', async () => {
    const text = `${HEADER}from airflow.utils.weight_rule import WeightRule\nBashOperator(task_id="a", weight_rule=WeightRule.UPSTRAEM)\n`;
    const [finding] = await findingsOf('DG201', text);
    assert.equal(
      applyEdits(text, finding.fix!.edits),
      `${HEADER}from airflow.utils.weight_rule import WeightRule\nBashOperator(task_id="a", weight_rule=WeightRule.UPSTREAM)\n`,
    );
  });

  it('DG203 replaces a pool typo with the known pool; silent without known pools', async () => {
    const text = `${HEADER}BashOperator(task_id="a", pool="warehose")\n`;
    const [finding] = await findingsOf('DG203', text, { pools: POOLS });
    assert.equal(finding.message, 'pool "warehose" is not a known pool; did you mean "warehouse"?');
    assert.equal(finding.detail, 'The known pools come from pools.json. The scheduler never runs a task whose pool does not exist.');
    assert.equal(finding.fix?.safe, false);
    assert.equal(applyEdits(text, finding.fix!.edits), `${HEADER}BashOperator(task_id="a", pool="warehouse")\n`);
    assert.deepEqual(await findingsOf('DG203', text), []);
    assert.deepEqual(await findingsOf('DG204', `${HEADER}BashOperator(task_id="a", pool="etl", pool_slots=99)\n`), []);
  });

  it('DG205 offers one add-pool fix per known pool, none preferred (the pool is not guessed)', async () => {
    const text =
      'from airflow import DAG\nfrom airflow.providers.cncf.kubernetes.operators.pod import KubernetesPodOperator\nwith DAG("d") as dag:\n    KubernetesPodOperator(\n        task_id="train",\n        image="trainer:1.4",\n    )\n';
    const [finding] = await findingsOf('DG205', text, { pools: POOLS });
    assert.equal(finding.severity, 'hint');
    assert.deepEqual(finding.range, { start: { line: 3, character: 4 }, end: { line: 3, character: 25 } });
    assert.equal(finding.fix, null);
    assert.deepEqual(
      finding.alternatives!.map((fix) => [fix.title, fix.safe, fix.preferred]),
      [
        ['Add pool "etl" and pool_slots', false, false],
        ['Add pool "warehouse" and pool_slots', false, false],
      ],
    );
    const fixed = applyEdits(text, finding.alternatives![0].edits);
    assert.equal(fixed, text.replace('image="trainer:1.4",\n', 'image="trainer:1.4",\n        pool="etl",\n        pool_slots=1,\n'));
    assertParses(fixed);
    assert.deepEqual(await findingsOf('DG205', fixed, { pools: POOLS }), []);
  });

  it('DG205 offers no fix when the project names no pool but default_pool (pool="default_pool" would only hide it)', async () => {
    const text = `${HEADER}from airflow.providers.cncf.kubernetes.operators.pod import KubernetesPodOperator\nwith DAG("d") as dag:\n    KubernetesPodOperator(task_id="train", image="trainer:1.4")\n`;
    const onlyDefault = combinePools([{ pools: poolsFromObject({ default_pool: 128 }).pools, source: 'pools.json' }]);
    for (const pools of [null, onlyDefault]) {
      const [finding] = await findingsOf('DG205', text, { pools });
      assert.equal(finding.fix, null, JSON.stringify(pools));
      assert.deepEqual(finding.alternatives ?? [], [], JSON.stringify(pools));
    }
    const [withPools] = await findingsOf('DG205', text, { pools: POOLS });
    assert.equal(
      applyEdits(text, withPools.alternatives![0].edits),
      text.replace('image="trainer:1.4")', 'image="trainer:1.4", pool="etl", pool_slots=1)'),
    );
  });

  it('DG205 adds the pool to a @task.kubernetes decorator', async () => {
    const text =
      'from airflow.decorators import dag, task\n\n@dag(schedule=None)\ndef pipeline():\n    @task.kubernetes(image="trainer:1.4")\n    def train():\n        pass\n\n    train()\n\npipeline()\n';
    const [finding] = await findingsOf('DG205', text, { pools: POOLS });
    assert.equal(finding.message, '@task.kubernetes starts resource-heavy work and has no pool of its own.');
    assert.equal(
      finding.detail,
      'It runs as a KubernetesPodOperator. It takes default_pool slots like every task that names no pool, so nothing caps these jobs apart from the rest. Give it a pool (here or in default_args).',
    );
    assert.deepEqual(finding.range, { start: { line: 4, character: 5 }, end: { line: 4, character: 20 } });
    const fixed = applyEdits(text, finding.alternatives![0].edits);
    assert.equal(
      fixed,
      text.replace('@task.kubernetes(image="trainer:1.4")', '@task.kubernetes(image="trainer:1.4", pool="etl", pool_slots=1)'),
    );
    assertParses(fixed);
    assert.deepEqual(await findingsOf('DG205', fixed, { pools: POOLS }), []);
  });

  it('DG206 renames are safe on a release that has the new names: fix-all renames keywords and dict keys, and a second run changes nothing', async () => {
    const text = `${HEADER}default_args = {"task_concurrency": 1}\nwith DAG("d", schedule_interval="@daily", concurrency=4, default_args=default_args) as dag:\n    BashOperator(task_id="a", bash_command="x", task_concurrency=2)\n`;
    const expected = `${HEADER}default_args = {"max_active_tis_per_dag": 1}\nwith DAG("d", schedule="@daily", max_active_tasks=4, default_args=default_args) as dag:\n    BashOperator(task_id="a", bash_command="x", max_active_tis_per_dag=2)\n`;
    const engine = await getEngine();
    const analyzeText = (current: string) =>
      engine.analyzeText('dag.py', current, { settings: settingsWith(), airflowVersion: 2, airflowMinor: 9 });
    const withSource: WithSource = (current, use) => engine.withSource('dag.py', current, use);
    const outcome = applySafeFixes(text, analyzeText, withSource);
    assert.equal(applySafeFixes(outcome.text, analyzeText, withSource).text, outcome.text);
    assert.equal(outcome.text, expected);
    assertParses(outcome.text);
    assert.deepEqual(await findingsOf('DG206', outcome.text), []);
  });

  it('DG206 renames are offered but not safe where the release may predate the new name', async () => {
    const text = `${HEADER}DAG("d", schedule_interval="@daily", concurrency=4)\n`;
    const title = (finding: Finding) => `${finding.fix?.title} (${finding.fix?.safe ? 'safe' : 'not safe'})`;
    // Unknown version, or Airflow 2 without a known minor version: neither rename is safe.
    for (const options of [{ airflowVersion: null }, { airflowVersion: 2 as const }, { airflowVersion: 2 as const, airflowMinor: null }]) {
      assert.deepEqual(
        (await findingsOf('DG206', text, options)).map(title),
        [
          'Rename to schedule (needs Airflow 2.4 or later) (not safe)',
          'Rename to max_active_tasks (needs Airflow 2.2 or later) (not safe)',
        ],
        JSON.stringify(options),
      );
    }
    // Airflow 2.3 has max_active_tasks but not schedule; 2.4 and 3 have both.
    assert.deepEqual((await findingsOf('DG206', text, { airflowVersion: 2, airflowMinor: 3 })).map(title), [
      'Rename to schedule (needs Airflow 2.4 or later) (not safe)',
      'Rename to max_active_tasks (safe)',
    ]);
    assert.deepEqual((await findingsOf('DG206', text, { airflowVersion: 2, airflowMinor: 4 })).map(title), [
      'Rename to schedule (safe)',
      'Rename to max_active_tasks (safe)',
    ]);
    assert.deepEqual((await findingsOf('DG206', text, { airflowVersion: 3 })).map(title), [
      'Rename to schedule (safe)',
      'Rename to max_active_tasks (safe)',
    ]);
    // The unsafe rename still gives the right text when the user picks it.
    const [schedule] = await findingsOf('DG206', text);
    assert.equal(applyEdits(text, schedule.fix!.edits), `${HEADER}DAG("d", schedule="@daily", concurrency=4)\n`);
  });

  it('DG206 has no fix when the new name is there too, and no safe fix when **kwargs may hold it', async () => {
    const [both] = await findingsOf('DG206', `${HEADER}DAG("d", schedule_interval="@daily", schedule="@hourly")\n`);
    assert.equal(both.fix, null);
    assert.match(both.detail!, /"schedule" is given too: keep one of them\.$/);
    const [splat] = await findingsOf('DG206', `${HEADER}DAG("d", schedule_interval="@daily", **extra)\n`, { airflowVersion: 3 });
    assert.equal(splat.fix?.safe, false);
  });

  it('DG206 is a deprecation (information, tagged deprecated) on Airflow 2, an error on Airflow 3, a warning when the version is unknown', async () => {
    const text = `${HEADER}DAG("d", schedule_interval="@daily")\n`;
    const [two] = await findingsOf('DG206', text, { airflowVersion: 2 });
    const [three] = await findingsOf('DG206', text, { airflowVersion: 3 });
    const [unknown] = await findingsOf('DG206', text, { airflowVersion: null });
    assert.equal(two.severity, 'information');
    assert.deepEqual(two.tags, ['deprecated']);
    assert.equal(two.message, '"schedule_interval" is deprecated since Airflow 2.4; use "schedule".');
    assert.equal(two.detail, 'Airflow 3 removes it.');
    assert.equal(three.severity, 'error');
    assert.equal(three.tags, undefined);
    assert.equal(three.message, '"schedule_interval" was removed in Airflow 3; use "schedule".');
    assert.equal(
      three.detail,
      'Deprecated since Airflow 2.4. Airflow 3 removed it: DAG() refuses the argument with a TypeError, so the DAG file fails to import.',
    );
    assert.equal(unknown.severity, 'warning');
    assert.equal(unknown.tags, undefined);
    const [task3] = await findingsOf('DG206', `${HEADER}BashOperator(task_id="a", bash_command="x", task_concurrency=1)\n`, {
      airflowVersion: 3,
    });
    assert.match(task3.detail!, /BaseOperator refuses the argument with a TypeError, so the DAG file fails to import/);
    const [severitySetting] = await findingsOf('DG206', text, {
      airflowVersion: 3,
      settings: settingsWith({ severity: { DG206: 'information' } }),
    });
    assert.equal(severitySetting.severity, 'information');
  });

  it('the rules only check files Airflow parses as DAG files', async () => {
    assert.deepEqual(await findingsOf('DG202', 'from mylib import BashOperator\nBashOperator(task_id="a", pool_slots=0)\n'), []);
  });
});

describe('did you mean', () => {
  it('suggests typos and case slips, not distant words', () => {
    assert.equal(didYouMean('downstram', ['downstream', 'upstream', 'absolute']), 'downstream');
    assert.equal(didYouMean('ABSOLUTE', ['downstream', 'upstream', 'absolute']), 'absolute');
    assert.equal(didYouMean('fastest', ['downstream', 'upstream', 'absolute']), null);
    assert.equal(didYouMean('gpus', ['etl', 'gpu']), 'gpu');
    assert.equal(didYouMean('x', ['etl', 'gpu']), null);
    assert.equal(didYouMean('sprak', ['spark', 'etl']), 'spark');
    assert.equal(didYouMean('tel', ['etl']), null);
  });
});

describe('known pools', () => {
  it('reads the format of `airflow pools export`, and reports what is wrong without failing', () => {
    const exported = JSON.stringify({
      default_pool: { slots: 128, description: 'Default pool', include_deferred: false },
      gpu: { slots: 2, description: 'The GPU nodes' },
    });
    const { pools, problems } = parsePoolsExport(exported);
    assert.deepEqual(problems, []);
    assert.deepEqual(pools.get('gpu'), { name: 'gpu', slots: 2, description: 'The GPU nodes' });
    assert.equal(pools.get('default_pool')?.slots, 128);
    assert.match(parsePoolsExport('{"a": ').problems[0], /^not valid JSON/);
    assert.deepEqual(parsePoolsExport('{"a": {"slots": "four"}, "b": 3}').problems, ['pool "a": "slots" must be a whole number']);
    assert.deepEqual([...parsePoolsExport('{"a": {"slots": "four"}, "b": 3}').pools.keys()], ['b']);
  });

  it('loads the pools file a pyproject.toml names, with the pools setting winning', () => {
    const root = mkdtempSync(path.join(tmpdir(), 'dag-guard-pools-'));
    try {
      writeFileSync(
        path.join(root, 'pyproject.toml'),
        '[tool.dag-guard]\npools-file = "deploy/pools.json"\npools = { gpu = 4, extra = 1 }\n',
      );
      const config0 = loadProjectConfig(root, settingsWith());
      assert.equal(config0.pools?.pools.get('gpu')?.slots, 4);
      assert.match(config0.problems.map((problem) => problem.message).join('\n'), /pools file .*pools\.json: the file does not exist/);
      execFileSync('mkdir', ['-p', path.join(root, 'deploy')]);
      writeFileSync(path.join(root, 'deploy', 'pools.json'), JSON.stringify({ gpu: { slots: 2 }, etl: { slots: 8, description: 'ETL' } }));
      const config = loadProjectConfig(path.join(root, 'deploy'), settingsWith());
      assert.deepEqual(config.problems, []);
      assert.equal(config.poolsFile, path.join(root, 'deploy', 'pools.json'));
      assert.deepEqual([...config.pools!.pools.keys()], ['gpu', 'etl', 'extra']);
      assert.equal(config.pools!.pools.get('gpu')?.slots, 4);
      assert.equal(config.pools!.source, 'deploy/pools.json and the pools setting');
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
