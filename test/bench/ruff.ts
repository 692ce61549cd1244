// `node --import tsx test/bench/ruff.ts [folders...]` (default: examples/dags): DAG Guard's engine
// against ruff's WebAssembly build with its Airflow rules (AIR, preview), in the same process and
// run, over the same Python files: the whole-corpus figure of issue 16 (goal: DAG Guard <= 0.7x
// ruff's time). Both run warm, one thread, alternating, median of 5; a third row is the parse
// alone. ruff is not a dependency of DAG Guard: install it beside the project first with
// `npm install --no-save @astral-sh/ruff-wasm-nodejs`. Figures, not a test.
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

void (async () => {
  const ruff = loadRuff();
  if (!ruff) {
    console.log('ruff-wasm is not installed: `npm install --no-save @astral-sh/ruff-wasm-nodejs`, then run this again.');
    return;
  }
  const folders = process.argv.slice(2);
  const files = (folders.length > 0 ? folders : [path.join(__dirname, '..', '..', 'examples', 'dags')]).flatMap((folder) =>
    pythonFiles(folder, []),
  );
  const texts = files.map((file) => readFileSync(file, 'utf8'));
  const lines = texts.reduce((count, text) => count + text.split('\n').length, 0);
  const engine = await Engine.create();
  const options: AnalysisOptions = { settings: defaultSettings(), airflowVersion: 2 };
  const workspace = new ruff.Workspace({ lint: { select: ['AIR'], preview: true } }, 'Utf16');
  const runs: Record<string, () => number> = {
    ruff: () => texts.reduce((count, text) => count + workspace.check(text).length, 0),
    dagGuard: () => texts.reduce((count, text, index) => count + engine.analyzeText(files[index] as string, text, options).length, 0),
    parse: () => texts.reduce((count, text) => count + engine.withSource('parse.py', text, () => 0), 0),
  };
  const times: Record<string, number[]> = { ruff: [], dagGuard: [], parse: [] };
  const found: Record<string, number> = {};
  // Warm: V8 optimises the analysis over several passes (on the 15 example files: 139 ms the
  // first pass, 17 ms the ninth); ruff's WebAssembly is compiled ahead. A cold CLI run pays that.
  for (let pass = 0; pass < 10; pass++) for (const run of Object.values(runs)) run();
  for (let round = 0; round < 5; round++) {
    const order = round % 2 === 0 ? ['ruff', 'dagGuard', 'parse'] : ['parse', 'dagGuard', 'ruff'];
    for (const name of order) {
      const started = performance.now();
      found[name] = (runs[name] as () => number)();
      times[name]?.push(performance.now() - started);
    }
  }
  const ruffMs = percentile(times.ruff as number[], 50);
  const ours = percentile(times.dagGuard as number[], 50);
  const parse = percentile(times.parse as number[], 50);
  console.log(`Corpus: ${files.length} Python files, ${lines} lines; one thread, in-process, warm, median of 5 alternating runs:`);
  console.log(`  ruff-wasm ${ruff.Workspace.version()} (AIR rules, preview):  ${ruffMs.toFixed(0)} ms, ${found.ruff} diagnostics`);
  console.log(
    `  DAG Guard, parse and analysis:            ${ours.toFixed(0)} ms, ${found.dagGuard} findings = ${(ours / ruffMs).toFixed(2)}x ruff (goal <= 0.7x)`,
  );
  console.log(
    `  DAG Guard, parse alone:                   ${parse.toFixed(0)} ms (parse and analysis = ${(ours / parse).toFixed(2)}x the parse; goal <= 2x)`,
  );
})();
