// `npm run bench` (second part): `dag-guard check` end to end, as CI runs it, on a generated
// repository of 1,000 DAG files sharing 20 helper modules plus 100 larger DAG files. Prints the
// median wall time of three runs for: one thread without the cache, worker threads without the
// cache (both cores), the first run that fills the cache, then of eleven for a repeat run of the
// unchanged repository (goal: <= 0.1x the first run) and for `--version`, then of three for a
// repeat after one helper changed.
// Figures, not a timed test.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync, appendFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generateLargeDag, generateProject } from './generate';

const CLI = path.join(__dirname, '..', '..', 'dist', 'cli.js');
const root = mkdtempSync(path.join(os.tmpdir(), 'dag-guard-bench-cli-'));
try {
  const files: Record<string, string> = { 'pyproject.toml': '[tool.dag-guard]\n', ...generateProject(1000, 20) };
  for (let i = 0; i < 100; i++) files[`dags/large/pipeline_${i}.py`] = generateLargeDag(400);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    writeFileSync(path.join(root, name), text);
  }
  const python = Object.keys(files).filter((name) => name.endsWith('.py')).length;

  const check = (extra: string[], workers?: string): number => {
    const started = performance.now();
    const env = { ...process.env, NO_COLOR: '1', ...(workers === undefined ? {} : { DAG_GUARD_WORKERS: workers }) };
    const result = spawnSync(
      process.execPath,
      [CLI, 'check', '.', '--format', 'json', '--output-file', path.join(root, 'out.json'), ...extra],
      { cwd: root, env, encoding: 'utf8' },
    );
    if (result.status !== 1) throw new Error(`check exited ${result.status}: ${result.stderr}`);
    return performance.now() - started;
  };
  // Three runs of the multi-second figures; eleven of the sub-second ones, which a busy host
  // (other machines' load on shared cores) moves by a third from one run to the next.
  const median = (make: () => number, runs = 3) => {
    const times = Array.from({ length: runs }, make).sort((a, b) => a - b);
    return times[(runs - 1) / 2] as number;
  };
  const clearCache = () => rmSync(path.join(root, '.dag-guard-cache'), { recursive: true, force: true });
  const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

  console.log(
    `\nCLI: dag-guard check on ${python} Python files (${os.availableParallelism()} cores), median of 3 runs (11 for the repeat and --version)`,
  );
  const single = median(() => check(['--no-cache'], '0'));
  // Forced: by default, `check` starts workers only on 4 cores or more (workers.ts).
  const workers = Math.max(2, Math.min(4, os.availableParallelism()));
  const threaded = median(() => check(['--no-cache'], String(workers)));
  console.log(`  one thread, no cache:      ${s(single)}`);
  console.log(`  ${workers} worker threads, no cache: ${s(threaded)} (${(single / threaded).toFixed(2)}x faster)`);
  const first = median(() => (clearCache(), check([])));
  const repeat = median(() => check([]), 11);
  console.log(`  first run, filling cache:  ${s(first)}`);
  console.log(`  repeat run, unchanged:     ${s(repeat)} = ${(repeat / first).toFixed(2)}x the first run (goal <= 0.10x)`);
  const helper = path.join(root, 'dags/common/helper_3.py');
  const afterEdit = median(() => (appendFileSync(helper, '\n# edited\n'), check([])));
  console.log(`  repeat after a helper edit: ${s(afterEdit)} (its dependents analysed again)`);
  const version = spawnSync(process.execPath, [CLI, '--version'], { encoding: 'utf8' });
  const startup = median(() => {
    const started = performance.now();
    spawnSync(process.execPath, [CLI, '--version']);
    return performance.now() - started;
  }, 11);
  console.log(`  floor: \`dag-guard --version\` ${s(startup)} (${version.stdout.trim()})`);
} finally {
  rmSync(root, { recursive: true, force: true });
}
