// DG401 and DG402: fixes as before/after pairs, the triggers-module case and the DG402 thresholds.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze, settingsWith } from '../helpers/engine';
import { applyFixAt, assertParses, findingsOf } from '../helpers/fixes';

const lines = (...text: string[]) => text.join('\n') + '\n';

async function check(before: string, code: string, line: number, after: string, title?: string, path?: string): Promise<void> {
  const fixed = await applyFixAt(before, code, line, title, path);
  assert.equal(fixed, after);
  assertParses(fixed);
  assert.equal(
    (await findingsOf(fixed, code, path)).length,
    (await findingsOf(before, code, path)).length - 1,
    'the fix removes its finding',
  );
}

const trigger = (imports: string[], body: string[]) =>
  lines(
    ...imports,
    '',
    '',
    'class Poll(BaseTrigger):',
    '    async def run(self):',
    ...body.map((line) => `        ${line}`),
    '        yield TriggerEvent(None)',
  );

describe('DG401 fix: await asyncio.sleep', () => {
  it('rewrites time.sleep when asyncio is imported', async () => {
    const imports = ['import asyncio', 'import time', '', 'from airflow.triggers.base import BaseTrigger, TriggerEvent'];
    await check(trigger(imports, ['time.sleep(self.interval)']), 'DG401', 9, trigger(imports, ['await asyncio.sleep(self.interval)']));
  });

  it('adds `import asyncio` in order among the standard-library imports', async () => {
    const imports = ['"""A trigger."""', 'import json', 'import time', '', 'from airflow.triggers.base import BaseTrigger, TriggerEvent'];
    const fixed = [
      '"""A trigger."""',
      'import asyncio',
      'import json',
      'import time',
      '',
      'from airflow.triggers.base import BaseTrigger, TriggerEvent',
    ];
    await check(trigger(imports, ['time.sleep(5)']), 'DG401', 10, trigger(fixed, ['await asyncio.sleep(5)']));
  });

  it('adds a standard-library group above the Airflow imports when there is none', async () => {
    const imports = ['from time import sleep', 'from airflow.triggers.base import BaseTrigger, TriggerEvent'];
    const fixed = ['import asyncio', 'from time import sleep', 'from airflow.triggers.base import BaseTrigger, TriggerEvent'];
    await check(trigger(imports, ['sleep(1)']), 'DG401', 7, trigger(fixed, ['await asyncio.sleep(1)']));
  });

  it('uses an alias of asyncio', async () => {
    const imports = ['import asyncio as aio', 'import time', 'from airflow.triggers.base import BaseTrigger, TriggerEvent'];
    await check(trigger(imports, ['time.sleep(2)']), 'DG401', 8, trigger(imports, ['await aio.sleep(2)']));
  });

  it('offers no fix for a sleep inside an expression, and no fix is safe', async () => {
    const text = trigger(
      ['import time', 'from airflow.triggers.base import BaseTrigger, TriggerEvent'],
      ['done = time.sleep(1) or True', 'time.sleep(1)'],
    );
    const findings = await findingsOf(text, 'DG401');
    assert.deepEqual(
      findings.map((finding) => [finding.range.start.line + 1, finding.fix?.safe ?? null]),
      [
        [7, null],
        [8, false],
      ],
    );
  });

  it('reports any coroutine of a triggers module that imports Airflow', async () => {
    const text = lines(
      'import time',
      'from airflow.triggers.base import TriggerEvent',
      '',
      'async def wait_for_file(path):',
      '    time.sleep(10)',
      '    return TriggerEvent(path)',
    );
    assert.equal((await findingsOf(text, 'DG401', 'plugins/triggers/files.py')).length, 1);
    assert.equal((await findingsOf(text, 'DG401', 'plugins/triggers.py')).length, 1);
    assert.equal((await findingsOf(text, 'DG401', 'dags/files.py')).length, 0);
    const notAirflow = text.replace('from airflow.triggers.base import TriggerEvent', 'from events import TriggerEvent');
    assert.equal((await findingsOf(notAirflow, 'DG401', 'plugins/triggers.py')).length, 0);
  });
});

describe('DG402 fixes: mode="reschedule", deferrable=True', () => {
  const head = [
    'from airflow import DAG',
    'from airflow.providers.amazon.aws.sensors.s3 import S3KeySensor',
    'from airflow.sensors.python import PythonSensor',
    '',
    'with DAG("d"):',
  ];

  it('appends to a call on one line', async () => {
    await check(
      lines(...head, '    S3KeySensor(task_id="s", bucket_key="k", poke_interval=300)'),
      'DG402',
      6,
      lines(...head, '    S3KeySensor(task_id="s", bucket_key="k", poke_interval=300, mode="reschedule")'),
    );
  });

  it('adds a line, with its trailing comma, to a call written one argument per line', async () => {
    await check(
      lines(
        ...head,
        '    S3KeySensor(',
        '        task_id="s",',
        '        bucket_key="k",',
        '        timeout=6 * 3600,  # six hours',
        '    )',
      ),
      'DG402',
      6,
      lines(
        ...head,
        '    S3KeySensor(',
        '        task_id="s",',
        '        bucket_key="k",',
        '        timeout=6 * 3600,  # six hours',
        '        deferrable=True,',
        '    )',
      ),
      'deferrable=True',
    );
  });

  it('adds a comma and a line when the call has no trailing comma', async () => {
    await check(
      lines(...head, '    S3KeySensor(', '        task_id="s",', '        poke_interval=120', '    )'),
      'DG402',
      6,
      lines(...head, '    S3KeySensor(', '        task_id="s",', '        poke_interval=120,', '        mode="reschedule"', '    )'),
    );
  });

  it('changes an explicit mode="poke"', async () => {
    await check(
      lines(...head, '    PythonSensor(task_id="p", python_callable=bool, mode="poke", timeout=7200)'),
      'DG402',
      6,
      lines(...head, '    PythonSensor(task_id="p", python_callable=bool, mode="reschedule", timeout=7200)'),
    );
  });

  it('offers deferrable=True only for sensors that have a deferrable form; neither fix is safe', async () => {
    const text = lines(
      ...head,
      '    S3KeySensor(task_id="s", bucket_key="k", poke_interval=300)',
      '    PythonSensor(task_id="p", python_callable=bool, poke_interval=300)',
    );
    const findings = await findingsOf(text, 'DG402');
    assert.deepEqual(
      findings.map((finding) => [finding.fix?.title, ...(finding.alternatives ?? []).map((fix) => fix.title)]),
      [
        ['Set mode="reschedule" (free the worker slot between pokes)', 'Set deferrable=True (wait in the triggerer)'],
        ['Set mode="reschedule" (free the worker slot between pokes)'],
      ],
    );
    assert.ok(findings.every((finding) => [finding.fix, ...(finding.alternatives ?? [])].every((fix) => fix?.safe === false)));
  });

  it('reads its thresholds from the settings', async () => {
    const text = lines(...head, '    S3KeySensor(task_id="s", bucket_key="k", poke_interval=90, timeout=5400)');
    const run = async (partial: Parameters<typeof settingsWith>[0]) =>
      (await analyze(text, { settings: settingsWith(partial) }))
        .filter((finding) => finding.code === 'DG402')
        .map((finding) => `${finding.message} ${finding.detail}`);
    assert.deepEqual(await run({}), [
      'S3KeySensor waits in poke mode and holds a worker slot for its whole wait. It waits with poke_interval 90 s and timeout 90 min; use mode="reschedule" or deferrable=True.',
    ]);
    assert.deepEqual(await run({ sensorPokeIntervalThreshold: 120, sensorTimeoutThreshold: 7200 }), []);
    assert.equal((await run({ sensorPokeIntervalThreshold: 120 })).length, 1);
  });
});
