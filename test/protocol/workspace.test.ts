// The workspace as a whole: background analysis of the DAG files on disk with a progress report,
// settings pulled from the client and from pyproject.toml.
import assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { tempFolder } from '../helpers/tempFolder';
import { fileUri, LspTestClient } from '../helpers/lspClient';

const DAG = 'from airflow import DAG\nfrom airflow.models import Variable\n\nenv = Variable.get("env")\n';

/** Opens DAG (one DG101 finding), pushes `ignore: ["DG101"]`, and waits for the finding to go. */
async function openThenIgnoreDg101(client: LspTestClient, uri: string): Promise<void> {
  client.open(uri, DAG);
  await client.diagnostics(uri, (p) => p.diagnostics.length === 1);
  const cleared = client.nextDiagnostics(uri, (p) => p.diagnostics.length === 0);
  void client.connection.sendNotification('workspace/didChangeConfiguration', { settings: { dagGuard: { ignore: ['DG101'] } } });
  await cleared;
}

describe('workspace over stdio', () => {
  it('analyses the DAG files on disk in the background, skipping excluded folders', async () => {
    const root = tempFolder({ 'dags/report.py': DAG, 'dags/helper.py': 'import os\n', '.venv/lib/site.py': DAG });
    writeFileSync(path.join(root, 'dags', 'latin1.py'), Buffer.from('# airflow dag caf\xe9\n', 'latin1'));
    const client = await LspTestClient.start({ rootPath: root });
    try {
      const published = await client.diagnostics(fileUri(path.join(root, 'dags', 'report.py')), (p) => p.diagnostics.length === 1);
      assert.equal(published.diagnostics[0].code, 'DG101');
      await new Promise<void>((resolve) => {
        const poll = () => (client.logs.some((line) => line.includes('workspace scan:')) ? resolve() : setTimeout(poll, 20));
        poll();
      });
      assert.ok(
        client.logs.some((line) => /workspace scan: 3 Python files, 1 DAG files/.test(line)),
        client.logs.join('\n'),
      );
      assert.ok(
        client.logs.some((line) => /skipped .*latin1\.py: not UTF-8 text/.test(line)),
        client.logs.join('\n'),
      );
      assert.equal(client.latest.has(fileUri(path.join(root, '.venv', 'lib', 'site.py'))), false);
      assert.deepEqual(client.progress[0], {
        kind: 'begin',
        title: 'DAG Guard',
        message: 'Analysing 3 Python files',
        cancellable: false,
        percentage: 0,
      });
      assert.equal(client.progress[client.progress.length - 1].kind, 'end');
    } finally {
      await client.stop();
    }
  });

  it('re-analyses files that change on disk, and clears deleted ones', async () => {
    const root = tempFolder({ 'dags/report.py': DAG });
    const client = await LspTestClient.start({ rootPath: root });
    try {
      const file = path.join(root, 'dags', 'report.py');
      const uri = fileUri(file);
      await client.diagnostics(uri, (p) => p.diagnostics.length === 1);
      writeFileSync(file, `${DAG}for team in ["a", "b"]:\n    Variable.get(team)\n`);
      const changed = client.nextDiagnostics(uri, (p) => p.diagnostics.length === 2);
      void client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri, type: 2 }] });
      assert.match((await changed).diagnostics[1].message, /runs 2x per parse/);
      rmSync(file);
      const cleared = client.nextDiagnostics(uri, (p) => p.diagnostics.length === 0);
      void client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri, type: 3 }] });
      await cleared;
    } finally {
      await client.stop();
    }
  });

  it("applies the editor settings, and pyproject.toml's under configurationPreference filesystemFirst", async () => {
    // editorFirst (the default) is test/protocol/configuration-preference.test.ts's.
    const root = tempFolder({ 'a/dag.py': DAG, 'b/dag.py': DAG, 'b/pyproject.toml': '[tool.dag-guard]\nseverity = { DG101 = "error" }\n' });
    const client = await LspTestClient.start({
      rootPath: root,
      settings: { severity: { DG101: 'hint' }, maxWorkspaceFiles: 0, configurationPreference: 'filesystemFirst' },
    });
    try {
      const a = fileUri(path.join(root, 'a', 'dag.py'));
      const b = fileUri(path.join(root, 'b', 'dag.py'));
      client.open(a, DAG);
      client.open(b, DAG);
      assert.equal((await client.diagnostics(a, (p) => p.diagnostics.length === 1)).diagnostics[0].severity, 4);
      assert.equal((await client.diagnostics(b, (p) => p.diagnostics.length === 1)).diagnostics[0].severity, 1);
    } finally {
      await client.stop();
    }
  });

  it('re-analyses open documents when the settings change', async () => {
    const client = await LspTestClient.start();
    try {
      await openThenIgnoreDg101(client, 'untitled:settings.py');
    } finally {
      await client.stop();
    }
  });

  it('keeps settings pushed while its start-up pull was on its way', async () => {
    // The editor answers the pull that follows `initialized` after the user changed a setting.
    const client = await LspTestClient.start({ configurationDelayMs: 1_500 });
    try {
      const uri = 'untitled:late-pull.py';
      await openThenIgnoreDg101(client, uri);
      await client.waitUntil(() => client.configurationAnswers === 1);
      // Messages arrive in order: this edit's analysis runs under the settings left after the pull.
      const version = client.change(uri, [{ text: `${DAG}\n` }]);
      const after = await client.diagnostics(uri, (p) => p.version === version);
      assert.deepEqual(after.diagnostics, [], 'the pull answered late must not bring DG101 back');
    } finally {
      await client.stop();
    }
  });
});
