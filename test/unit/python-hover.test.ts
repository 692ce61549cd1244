// Hover in DAG files, core side: which arguments answer (Airflow callees only), sensor-only
// arguments, default_args keys, Jinja names (and what is not Jinja), `# noqa: DG5xx` codes.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { pythonHover } from '../../server/src/core/hover/python';
import { getEngine } from '../helpers/engine';

async function hoverAt(text: string, needle: string, delta = 1): Promise<string | null> {
  const engine = await getEngine();
  const offset = text.indexOf(needle);
  assert.ok(offset >= 0, needle);
  return engine.withSource(
    'dag.py',
    text,
    (source) => pythonHover({ source, offset: offset + delta, airflowVersion: null })?.markdown ?? null,
  );
}

const DAG = [
  'import requests',
  'from airflow.decorators import dag, task',
  'from airflow.operators.bash import BashOperator',
  'from airflow.providers.acme.operators.widget import WidgetOperator',
  'from airflow.sensors.filesystem import FileSensor',
  'from my_company.operators import InHouseOperator',
  '',
  'default_args = {"retries": 2, "owner": "data"}',
  '',
  '@dag(schedule="@daily", catchup=False, default_args=default_args)',
  'def pipeline():',
  '    @task(retries=3, pool="etl")',
  '    def extract():',
  '        requests.get("https://x", timeout=5)',
  '    BashOperator(task_id="b", bash_command=f"echo {{ ds }}", mode="poke", cwd="{{ var.json.paths.root }}")',
  '    FileSensor(task_id="f", filepath="/data", mode="reschedule", timeout=600)',
  '    WidgetOperator(task_id="w", widget="x", retries=1)',
  '    InHouseOperator(task_id="i", retries=1)',
  '    x = "{{ macros.ds_add(ds, 7) }} {{ ti.xcom_pull(\'a\') }} {{ unknown_name }}"  # noqa: DG503',
  '',
].join('\n');

describe('DAG file hover', () => {
  it('answers on Airflow DAG, decorator and operator arguments only', async () => {
    assert.match((await hoverAt(DAG, 'catchup='))!, /^\*\*catchup\*\* \(DAG argument\)/);
    assert.match(
      (await hoverAt(DAG, 'retries=3'))!,
      /^\*\*retries\*\* \(task argument\)[\s\S]*Default from `\[core\] default_task_retries`/,
    );
    assert.match((await hoverAt(DAG, 'retries=1)'))!, /^\*\*retries\*\* \(WidgetOperator argument\)/);
    assert.equal(await hoverAt(DAG, 'widget='), null); // unknown provider operator: no templating facts
    assert.equal(await hoverAt(DAG, 'retries=1)\n    x'), null); // not an Airflow import
    assert.equal(await hoverAt(DAG, 'timeout=5'), null); // requests.get
  });

  it('sensor arguments only on sensors; templating per operator', async () => {
    assert.match((await hoverAt(DAG, 'mode="reschedule"'))!, /^\*\*mode\*\* \(FileSensor argument\)/);
    assert.match((await hoverAt(DAG, 'timeout=600'))!, /Seconds the sensor may wait/);
    assert.match(
      (await hoverAt(DAG, 'mode="poke"'))!,
      /^\*\*mode\*\* \(BashOperator argument\)\n\nNot templated on BashOperator: .* Templated: `bash_command`, `env`, `cwd`\./,
    );
    assert.match((await hoverAt(DAG, 'cwd='))!, /Templated on BashOperator/);
  });

  it('default_args keys are task arguments', async () => {
    assert.match((await hoverAt(DAG, '"owner"'))!, /^\*\*owner\*\* \(task argument\)/);
  });

  it("Jinja names in plain strings, not in f-strings, not unknown names, not names inside calls' strings", async () => {
    assert.match(
      (await hoverAt(DAG, 'var.json.paths', 5))!,
      /^\*\*Airflow Variable `paths`\*\*, parsed from JSON, then its `root` member\./,
    );
    assert.equal(await hoverAt(DAG, 'ds }}", mode'), null); // f"... {{ ds }}" renders "{ ds }"
    assert.match((await hoverAt(DAG, 'macros.ds_add'))!, /^\*\*`macros`\*\*/);
    assert.match((await hoverAt(DAG, 'ds, 7'))!, /^\*\*`ds`\*\*/);
    assert.match((await hoverAt(DAG, 'ti.xcom_pull'))!, /^\*\*`ti`\*\*/);
    assert.equal(await hoverAt(DAG, "'a'"), null);
    assert.equal(await hoverAt(DAG, 'unknown_name'), null);
  });

  it('# noqa codes of config rules show their docs', async () => {
    assert.match((await hoverAt(DAG, 'DG503'))!, /^# DG503 parse-timeouts-inverted/);
  });
});
