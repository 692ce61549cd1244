// Configuration problems reach the editor user: a bad value in [tool.dag-guard] is shown once as a
// warning naming the file and the key, not once per analysed file.
import assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileUri, LspTestClient } from '../helpers/lspClient';
import { tempFolder } from '../helpers/tempFolder';

const DAG = 'from airflow import DAG\nfrom airflow.models import Variable\n\nenv = Variable.get("env")\n';

describe('configuration problems in the editor', () => {
  let root: string;
  let client: LspTestClient;
  before(async () => {
    root = tempFolder({ 'pyproject.toml': '[tool.dag-guard]\nseverity = { DG101 = "loud" }\n', 'dags/a.py': DAG, 'dags/b.py': DAG });
    client = await LspTestClient.start({
      rootPath: root,
      capabilities: {
        workspace: { configuration: true, didChangeWatchedFiles: { dynamicRegistration: true } },
        textDocument: { publishDiagnostics: { versionSupport: true } },
      },
    });
  });
  after(async () => {
    await client.stop();
    rmSync(root, { recursive: true, force: true });
  });

  it('shows a bad severity once, with the file and the key, for two files of the project', async () => {
    for (const name of ['a.py', 'b.py']) {
      const uri = fileUri(path.join(root, 'dags', name));
      client.open(uri, readFileSync(path.join(root, 'dags', name), 'utf8'), 'python');
      await client.diagnostics(uri, (published) => published.diagnostics.length > 0);
    }
    const shown = client.messages.filter((message) => message.message.includes('severity.DG101'));
    assert.deepEqual(shown, [
      {
        type: 2,
        message: `DAG Guard: ${path.join(root, 'pyproject.toml')}: "severity.DG101" must be one of error, warning, information, hint, off, not "loud"`,
      },
    ]);
  });
});
