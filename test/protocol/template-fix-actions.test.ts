// Code actions over stdio, the way an editor asks for them: the quick fix of one diagnostic (the
// Jinja template, preferred), suppress with noqa, show documentation, fix all, and
// source.fixAll.dagGuard (fix on save). Each returned edit is applied to the text and compared.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { applyEdits, type TextEdit } from '../../server/src/core/syntax/positions';
import { readFixture } from '../helpers/engine';
import { fileUri, hoverAt, LspTestClient, type Diagnostic, type PublishDiagnostics } from '../helpers/lspClient';

interface CodeAction {
  title: string;
  kind?: string;
  isPreferred?: boolean;
  diagnostics?: Diagnostic[];
  edit?: { documentChanges: Array<{ textDocument: { uri: string; version: number }; edits: TextEdit[] }> };
  command?: { command: string; arguments?: unknown[] };
}

function applyAction(text: string, action: CodeAction, uri: string, version: number): string {
  assert.ok(action.edit, `"${action.title}" has no edit`);
  const [change] = action.edit.documentChanges;
  assert.equal(change.textDocument.uri, uri);
  assert.equal(change.textDocument.version, version);
  return applyEdits(text, change.edits);
}

function requestActions(client: LspTestClient, uri: string, diagnostic: Diagnostic, only?: string[]): Promise<CodeAction[]> {
  return client.request<CodeAction[]>('textDocument/codeAction', {
    textDocument: { uri },
    range: diagnostic.range,
    context: { diagnostics: [diagnostic], ...(only ? { only } : {}) },
  });
}

/** The DG101/DG102 findings of a publish (other rules also report on these fixtures). */
function templateFindings(published: PublishDiagnostics): Diagnostic[] {
  return published.diagnostics.filter((diagnostic) => diagnostic.code === 'DG101' || diagnostic.code === 'DG102');
}

describe('code actions over stdio', () => {
  let client: LspTestClient;
  before(async () => {
    client = await LspTestClient.start();
  });
  after(async () => {
    await client.stop();
  });

  it('offers the Jinja fix as the preferred quick fix, and its edit gives the fixed line', async () => {
    const uri = 'untitled:incident.py';
    const text = readFixture('fixes', 'templates', 'variable-names.before.py');
    client.open(uri, text);
    const published = await client.diagnostics(uri, (p) => templateFindings(p).length === 7);
    const account = templateFindings(published)[0];
    assert.deepEqual(account.range, { start: { line: 6, character: 10 }, end: { line: 6, character: 33 } });
    const actions = await requestActions(client, uri, account);
    assert.deepEqual(
      actions.map((action) => [action.title, action.kind, action.isPreferred ?? false]),
      [
        ['Use Jinja template {{ var.value.ACCOUNT }}', 'quickfix', true],
        ['Suppress DG101 on this line (# noqa)', 'quickfix', false],
        ['Show documentation for DG101', 'quickfix', false],
        ['Fix all safe DAG Guard findings in this file', 'quickfix', false],
      ],
    );
    const fixed = applyAction(text, actions[0], uri, 1);
    assert.equal(fixed.split('\n')[6], 'account = "{{ var.value.ACCOUNT }}"');
    assert.equal(
      fixed.replace('account = "{{ var.value.ACCOUNT }}"', 'account = Variable.get("ACCOUNT")'),
      text,
      'the edit touches only the call',
    );
    assert.equal(applyAction(text, actions[1], uri, 1).split('\n')[6], 'account = Variable.get("ACCOUNT")  # noqa: DG101');
    assert.deepEqual(actions[2].command, {
      title: 'Show documentation for DG101',
      command: actions[2].command!.command,
      arguments: ['DG101'],
    } as never);

    // The editor applies the edit: the server re-analyses and the finding is gone.
    const version = client.change(uri, [{ text: fixed }]);
    const after = await client.diagnostics(uri, (p) => p.version === version);
    assert.deepEqual(
      templateFindings(after).map((d) => d.range.start.line),
      [7, 8, 13, 29, 30, 41],
    );
  });

  it('offers a fix that is right for most values as a quick fix, not preferred and not in fix-all', async () => {
    const uri = 'untitled:queue.py';
    const text = readFixture('fixes', 'templates', 'variable-names.before.py');
    client.open(uri, text);
    const published = await client.diagnostics(uri, (p) => templateFindings(p).length === 7);
    // QUEUE ends `bash_command="notify.sh " + queue_name`: a value ending in .sh would make
    // Airflow read a script file, which the Jinja template would not.
    const queue = templateFindings(published)[2];
    assert.match(
      await hoverAt(client, uri, queue),
      /Fix: the Jinja template, Airflow's recommended form; not marked safe, since it differs when the value ends in `\.sh` or `\.bash`, which BashOperator reads today as the name of a template file for bash_command/,
    );
    assert.deepEqual(queue.data, { fixable: true });
    const [first] = await requestActions(client, uri, queue);
    assert.equal(first.title, 'Use Jinja template {{ var.value.QUEUE }} (if the value does not end in `.sh` or `.bash`)');
    assert.equal(first.isPreferred, false);
    assert.equal(
      applyAction(text, first, uri, 1).split('\n')[8],
      'queue_name = "{{ var.value.QUEUE }}"  # DG101 Fix: the Jinja template, Airflow\'s recommended form; not marked safe, since it differs when the value ends in `.sh` or `.bash`, which BashOperator',
    );
    const [fixAll] = await requestActions(client, uri, queue, ['source.fixAll']);
    assert.ok(!applyAction(text, fixAll, uri, 1).includes('var.value.QUEUE'), 'fix-all applies only safe fixes');
  });

  it('source.fixAll.dagGuard returns one edit that fixes the whole file', async () => {
    // variable-fstring and variable-json-name need two passes (two fixes rewrite one f-string).
    // imports-fix-all: no single fix takes the last use of Variable or BaseHook; the one edit still removes their imports.
    for (const name of [
      'variable-names',
      'connection',
      'variable-direct',
      'variable-fstring',
      'variable-json-name',
      'imports-fix-all',
      'imports-parenthesized',
    ]) {
      const uri = `untitled:${name}.py`;
      const text = readFixture('fixes', 'templates', `${name}.before.py`);
      client.open(uri, text);
      const published = await client.diagnostics(uri, (p) => templateFindings(p).length > 0);
      const actions = await requestActions(client, uri, templateFindings(published)[0], ['source.fixAll']);
      assert.deepEqual(
        actions.map((action) => [action.title, action.kind]),
        [['Fix all safe DAG Guard findings', 'source.fixAll.dagGuard']],
      );
      assert.equal(applyAction(text, actions[0], uri, 1), readFixture('fixes', 'templates', `${name}.after.py`), name);
    }
  });

  it('the quick fix that takes the last use of Variable removes its import in the same edit', async () => {
    const uri = 'untitled:last-use.py';
    const text = readFixture('fixes', 'templates', 'imports-last-use.before.py');
    client.open(uri, text);
    const published = await client.diagnostics(uri, (p) => templateFindings(p).length === 1);
    const [diagnostic] = templateFindings(published);
    const [fix] = await requestActions(client, uri, diagnostic);
    assert.equal(fix.title, 'Use Jinja template {{ var.value.environment }}');
    assert.equal(fix.isPreferred, true);
    assert.deepEqual(fix.edit?.documentChanges[0].edits, [
      {
        range: { start: { line: 6, character: 45 }, end: { line: 6, character: 96 } },
        newText: '"run.sh --env {{ var.value.environment }} --now"',
      },
      { range: { start: { line: 2, character: 0 }, end: { line: 3, character: 0 } }, newText: '' },
    ]);
    const fixed = applyAction(text, fix, uri, 1);
    assert.equal(fixed, readFixture('fixes', 'templates', 'imports-last-use.after.py'));
    const version = client.change(uri, [{ text: fixed }]);
    const after = await client.diagnostics(uri, (p) => p.version === version);
    assert.deepEqual(templateFindings(after), []);
  });

  it('applies the DG102 connection fix of one diagnostic', async () => {
    const uri = 'untitled:connection.py';
    const text = readFixture('fixes', 'templates', 'connection.before.py');
    client.open(uri, text);
    const published = await client.diagnostics(uri, (p) => templateFindings(p).length === 4);
    const api = templateFindings(published)[1];
    assert.equal(api.code, 'DG102');
    assert.equal(api.message, 'BaseHook.get_connection("partner-api") runs at every parse.');
    const [fix] = await requestActions(client, uri, api);
    assert.equal(fix.isPreferred, true);
    const lines = applyAction(text, fix, uri, 1).split('\n');
    assert.equal(lines[11], '    queue = Connection.get("queue")', 'the `api = ...` line is gone');
    assert.equal(
      lines[19],
      `        BashOperator(task_id="call", bash_command="curl https://{{ conn.get('partner-api').host }}/v1?key={{ conn.get('partner-api').extra_dejson.get('key') }}")`,
    );
  });

  it('offers no template fix where a use is not templated, and says why', async () => {
    const uri = 'untitled:retries.py';
    const text =
      'from airflow import DAG\nfrom airflow.models import Variable\nfrom airflow.operators.bash import BashOperator\n\nwith DAG("r"):\n    BashOperator(task_id="t", bash_command="x", retries=Variable.get("retries"))\n';
    client.open(uri, text);
    const published = await client.diagnostics(uri, (p) => templateFindings(p).length === 1);
    const [diagnostic] = templateFindings(published);
    assert.match(await hoverAt(client, uri, diagnostic), / No fix: `retries` is not a templated field of BashOperator \(line 6\)\.$/);
    assert.deepEqual(diagnostic.data, { fixable: false });
    const actions = await requestActions(client, uri, diagnostic);
    // The refactorings of the operator call (pool, weight_rule) are offered too; no quick fix is.
    assert.deepEqual(
      actions.filter((action) => action.kind === 'quickfix').map((action) => action.title),
      ['Suppress DG101 on this line (# noqa)', 'Show documentation for DG101'],
    );
    assert.deepEqual(await requestActions(client, uri, diagnostic, ['source.fixAll.dagGuard']), []);
  });
});

describe('code actions with the project operator index', () => {
  let client: LspTestClient;
  let root: string;
  before(async () => {
    root = mkdtempSync(path.join(os.tmpdir(), 'dag-guard-actions-'));
    mkdirSync(path.join(root, 'include', 'operators'), { recursive: true });
    writeFileSync(
      path.join(root, 'include', 'operators', 'report.py'),
      'from airflow.models import BaseOperator\n\nclass ReportOperator(BaseOperator):\n    template_fields = ("title",)\n',
    );
    client = await LspTestClient.start({ rootPath: root });
  });
  after(async () => {
    await client.stop();
    rmSync(root, { recursive: true, force: true });
  });

  it('fixes a call of an operator class defined in include/', async () => {
    const file = path.join(root, 'dags', 'report.py');
    const uri = fileUri(file);
    const text =
      'from airflow import DAG\nfrom airflow.models import Variable\nfrom include.operators.report import ReportOperator\n\nwith DAG("report"):\n    ReportOperator(task_id="r", title=Variable.get("title"))\n';
    client.open(uri, text);
    const published = await client.diagnostics(uri, (p) => templateFindings(p).length === 1);
    const [fix] = await requestActions(client, uri, templateFindings(published)[0]);
    assert.equal(fix.title, 'Use Jinja template {{ var.value.title }}');
    // The call was the last use of Variable: its import goes in the same edit.
    assert.equal(
      applyAction(text, fix, uri, 1),
      text.replace('from airflow.models import Variable\n', '').replace('Variable.get("title")', '"{{ var.value.title }}"'),
    );
  });
});
