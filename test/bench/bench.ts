// `npm run bench`: figures, not a timed test. Prints
//  1. per-edit latency on a generated 5,000-line DAG file, server side: applying an incremental
//     LSP change to the document store (tree edit + incremental re-parse), and the analysis that
//     runs after the debounce, p50 / p95 over many single-character edits, and the p50 of each
//     part of the analysis (the file model, the argument sites, each rule);
//  2. files per second for a full `dag-guard check`-style run over a folder of DAG files.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { analyzePython } from '../../server/src/core/analyze';
import { Engine } from '../../server/src/core/engine';
import { defaultSettings } from '../../server/src/core/settings/schema';
import { createPythonParser } from '../../server/src/core/syntax/parser';
import { DocumentStore } from '../../server/src/protocol/documents';
import { generateLargeDag } from './generate';

function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

const fmt = (ms: number) => `${ms.toFixed(2)} ms`;

async function perEdit(): Promise<void> {
  const parser = await createPythonParser();
  const store = new DocumentStore(parser);
  const text = generateLargeDag(5000);
  const uri = 'file:///bench/large_dag.py';
  const settings = defaultSettings();
  const lineCount = text.split('\n').length;
  store.open(uri, 'python', 1, text);
  const editSamples: number[] = [];
  const analysisSamples: number[] = [];
  const total: number[] = [];
  const parts = new Map<string, number[]>();
  const onTiming = (part: string, milliseconds: number) => {
    const samples = parts.get(part);
    if (samples) samples.push(milliseconds);
    else parts.set(part, [milliseconds]);
  };
  let findings = 0;
  // Typing: insert a character at a spread of positions (inside strings, names, calls), then
  // delete it again, as an editor sends them one keystroke at a time.
  const EDITS = 400;
  for (let i = 0; i < EDITS; i++) {
    const entry = store.get(uri)!;
    const line = 20 + ((i * 7919) % (lineCount - 40));
    const lineText = entry.document.getText({ start: { line, character: 0 }, end: { line, character: 1000 } }).replace(/\r?\n$/, '');
    const character = Math.min(lineText.length, 8);
    const insert = i % 2 === 0;
    const range = insert
      ? { start: { line, character }, end: { line, character } }
      : { start: { line, character }, end: { line, character: Math.min(lineText.length, character + 1) } };
    const started = performance.now();
    store.change(uri, entry.document.version + 1, [{ range, text: insert ? 'x' : '' }]);
    const edited = performance.now();
    const source = store.sourceOf(store.get(uri)!)!;
    findings = analyzePython(source, { settings, airflowVersion: 2, onTiming }).length;
    const analysed = performance.now();
    editSamples.push(edited - started);
    analysisSamples.push(analysed - edited);
    total.push(analysed - started);
  }
  store.dispose();
  console.log(`Per-edit latency, ${lineCount}-line DAG file, ${EDITS} single-character edits (${findings} findings):`);
  console.log(`  edit + incremental re-parse:   p50 ${fmt(percentile(editSamples, 50))}   p95 ${fmt(percentile(editSamples, 95))}`);
  console.log(`  analysis (after the debounce): p50 ${fmt(percentile(analysisSamples, 50))}   p95 ${fmt(percentile(analysisSamples, 95))}`);
  console.log(`  both:                          p50 ${fmt(percentile(total, 50))}   p95 ${fmt(percentile(total, 95))}`);
  const slowest = [...parts].map(([part, samples]) => [part, percentile(samples, 50)] as const).sort((a, b) => b[1] - a[1]);
  console.log(`  analysis by part, p50:         ${slowest.filter(([, ms]) => ms >= 0.1).map(([part, ms]) => `${part} ${ms.toFixed(1)}`).join(', ')} (ms)`);
}

async function folder(): Promise<void> {
  const examples = path.join(__dirname, '..', '..', 'examples', 'dags');
  const sources = readdirSync(examples).filter((name) => name.endsWith('.py')).map((name) => readFileSync(path.join(examples, name), 'utf8'));
  const dir = mkdtempSync(path.join(os.tmpdir(), 'dag-guard-bench-'));
  const FILES = 300;
  for (let i = 0; i < FILES; i++) writeFileSync(path.join(dir, `dag_${i}.py`), sources[i % sources.length] ?? generateLargeDag(200));
  const engine = await Engine.create();
  const settings = defaultSettings();
  let lines = 0;
  let findings = 0;
  const started = performance.now();
  for (const name of readdirSync(dir)) {
    const text = readFileSync(path.join(dir, name), 'utf8');
    lines += text.split('\n').length;
    findings += engine.analyzeText(name, text, { settings, airflowVersion: 2 }).length;
  }
  const seconds = (performance.now() - started) / 1000;
  rmSync(dir, { recursive: true, force: true });
  console.log(`Folder: ${FILES} DAG files (${lines} lines, ${findings} findings) read, parsed and analysed in ${seconds.toFixed(2)} s: ${(FILES / seconds).toFixed(0)} files/s, ${(lines / seconds / 1000).toFixed(0)}k lines/s`);
}

(async () => {
  await perEdit();
  await folder();
})();
