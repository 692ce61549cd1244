// `npm run soak [-- --edits N --seed S --lines L --server <dist/server.js>]`: the language server
// under a long editing session, as an outside stress test ran it. Opens a generated 5,000-line DAG
// file over stdio, makes 10,000 random edits (typing, deleting, new lines, pasted and deleted
// lines) with hover, code action, completion and code lens requests interleaved, and prints every
// 500 edits the server's RSS, heap and array buffers (the parser's WebAssembly memory is one); at
// the end, the heap after a full collection at the start and at the end (growth goal < 10 MB), each
// request's latency percentiles, and whether the diagnostics of the edited document
// equal those of a fresh open of its final text (exit 1 when they differ, or when a request goes
// unanswered for 30 s). `--server` soaks another build. Not part of `npm test`: it takes minutes.
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { LspTestClient, type Diagnostic } from '../helpers/lspClient';
import { LineIndex } from '../../server/src/core/syntax/positions';
import { generateLargeDag } from './generate';

/** The value after `--name` on the command line. */
function argument(name: string): string | undefined {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? process.argv[at + 1] : undefined;
}

function option(name: string, fallback: number): number {
  const value = argument(name);
  return value === undefined ? fallback : Number(value);
}

const EDITS = option('edits', 10_000);
const SEED = option('seed', 1);
const LINES = option('lines', 5_000);
/** `--server <dist/server.js>`: soak another build (the default is this checkout's). */
const SERVER_PATH = argument('server');
const REPORT_EVERY = 500;
const FAILED_TEXT = path.join(os.tmpdir(), 'dag-guard-soak-failed.py');
const FINAL_TEXT = path.join(os.tmpdir(), 'dag-guard-soak-final.py');
const REQUEST_TIMEOUT_MS = 30_000;
/** What is typed: brackets and quotes come in pairs, as editors close them, so the file stays mostly parseable. */
const TYPED = [
  'x',
  'a',
  '_',
  '1',
  ' ',
  '()',
  '""',
  "''",
  ':',
  ',',
  '.',
  '=',
  '[]',
  '{}',
  '#',
  'Variable.get("k")',
  'pool="etl"',
  'priority_weight=3',
];

/** A small seeded generator, so a run can be replayed with its seed. */
function random(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => (state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

interface Edit {
  start: number;
  end: number;
  text: string;
}

/** One random edit of `text`, in the proportions of someone typing, with a few larger ones. */
function nextEdit(text: string, next: () => number): Edit {
  const lines = new LineIndex(text);
  const line = Math.floor(next() * lines.lineCount);
  const lineStart = lines.lineStart(line);
  const lineEnd = lines.lineEnd(line);
  const at = lineStart + Math.floor(next() * (lineEnd - lineStart + 1));
  const roll = next();
  if (roll < 0.55) return { start: at, end: at, text: TYPED[Math.floor(next() * TYPED.length)] };
  if (roll < 0.75) return { start: at, end: Math.min(lineEnd, at + 1 + Math.floor(next() * 8)), text: '' };
  if (roll < 0.87) return { start: at, end: at, text: `\n${' '.repeat(4 * Math.floor(next() * 4))}` };
  if (roll < 0.95) {
    const source = Math.floor(next() * lines.lineCount);
    return { start: lineStart, end: lineStart, text: `${lines.lineText(source)}\n` };
  }
  return { start: lineStart, end: Math.min(text.length, lines.lineStart(line + 1)), text: '' };
}

function percentiles(samples: number[]): string {
  if (samples.length === 0) return 'no samples';
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))].toFixed(1);
  return `n=${samples.length} p50 ${at(50)} ms, p95 ${at(95)} ms, p99 ${at(99)} ms, max ${sorted[sorted.length - 1].toFixed(1)} ms`;
}

const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MB`;
type ServerMemory = NodeJS.MemoryUsage & { parser?: number | null };
/** Tree-sitter's WebAssembly memory, outside V8's heap (older builds do not say). */
const parser = (memory: { parser?: number | null }) => (typeof memory.parser === 'number' ? `, parser ${mb(memory.parser)}` : '');

/** Diagnostics as a user sees them, in a stable order. */
function seen(diagnostics: Diagnostic[]): string[] {
  return diagnostics
    .map((d) => `${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character} ${d.code} ${d.message}`)
    .sort();
}

async function main(): Promise<void> {
  const client = await LspTestClient.start({ serverPath: SERVER_PATH });
  const latencies = new Map<string, number[]>();
  const timed = async <T>(method: string, params: unknown): Promise<T> => {
    const started = performance.now();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${method} unanswered after ${REQUEST_TIMEOUT_MS} ms`)), REQUEST_TIMEOUT_MS);
    });
    try {
      return await Promise.race([client.request<T>(method, params), timeout]);
    } finally {
      clearTimeout(timer);
      const samples = latencies.get(method) ?? [];
      samples.push(performance.now() - started);
      latencies.set(method, samples);
    }
  };
  /** The memory after a full collection, when the server can make one (older builds cannot). */
  const memoryKept = async () => {
    const usage = await client.request<NodeJS.MemoryUsage & { collected?: boolean }>('dagGuard/memoryUsage', { collect: true });
    return usage.collected ? usage : undefined;
  };
  let progress = 0;
  let lastText = '';
  try {
    const uri = 'untitled:soak.py';
    let text = generateLargeDag(LINES);
    client.open(uri, text);
    await client.diagnostics(uri, () => true, REQUEST_TIMEOUT_MS);
    const next = random(SEED);
    const started = performance.now();
    let memory = await client.request<ServerMemory>('dagGuard/memoryUsage', null);
    const first = memory;
    const firstKept = await memoryKept();
    console.log(`soak: ${EDITS} edits of a ${text.split('\n').length}-line DAG file, seed ${SEED}`);
    console.log(
      `edits      0: RSS ${mb(memory.rss)}, heap ${mb(memory.heapUsed)} of ${mb(memory.heapTotal)}, buffers ${mb(memory.arrayBuffers)}${parser(memory)}`,
    );
    let version = 1;
    for (let edit = 1; edit <= EDITS; edit++) {
      progress = edit;
      const change = nextEdit(text, next);
      const lines = new LineIndex(text);
      version = client.change(uri, [{ range: lines.rangeOf(change.start, change.end), text: change.text }]);
      text = text.slice(0, change.start) + change.text + text.slice(change.end);
      lastText = text;
      const after = new LineIndex(text).positionAt(change.start + change.text.length);
      const textDocument = { uri };
      if (edit % 5 === 0) await timed('textDocument/hover', { textDocument, position: after });
      if (edit % 7 === 0) await timed('textDocument/completion', { textDocument, position: after });
      if (edit % 25 === 0)
        await timed('textDocument/codeAction', { textDocument, range: { start: after, end: after }, context: { diagnostics: [] } });
      if (edit % 50 === 0) await timed('textDocument/codeLens', { textDocument });
      // A pause in typing now and then: the debounced analysis runs and publishes.
      if (edit % 100 === 0) await client.diagnostics(uri, (p) => p.version === version, REQUEST_TIMEOUT_MS);
      if (edit % REPORT_EVERY === 0) {
        const diagnostics = (await client.diagnostics(uri, (p) => p.version === version, REQUEST_TIMEOUT_MS)).diagnostics.length;
        memory = await client.request<ServerMemory>('dagGuard/memoryUsage', null);
        const elapsed = ((performance.now() - started) / 1000).toFixed(0);
        console.log(
          `edits ${String(edit).padStart(6)}: RSS ${mb(memory.rss)}, heap ${mb(memory.heapUsed)} of ${mb(memory.heapTotal)}, buffers ${mb(memory.arrayBuffers)}${parser(memory)}, ${text.split('\n').length} lines, ${diagnostics} diagnostics, ${elapsed} s`,
        );
      }
    }
    const final = await client.diagnostics(uri, (p) => p.version === version, REQUEST_TIMEOUT_MS);
    writeFileSync(FINAL_TEXT, text);
    console.log(`RSS growth over the run: ${mb(memory.rss - first.rss)} (heap ${mb(memory.heapUsed - first.heapUsed)})`);
    const lastKept = await memoryKept();
    if (firstKept && lastKept) {
      console.log(
        `heap after a full collection: ${mb(firstKept.heapUsed)} at the start, ${mb(lastKept.heapUsed)} at the end, growth ${mb(lastKept.heapUsed - firstKept.heapUsed)} (goal < 10 MB); buffers ${mb(firstKept.arrayBuffers)} and ${mb(lastKept.arrayBuffers)}`,
      );
    } else {
      console.log('heap after a full collection: not read (this server cannot collect on request)');
    }
    for (const [method, samples] of latencies) console.log(`${method}: ${percentiles(samples)}`);
    const fresh = 'untitled:soak-fresh.py';
    client.open(fresh, text);
    const expected = await client.diagnostics(fresh, () => true, REQUEST_TIMEOUT_MS);
    const got = seen(final.diagnostics);
    const want = seen(expected.diagnostics);
    if (JSON.stringify(got) === JSON.stringify(want)) {
      console.log(`final diagnostics: ${got.length}, equal to a fresh open of the final text (${FINAL_TEXT})`);
    } else {
      console.log(`final diagnostics differ from a fresh open of the final text (seed ${SEED}):`);
      for (const line of got.filter((d) => !want.includes(d))) console.log(`  only after edits: ${line}`);
      for (const line of want.filter((d) => !got.includes(d))) console.log(`  only when fresh:  ${line}`);
      process.exitCode = 1;
    }
  } catch (error) {
    console.log(`soak failed at edit ${progress} (seed ${SEED}): ${(error as Error).message}`);
    writeFileSync(FAILED_TEXT, lastText);
    console.log(`the text at that edit: ${FAILED_TEXT}`);
    process.exitCode = 1;
  } finally {
    await Promise.race([client.stop(), new Promise((resolve) => setTimeout(resolve, 2_000))]);
    client.process.kill();
  }
}

void main();
