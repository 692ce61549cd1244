// The parse-cost code lens over stdio: on line 0 of a DAG file, with the interval read from the
// workspace's docker-compose file (or Airflow's default for an untitled file), following edits,
// absent for helper modules and when the setting turns it off.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileUri, LspTestClient } from '../helpers/lspClient';

interface CodeLens {
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  command?: { title: string; command: string; tooltip?: string; arguments?: unknown[] };
}

const FACTORY = [
  'from airflow import DAG',
  'from airflow.models import Variable',
  '',
  'for team in ["a", "b", "c"]:',
  '    with DAG(f"load_{team}", schedule=Variable.get(f"{team}_schedule")) as dag:',
  '        pass',
  '',
].join('\n');

describe('parse-cost code lens over stdio', () => {
  let root: string;
  let client: LspTestClient;
  before(async () => {
    root = mkdtempSync(path.join(tmpdir(), 'dag-guard-lens-'));
    writeFileSync(
      path.join(root, 'docker-compose.yaml'),
      'services:\n  dag-processor:\n    environment:\n      - AIRFLOW__DAG_PROCESSOR__MIN_FILE_PROCESS_INTERVAL=60\n',
    );
    client = await LspTestClient.start({ rootPath: root });
  });
  after(async () => {
    await client.stop();
    rmSync(root, { recursive: true, force: true });
  });

  const lenses = (uri: string) => client.request<CodeLens[] | null>('textDocument/codeLens', { textDocument: { uri } });

  it('shows the cost with the interval from the workspace config', async () => {
    const uri = fileUri(path.join(root, 'factory.py'));
    client.open(uri, FACTORY);
    const [lens, ...rest] = (await lenses(uri)) ?? [];
    assert.deepEqual(rest, []);
    assert.deepEqual(lens.range, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } });
    assert.equal(
      lens.command?.title,
      'DAG Guard: each parse: 3 Variable reads, builds 3 DAGs; parsed every 60 s (docker-compose.yaml) = 4,320 metadata database reads a day',
    );
    assert.equal(lens.command?.command, 'dagGuard.showParseCost');
    assert.match(
      lens.command?.tooltip ?? '',
      /min_file_process_interval 60 s \(docker-compose\.yaml: AIRFLOW__DAG_PROCESSOR__MIN_FILE_PROCESS_INTERVAL\); dagbag_import_timeout 30 s \(Airflow default\)/,
    );
    // A click shows the summary with the settings it used.
    const shown = new Promise<{ message: string }>((resolve) =>
      client.connection.onRequest('window/showMessageRequest', (params: { message: string }) => {
        resolve(params);
        return null;
      }),
    );
    await client.request('workspace/executeCommand', { command: lens.command!.command, arguments: lens.command!.arguments });
    assert.match((await shown).message, /^DAG Guard: each parse: 3 Variable reads, .*\nAirflow settings: min_file_process_interval 60 s/);
    // The second argument is the whole text as markdown: VS Code opens it in an editor, not a cut-off toast.
    assert.equal(
      lens.command?.arguments?.[1],
      [
        '# Parse cost of factory.py',
        '',
        'Each parse: 3 Variable reads, builds 3 DAGs.',
        '',
        'Parsed every 60 s (docker-compose.yaml) = 4,320 metadata database reads a day.',
        '',
        '## Airflow settings used',
        '',
        '- min_file_process_interval 60 s (docker-compose.yaml: AIRFLOW__DAG_PROCESSOR__MIN_FILE_PROCESS_INTERVAL)',
        '- dagbag_import_timeout 30 s (Airflow default)',
        '- dag_file_processor_timeout 50 s (Airflow default)',
        '',
      ].join('\n'),
    );
  });

  it('shows the lens of a DG106 factory file, also when the DAGs come from a project factory', async () => {
    // Issue 15: "a DG106 factory file gets its code lens too". The loop runs nothing costly itself.
    mkdirSync(path.join(root, 'common'), { recursive: true });
    writeFileSync(path.join(root, 'common', '__init__.py'), '');
    writeFileSync(path.join(root, 'common', 'builder.py'), 'from airflow import DAG\n\ndef build(team):\n    return DAG(f"load_{team}")\n');
    const own = fileUri(path.join(root, 'own_factory.py'));
    client.open(own, 'from airflow import DAG\n\nfor team in ["a", "b", "c"]:\n    globals()[team] = DAG(f"load_{team}")\n');
    const imported = fileUri(path.join(root, 'imported_factory.py'));
    client.open(
      imported,
      '# An Airflow DAG factory.\nfrom common.builder import build\n\nfor team in ["a", "b", "c"]:\n    globals()[team] = build(team)\n',
    );
    for (const uri of [own, imported]) {
      const lensesNow = (await lenses(uri)) ?? [];
      assert.equal(
        lensesNow[0]?.command?.title,
        'DAG Guard: each parse: nothing costly (builds 3 DAGs); parsed every 60 s (docker-compose.yaml)',
        uri,
      );
      assert.deepEqual(
        (await client.diagnostics(uri, (p) => p.diagnostics.length > 0)).diagnostics.map((d) => d.code),
        ['DG106'],
      );
    }
  });

  it('follows edits (an untitled file takes the workspace config too)', async () => {
    const uri = 'untitled:factory.py';
    client.open(uri, FACTORY);
    assert.match((await lenses(uri))![0].command!.title, /3 Variable reads, builds 3 DAGs; parsed every 60 s/);
    client.change(uri, [{ range: { start: { line: 3, character: 26 }, end: { line: 3, character: 26 } }, text: ', "d"' }]);
    assert.match(
      (await lenses(uri))![0].command!.title,
      /4 Variable reads, builds 4 DAGs; parsed every 60 s \(docker-compose\.yaml\) = 5,760 metadata/,
    );
  });

  it('shows nothing for a module Airflow would not parse as a DAG file, or one with nothing to count', async () => {
    const uri = fileUri(path.join(root, 'helpers.py'));
    client.open(uri, 'import requests\nrequests.get("https://example.com")\n');
    assert.deepEqual((await lenses(uri)) ?? [], []);
    const typing = fileUri(path.join(root, 'typing_helpers.py'));
    client.open(typing, 'from airflow.models.dag import DAG\n\ndef owner_of(dag: DAG) -> str:\n    return dag.owner\n');
    assert.deepEqual((await lenses(typing)) ?? [], []);
  });
});

describe('parse-cost code lens without a workspace', () => {
  it('uses Airflow defaults and says so', async () => {
    const client = await LspTestClient.start();
    try {
      const uri = 'untitled:defaults.py';
      client.open(uri, FACTORY);
      const [lens] = (await client.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri } })) ?? [];
      assert.equal(
        lens.command?.title,
        'DAG Guard: each parse: 3 Variable reads, builds 3 DAGs; parsed every 30 s (Airflow default) = 8,640 metadata database reads a day',
      );
    } finally {
      await client.stop();
    }
  });
});

describe('parse-cost code lens turned off', () => {
  it('shows nothing when parseCostLens is false', async () => {
    const client = await LspTestClient.start({ settings: { parseCostLens: false } });
    try {
      const uri = 'untitled:off.py';
      client.open(uri, FACTORY);
      await client.diagnostics(uri);
      assert.deepEqual((await client.request<CodeLens[] | null>('textDocument/codeLens', { textDocument: { uri } })) ?? [], []);
    } finally {
      await client.stop();
    }
  });
});
