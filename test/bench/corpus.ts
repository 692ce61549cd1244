// `npm run bench` (last part), or alone: `node --import tsx test/bench/corpus.ts [folders...]`
// (default: examples/dags, a gallery dense with hazards; point it at real repositories for the
// figure that counts). The whole-corpus figures of issue 16 over the same Python files, in one
// process, one thread, warm, median of 5 alternating rounds:
//  - DAG Guard's parse and analysis against the parse alone (goal: <= 2x the parse);
//  - ruff's WebAssembly build with its Airflow rules (AIR, preview), when it is installed beside the
//    project (`npm install --no-save @astral-sh/ruff-wasm-nodejs`; it is not a dependency of DAG
//    Guard): goal DAG Guard <= 0.7x ruff's time.
// Figures, not a test.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { type AnalysisOptions } from '../../server/src/core/analyze';
import { Engine } from '../../server/src/core/engine';
import { defaultSettings } from '../../server/src/core/settings/schema';
import { percentile } from './stats';

interface RuffWorkspace {
  check(contents: string): unknown[];
}
interface RuffModule {
  Workspace: { new (options: unknown, encoding: string): RuffWorkspace; version(): string };
}

function loadRuff(): RuffModule | null {
  try {
    return require('@astral-sh/ruff-wasm-nodejs') as RuffModule;
  } catch {
    return null;
  }
}

function pythonFiles(dir: string, out: string[]): string[] {
  for (const name of readdirSync(dir)) {
    if (name.startsWith('.') || name === 'node_modules') continue;
    const full = path.join(dir, name);
    const stat = statSync(full);
    if (stat.isDirectory()) pythonFiles(full, out);
    else if (name.endsWith('.py') && stat.size < 2_000_000) out.push(full);
  }
  return out;
}

/**
 * Warm-up before measuring: at least 10 passes and 2 s. V8 optimises the analysis over several
 * passes, and moves WebAssembly (tree-sitter's parser, ruff) from its baseline compiler to the
 * optimising one only once a function has run enough: on the 15 example files, after 10 passes the
 * parse alone still took 10-14 ms a pass, after 100 passes 2 ms. A cold CLI run pays that too.
 */
const WARM_PASSES = 10;
const WARM_MS = 2000;

void (async () => {
  const folders = process.argv.slice(2);
  const files = (folders.length > 0 ? folders : [path.join(__dirname, '..', '..', 'examples', 'dags')]).flatMap((folder) =>
    pythonFiles(folder, []),
  );
  const texts = files.map((file) => readFileSync(file, 'utf8'));
  const lines = texts.reduce((count, text) => count + text.split('\n').length, 0);
  const engine = await Engine.create();
  const options: AnalysisOptions = { settings: defaultSettings(), airflowVersion: 2 };
  const ruff = loadRuff();
  const workspace = ruff ? new ruff.Workspace({ lint: { select: ['AIR'], preview: true } }, 'Utf16') : null;
  const runs: Record<string, () => number> = {
    dagGuard: () => texts.reduce((count, text, index) => count + engine.analyzeText(files[index] as string, text, options).length, 0),
    parse: () => texts.reduce((count, text) => count + engine.withSource('parse.py', text, () => 0), 0),
  };
  if (workspace) runs.ruff = () => texts.reduce((count, text) => count + workspace.check(text).length, 0);
  const names = Object.keys(runs);
  const warmUntil = performance.now() + WARM_MS;
  for (let pass = 0; pass < WARM_PASSES || performance.now() < warmUntil; pass++) for (const run of Object.values(runs)) run();
  const times: Record<string, number[]> = Object.fromEntries(names.map((name) => [name, []]));
  const found: Record<string, number> = {};
  for (let round = 0; round < 5; round++) {
    for (const name of round % 2 === 0 ? names : [...names].reverse()) {
      const started = performance.now();
      found[name] = (runs[name] as () => number)();
      times[name]?.push(performance.now() - started);
    }
  }
  const median = (name: string) => percentile(times[name] as number[], 50);
  const ours = median('dagGuard');
  const parse = median('parse');
  console.log(`Corpus: ${files.length} Python files, ${lines} lines; one thread, in-process, warm, median of 5 alternating rounds:`);
  console.log(`  DAG Guard, parse and analysis:  ${ours.toFixed(0)} ms, ${found.dagGuard} findings`);
  console.log(
    `  DAG Guard, parse alone:         ${parse.toFixed(0)} ms: parse and analysis = ${(ours / parse).toFixed(2)}x the parse (goal <= 2x)`,
  );
  if (!ruff) {
    console.log('  ruff-wasm: not installed (`npm install --no-save @astral-sh/ruff-wasm-nodejs` to measure against it)');
    return;
  }
  const ruffMs = median('ruff');
  console.log(
    `  ruff-wasm ${ruff.Workspace.version()} (AIR rules, preview): ${ruffMs.toFixed(0)} ms, ${found.ruff} diagnostics: DAG Guard = ${(ours / ruffMs).toFixed(2)}x ruff (goal <= 0.7x); the parse alone = ${(parse / ruffMs).toFixed(2)}x ruff`,
  );
})();
