// The project's config files combined as Airflow combines them, over stdio: compose loads
// deploy/airflow.env (not the root .env); DG503 fires in airflow.cfg against the import timeout
// of that env file; the code lens names the file each value came from; the hover on a key says
// which value is in effect; the output channel says which Airflow version pin won.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileUri, LspTestClient } from '../helpers/lspClient';

const DAG = 'from airflow import DAG\nfrom airflow.models import Variable\n\nwith DAG("d", schedule=Variable.get("s")):\n    pass\n';

describe('config values combined across files over stdio', () => {
  let root: string;
  let client: LspTestClient;
  before(async () => {
    root = mkdtempSync(path.join(tmpdir(), 'dag-guard-sources-'));
    mkdirSync(path.join(root, 'deploy'));
    writeFileSync(path.join(root, '.env'), 'AIRFLOW__CORE__DAGBAG_IMPORT_TIMEOUT=10\n');
    writeFileSync(
      path.join(root, 'deploy', 'docker-compose.yaml'),
      'services:\n  scheduler:\n    image: apache/airflow:2.9.3\n    env_file:\n      - ./airflow.env\n',
    );
    writeFileSync(path.join(root, 'deploy', 'airflow.env'), 'AIRFLOW__CORE__DAGBAG_IMPORT_TIMEOUT=60\n');
    writeFileSync(path.join(root, 'requirements.txt'), 'apache-airflow==2.10.2\n');
    writeFileSync(path.join(root, 'airflow.cfg'), '[core]\ndag_file_processor_timeout = 50\n');
    client = await LspTestClient.start({ rootPath: root });
  });
  after(async () => {
    await client.stop();
    rmSync(root, { recursive: true, force: true });
  });

  it('DG503 in airflow.cfg names the env file compose loads', async () => {
    const uri = fileUri(path.join(root, 'airflow.cfg'));
    client.open(uri, '[core]\ndag_file_processor_timeout = 50\n', 'plaintext');
    const published = await client.diagnostics(uri, (p) => p.diagnostics.some((d) => d.code === 'DG503'));
    const [finding] = published.diagnostics.filter((d) => d.code === 'DG503');
    assert.deepEqual(finding.range, { start: { line: 1, character: 0 }, end: { line: 1, character: 26 } });
    assert.equal(
      finding.message,
      '[core] dag_file_processor_timeout (50) is not larger than the import timeout (60, from deploy/airflow.env).',
    );
    const hover = await client.request<{ contents: { value: string } } | null>('textDocument/hover', {
      textDocument: { uri },
      position: finding.range.start,
    });
    assert.match(
      hover!.contents.value,
      /^\*\*DG503\*\*: The import timeout is AIRFLOW__CORE__DAGBAG_IMPORT_TIMEOUT \(60, from deploy\/airflow\.env\)\. /,
    );
  });

  it('the hover on a key shows the value in effect and its file', async () => {
    const uri = fileUri(path.join(root, 'airflow.cfg'));
    const hover = await client.request<{ contents: { value: string } } | null>('textDocument/hover', {
      textDocument: { uri },
      position: { line: 1, character: 4 },
    });
    assert.match(hover!.contents.value, /In effect: `50`, from this line\./);
    const env = fileUri(path.join(root, '.env'));
    client.open(env, 'AIRFLOW__CORE__DAGBAG_IMPORT_TIMEOUT=10\n', 'plaintext');
    const other = await client.request<{ contents: { value: string } } | null>('textDocument/hover', {
      textDocument: { uri: env },
      position: { line: 0, character: 10 },
    });
    assert.match(
      other!.contents.value,
      /In effect: `60`, from `AIRFLOW__CORE__DAGBAG_IMPORT_TIMEOUT` in deploy\/airflow\.env \(this line has no effect\)\. This file is not one the project loads/,
    );
  });

  it('an AIRFLOW__ name in a DAG file shows the value in effect too', async () => {
    const uri = fileUri(path.join(root, 'env_dag.py'));
    client.open(uri, 'import os\n\ntimeout = os.environ.get("AIRFLOW__CORE__DAGBAG_IMPORT_TIMEOUT")\n');
    const hover = await client.request<{ contents: { value: string } } | null>('textDocument/hover', {
      textDocument: { uri },
      position: { line: 2, character: 30 },
    });
    assert.match(hover!.contents.value, /^\*\*\[core\] dagbag_import_timeout\*\*/);
    assert.match(hover!.contents.value, /In effect: `60`, from `AIRFLOW__CORE__DAGBAG_IMPORT_TIMEOUT` in deploy\/airflow\.env\.$/);
  });

  it('the code lens names the file each value came from', async () => {
    const uri = fileUri(path.join(root, 'dag.py'));
    client.open(uri, DAG);
    const [lens] =
      (await client.request<Array<{ command?: { tooltip?: string } }>>('textDocument/codeLens', { textDocument: { uri } })) ?? [];
    assert.match(
      lens.command?.tooltip ?? '',
      /dagbag_import_timeout 60 s \(deploy\/airflow\.env: AIRFLOW__CORE__DAGBAG_IMPORT_TIMEOUT\); dag_file_processor_timeout 50 s \(airflow\.cfg: \[core\] dag_file_processor_timeout\)/,
    );
  });

  it('the output channel says which Airflow version pin won', async () => {
    const line = await client.waitForLog(/Airflow 2\.9, from deploy\/docker-compose\.yaml/);
    assert.match(line, /the lowest of 2 pins wins \(also 2\.10 in requirements\.txt\)/);
  });
});
