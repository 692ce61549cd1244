// The parse-cost summary on a factory DAG: every count, the daily figure at the default and at a
// configured interval, the sentence the code lens and `dag-guard report` show.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AIRFLOW_DEFAULT_TIMINGS, describeParseCost, parseCostOfSource, type ParseTimings } from '../../server/src/core/cost/parseCost';
import { getEngine, readFixture, settingsWith } from '../helpers/engine';

async function costOf(text: string, timings: ParseTimings = AIRFLOW_DEFAULT_TIMINGS, settings = settingsWith()) {
  return (await getEngine()).withSource('dag.py', text, (source) => {
    const cost = parseCostOfSource(source, settings, timings);
    return cost && { cost, text: describeParseCost(cost, timings) };
  });
}

describe('parse cost', () => {
  it('counts what a factory DAG runs at each parse', async () => {
    const result = await costOf(readFixture('cost', 'factory_dag.py'));
    assert.ok(result);
    const { cost } = result;
    // 1 module-level read + 2 per team x 4 teams.
    assert.deepEqual(cost.variableReads, { count: 9, atLeast: false, upTo: false });
    assert.equal(cost.connectionLookups.count, 1);
    assert.equal(cost.hookCalls.count, 4);
    assert.equal(cost.networkCalls.count, 1);
    assert.deepEqual(cost.heavyImports, ['pandas']);
    assert.equal(cost.dags.count, 4);
    assert.equal(cost.metadataReads.count, 14);
    assert.equal(cost.parsesPerDay, 2880);
    assert.equal(cost.metadataReadsPerDay.count, 14 * 2880);
    assert.equal(
      result.text,
      'each parse: 9 Variable reads, 1 connection lookup, 4 hook calls, 1 network call, 1 heavy import (pandas), builds 4 DAGs; parsed every 30 s (Airflow default) = 40,320 metadata database reads a day',
    );
  });

  it('uses the configured interval and names its source', async () => {
    const timings: ParseTimings = {
      ...AIRFLOW_DEFAULT_TIMINGS,
      minFileProcessInterval: { seconds: 120, source: 'docker-compose.yaml', key: 'AIRFLOW__SCHEDULER__MIN_FILE_PROCESS_INTERVAL' },
    };
    const result = await costOf(readFixture('cost', 'factory_dag.py'), timings);
    assert.match(result!.text, /parsed every 120 s \(docker-compose\.yaml\) = 10,080 metadata database reads a day$/);
  });

  it('says when nothing costly runs, and when counts are bounds', async () => {
    assert.equal(
      (await costOf(readFixture('cost', 'quiet_dag.py')))!.text,
      'each parse: nothing costly (builds 1 DAG); parsed every 30 s (Airflow default)',
    );
    const bounded =
      'from airflow.models import Variable  # dag\nimport sys\nfor line in sys.stdin:\n    Variable.get(line)\nif sys.argv:\n    Variable.get("x")\n';
    assert.match((await costOf(bounded))!.text, /^each parse: 2\+ Variable reads; .* = 5,760\+ metadata database reads a day$/);
    const conditional = 'from airflow.models import Variable  # dag\nimport sys\nif sys.argv:\n    Variable.get("x")\n';
    assert.match((await costOf(conditional))!.text, /^each parse: up to 1 Variable read;/);
  });

  it('counts each heavy package once, and runs subprocesses and sleeps', async () => {
    const text =
      'from airflow import DAG\nimport numpy, numpy.linalg\nfrom pandas import DataFrame\nimport subprocess, time\nsubprocess.run(["make"])\ntime.sleep(1)\n';
    const result = await costOf(text);
    assert.deepEqual(result!.cost.heavyImports, ['numpy', 'pandas']);
    assert.equal(
      result!.text,
      'each parse: 1 process started, 1 sleep, 2 heavy imports (numpy, pandas); parsed every 30 s (Airflow default)',
    );
  });

  it("counts the requests of a boto3 session's clients, per loop turn, and not the session or the client", async () => {
    const text =
      'import boto3\nfrom airflow import DAG\n\nsession = boto3.Session(profile_name="etl")\ns3 = session.client("s3")\nfor team in ["a", "b", "c"]:\n    s3.head_object(Bucket="flags", Key=team)\n';
    const result = await costOf(text);
    assert.deepEqual(result?.cost.networkCalls, { count: 3, atLeast: false, upTo: false });
  });

  it('is null for a file Airflow would not parse as a DAG file', async () => {
    assert.equal(await costOf('import requests\nrequests.get("x")\n'), null);
  });
});
