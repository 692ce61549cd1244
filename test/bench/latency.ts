// The language server's latencies as an editor sees them, over stdio (part of `npm run bench`):
// didChange to publishDiagnostics on a 5,000-line DAG file for single edits and at the end of a burst
// of keystrokes, hover / completion / code action latency while typing, and the first diagnostics
// after initialize; and the same typing in a project of 600 generated DAG files while the server's
// workspace scan runs, with a code lens request after each keystroke as VS Code sends them. With `--baseline <dist/server.js of another build>` every figure is measured for
// both servers in the same run, rounds alternating, and printed side by side.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileUri, LspTestClient, SERVER } from '../helpers/lspClient';
import { generateLargeDag, generateProject } from './generate';
import { percentile } from './stats';

const KEYSTROKE_MS = 50;
const BURST = 8;
const IDLE_MS = 300;

interface Samples {
  single: number[];
  burst: number[];
  hover: number[];
  completion: number[];
  codeAction: number[];
  first: number[];
  hoverAnalysing: number[];
  firstLater: number[];
  /** In a project while the workspace scan runs, with a code lens request per keystroke. */
  scanHover: number[];
  scanCompletion: number[];
  scanLens: number[];
}

const empty = (): Samples => ({
  single: [],
  burst: [],
  hover: [],
  completion: [],
  codeAction: [],
  first: [],
  hoverAnalysing: [],
  firstLater: [],
  scanHover: [],
  scanCompletion: [],
  scanLens: [],
});
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Time from `send()` to the publishDiagnostics of the version it returns. */
async function toDiagnostics(client: LspTestClient, uri: string, send: () => number, started = performance.now()): Promise<number> {
  const version = send();
  await client.diagnostics(uri, (p) => p.version === version, 60_000);
  return performance.now() - started;
}

/** A request's round trip, added to `samples` when it is answered. */
function timed(client: LspTestClient, samples: number[], method: string, params: unknown): Promise<unknown> {
  const started = performance.now();
  return client.request(method, params).then(() => samples.push(performance.now() - started));
}

/**
 * Where to type in a generated DAG file: lines inside function bodies (a keyword argument line),
 * where a trailing comment keeps the file valid, and the end of a line (plus `extra` characters).
 */
function typingSpots(text: string): { targets: number[]; end: (line: number, extra?: number) => { line: number; character: number } } {
  const lines = text.split('\n');
  const targets = lines.map((line, index) => (/^ {8}catchup=False,$/.test(line) ? index : -1)).filter((index) => index >= 0);
  return { targets, end: (line, extra = 0) => ({ line, character: lines[line].length + extra }) };
}

/**
 * A burst of BURST keystrokes at the end of `line`, KEYSTROKE_MS apart, with the requests an editor
 * sends after each (`ask`, given the cursor). Returns the last version, when it was sent, and the
 * requests.
 */
async function typeBurst(
  client: LspTestClient,
  uri: string,
  end: (line: number, extra?: number) => { line: number; character: number },
  line: number,
  ask: (position: { line: number; character: number }) => Array<Promise<unknown>>,
): Promise<{ version: number; lastSent: number; requests: Array<Promise<unknown>> }> {
  const typed = '  # typing';
  const requests: Array<Promise<unknown>> = [];
  let version = 0;
  let lastSent = 0;
  for (let k = 0; k < BURST; k++) {
    const at = end(line, k);
    version = client.change(uri, [{ range: { start: at, end: at }, text: typed[k] }]);
    lastSent = performance.now();
    requests.push(...ask(end(line, k + 1)));
    if (k < BURST - 1) await sleep(KEYSTROKE_MS);
  }
  return { version, lastSent, requests };
}

/** Typing on the 5,000-line file: single edits with pauses, then bursts with requests as an editor sends them. */
async function typing(serverPath: string, into: Samples, rounds: { single: number; bursts: number }): Promise<void> {
  const client = await LspTestClient.start({ serverPath });
  try {
    const uri = 'untitled:bench-typing.py';
    const text = generateLargeDag(5000);
    client.open(uri, text);
    await client.diagnostics(uri, () => true, 60_000);
    const { targets, end } = typingSpots(text);
    for (let i = 0; i < rounds.single; i++) {
      const line = targets[(i * 37) % targets.length];
      const insert = { range: { start: end(line), end: end(line) }, text: '  # x' };
      // A hover every 20 ms until the diagnostics come: requests while the analysis waits and runs.
      let analysing = true;
      const hovers = (async () => {
        while (analysing) {
          const sent = performance.now();
          await client.request('textDocument/hover', { textDocument: { uri }, position: { line: 7, character: 12 } });
          into.hoverAnalysing.push(performance.now() - sent);
          await sleep(20);
        }
      })();
      into.single.push(await toDiagnostics(client, uri, () => client.change(uri, [insert])));
      analysing = false;
      await hovers;
      await sleep(IDLE_MS);
      await toDiagnostics(client, uri, () => client.change(uri, [{ range: { start: end(line), end: end(line, 5) }, text: '' }]));
      await sleep(IDLE_MS);
    }
    for (let b = 0; b < rounds.bursts; b++) {
      const line = targets[(b * 53 + 11) % targets.length];
      // Completion as the editor asks while typing, a hover where the mouse rests.
      const { version, lastSent, requests } = await typeBurst(client, uri, end, line, (position) => [
        timed(client, into.completion, 'textDocument/completion', { textDocument: { uri }, position }),
        timed(client, into.hover, 'textDocument/hover', { textDocument: { uri }, position: { line: 7, character: 12 } }),
      ]);
      // Ctrl+. at the end of the burst: the code action for the last text.
      requests.push(
        timed(client, into.codeAction, 'textDocument/codeAction', {
          textDocument: { uri },
          range: { start: end(line, BURST), end: end(line, BURST) },
          context: { diagnostics: [] },
        }),
      );
      await client.diagnostics(uri, (p) => p.version === version, 60_000);
      into.burst.push(performance.now() - lastSent);
      await Promise.all(requests);
      await sleep(IDLE_MS);
      await toDiagnostics(client, uri, () => client.change(uri, [{ range: { start: end(line), end: end(line, BURST) }, text: '' }]));
      await sleep(IDLE_MS);
    }
  } finally {
    await client.stop();
  }
}

/**
 * A fresh server: the first diagnostics of a typical DAG file opened at once after initialize, or
 * `idleMs` later (as when the editor starts with no DAG file open), timed from its didOpen.
 */
async function firstDiagnostics(serverPath: string, into: number[], idleMs: number): Promise<void> {
  const text = readFileSync(path.join(__dirname, '..', '..', 'examples', 'dags', 'daily_exports.py'), 'utf8');
  const client = await LspTestClient.start({ serverPath });
  try {
    await sleep(idleMs);
    const started = performance.now();
    const uri = 'untitled:bench-first.py';
    client.open(uri, text);
    await client.diagnostics(uri, () => true, 60_000);
    into.push(performance.now() - started);
  } finally {
    await client.stop();
  }
}

/**
 * Typing in the 5,000-line file of a project of 600 small DAG files, from the moment it opens, so
 * that the bursts meet the server's workspace scan; each keystroke also asks for the code lens, as
 * VS Code does after a change. Requests answered while a scan or a lens holds the event loop show
 * here and not in `typing`, which has no workspace.
 */
async function typingInProject(serverPath: string, into: Samples, bursts: number): Promise<void> {
  const root = mkdtempSync(path.join(os.tmpdir(), 'dag-guard-bench-scan-'));
  const client = await (async () => {
    for (const [name, text] of Object.entries(generateProject(600, 20))) {
      mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
      writeFileSync(path.join(root, name), text);
    }
    const file = path.join(root, 'dags', 'big_dag.py');
    writeFileSync(file, generateLargeDag(5000));
    return LspTestClient.start({ serverPath, rootPath: root });
  })();
  try {
    const file = path.join(root, 'dags', 'big_dag.py');
    const uri = fileUri(file);
    const text = readFileSync(file, 'utf8');
    client.open(uri, text);
    const { targets, end } = typingSpots(text);
    for (let b = 0; b < bursts; b++) {
      const line = targets[(b * 53 + 11) % targets.length];
      const { version, requests } = await typeBurst(client, uri, end, line, (position) => [
        timed(client, into.scanCompletion, 'textDocument/completion', { textDocument: { uri }, position }),
        timed(client, into.scanHover, 'textDocument/hover', { textDocument: { uri }, position: { line: 7, character: 12 } }),
        timed(client, into.scanLens, 'textDocument/codeLens', { textDocument: { uri } }),
      ]);
      await client.diagnostics(uri, (p) => p.version === version, 60_000);
      await Promise.all(requests);
      await toDiagnostics(client, uri, () => client.change(uri, [{ range: { start: end(line), end: end(line, BURST) }, text: '' }]));
    }
  } finally {
    await client.stop();
    rmSync(root, { recursive: true, force: true });
  }
}

function row(label: string, goal: string, pick: (s: Samples) => number[], p: number, results: Array<[string, Samples]>): string {
  const cells = results.map(([name, samples]) => `${name} ${percentile(pick(samples), p).toFixed(0).padStart(5)} ms`).join('   ');
  return `  ${label.padEnd(44)} ${cells}   goal ${goal}`;
}

export async function latency(options: { baseline?: string | undefined; rounds?: number } = {}): Promise<void> {
  const servers: Array<[string, string]> = [
    ['this', SERVER],
    ...(options.baseline ? [['baseline', options.baseline] as [string, string]] : []),
  ];
  const results = new Map(servers.map(([name]) => [name, empty()]));
  const rounds = options.rounds ?? 2;
  // Rounds alternate between the servers, so that the machine's load falls on both alike.
  for (let round = 0; round < rounds; round++) {
    for (const [name, serverPath] of round % 2 === 0 ? servers : [...servers].reverse()) {
      await typing(serverPath, results.get(name)!, { single: 12, bursts: 6 });
      await typingInProject(serverPath, results.get(name)!, 6);
      for (let i = 0; i < 3; i++) await firstDiagnostics(serverPath, results.get(name)!.first, 0);
      for (let i = 0; i < 3; i++) await firstDiagnostics(serverPath, results.get(name)!.firstLater, 1000);
    }
  }
  const all = [...results];
  const n = all[0][1];
  console.log(
    `Latency as an editor sees it, over stdio (${n.single.length} single edits, ${n.burst.length} bursts of ${BURST} keystrokes ${KEYSTROKE_MS} ms apart, ${n.first.length} fresh starts per server):`,
  );
  console.log(row('5,000 lines, didChange to diagnostics p50', '<= 100 ms', (s) => s.single, 50, all));
  console.log(row('5,000 lines, didChange to diagnostics p95', '<= 200 ms', (s) => s.single, 95, all));
  console.log(row('burst: last keystroke to diagnostics p50', '<= 100 ms', (s) => s.burst, 50, all));
  console.log(row('burst: last keystroke to diagnostics p95', '<= 200 ms', (s) => s.burst, 95, all));
  console.log(row('hover while typing p95', '<= 50 ms', (s) => s.hover, 95, all));
  console.log(row('hover between an edit and its diagnostics p95', '<= 50 ms', (s) => s.hoverAnalysing, 95, all));
  console.log(row('completion while typing p95', '<= 50 ms', (s) => s.completion, 95, all));
  console.log(row('code action after a burst p95 (its analysis)', '<= 50 ms', (s) => s.codeAction, 95, all));
  console.log(row('scan + code lens: hover while typing p95', '<= 50 ms', (s) => s.scanHover, 95, all));
  console.log(row('scan + code lens: completion while typing p95', '<= 50 ms', (s) => s.scanCompletion, 95, all));
  console.log(row('scan + code lens: code lens while typing p95', '(waits for its analysis)', (s) => s.scanLens, 95, all));
  console.log(row('first diagnostics, opened at initialize, p50', '<= 300 ms', (s) => s.first, 50, all));
  console.log(row('first diagnostics, opened at initialize, max', '<= 300 ms', (s) => s.first, 100, all));
  console.log(row('first diagnostics, opened 1 s later, p50', '<= 300 ms', (s) => s.firstLater, 50, all));
  console.log(row('first diagnostics, opened 1 s later, max', '<= 300 ms', (s) => s.firstLater, 100, all));
}
