// Discovering a large workspace never keeps the server from answering: the folder walks run in
// slices that yield to requests, once per trigger, and files beyond `dagGuard.maxWorkspaceFiles`
// are reported rather than dropped without a word.
import assert from 'node:assert/strict';
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { tempFolder } from '../helpers/tempFolder';
import { fileUri, LspTestClient } from '../helpers/lspClient';

const DAG = 'from airflow import DAG\nfrom airflow.models import Variable\n\nenv = Variable.get("env")\n';
/** Enough folders that one synchronous walk of them takes seconds on a shared machine. */
const FOLDERS = 40_000;

describe('workspace discovery over stdio', () => {
  it('answers hovers while it walks a workspace of many folders', async (t) => {
    const root = tempFolder({ 'dags/report.py': DAG });
    for (let i = 0; i < FOLDERS; i++) mkdirSync(path.join(root, 'vendor', `p${i}`), { recursive: true });
    const client = await LspTestClient.start({ rootPath: root });
    try {
      const uri = fileUri(path.join(root, 'dags', 'report.py'));
      client.open(uri, DAG);
      const latencies: number[] = [];
      let walked = false;
      void client.waitForLog(/workspace scan: /, 60_000).then(() => (walked = true));
      while (!walked) {
        const sent = performance.now();
        await client.request('textDocument/hover', { textDocument: { uri }, position: { line: 3, character: 16 } });
        latencies.push(performance.now() - sent);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      t.diagnostic(`${latencies.length} hovers during the walk, slowest ${Math.max(...latencies).toFixed(0)} ms`);
      // Generous: between two folder reads the server answers at once; a walk at once takes seconds.
      assert.ok(Math.max(...latencies) < 750, `hover latencies (ms) during the walk: ${latencies.map((ms) => ms.toFixed(0)).join(', ')}`);
      assert.equal((await client.diagnostics(uri, (p) => p.diagnostics.length > 0)).diagnostics[0].code, 'DG101');
    } finally {
      await client.stop();
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('says when files beyond maxWorkspaceFiles are left out, naming the setting', async () => {
    const files = Object.fromEntries(['a', 'b', 'c', 'd', 'e'].map((name) => [`dags/${name}.py`, DAG]));
    const root = tempFolder(files);
    const client = await LspTestClient.start({ rootPath: root, settings: { maxWorkspaceFiles: 3 } });
    try {
      const line = await client.waitForLog(/maxWorkspaceFiles/);
      assert.match(line, /analysed the first 3 files .*dagGuard\.maxWorkspaceFiles/);
      await client.waitForLog(/workspace scan: 3 Python files/);
      assert.equal(client.shown.filter((message) => /maxWorkspaceFiles/.test(message)).length, 1);
      // One walk although the start-up triggers two (initialize, then the settings pulled from the client).
      assert.equal(client.logs.filter((message) => /workspace scan: \d+ Python files/.test(message)).length, 1, client.logs.join('\n'));
      assert.equal(client.progress.filter((report) => report.kind === 'begin').length, 1);
    } finally {
      await client.stop();
    }
  });
});
