// The end of a session, as an editor ends it: after shutdown and exit the server leaves by itself
// (code 0), also in the middle of a workspace scan and of a document's analysis; exit without
// shutdown leaves with code 1, as the protocol says; an editor that dies (its end of stdin closes)
// takes the server with it. A server that lingers holds its pipes open, and whoever waits on them
// (an editor's restart, a test run) waits for ever: each case waits for the process itself.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileUri, LspTestClient } from '../helpers/lspClient';

/** The server's exit code (or signal) once it has ended; rejects, and kills it, if it still runs `ms` later. */
function exitOf(client: LspTestClient, ms = 5_000): Promise<number | string> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      client.process.kill('SIGKILL');
      reject(new Error(`the server (pid ${client.process.pid}) was still running ${ms} ms later; killed`));
    }, ms);
    void client.exit.then((code) => {
      clearTimeout(timer);
      resolve(code);
    });
  });
}

const DAG = (index: number) =>
  `from airflow import DAG\nfrom airflow.models import Variable\nfrom airflow.operators.bash import BashOperator\n\nwith DAG("d${index}"):\n    BashOperator(task_id="t", bash_command=Variable.get("cmd_${index}"))\n`;

describe('the end of a session', () => {
  let root: string;
  before(() => {
    root = mkdtempSync(path.join(os.tmpdir(), 'dag-guard-lifecycle-'));
    mkdirSync(path.join(root, 'dags'));
    for (let index = 0; index < 300; index++) writeFileSync(path.join(root, 'dags', `dag_${index}.py`), DAG(index));
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  it('exits with code 0 after shutdown and exit, during the workspace scan and an analysis', async () => {
    const client = await LspTestClient.start({ rootPath: root });
    const uri = fileUri(path.join(root, 'dags', 'open.py'));
    client.open(uri, DAG(1000));
    const published = await client.diagnostics(uri, (p) => p.diagnostics.some((d) => d.code === 'DG101'));
    assert.equal(published.diagnostics.find((d) => d.code === 'DG101')?.message, 'Variable.get("cmd_1000") runs at every parse.');
    // An edit whose analysis is pending (debounced) or under way when the editor quits.
    client.change(uri, [{ text: `${DAG(1001)}\n` }]);
    assert.equal(await client.request('shutdown', null), null);
    await client.connection.sendNotification('exit');
    assert.equal(await exitOf(client), 0);
    assert.doesNotMatch(client.logs.join('\n'), /uncaught|unhandled rejection/);
  });

  it('exits with code 1 on exit without shutdown', async () => {
    const client = await LspTestClient.start();
    await client.connection.sendNotification('exit');
    assert.equal(await exitOf(client), 1);
  });

  it('exits when the editor closes its end of stdin', async () => {
    const client = await LspTestClient.start({ rootPath: root });
    client.open('untitled:a.py', DAG(1));
    await client.diagnostics('untitled:a.py', (p) => p.diagnostics.length > 0);
    client.process.stdin.end();
    assert.equal(await exitOf(client), 1);
  });
});
