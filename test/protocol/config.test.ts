// Config documents over stdio: airflow.cfg, .env, compose, Dockerfile, Helm values, Kubernetes
// manifests and shell scripts get DG501-DG504 diagnostics, hovers at exact positions (UTF-16
// columns, CRLF), completion of sections and keys, and the rename quick fix.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileUri, LspTestClient } from '../helpers/lspClient';

interface Hover {
  contents: { kind: string; value: string };
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
}

const range = (line: number, start: number, end: number) => ({ start: { line, character: start }, end: { line, character: end } });

describe('config documents over stdio', () => {
  let client: LspTestClient;
  before(async () => {
    client = await LspTestClient.start();
  });
  after(async () => {
    await client.stop();
  });

  const hover = (uri: string, line: number, character: number) =>
    client.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position: { line, character } });

  it('airflow.cfg (CRLF): diagnostics with exact ranges', async () => {
    const uri = 'untitled:deploy/airflow.cfg';
    client.open(
      uri,
      [
        '[core]',
        'paralellism = 64',
        'dag_concurrency = 8',
        'load_examples = yes',
        'dagbag_import_timeout = 120',
        'dag_file_processor_timeout = 60',
        '',
      ].join('\r\n'),
      'plaintext',
    );
    const published = await client.diagnostics(uri, (p) => p.diagnostics.length === 4);
    assert.deepEqual(
      published.diagnostics.map((d) => [d.code, d.severity, d.range]),
      [
        ['DG502', 2, range(1, 0, 11)],
        ['DG501', 2, range(2, 0, 15)],
        ['DG504', 1, range(3, 16, 19)],
        ['DG503', 2, range(5, 0, 26)],
      ],
    );
    assert.equal(published.diagnostics[0].message, '[core] paralellism is not an Airflow setting; did you mean [core] parallelism?');
    assert.match(published.diagnostics[3].codeDescription!.href, /docs\/rules\/DG503\.md$/);
  });

  it('airflow.cfg: hover on a section, a key, a renamed key, an unknown key; nothing on a value', async () => {
    const uri = 'untitled:hover/airflow.cfg';
    client.open(
      uri,
      ['[core]', 'parallelism = 64', 'dag_concurrency = 8', 'my_key = 1', '', '[scheduler]', 'catchup_by_default = False'].join('\n'),
      'airflow-cfg',
    );
    const section = await hover(uri, 0, 3);
    assert.deepEqual(section!.range, range(0, 1, 5));
    assert.match(section!.contents.value, /^\*\*\[core\]\*\* \(Airflow configuration section\)/);
    const key = await hover(uri, 1, 4);
    assert.equal(key!.contents.kind, 'markdown');
    assert.deepEqual(key!.range, range(1, 0, 11));
    assert.match(key!.contents.value, /^\*\*\[core\] parallelism\*\* · integer · default `32`/);
    assert.match(key!.contents.value, /Environment variable: `AIRFLOW__CORE__PARALLELISM`/);
    assert.match(key!.contents.value, /configurations-ref\.html#parallelism/);
    const renamed = await hover(uri, 2, 0);
    assert.match(renamed!.contents.value, /Renamed to `\[core\] max_active_tasks_per_dag` in Airflow 2\.2/);
    const version3 = await hover(uri, 6, 10);
    assert.match(version3!.contents.value, /default `True` \(Airflow 3: `False`\)/);
    assert.equal(await hover(uri, 1, 15), null);
    assert.match(
      (await hover(uri, 3, 2))!.contents.value,
      /not a key of `\[core\]` that DAG Guard knows\.\n\nAirflow ignores keys it does not know/,
    );
  });

  it('.env, compose, Dockerfile (non-ASCII before the name), shell, Kubernetes, Helm: hover on AIRFLOW__ names and config keys', async () => {
    const env = 'untitled:.env';
    client.open(env, 'AIRFLOW__SCHEDULER__MIN_FILE_PROCESS_INTERVAL=60\nAIRFLOW__CORE__FERNET_KEY_CMD=cat /run/fernet\n', 'properties');
    const interval = await hover(env, 0, 20);
    assert.deepEqual(interval!.range, range(0, 0, 45));
    assert.match(interval!.contents.value, /^\*\*\[scheduler\] min_file_process_interval\*\* · integer · default `30`/);
    assert.match(
      interval!.contents.value,
      /Moved to `\[dag_processor\] min_file_process_interval` in Airflow 3\.0 \(Airflow 2 reads it here\)/,
    );
    const fernet = await hover(env, 1, 3);
    assert.match(fernet!.contents.value, /^\*\*\[core\] fernet_key\*\* \(the `_cmd` variant: a command whose output is the value\)/);
    const deferrableEnv = 'untitled:deferrable.env';
    client.open(deferrableEnv, 'AIRFLOW__OPERATORS__DEFAULT_DEFERRABLE=true\n', 'properties');
    const deferrable = await hover(deferrableEnv, 0, 25);
    assert.match(deferrable!.contents.value, /^\*\*\[operators\] default_deferrable\*\* · boolean · default `false`/);
    assert.match(deferrable!.contents.value, /instead of holding a worker slot \(DG402 stays silent about them\)/);

    const compose = 'untitled:docker-compose.yaml';
    client.open(
      compose,
      'services:\n  scheduler:\n    environment:\n      AIRFLOW__CORE__PARALELLISM: 64\n      AIRFLOW__CORE__DAGBAG_IMPORT_TIMEOUT: "120"\n',
      'dockercompose',
    );
    const composeDiagnostics = await client.diagnostics(compose, (p) => p.diagnostics.length === 1);
    assert.deepEqual(composeDiagnostics.diagnostics[0].range, range(3, 6, 32));
    assert.match((await hover(compose, 4, 30))!.contents.value, /^\*\*\[core\] dagbag_import_timeout\*\* · float · default `30\.0`/);

    const dockerfile = 'untitled:Dockerfile';
    client.open(dockerfile, 'FROM apache/airflow:2.10.4\nENV TEAM=🚀 AIRFLOW__CORE__PARALELLISM=3\n', 'dockerfile');
    const dockerDiagnostics = await client.diagnostics(dockerfile, (p) => p.diagnostics.length === 1);
    assert.deepEqual(dockerDiagnostics.diagnostics[0].range, range(1, 12, 38));
    const typo = await hover(dockerfile, 1, 12);
    assert.deepEqual(typo!.range, range(1, 12, 38));
    assert.equal(
      typo!.contents.value,
      '**[core] paralellism**: not a key of `[core]` that DAG Guard knows.\n\nDid you mean `parallelism`?',
    );
    assert.equal(await hover(dockerfile, 1, 11), null);

    const shell = 'untitled:start.sh';
    client.open(shell, '#!/bin/sh\nexport AIRFLOW__CORE__LOAD_EXAMPLES=on\n', 'shellscript');
    const shellDiagnostics = await client.diagnostics(shell, (p) => p.diagnostics.length === 1);
    assert.deepEqual([shellDiagnostics.diagnostics[0].code, shellDiagnostics.diagnostics[0].range], ['DG504', range(1, 36, 38)]);

    const manifest = 'untitled:scheduler-deployment.yaml';
    client.open(
      manifest,
      'apiVersion: apps/v1\nkind: Deployment\nspec:\n  env:\n    - name: AIRFLOW__CORE__PARALLELISM\n      value: "lots"\n',
      'yaml',
    );
    const manifestDiagnostics = await client.diagnostics(manifest, (p) => p.diagnostics.length === 1);
    assert.deepEqual([manifestDiagnostics.diagnostics[0].code, manifestDiagnostics.diagnostics[0].range], ['DG504', range(5, 14, 18)]);
    assert.match((await hover(manifest, 4, 20))!.contents.value, /^\*\*\[core\] parallelism\*\*/);

    const values = 'untitled:values.yaml';
    client.open(values, 'config:\n  celery:\n    worker_concurrency: 8\n', 'yaml');
    const helm = await hover(values, 2, 6);
    assert.deepEqual(helm!.range, range(2, 4, 22));
    assert.match(helm!.contents.value, /^\*\*\[celery\] worker_concurrency\*\* · integer · default `16`/);
  });

  it('airflow.cfg: completion of sections and of the keys of the current section', async () => {
    const uri = 'untitled:complete/airflow.cfg';
    client.open(uri, '[core]\nparallelism = 32\npar\ndefault_task_weight_rule = up\n[sched', 'airflow-cfg');
    type Item = { label: string; detail?: string; textEdit: { range: unknown; newText: string }; tags?: number[] };
    const keys = await client.request<Item[]>('textDocument/completion', { textDocument: { uri }, position: { line: 2, character: 3 } });
    const labels = keys.map((item) => item.label);
    // parallelism is set two lines up: not offered again.
    assert.ok(
      !labels.includes('parallelism') && labels.includes('dagbag_import_timeout') && !labels.includes('parsing_processes'),
      labels.join(','),
    );
    const timeout = keys.find((item) => item.label === 'dagbag_import_timeout')!;
    assert.deepEqual(timeout.textEdit, { range: range(2, 0, 3), newText: 'dagbag_import_timeout = 30.0' });
    assert.equal(timeout.detail, 'float, default 30.0');
    assert.deepEqual(keys.find((item) => item.label === 'dag_concurrency')!.tags, [1]);
    const sections = await client.request<Item[]>('textDocument/completion', {
      textDocument: { uri },
      position: { line: 4, character: 6 },
    });
    const scheduler = sections.find((item) => item.label === 'scheduler')!;
    assert.deepEqual(scheduler.textEdit, { range: range(4, 1, 6), newText: 'scheduler]' });
    const values = await client.request<Item[]>('textDocument/completion', { textDocument: { uri }, position: { line: 3, character: 29 } });
    assert.deepEqual(
      values.map((item) => [item.label, item.detail ?? null]),
      [
        ['downstream', 'default'],
        ['upstream', null],
        ['absolute', null],
      ],
    );
    assert.deepEqual(values[1].textEdit, { range: range(3, 27, 29), newText: 'upstream' });
  });

  it('airflow.cfg: the DG502 quick fix renames the key; the noqa action writes a comment line above it', async () => {
    const uri = 'untitled:fix/airflow.cfg';
    client.open(uri, '[core]\n  paralellism = 64\n', 'airflow-cfg');
    const published = await client.diagnostics(uri, (p) => p.diagnostics.length === 1);
    type Action = { title: string; edit?: { documentChanges: Array<{ edits: Array<{ range: unknown; newText: string }> }> } };
    const actions = await client.request<Action[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: range(1, 4, 4),
      context: { diagnostics: published.diagnostics, only: ['quickfix'] },
    });
    assert.deepEqual(
      actions.map((action) => action.title),
      ['Rename to parallelism', 'Suppress DG502 on this line (# noqa)', 'Show documentation for DG502'],
    );
    assert.deepEqual(actions[0].edit!.documentChanges[0].edits, [{ range: range(1, 2, 13), newText: 'parallelism' }]);
    // ConfigParser keeps a trailing comment as part of the value: the noqa goes on its own line, indented like the key.
    assert.deepEqual(actions[1].edit!.documentChanges[0].edits, [{ range: range(1, 0, 0), newText: '  # noqa: DG502\n' }]);
    const version = client.change(uri, [{ range: range(1, 0, 0), text: '  # noqa: DG502\n' }]);
    const after = await client.diagnostics(uri, (p) => p.version === version);
    assert.deepEqual(after.diagnostics, []);
  });

  it('DAG files: hover on DAG and operator arguments, templated fields, Jinja, WeightRule, AIRFLOW__ strings', async () => {
    const uri = 'untitled:dag_hover.py';
    const text = [
      'from airflow import DAG',
      'from airflow.operators.bash import BashOperator',
      'from airflow.utils.weight_rule import WeightRule',
      'import os',
      '',
      'with DAG("report", max_active_runs=1) as dag:',
      '    BashOperator(task_id="t", bash_command="run {{ ds }} {{ var.value.env }}", pool="etl", weight_rule=WeightRule.UPSTREAM)',
      'os.environ.get("AIRFLOW__CORE__PARALLELISM")',
      '',
    ].join('\n');
    client.open(uri, text);
    const dagArgument = await hover(uri, 5, 20);
    assert.deepEqual(dagArgument!.range, range(5, 19, 34));
    assert.match(dagArgument!.contents.value, /^\*\*max_active_runs\*\* \(DAG argument\)/);
    assert.match(
      dagArgument!.contents.value,
      /Default from `\[core\] max_active_runs_per_dag` \(`AIRFLOW__CORE__MAX_ACTIVE_RUNS_PER_DAG`\)/,
    );
    const templated = await hover(uri, 6, 32);
    assert.match(templated!.contents.value, /^\*\*bash_command\*\* \(BashOperator argument\)\n\nTemplated on BashOperator/);
    const pool = await hover(uri, 6, 80);
    assert.deepEqual(pool!.range, range(6, 79, 83));
    assert.match(pool!.contents.value, /Never templated/);
    const ds = await hover(uri, 6, 52);
    assert.deepEqual(ds!.range, range(6, 51, 53));
    assert.match(ds!.contents.value, /YYYY-MM-DD/);
    const variable = await hover(uri, 6, 63);
    assert.deepEqual(variable!.range, range(6, 60, 73));
    assert.match(variable!.contents.value, /^\*\*Airflow Variable `env`\*\*, as a string/);
    const weight = await hover(uri, 6, 115);
    assert.match(weight!.contents.value, /^\*\*WeightRule\.UPSTREAM\*\*/);
    const env = await hover(uri, 7, 20);
    assert.deepEqual(env!.range, range(7, 16, 42));
    assert.match(env!.contents.value, /^\*\*\[core\] parallelism\*\*/);
    assert.equal(await hover(uri, 6, 7), null); // `BashOperator` itself
  });
});

describe('workspace scan of config files', () => {
  it("publishes findings for airflow.cfg and .env files on disk, with the project's Airflow version", async () => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'dag-guard-scan-config-'));
    mkdirSync(path.join(root, 'airflow'));
    writeFileSync(path.join(root, 'requirements.txt'), 'apache-airflow==3.0.2\n');
    writeFileSync(path.join(root, 'airflow', 'airflow.cfg'), '[scheduler]\nmin_file_process_interval = 60\n');
    writeFileSync(path.join(root, 'airflow', '.env'), 'AIRFLOW__CORE__LOAD_EXAMPLES=yes\n');
    const client = await LspTestClient.start({ rootPath: root });
    try {
      const cfg = await client.diagnostics(fileUri(path.join(root, 'airflow', 'airflow.cfg')), (p) => p.diagnostics.length > 0);
      assert.deepEqual(
        cfg.diagnostics.map((d) => [d.code, d.range]),
        [['DG501', range(1, 0, 25)]],
      );
      const env = await client.diagnostics(fileUri(path.join(root, 'airflow', '.env')), (p) => p.diagnostics.length > 0);
      assert.deepEqual(
        env.diagnostics.map((d) => [d.code, d.range]),
        [['DG504', range(0, 29, 32)]],
      );
    } finally {
      await client.stop();
      rmSync(root, { recursive: true, force: true });
    }
  });
});
