// The DAG folder in the editor: in a project whose airflow.cfg names it, an open file that
// .airflowignore hides, or a script outside the folder, gets no parse-time diagnostics (the DAG
// files still do), in open documents and in the workspace scan; editing .airflowignore changes that.
// An operator class in dags/operators/ is found, and read again when it changes on disk.
import assert from 'node:assert/strict';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fixturePath } from '../helpers/engine';
import { fileUri, hoverAt, LspTestClient } from '../helpers/lspClient';
import { tempFolder } from '../helpers/tempFolder';

/** The fixture project test/fixtures/layout, copied to a temporary folder. */
function layoutProject(): string {
  const names = [
    'pyproject.toml',
    'airflow.cfg',
    'dags/.airflowignore',
    'dags/export_dag.py',
    'dags/scratch_export.py',
    'dags/pod_dag.py',
    'dags/operators/__init__.py',
    'dags/operators/company_pod.py',
    'scripts/ci.py',
  ];
  return tempFolder(
    Object.fromEntries(names.map((name) => [name, readFileSync(fixturePath('layout', ...name.split('/')))])),
    'dag-guard-layout-lsp-',
  );
}

describe('the DAG folder over stdio', () => {
  let root: string;
  let client: LspTestClient;
  before(async () => {
    root = layoutProject();
    client = await LspTestClient.start({ rootPath: root, settings: { maxWorkspaceFiles: 0 } });
  });
  after(async () => {
    await client.stop();
    rmSync(root, { recursive: true, force: true });
  });

  const open = (name: string) => {
    const file = path.join(root, ...name.split('/'));
    const uri = fileUri(file);
    client.open(uri, readFileSync(file, 'utf8'));
    return uri;
  };

  it('publishes no parse-time diagnostics for an ignored file or a script outside the DAG folder', async () => {
    const ignored = open('dags/scratch_export.py');
    const script = open('scripts/ci.py');
    const dag = open('dags/export_dag.py');
    assert.deepEqual(
      (await client.diagnostics(dag, (p) => p.diagnostics.length > 0)).diagnostics.map((d) => d.code),
      ['DG101'],
    );
    assert.deepEqual((await client.diagnostics(ignored)).diagnostics, []);
    assert.deepEqual((await client.diagnostics(script)).diagnostics, []);
    assert.ok(
      client.logs.some((line) =>
        line.includes(`DAG folder of ${root}: dags (airflow.cfg: [core] dags_folder); .airflowignore syntax regexp`),
      ),
      client.logs.join('\n'),
    );
  });

  it('analyses the file again when .airflowignore no longer hides it', async () => {
    const ignored = fileUri(path.join(root, 'dags', 'scratch_export.py'));
    const ignoreFile = path.join(root, 'dags', '.airflowignore');
    writeFileSync(ignoreFile, '# nothing ignored any more\n');
    const republished = client.nextDiagnostics(ignored, (p) => p.diagnostics.length > 0);
    void client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: fileUri(ignoreFile), type: 2 }] });
    assert.deepEqual(
      (await republished).diagnostics.map((d) => d.code),
      ['DG101'],
    );
  });

  it('reads an operator class in dags/operators/ again when it changes on disk', async () => {
    const dag = open('dags/pod_dag.py');
    // CompanyPodOperator extends KubernetesPodOperator: `image` is templated, the Jinja fix applies.
    const first = await client.diagnostics(dag, (p) => p.diagnostics.length === 1);
    assert.deepEqual(first.diagnostics[0].data, { fixable: true });
    assert.doesNotMatch(await hoverAt(client, dag, first.diagnostics[0]), /No fix/);
    // The class now builds `image` in __init__ from its arguments: the fix no longer applies.
    const operatorFile = path.join(root, 'dags', 'operators', 'company_pod.py');
    writeFileSync(
      operatorFile,
      `${readFileSync(operatorFile, 'utf8')}\n    def __init__(self, image, **kwargs):\n        super().__init__(image="registry.local/" + image, **kwargs)\n`,
    );
    const changed = client.nextDiagnostics(
      dag,
      (p) => p.diagnostics.length === 1 && (p.diagnostics[0].data as { fixable?: boolean } | undefined)?.fixable === false,
    );
    void client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: fileUri(operatorFile), type: 2 }] });
    assert.match(await hoverAt(client, dag, (await changed).diagnostics[0]), /No fix: .*CompanyPodOperator/);
  });
});

describe('the workspace scan with a known DAG folder', () => {
  it('publishes nothing for the ignored file and the script', async () => {
    const root = layoutProject();
    const client = await LspTestClient.start({ rootPath: root });
    try {
      await client.diagnostics(fileUri(path.join(root, 'dags', 'export_dag.py')), (p) => p.diagnostics.length === 1);
      await new Promise<void>((resolve) => {
        const poll = () => (client.logs.some((line) => line.includes('workspace scan:')) ? resolve() : setTimeout(poll, 20));
        poll();
      });
      assert.ok(
        client.logs.some((line) => /workspace scan: 7 Python files, 2 DAG files/.test(line)),
        client.logs.join('\n'),
      );
      assert.equal(client.latest.has(fileUri(path.join(root, 'dags', 'scratch_export.py'))), false);
      assert.equal(client.latest.has(fileUri(path.join(root, 'scripts', 'ci.py'))), false);
    } finally {
      await client.stop();
    }
  });
});
