// `npm run bench`: figures, not a timed test. It runs the bench as test/build.mjs compiles it for
// `npm test` (plain JavaScript, as the bundles are: under tsx, each closure the measured code makes
// also gets its name set at run time, a cost the shipped code does not have). Prints
//  1. per-edit latency on a generated 5,000-line DAG file, server side: applying an incremental
//     LSP change to the document store (tree edit + incremental re-parse), and the analysis that
//     runs after the debounce, p50 / p95 over many single-character edits, and the p50 of each
//     part of the analysis (the file model, the argument sites, each rule);
//     and with the young generation of the heap collected before each analysis, as the server
//     collects it while idle (in alternate blocks of 50 edits), and that collection's own time;
//  1b. the longest step of an analysis of that file (steps.ts), p50 / max over 20 analyses, against
//     its goal: a request waits for the step under way, in an open document's analysis or the
//     workspace scan's (`-- --only steps` prints each step over 1 ms; `-- --only per-edit` prints
//     figure 1 alone);
//  2. files per second for a full `dag-guard check`-style run over a folder of DAG files (through
//     a project module index, as `check` runs);
//  3. the project figure: a generated repository of 1,000 DAG files sharing 20 helper modules,
//     the time to analyse it all through a fresh module index, and to analyse again after an edit
//     of one DAG file and after an edit of one helper (the DAG files that read it);
//  4. the code actions an editor asks for at every cursor move inside an operator call (the
//     refactorings), over stdio on the 5,000-line file, p50 / p95 against the goal; with
//     BENCH_BASELINE=<another build's dist/server.js> (the starting commit's), both builds are
//     measured in the same run, in turns, each with only its own server running.
//  5. the language server's latencies as an editor sees them, each with its goal (latency.ts):
//     `-- --baseline <path to another build's dist/server.js>` measures that build beside this one
//     in the same run; `-- --only latency` prints only these.
//  6. `dag-guard check` end to end (cli.ts), and the whole-corpus figure (corpus.ts: parse and
//     analysis against the parse alone, and against ruff-wasm when installed) over the example
//     gallery, or over `-- --corpus <folder,folder>`.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { analyzePython } from '../../server/src/core/analyze';
import { Engine } from '../../server/src/core/engine';
import { defaultSettings } from '../../server/src/core/settings/schema';
import { createPythonParser } from '../../server/src/core/syntax/parser';
import { runToEnd } from '../../server/src/core/steps';
import { DocumentStore } from '../../server/src/protocol/documents';
import { exposedCollector, worthCollecting } from '../../server/src/protocol/idleCollection';
import { generateLargeDag, generateProject } from './generate';
import { rootOnlyLayout } from '../../server/src/project/layout';
import { ProjectIndex } from '../../server/src/project/projectIndex';
import { ProjectModulesService } from '../../server/src/protocol/projectModules';
import type { AnalysisOptions } from '../../server/src/core/analyze';
import { LspTestClient } from '../helpers/lspClient';
import { latency } from './latency';
import { stepFigure } from './steps';
import { percentile } from './stats';

const fmt = (ms: number) => `${ms.toFixed(2)} ms`;

async function perEdit(): Promise<void> {
  const parser = await createPythonParser();
  const store = new DocumentStore(parser);
  const text = generateLargeDag(5000);
  const uri = 'file:///bench/large_dag.py';
  const settings = defaultSettings();
  const lineCount = text.split('\n').length;
  // The first parse of a large text runs in slices, as the server's analysis runs them.
  runToEnd(store.parseSteps(store.open(uri, 'python', 1, text)));
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
  // The server collects the young generation when it is idle after an analysis (protocol/
  // idleCollection.ts): every other block of edits here does the same after each analysis, so that
  // both figures come from one run (the first analysis of a block follows the other kind: not counted).
  const collect = exposedCollector();
  const afterCollection: number[] = [];
  const collections: number[] = [];
  // Typing: insert a character at a spread of positions (inside strings, names, calls), then
  // delete it again, as an editor sends them one keystroke at a time.
  const EDITS = 800;
  const BLOCK = 50;
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
    // The server re-parses a changed document inside the analysis' debounce (server.ts reparseSoon).
    store.treeOf(store.get(uri)!);
    const edited = performance.now();
    const source = store.sourceOf(store.get(uri)!)!;
    findings = analyzePython(source, { settings, airflowVersion: 2, onTiming }).length;
    const analysed = performance.now();
    editSamples.push(edited - started);
    const collecting = collect !== null && Math.floor(i / BLOCK) % 2 === 1;
    if (i % BLOCK !== 0) (collecting ? afterCollection : analysisSamples).push(analysed - edited);
    total.push(analysed - started);
    if (collecting && worthCollecting()) {
      const collecting = performance.now();
      collect({ type: 'minor' });
      collections.push(performance.now() - collecting);
    }
  }
  store.dispose();
  console.log(`Per-edit latency, ${lineCount}-line DAG file, ${EDITS} single-character edits (${findings} findings):`);
  console.log(`  edit + incremental re-parse:   p50 ${fmt(percentile(editSamples, 50))}   p95 ${fmt(percentile(editSamples, 95))}`);
  console.log(
    `  analysis (after the debounce): p50 ${fmt(percentile(analysisSamples, 50))}   p95 ${fmt(percentile(analysisSamples, 95))}   (goal: p95 <= 15 ms)`,
  );
  if (collections.length > 0)
    console.log(
      `  same, young generation collected while idle before it (as the server does): p50 ${fmt(percentile(afterCollection, 50))}   p95 ${fmt(percentile(afterCollection, 95))}; the collection itself, idle: p50 ${fmt(percentile(collections, 50))}   p95 ${fmt(percentile(collections, 95))}`,
    );
  console.log(`  both:                          p50 ${fmt(percentile(total, 50))}   p95 ${fmt(percentile(total, 95))}`);
  const slowest = [...parts].map(([part, samples]) => [part, percentile(samples, 50)] as const).sort((a, b) => b[1] - a[1]);
  console.log(
    `  analysis by part, p50:         ${slowest
      .filter(([, ms]) => ms >= 0.1)
      .map(([part, ms]) => `${part} ${ms.toFixed(1)}`)
      .join(', ')} (ms)`,
  );
}

async function folder(): Promise<void> {
  const examples = path.join(__dirname, '..', '..', 'examples', 'dags');
  const sources = readdirSync(examples)
    .filter((name) => name.endsWith('.py'))
    .map((name) => readFileSync(path.join(examples, name), 'utf8'));
  const dir = mkdtempSync(path.join(os.tmpdir(), 'dag-guard-bench-'));
  const FILES = 300;
  for (let i = 0; i < FILES; i++) writeFileSync(path.join(dir, `dag_${i}.py`), sources[i % sources.length] ?? generateLargeDag(200));
  const engine = await Engine.create();
  const settings = defaultSettings();
  let lines = 0;
  let findings = 0;
  const started = performance.now();
  const project = new ProjectIndex(rootOnlyLayout(dir), engine);
  const options = { settings, airflowVersion: 2, project } as AnalysisOptions;
  for (const name of readdirSync(dir)) {
    const text = readFileSync(path.join(dir, name), 'utf8');
    lines += text.split('\n').length;
    findings += engine.analyzeText(path.join(dir, name), text, options).length;
  }
  const seconds = (performance.now() - started) / 1000;
  rmSync(dir, { recursive: true, force: true });
  console.log(
    `Folder: ${FILES} DAG files (${lines} lines, ${findings} findings) read, parsed and analysed in ${seconds.toFixed(2)} s: ${(FILES / seconds).toFixed(0)} files/s, ${(lines / seconds / 1000).toFixed(0)}k lines/s`,
  );
}

async function projectFigure(): Promise<void> {
  const DAG_FILES = 1000;
  const HELPERS = 20;
  const root = mkdtempSync(path.join(os.tmpdir(), 'dag-guard-bench-project-'));
  for (const [name, text] of Object.entries(generateProject(DAG_FILES, HELPERS))) {
    mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    writeFileSync(path.join(root, name), text);
  }
  const engine = await Engine.create();
  // The DAG folder first on the import path, as Airflow puts it there.
  const layout = { ...rootOnlyLayout(root), dagsFolders: [path.join(root, 'dags')], importRoots: [path.join(root, 'dags'), root] };
  const service = new ProjectModulesService(engine);
  const base: AnalysisOptions = { settings: defaultSettings(), airflowVersion: 2 };
  const dagFiles = readdirSync(path.join(root, 'dags'))
    .filter((name) => name.endsWith('.py'))
    .map((name) => path.join(root, 'dags', name));
  const texts = new Map(dagFiles.map((file) => [file, readFileSync(file, 'utf8')]));
  let findings = 0;
  let crossFile = 0;
  const analyse = (file: string, text: string) => {
    const options = service.optionsFor(layout, base);
    const found = service.analyse(layout, file, () => engine.analyzeText(file, text, options)).findings;
    findings += found.length;
    crossFile += found.filter((finding) => (finding as { related?: unknown[] }).related?.length).length;
  };
  let started = performance.now();
  for (const [file, text] of texts) analyse(file, text);
  const full = performance.now() - started;
  const builds = service.summaries.builds;
  console.log(
    `Project: ${DAG_FILES} DAG files sharing ${HELPERS} helpers, through a fresh module index: ${(full / 1000).toFixed(2)} s (${((DAG_FILES / full) * 1000).toFixed(0)} files/s), ${builds} module summaries, ${findings} findings (${crossFile} across modules)`,
  );

  const dag = dagFiles[0];
  started = performance.now();
  analyse(dag, texts.get(dag)!.replace('catchup=False', 'catchup=True'));
  console.log(
    `  after an edit of a DAG file: ${fmt(performance.now() - started)} to analyse it again, ${service.summaries.builds - builds} modules summarised again`,
  );

  const helper = path.join(root, 'dags', 'common', 'helper_1.py');
  const beforeHelper = service.summaries.builds;
  started = performance.now();
  service.documentChanged(helper, readFileSync(helper, 'utf8').replace('["a", "b", "c"]', '["a", "b"]'));
  const dependents = service.dependentsOf(helper);
  for (const file of dependents) analyse(file, texts.get(file)!);
  console.log(
    `  after an edit of a helper: ${fmt(performance.now() - started)} to analyse again the ${dependents.length} DAG files that read it, ${service.summaries.builds - beforeHelper} modules summarised again`,
  );
  rmSync(root, { recursive: true, force: true });
}

/** Goal of issue 16: refactor code actions on cursor moves <= 2 ms p50. */
const CODE_ACTION_GOAL_MS = 2;

async function codeActionFigure(): Promise<void> {
  const text = generateLargeDag(5000);
  const uri = 'file:///bench/large_dag.py';
  const builds: Array<{ name: string; server?: string; samples: number[] }> = [{ name: 'this build', samples: [] }];
  const baseline = process.env.BENCH_BASELINE;
  if (baseline) builds.push({ name: `baseline (${baseline})`, server: baseline, samples: [] });
  // The cursor on each operator call's task_id keyword, as it moves through the file.
  const lines = text.split('\n');
  const positions = lines.flatMap((line, index) =>
    /^\s+task_id=/.test(line) ? [{ line: index, character: line.indexOf('task_id') + 2 }] : [],
  );
  let offered = 0;
  // Each build in turn, twice, with only its own server running (a second server's garbage
  // collection would slow the first on a 2-core machine): both see the same load over the run.
  const ROUNDS = 2;
  const PER_ROUND = 150;
  const WARM_UP = 30;
  for (let round = 0; round < ROUNDS; round++) {
    for (const build of builds) {
      const client = await LspTestClient.start({ server: build.server });
      client.open(uri, text);
      await client.diagnostics(uri, () => true, 60_000);
      for (let i = 0; i < WARM_UP + PER_ROUND; i++) {
        const position = positions[(i * 37) % positions.length];
        const started = performance.now();
        const actions = await client.request<unknown[]>('textDocument/codeAction', {
          textDocument: { uri },
          range: { start: position, end: position },
          context: { diagnostics: [], triggerKind: 2 },
        });
        // The first requests warm the JIT.
        if (i >= WARM_UP) build.samples.push(performance.now() - started);
        if (build === builds[0]) offered = actions.length;
      }
      await client.stop();
    }
  }
  console.log(
    `Refactor code actions at cursor moves, ${lines.length}-line DAG file, ${ROUNDS * PER_ROUND} requests over stdio (${offered} actions at the last cursor; goal: p50 <= ${CODE_ACTION_GOAL_MS} ms):`,
  );
  for (const build of builds) {
    const p50 = percentile(build.samples, 50);
    console.log(
      `  ${build.name}: p50 ${fmt(p50)}   p95 ${fmt(percentile(build.samples, 95))}   ${p50 <= CODE_ACTION_GOAL_MS ? 'meets the goal' : 'misses the goal'}`,
    );
  }
}

function option(name: string): string | undefined {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? process.argv[at + 1] : undefined;
}

void (async () => {
  if (process.argv.includes('--code-actions')) return codeActionFigure();
  if (option('only') === 'steps') return stepFigure(true);
  if (option('only') === 'per-edit') return perEdit();
  if (option('only') !== 'latency') {
    await perEdit();
    await stepFigure();
    await folder();
    await projectFigure();
    await codeActionFigure();
  }
  await latency({ baseline: option('baseline') });
  if (option('only')) return;
  // The CLI's figures and the whole-corpus figure, each in a process of its own (a fresh heap and
  // JIT, as a CI run has): `-- --corpus <folder,folder>` points the latter at real repositories.
  // Run as compiled by test/build.mjs (`npm run bench`), the siblings run compiled too; under tsx,
  // through tsx (__dirname is the source folder either way).
  const compiled = process.argv[1]?.endsWith('.js') ?? false;
  for (const [script, args] of [
    ['cli', []],
    ['corpus', option('corpus')?.split(',') ?? []],
  ] as const) {
    const run = compiled
      ? [path.join(path.dirname(process.argv[1] as string), `${script}.js`)]
      : ['--import', 'tsx', path.join(__dirname, `${script}.ts`)];
    spawnSync(process.execPath, [...run, ...args], { stdio: 'inherit' });
  }
})();
