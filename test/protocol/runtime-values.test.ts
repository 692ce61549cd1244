// DG301 to DG402 through the bundled server: diagnostics with their severities, and the quick
// fixes an editor offers (none preferred or in fix-all, since none is safe; DG301 writes today).
// The server's clock is set to a given day (LspTestClient's `clock`), so a run that crosses
// midnight still expects the date the server sees.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { LspTestClient } from '../helpers/lspClient';

const DAG = [
  'from datetime import datetime',
  'from airflow import DAG',
  'from airflow.operators.bash import BashOperator',
  'from airflow.sensors.filesystem import FileSensor',
  '',
  'with DAG("exports", start_date=datetime.now()):',
  '    BashOperator(task_id="t", bash_command=f"run.sh {datetime.now():%Y-%m-%d}")',
  '    FileSensor(task_id="f", filepath="/in", poke_interval=300)',
  '',
].join('\n');

interface CodeAction {
  title: string;
  kind?: string;
  isPreferred?: boolean;
  edit?: { documentChanges?: Array<{ edits: Array<{ newText: string }> }>; changes?: Record<string, Array<{ newText: string }>> };
}

/** The server's "now": noon, so that the day cannot change during the test. */
const NOW = new Date(2025, 2, 14, 12);

describe('DG3xx and DG4xx over stdio', () => {
  let client: LspTestClient;
  before(async () => {
    client = await LspTestClient.start({ clock: NOW });
  });
  after(async () => {
    await client.stop();
  });

  it('publishes DG301, DG303 and DG402 with their severities', async () => {
    const uri = 'untitled:exports.py';
    client.open(uri, DAG);
    const published = await client.diagnostics(uri, (p) => p.diagnostics.length === 3);
    assert.deepEqual(
      published.diagnostics.map((d) => [d.code, d.severity, d.range.start.line, d.range.start.character]),
      [
        ['DG301', 2, 5, 31],
        ['DG303', 2, 6, 43],
        ['DG402', 3, 7, 4],
      ],
    );
  });

  it('offers the fixed date of today, not preferred and not in fix-all', async () => {
    const uri = 'untitled:actions.py';
    client.open(uri, DAG);
    const published = await client.diagnostics(uri, (p) => p.diagnostics.length === 3);
    const actions = (await client.request('textDocument/codeAction', {
      textDocument: { uri },
      range: published.diagnostics[0].range,
      context: { diagnostics: [published.diagnostics[0]] },
    })) as CodeAction[];
    const expected = 'datetime(2025, 3, 14)';
    const fix = actions.find((action) => action.title === `Use a fixed date: ${expected}`);
    assert.ok(fix, `actions: ${actions.map((action) => action.title).join(' | ')}`);
    assert.equal(fix.isPreferred, false);
    const fixAll = (await client.request('textDocument/codeAction', {
      textDocument: { uri },
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      context: { diagnostics: [], only: ['source.fixAll.dagGuard'] },
    })) as CodeAction[];
    assert.deepEqual(fixAll, []);
  });

  it('offers both sensor fixes, reschedule first', async () => {
    const uri = 'untitled:sensor.py';
    client.open(uri, DAG);
    const published = await client.diagnostics(uri, (p) => p.diagnostics.length === 3);
    const sensor = published.diagnostics.find((d) => d.code === 'DG402')!;
    const actions = (await client.request('textDocument/codeAction', {
      textDocument: { uri },
      range: sensor.range,
      context: { diagnostics: [sensor] },
    })) as CodeAction[];
    assert.deepEqual(
      actions.filter((action) => /^Set (mode|deferrable)=/.test(action.title)).map((action) => [action.title, action.isPreferred ?? false]),
      [
        ['Set mode="reschedule" (free the worker slot between pokes)', false],
        ['Set deferrable=True (wait in the triggerer)', false],
      ],
    );
  });

  it('turns time.sleep in a trigger into await asyncio.sleep, importing asyncio', async () => {
    const uri = 'untitled:trigger.py';
    const text = [
      'import time',
      '',
      'from airflow.triggers.base import BaseTrigger',
      '',
      '',
      'class Wait(BaseTrigger):',
      '    async def run(self):',
      '        time.sleep(5)',
      '',
    ].join('\n');
    client.open(uri, text);
    const published = await client.diagnostics(uri, (p) => p.diagnostics.length === 1);
    const [diagnostic] = published.diagnostics;
    assert.deepEqual([diagnostic.code, diagnostic.severity, diagnostic.range.start.line], ['DG401', 1, 7]);
    const actions = (await client.request('textDocument/codeAction', {
      textDocument: { uri },
      range: diagnostic.range,
      context: { diagnostics: [diagnostic] },
    })) as CodeAction[];
    const fix = actions.find((action) => action.title === 'Use await asyncio.sleep(...)');
    assert.ok(fix?.edit, `actions: ${actions.map((action) => action.title).join(' | ')}`);
    const edits = fix.edit.documentChanges?.[0].edits ?? Object.values(fix.edit.changes ?? {})[0];
    assert.deepEqual(edits.map((edit) => edit.newText).sort(), ['await asyncio.sleep(5)', 'import asyncio\n']);
  });
});
