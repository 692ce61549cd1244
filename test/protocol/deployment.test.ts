// The language server reads `[operators] default_deferrable` from the workspace's airflow.cfg: DG402
// stays silent about sensors that defer by default, and speaks again when the file changes.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileUri, LspTestClient, type PublishDiagnostics } from '../helpers/lspClient';

const DAG = [
  'import pendulum',
  'from airflow import DAG',
  'from airflow.providers.amazon.aws.sensors.s3 import S3KeySensor',
  'from airflow.sensors.python import PythonSensor',
  '',
  'with DAG("waits", start_date=pendulum.datetime(2024, 1, 1, tz="UTC"), schedule="@daily"):',
  '    S3KeySensor(task_id="export", bucket_key="k", poke_interval=300)',
  '    PythonSensor(task_id="python", python_callable=bool, poke_interval=300)',
  '',
].join('\n');

const dg402Lines = (params: PublishDiagnostics) =>
  params.diagnostics.filter((found) => found.code === 'DG402').map((found) => found.range.start.line + 1);

describe('default_deferrable over stdio', () => {
  let root: string;
  let client: LspTestClient;
  before(async () => {
    root = mkdtempSync(path.join(tmpdir(), 'dag-guard-deferrable-'));
    writeFileSync(path.join(root, 'airflow.cfg'), '[operators]\ndefault_deferrable = True\n');
    client = await LspTestClient.start({ rootPath: root });
  });
  after(async () => {
    await client.stop();
    rmSync(root, { recursive: true, force: true });
  });

  it('reports only the sensor that cannot defer, then both once airflow.cfg stops deferring', async () => {
    const uri = fileUri(path.join(root, 'waits.py'));
    client.open(uri, DAG);
    const first = await client.diagnostics(uri, (params) => dg402Lines(params).length > 0);
    assert.deepEqual(dg402Lines(first), [8]);
    // Why the setting does not help: the finding's detail, in the hover over it.
    const sensor = first.diagnostics.find((found) => found.code === 'DG402')!;
    const hover = await client.request<{ contents: { value: string } } | null>('textDocument/hover', {
      textDocument: { uri },
      position: sensor.range.start,
    });
    assert.match(hover!.contents.value, /no deferrable form, so `\[operators\] default_deferrable = True` in airflow\.cfg does not apply/);

    writeFileSync(path.join(root, 'airflow.cfg'), '[operators]\ndefault_deferrable = False\n');
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', {
      changes: [{ uri: fileUri(path.join(root, 'airflow.cfg')), type: 2 }],
    });
    const after = await client.nextDiagnostics(uri, (params) => dg402Lines(params).length === 2);
    assert.deepEqual(dg402Lines(after), [7, 8]);
  });
});
