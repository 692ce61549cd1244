// The project's pinned Airflow release decides whether DG206's renames are safe: with
// `apache-airflow==2.9.3` in requirements.txt, fix-all (source.fixAll) renames schedule_interval;
// with `apache-airflow==2.3.4` it leaves `schedule` (Airflow 2.4) alone and renames concurrency.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import type { CodeAction, TextEdit } from 'vscode-languageserver';
import { applyEdits } from '../../server/src/core/syntax/positions';
import { fileUri, LspTestClient } from '../helpers/lspClient';

const DAG = 'from airflow import DAG\n\nwith DAG("d", schedule_interval="@daily", concurrency=4) as dag:\n    pass\n';

async function fixAllIn(requirement: string): Promise<string> {
  const root = mkdtempSync(path.join(tmpdir(), 'dag-guard-release-'));
  writeFileSync(path.join(root, 'requirements.txt'), `${requirement}\npandas==2.2.2\n`);
  const client = await LspTestClient.start({ rootPath: root });
  try {
    const uri = fileUri(path.join(root, 'dag.py'));
    client.open(uri, DAG);
    await client.diagnostics(uri, (params) => params.diagnostics.filter((d) => d.code === 'DG206').length === 2);
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      context: { diagnostics: [], only: ['source.fixAll'] },
    });
    assert.equal(actions.length, 1, `one fix-all action for ${requirement}`);
    const edits = (actions[0].edit?.documentChanges?.[0] as { edits: TextEdit[] } | undefined)?.edits;
    assert.ok(edits, 'the fix-all action carries the document edit');
    return applyEdits(DAG, edits);
  } finally {
    await client.stop();
    rmSync(root, { recursive: true, force: true });
  }
}

describe('the pinned Airflow release over stdio', () => {
  it('2.9.3: fix-all renames schedule_interval and concurrency', async () => {
    assert.equal(
      await fixAllIn('apache-airflow==2.9.3'),
      DAG.replace('schedule_interval=', 'schedule=').replace('concurrency=', 'max_active_tasks='),
    );
  });

  it('2.3.4: fix-all renames concurrency (2.2) but not schedule_interval (schedule came in 2.4)', async () => {
    assert.equal(await fixAllIn('apache-airflow==2.3.4'), DAG.replace('concurrency=', 'max_active_tasks='));
  });
});
