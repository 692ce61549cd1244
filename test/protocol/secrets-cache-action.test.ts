// The secrets-cache remedy of DG101/DG102 as an editor action: on a Variable the parse needs, in a
// project on Airflow 2.7+ whose airflow.cfg leaves the cache off, a quick fix edits that airflow.cfg
// (a WorkspaceEdit on the file's URI, unversioned while it is closed, versioned when it is open)
// to `[secrets] use_cache = True`; applied to the file's text, it gives the file with the section
// added. No action where a variable in .env decides the cache, nor once the cache is on.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { applyEdits, type TextEdit } from '../../server/src/core/syntax/positions';
import { fileUri, LspTestClient } from '../helpers/lspClient';

const DAG = [
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

const CFG = '[core]\r\nparallelism = 8\r\n';

interface Action {
  title: string;
  edit?: { documentChanges: Array<{ textDocument: { uri: string; version: number | null }; edits: TextEdit[] }> };
}

const TITLE = 'Turn on the secrets cache: `[secrets] use_cache = True` in airflow.cfg';

describe('the secrets-cache action over stdio', () => {
  let root: string;
  let client: LspTestClient;
  before(async () => {
    root = mkdtempSync(path.join(tmpdir(), 'dag-guard-cache-action-'));
    writeFileSync(path.join(root, 'airflow.cfg'), CFG);
    writeFileSync(path.join(root, 'requirements.txt'), 'apache-airflow==2.9.3\n');
    client = await LspTestClient.start({ rootPath: root });
  });
  after(async () => {
    await client.stop();
    rmSync(root, { recursive: true, force: true });
  });

  async function actionsAt(uri: string): Promise<Action[]> {
    const published = await client.diagnostics(uri, (params) => params.diagnostics.some((found) => found.code === 'DG101'));
    const diagnostic = published.diagnostics.find((found) => found.code === 'DG101')!;
    return client.request<Action[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: diagnostic.range,
      context: { diagnostics: [diagnostic] },
    });
  }

  it("edits the project's airflow.cfg, closed or open, in the file's style", async () => {
    const uri = fileUri(path.join(root, 'tables.py'));
    const cfgUri = fileUri(path.join(root, 'airflow.cfg'));
    client.open(uri, DAG);
    const action = (await actionsAt(uri)).find((candidate) => candidate.title === TITLE);
    assert.ok(action?.edit, 'the action, with an edit');
    const [change] = action.edit.documentChanges;
    assert.deepEqual(change.textDocument, { uri: cfgUri, version: null });
    assert.equal(applyEdits(CFG, change.edits), '[core]\r\nparallelism = 8\r\n\r\n[secrets]\r\nuse_cache = True\r\n');

    // Open, with unsaved text: the edit is written into that text, for that version.
    const edited = '[secrets]\nbackend =\n';
    client.open(cfgUri, edited, 'ini');
    const openAction = (await actionsAt(uri)).find((candidate) => candidate.title === TITLE);
    const [openChange] = openAction!.edit!.documentChanges;
    assert.deepEqual(openChange.textDocument, { uri: cfgUri, version: 1 });
    assert.equal(applyEdits(edited, openChange.edits), '[secrets]\nbackend =\nuse_cache = True\n');
  });

  it('offers nothing when an AIRFLOW__ variable decides the cache', async () => {
    const other = mkdtempSync(path.join(tmpdir(), 'dag-guard-cache-env-'));
    try {
      writeFileSync(path.join(other, 'airflow.cfg'), CFG);
      writeFileSync(path.join(other, 'requirements.txt'), 'apache-airflow==2.9.3\n');
      writeFileSync(path.join(other, '.env'), 'AIRFLOW__SECRETS__USE_CACHE=False\n');
      const envClient = await LspTestClient.start({ rootPath: other });
      try {
        const uri = fileUri(path.join(other, 'tables.py'));
        envClient.open(uri, DAG);
        const published = await envClient.diagnostics(uri, (params) => params.diagnostics.some((found) => found.code === 'DG101'));
        const diagnostic = published.diagnostics.find((found) => found.code === 'DG101')!;
        const actions = await envClient.request<Action[]>('textDocument/codeAction', {
          textDocument: { uri },
          range: diagnostic.range,
          context: { diagnostics: [diagnostic] },
        });
        assert.deepEqual(
          actions.filter((candidate) => candidate.title.startsWith('Turn on the secrets cache')),
          [],
        );
      } finally {
        await envClient.stop();
      }
    } finally {
      rmSync(other, { recursive: true, force: true });
    }
  });
});
