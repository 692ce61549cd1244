// Code actions and hovers over stdio: the edit a client applies gives the expected text.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { applyEdits } from '../../server/src/core/syntax/positions';
import { LspTestClient, type Diagnostic } from '../helpers/lspClient';

interface CodeAction {
  title: string;
  kind?: string;
  isPreferred?: boolean;
  diagnostics?: Diagnostic[];
  edit?: {
    documentChanges: Array<{
      textDocument: { uri: string; version: number };
      edits: Array<{ range: Diagnostic['range']; newText: string }>;
    }>;
  };
  command?: { command: string; arguments?: unknown[] };
}

const TEXT = 'from airflow import DAG\nfrom airflow.models import Variable\n\nenv = Variable.get("env")  # the environment\n';

describe('code actions and hover over stdio', () => {
  let client: LspTestClient;
  before(async () => {
    client = await LspTestClient.start();
  });
  after(async () => {
    await client.stop();
  });

  it('offers noqa suppression and the rule docs for a finding, and the edit suppresses it', async () => {
    const uri = 'untitled:actions.py';
    client.open(uri, TEXT);
    const { diagnostics } = await client.diagnostics(uri, (p) => p.diagnostics.length === 1);
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: diagnostics[0].range,
      context: { diagnostics, only: ['quickfix'] },
    });
    assert.deepEqual(
      actions.map((action) => action.title),
      ['Suppress DG101 on this line (# noqa)', 'Show documentation for DG101'],
    );
    const suppress = actions[0];
    assert.equal(suppress.diagnostics?.[0].code, 'DG101');
    const change = suppress.edit!.documentChanges[0];
    assert.equal(change.textDocument.version, 1);
    const fixed = applyEdits(TEXT, change.edits);
    assert.equal(fixed, TEXT.replace('# the environment', '# the environment  # noqa: DG101'));
    assert.deepEqual(actions[1].command, { title: 'Show documentation for DG101', command: 'dagGuard.showRuleDocs', arguments: ['DG101'] });

    const version = client.change(uri, [{ text: fixed }]);
    const after = await client.diagnostics(uri, (p) => p.version === version);
    assert.deepEqual(after.diagnostics, []);
  });

  it("a client that opens the bundled docs itself (VS Code) gets its own command; others keep the server's", async () => {
    const editor = await LspTestClient.start({ initializationOptions: { openRuleDocsInEditor: true } });
    try {
      const uri = 'untitled:docs-in-editor.py';
      editor.open(uri, TEXT);
      const { diagnostics } = await editor.diagnostics(uri, (p) => p.diagnostics.length === 1);
      const actions = await editor.request<CodeAction[]>('textDocument/codeAction', {
        textDocument: { uri },
        range: diagnostics[0].range,
        context: { diagnostics, only: ['quickfix'] },
      });
      const docs = actions.find((action) => action.title === 'Show documentation for DG101');
      // The client's command (client/src/extension.ts), not one the server executes.
      assert.deepEqual(docs?.command, { title: 'Show documentation for DG101', command: 'dagGuard.openRuleDocs', arguments: ['DG101'] });
    } finally {
      await editor.stop();
    }
  });

  it("compose file: the noqa action adds the code to the line's noqa, and the finding goes away", async () => {
    const uri = 'untitled:deploy/docker-compose.yaml';
    const text =
      'services:\n  scheduler:\n    environment:\n      AIRFLOW__CORE__LOAD_EXAMPLES: "yes"\n      AIRFLOW__CORE__PARALELLISM: 64  # noqa: E501\n';
    client.open(uri, text, 'dockercompose');
    const { diagnostics } = await client.diagnostics(uri, (p) => p.diagnostics.length === 2);
    assert.deepEqual(
      diagnostics.map((d) => [d.code, d.range.start.line]),
      [
        ['DG504', 3],
        ['DG502', 4],
      ],
    );
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: diagnostics[1].range,
      context: { diagnostics: [diagnostics[1]], only: ['quickfix'] },
    });
    const suppress = actions.find((action) => action.title === 'Suppress DG502 on this line (# noqa)');
    assert.ok(suppress, actions.map((action) => action.title).join(', '));
    assert.equal(suppress.diagnostics?.[0].code, 'DG502');
    const fixed = applyEdits(text, suppress.edit!.documentChanges[0].edits);
    assert.equal(fixed, text.replace('# noqa: E501', '# noqa: E501, DG502'));
    const version = client.change(uri, [{ text: fixed }]);
    const after = await client.diagnostics(uri, (p) => p.version === version);
    assert.deepEqual(
      after.diagnostics.map((d) => d.code),
      ['DG504'],
    );
  });

  it('offers nothing away from findings, and no fix-all without safe fixes', async () => {
    const uri = 'untitled:none.py';
    client.open(uri, TEXT);
    await client.diagnostics(uri, (p) => p.diagnostics.length === 1);
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      context: { diagnostics: [] },
    });
    assert.deepEqual(
      actions.filter((action) => action.kind === 'quickfix'),
      [],
    );
    const fixAll = await client.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      context: { diagnostics: [], only: ['source.fixAll'] },
    });
    assert.deepEqual(fixAll, []);
  });

  it('hovers a rule code in a noqa comment with the rule docs', async () => {
    const uri = 'untitled:hover.py';
    const text = 'from airflow.models import Variable  # dag\nx = Variable.get("x")  # noqa: E501, DG101\n';
    client.open(uri, text);
    const hover = await client.request<{ contents: { kind: string; value: string }; range: Diagnostic['range'] }>('textDocument/hover', {
      textDocument: { uri },
      position: { line: 1, character: 39 },
    });
    assert.equal(hover.contents.kind, 'markdown');
    assert.match(hover.contents.value, /^# DG101 variable-get-at-parse-time\n/);
    assert.deepEqual(hover.range, { start: { line: 1, character: 37 }, end: { line: 1, character: 42 } });
  });

  it("hovers a rule code in a config file's noqa (a comment line above in airflow.cfg, a trailing one in YAML)", async () => {
    const cfg = 'untitled:hover/airflow.cfg';
    client.open(cfg, '[core]\n  ; noqa: E501, DG502\n  paralellism = 4\n', 'airflow-cfg');
    const above = await client.request<{ contents: { kind: string; value: string }; range: Diagnostic['range'] } | null>(
      'textDocument/hover',
      { textDocument: { uri: cfg }, position: { line: 1, character: 17 } },
    );
    assert.match(above!.contents.value, /^# DG502 unknown-config-key\n/);
    assert.deepEqual(above!.range, { start: { line: 1, character: 16 }, end: { line: 1, character: 21 } });
    const yaml = 'untitled:hover/values.yaml';
    client.open(yaml, 'config:\n  core:\n    load_examples: yes  # noqa: DG504\n', 'yaml');
    const trailing = await client.request<{ contents: { value: string } } | null>('textDocument/hover', {
      textDocument: { uri: yaml },
      position: { line: 2, character: 33 },
    });
    assert.match(trailing!.contents.value, /^# DG504 invalid-config-value\n/);
  });
});
