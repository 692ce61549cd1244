// Neovim end to end: Debian's Neovim 0.7 headless, configured with nothing but the README's
// snippet (the lua block under "In Neovim", with only /path/to/dag-guard replaced by this clone),
// starts dist/server.js --stdio; test/e2e/neovim/drive.lua then acts as the user.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';

const ROOT = path.join(__dirname, '..', '..');
const README = path.join(ROOT, 'README.md');
const DRIVER = path.join(__dirname, 'neovim', 'drive.lua');
const FIXTURE = path.join(__dirname, 'workspace');
const SEED = path.join('dags', 'eks_batch_factory.py');
const PLACEHOLDER = '/path/to/dag-guard';
const NVIM = process.env.NVIM_PATH ?? 'nvim';

/** The first ```lua block of README's "In Neovim" section. */
function readmeNeovimSnippet(readme: string): string {
  const section = readme.split(/^## /m).find((part) => part.startsWith('In Neovim'));
  assert.ok(section, 'README.md has an "## In Neovim" section');
  const block = /```lua\n([\s\S]*?)```/.exec(section);
  assert.ok(block, 'the "In Neovim" section has a ```lua block');
  return block[1];
}

interface DriverResult {
  ok: boolean;
  error: string | null;
  log: string[];
  titles?: string[];
  hover?: string;
  before?: Array<{ lnum: number; col: number; end_lnum: number; end_col: number; message: string; source: string; code?: string }>;
  after?: Array<{ lnum: number; message: string }>;
}

interface Run {
  code: number | null;
  stderr: string;
  result: DriverResult | null;
  lspLog: string;
}

let base: string;
before(() => {
  base = mkdtempSync(path.join(os.tmpdir(), 'dag-guard-nvim-'));
});
after(() => rmSync(base, { recursive: true, force: true }));

function runNeovim(env: Record<string, string>, timeoutMs = 90_000): Promise<Run> {
  const home = path.join(base, 'home');
  const xdg = {
    XDG_CONFIG_HOME: path.join(home, 'config'),
    XDG_DATA_HOME: path.join(home, 'data'),
    XDG_STATE_HOME: path.join(home, 'state'),
    XDG_CACHE_HOME: path.join(home, 'cache'),
  };
  for (const dir of Object.values(xdg)) mkdirSync(dir, { recursive: true });
  const init = path.join(base, 'init.lua');
  writeFileSync(init, readmeNeovimSnippet(readFileSync(README, 'utf8')).replaceAll(PLACEHOLDER, ROOT));
  const resultFile = path.join(base, 'result.json');
  rmSync(resultFile, { force: true });
  const child = spawn(NVIM, ['--headless', '-u', init, '-i', 'NONE', '-n', '--noplugin', '-c', `luafile ${DRIVER}`], {
    cwd: path.join(base, 'workspace'),
    env: { ...process.env, ...xdg, DG_RESULT: resultFile, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stdout.on('data', (chunk) => (stderr += String(chunk)));
  child.stderr.on('data', (chunk) => (stderr += String(chunk)));
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      stderr += `\n(killed after ${timeoutMs} ms)`;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.on('exit', (code) => {
      clearTimeout(timer);
      const lspLogFile = [path.join(xdg.XDG_CACHE_HOME, 'nvim', 'lsp.log'), path.join(xdg.XDG_STATE_HOME, 'nvim', 'lsp.log')].find(
        existsSync,
      );
      resolve({
        code,
        stderr,
        result: existsSync(resultFile) ? (JSON.parse(readFileSync(resultFile, 'utf8')) as DriverResult) : null,
        lspLog: lspLogFile ? readFileSync(lspLogFile, 'utf8').slice(-3000) : '',
      });
    });
  });
}

/** Everything Neovim showed, for a failure message. */
function report(run: Run): string {
  return [
    `exit code: ${run.code}`,
    `driver result: ${JSON.stringify(run.result, null, 2)}`,
    `nvim output: ${run.stderr || '(none)'}`,
    `lsp.log (end): ${run.lspLog || '(none)'}`,
  ].join('\n');
}

test('the README snippet uses only what Neovim 0.7 has', () => {
  const snippet = readmeNeovimSnippet(readFileSync(README, 'utf8'));
  const code = snippet.replace(/--.*$/gm, ''); // comments may name what is absent
  assert.ok(snippet.includes(`'${PLACEHOLDER}/dist/server.js'`), 'the server path is the placeholder the test replaces');
  assert.ok(!/vim\.fs\b/.test(code), 'vim.fs arrived in Neovim 0.8');
  assert.ok(!/vim\.lsp\.start\(/.test(code), 'vim.lsp.start arrived in Neovim 0.8');
});

test('Neovim 0.7 with the README snippet: diagnostics, a hover, a code action applied, the file written', {
  timeout: 120_000,
}, async () => {
  const workspace = path.join(base, 'workspace');
  cpSync(FIXTURE, workspace, { recursive: true });
  const file = path.join(workspace, SEED);
  const original = readFileSync(file, 'utf8');
  const poolSlots = original.split('\n').findIndex((line) => line.includes('pool_slots='));

  const run = await runNeovim({
    DG_FILE: file,
    DG_EXPECTED_DIAGNOSTICS: '3',
    DG_ACT_ON: 'Variable.get("REGION")',
    DG_ACTION_TITLE: 'Use Jinja template {{ var.value.REGION }}',
    DG_HOVER_LINE: String(poolSlots),
    DG_HOVER_CHARACTER: String(original.split('\n')[poolSlots].indexOf('pool_slots') + 2),
  });
  const result = run.result;
  assert.ok(run.code === 0 && result?.ok, `Neovim session failed:\n${report(run)}`);

  assert.ok(result.log.includes('filetype=python'), report(run));
  assert.deepEqual(
    result.before!.map((d) => [d.lnum, d.col, d.end_col, d.source, d.message]),
    [
      [11, 10, 33, 'dag-guard', 'Variable.get("ACCOUNT") runs at every parse.'],
      [12, 9, 31, 'dag-guard', 'Variable.get("REGION") runs at every parse.'],
      [37, 0, 17, 'dag-guard', 'This loop builds 3 DAGs at every parse.'],
    ],
    report(run),
  );
  assert.deepEqual(
    result.titles,
    [
      'Use Jinja template {{ var.value.REGION }}',
      'Suppress DG101 on this line (# noqa)',
      'Show documentation for DG101',
      'Fix all safe DAG Guard findings in this file',
    ],
    report(run),
  );
  assert.match(result.hover ?? '', /pool_slots[\s\S]*EksPodOperator[\s\S]*slots of its pool/, report(run));
  assert.deepEqual(
    result.after!.map((d) => d.lnum),
    [11, 37],
    report(run),
  );

  const onDisk = readFileSync(file, 'utf8');
  assert.equal(onDisk.split('\n')[12], 'region = "{{ var.value.REGION }}"');
  assert.equal(onDisk.replace('region = "{{ var.value.REGION }}"', 'region = Variable.get("REGION")'), original, 'nothing else changed');
});

// The Jinja the fixes write is checked too (DG601 to DG606): a squiggle inside a string, at the
// template's own columns, and its quick fix applied from Neovim.
const TEMPLATED_DAG = `"""Nightly revenue export: its shell command is written as an f-string."""
from datetime import datetime

from airflow import DAG
from airflow.operators.bash import BashOperator

TABLE = "daily_revenue"

with DAG(dag_id="revenue_report", start_date=datetime(2025, 1, 1), schedule="@daily", catchup=False):
    BashOperator(task_id="export", bash_command=f"export.sh {TABLE} {{ ds }}")
`;

test('Neovim 0.7: a template inside an f-string (DG602), its squiggle and its quick fix', { timeout: 120_000 }, async () => {
  const workspace = path.join(base, 'workspace');
  cpSync(FIXTURE, workspace, { recursive: true });
  const file = path.join(workspace, 'dags', 'revenue_report.py');
  writeFileSync(file, TEMPLATED_DAG);
  const line = 9;
  const run = await runNeovim({
    DG_FILE: file,
    DG_EXPECTED_DIAGNOSTICS: '1',
    DG_ACT_ON: 'escaped brace',
    DG_ACTION_TITLE: 'Double the braces for Jinja: {{{{ ... }}}}',
    DG_HOVER_LINE: String(line),
    DG_HOVER_CHARACTER: String(TEMPLATED_DAG.split('\n')[line].indexOf('bash_command') + 2),
  });
  const result = run.result;
  assert.ok(run.code === 0 && result?.ok, `Neovim session failed:\n${report(run)}`);
  const [finding] = result.before!;
  // The squiggle covers `{{ ds }}` inside the string: columns 68 to 76 of line 10.
  assert.deepEqual([finding.lnum, finding.col, finding.end_col, finding.source], [line, 68, 76, 'dag-guard'], report(run));
  assert.match(finding.message, /^In an f-string, `\{\{ ds \}\}` is an escaped brace, not a Jinja template\./, report(run));
  assert.deepEqual(result.after, [], report(run));
  const onDisk = readFileSync(file, 'utf8');
  assert.equal(onDisk.split('\n')[line], '    BashOperator(task_id="export", bash_command=f"export.sh {TABLE} {{{{ ds }}}}")');
  assert.equal(onDisk.replace('{{{{ ds }}}}', '{{ ds }}'), TEMPLATED_DAG, 'nothing else changed');
});
