// The files the server reads on its own, when the repository is hostile: a pyproject.toml or a
// watched DAG file that is a symlink to /dev/zero, a pools file setting that points at a device
// or at /proc/self/environ. The server reads regular files only, keeps a workspace's path
// settings inside the workspace folder, never quotes a file in its log, and keeps answering.
import assert from 'node:assert/strict';
import { symlinkSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { tempFolder } from '../helpers/tempFolder';
import { fileUri, LspTestClient } from '../helpers/lspClient';

const DAG = 'from airflow import DAG\nfrom airflow.models import Variable\n\nenv = Variable.get("env")\n';

async function answers(client: LspTestClient, uri: string): Promise<void> {
  client.open(uri, DAG);
  const published = await client.diagnostics(uri, (p) => p.diagnostics.length === 1);
  assert.equal(published.diagnostics[0].code, 'DG101');
  const actions = await client.request<unknown[]>('textDocument/codeAction', {
    textDocument: { uri },
    range: published.diagnostics[0].range,
    context: { diagnostics: published.diagnostics },
  });
  assert.ok(actions.length > 0, 'the server still answers requests');
}

async function logged(client: LspTestClient, pattern: RegExp): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!client.logs.some((line) => pattern.test(line))) {
    if (Date.now() > deadline) assert.fail(`no log line matches ${pattern}:\n${client.logs.join('\n')}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('files the server reads on its own', () => {
  it('a pyproject.toml and a watched DAG file that are symlinks to /dev/zero are skipped, and the server answers', async () => {
    const root = tempFolder({ 'dags/report.py': DAG, 'requirements.txt': 'apache-airflow==2.9.3\n' });
    symlinkSync('/dev/zero', path.join(root, 'pyproject.toml'));
    symlinkSync('/dev/zero', path.join(root, 'dags', 'zero.py'));
    const client = await LspTestClient.start({ rootPath: root, settings: { maxWorkspaceFiles: 0 } });
    try {
      await answers(client, fileUri(path.join(root, 'dags', 'report.py')));
      await logged(client, /pyproject\.toml: cannot read pyproject\.toml: not a regular file/);
      void client.connection.sendNotification('workspace/didChangeWatchedFiles', {
        changes: [{ uri: fileUri(path.join(root, 'dags', 'zero.py')), type: 2 }],
      });
      await logged(client, /skipped .*zero\.py: not a regular file/);
      await answers(client, fileUri(path.join(root, 'dags', 'again.py')));
    } finally {
      await client.stop();
    }
  });

  it('a DAG file with a UTF-8 BOM, analysed from disk, gets the positions the editor shows (after the BOM)', async () => {
    const root = tempFolder({ 'dags/plain.py': DAG, 'dags/bom.py': Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(DAG)]) });
    const client = await LspTestClient.start({ rootPath: root });
    try {
      const plain = await client.diagnostics(fileUri(path.join(root, 'dags', 'plain.py')), (p) => p.diagnostics.length === 1);
      const bom = await client.diagnostics(fileUri(path.join(root, 'dags', 'bom.py')), (p) => p.diagnostics.length === 1);
      assert.deepEqual(bom.diagnostics[0].range, plain.diagnostics[0].range);
      assert.deepEqual(bom.diagnostics[0].range.start, { line: 3, character: 6 });
    } finally {
      await client.stop();
    }
  });

  it("a workspace's poolsFile stays inside the workspace folder, and the log quotes no file", async () => {
    const root = tempFolder({ 'dags/report.py': DAG });
    const client = await LspTestClient.start({ rootPath: root, settings: { maxWorkspaceFiles: 0, poolsFile: '/proc/self/environ' } });
    try {
      await answers(client, fileUri(path.join(root, 'dags', 'report.py')));
      await logged(
        client,
        /pools file \/proc\/self\/environ: outside the workspace folder .*: a path set in the workspace settings must stay inside it/,
      );
      assert.doesNotMatch(client.logs.join('\n'), /PATH=|HOME=/);
    } finally {
      await client.stop();
    }
  });

  it('a settings problem found first by the workspace scan is still logged', async () => {
    const root = tempFolder({ 'dags/report.py': DAG, 'pyproject.toml': '[tool.dag-guard]\npools-file = "../elsewhere.json"\n' });
    const client = await LspTestClient.start({ rootPath: root });
    try {
      await client.diagnostics(fileUri(path.join(root, 'dags', 'report.py')), (p) => p.diagnostics.length === 1);
      await answers(client, fileUri(path.join(root, 'dags', 'report.py')));
      await logged(client, /pools file .*elsewhere\.json: outside the project folder/);
    } finally {
      await client.stop();
    }
  });

  it("the user's own poolsFile may point outside, and is read as a regular file only: /dev/zero is refused", async () => {
    const root = tempFolder({ 'dags/report.py': DAG });
    const client = await LspTestClient.start({
      rootPath: root,
      settings: { maxWorkspaceFiles: 0, poolsFile: '/dev/zero', userPathSettings: ['poolsFile'] },
    });
    try {
      await answers(client, fileUri(path.join(root, 'dags', 'report.py')));
      await answers(client, 'untitled:scratch.py');
      await logged(client, /pools file \/dev\/zero: cannot be read: not a regular file/);
      assert.doesNotMatch(client.logs.join('\n'), /unknown setting/);
    } finally {
      await client.stop();
    }
  });
});
