// The project-wide analysis in the editor: a DAG file's diagnostics follow the helper modules it
// imports, as they are edited (an open document's text wins over the disk) or change on disk, and
// an open helper says which DAG files run its hazards at every parse.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { tempFolder } from '../helpers/tempFolder';
import { fileUri, LspTestClient, type PublishDiagnostics } from '../helpers/lspClient';

const DAG = 'from airflow import DAG\nfrom helpers import read_vars\n\nVARS = read_vars()\n\nwith DAG("export") as dag:\n    pass\n';
const QUIET_HELPER = 'from airflow.models import Variable\n\n\ndef read_vars():\n    return {}\n';
const READS = '    return {"a": Variable.get("a")}';

const dg101At = (line: number) => (p: PublishDiagnostics) => p.diagnostics.some((d) => d.code === 'DG101' && d.range.start.line === line);

describe('project modules over stdio', () => {
  it("re-publishes an open DAG file's diagnostics when a helper it imports is edited", async () => {
    const root = tempFolder({ 'dag.py': DAG, 'helpers.py': QUIET_HELPER });
    const client = await LspTestClient.start({ rootPath: root, settings: { maxWorkspaceFiles: 0 } });
    try {
      const dag = fileUri(path.join(root, 'dag.py'));
      const helper = fileUri(path.join(root, 'helpers.py'));
      client.open(dag, DAG);
      assert.deepEqual((await client.diagnostics(dag)).diagnostics, []);
      client.open(helper, QUIET_HELPER);
      await client.diagnostics(helper);
      // Unsaved: the disk still has the quiet helper.
      const reached = client.nextDiagnostics(dag, dg101At(3));
      client.change(helper, [{ range: { start: { line: 4, character: 0 }, end: { line: 4, character: 13 } }, text: READS }]);
      const published = await reached;
      assert.match(published.diagnostics.find((d) => d.code === 'DG101')!.message, /read_vars\(\)/);
      // The helper's end names the DAG file.
      const helperEnd = await client.diagnostics(helper, dg101At(4));
      assert.match(helperEnd.diagnostics.find((d) => d.code === 'DG101')!.message, /runs at every parse of dag\.py$/);
      // Undone: the DAG file is quiet again.
      const quiet = client.nextDiagnostics(dag, (p) => p.diagnostics.length === 0);
      client.change(helper, [
        { range: { start: { line: 4, character: 0 }, end: { line: 4, character: READS.length } }, text: '    return {}' },
      ]);
      await quiet;
    } finally {
      await client.stop();
    }
  });

  it('tells an open helper which DAG files on disk run it, from the workspace scan', async () => {
    const root = tempFolder({
      'dag.py': DAG,
      'other_dag.py': DAG.replace('"export"', '"other"'),
      'helpers.py': QUIET_HELPER.replace('    return {}', READS),
    });
    const client = await LspTestClient.start({ rootPath: root });
    try {
      const helper = fileUri(path.join(root, 'helpers.py'));
      client.open(helper, QUIET_HELPER.replace('    return {}', READS));
      const published = await client.diagnostics(helper, (p) =>
        p.diagnostics.some((d) => /runs at every parse of dag\.py and other_dag\.py$/.test(d.message)),
      );
      assert.deepEqual(
        published.diagnostics.map((d) => [d.code, d.range.start.line, d.message]),
        [['DG101', 4, '`Variable.get("a")` runs at every parse of dag.py and other_dag.py']],
      );
    } finally {
      await client.stop();
    }
  });

  it('re-publishes an open DAG file when a helper changes on disk', async () => {
    const root = tempFolder({ 'dag.py': DAG, 'helpers.py': QUIET_HELPER });
    const client = await LspTestClient.start({ rootPath: root, settings: { maxWorkspaceFiles: 0 } });
    try {
      const dag = fileUri(path.join(root, 'dag.py'));
      client.open(dag, DAG);
      assert.deepEqual((await client.diagnostics(dag)).diagnostics, []);
      writeFileSync(path.join(root, 'helpers.py'), QUIET_HELPER.replace('    return {}', READS));
      const reached = client.nextDiagnostics(dag, dg101At(3));
      void client.connection.sendNotification('workspace/didChangeWatchedFiles', {
        changes: [{ uri: fileUri(path.join(root, 'helpers.py')), type: 2 }],
      });
      await reached;
    } finally {
      await client.stop();
    }
  });
});
