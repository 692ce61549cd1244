// airflow.cfg key completion as the user sees it: which keys are offered in the section at the
// cursor, and which are struck through (tagged deprecated) for the project's Airflow version.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { configCompletions } from '../../server/src/core/completion/config';
import { readConfigDocument } from '../../server/src/core/config/document';

function keysAt(lines: string[], line: number, version: { airflowVersion: 2 | 3 | null; airflowMinor: number | null }) {
  const text = lines.join('\n');
  const document = readConfigDocument(text, 'airflow-cfg');
  let offset = 0;
  for (let index = 0; index < line; index++) offset += lines[index].length + 1;
  offset += lines[line].length;
  return new Map(configCompletions(document, offset, version).map((item) => [item.label, item]));
}

describe('airflow.cfg key completion', () => {
  it('strikes through a key only when the project runs an Airflow that renamed it', () => {
    const cfg = ['[scheduler]', ''];
    const on24 = keysAt(cfg, 1, { airflowVersion: 2, airflowMinor: 4 });
    // Renamed in 2.5 (deactivate_stale_dags_interval -> parsing_cleanup_interval): live on 2.4.
    assert.equal(on24.get('deactivate_stale_dags_interval')?.deprecated, undefined);
    // Renamed in 2.2: deprecated on 2.4.
    assert.equal(on24.get('processor_poll_interval')?.deprecated, true);
    // Moved to [dag_processor] by Airflow 3 only: live on any 2.x.
    assert.equal(on24.get('min_file_process_interval')?.deprecated, undefined);
    const on3 = keysAt(cfg, 1, { airflowVersion: 3, airflowMinor: null });
    assert.equal(on3.get('min_file_process_interval')?.deprecated, true);
    assert.equal(on3.get('deactivate_stale_dags_interval')?.deprecated, true);
    const on26 = keysAt(cfg, 1, { airflowVersion: 2, airflowMinor: 6 });
    assert.equal(on26.get('deactivate_stale_dags_interval')?.deprecated, true);
  });

  it('strikes through keys Airflow 3 removed only on Airflow 3', () => {
    const cfg = ['[core]', ''];
    assert.equal(keysAt(cfg, 1, { airflowVersion: 2, airflowMinor: 10 }).get('check_slas')?.deprecated, undefined);
    assert.equal(keysAt(cfg, 1, { airflowVersion: 3, airflowMinor: null }).get('check_slas')?.deprecated, true);
  });

  it('does not offer keys the section already sets', () => {
    const items = keysAt(['[core]', 'parallelism = 8', 'par', 'dags_folder = /d', '', '[scheduler]', 'num_runs = 1'], 2, {
      airflowVersion: 2,
      airflowMinor: 10,
    });
    assert.equal(items.has('parallelism'), false);
    assert.equal(items.has('dags_folder'), false);
    // A key set in another section is still offered here.
    assert.ok(items.has('default_task_retries'));
    const scheduler = keysAt(['[scheduler]', 'num_runs = 1', ''], 2, { airflowVersion: 2, airflowMinor: 10 });
    assert.equal(scheduler.has('num_runs'), false);
    assert.ok(scheduler.has('parsing_processes'));
  });
});
