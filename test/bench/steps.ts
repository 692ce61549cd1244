// The longest step of an analysis (part of `npm run bench`; alone: `node --import tsx
// test/bench/bench.ts --only steps`, which also prints every step over 1 ms). The language server
// runs an analysis a slice at a time (core/analyze.ts analysisSteps, protocol/analysisScheduler.ts
// runInSlices): a request that arrives during a step waits for its end, so the longest step bounds
// how long requests wait behind an analysis or the workspace scan (issue 16: p95 <= 50 ms).
// Each step is named after the part it belongs to: the part whose `onTiming` report follows it
// ('model', then each rule by its code), with its place in the part.
import { analysisSteps } from '../../server/src/core/analyze';
import { SourceFile } from '../../server/src/core/model/source';
import { defaultSettings } from '../../server/src/core/settings/schema';
import { createPythonParser, parsePython } from '../../server/src/core/syntax/parser';
import type { ProjectModules } from '../../server/src/core/project/modules';
import { inMemoryProject } from '../helpers/projectModules';
import { generateLargeDag } from './generate';
import { percentile } from './stats';

/** Goal: a step this long on a quiet machine leaves room for the request and the slice before it. */
const LONGEST_STEP_GOAL_MS = 5;

interface Step {
  part: string;
  index: number;
  milliseconds: number;
}

/** The steps of one analysis of `source`, each with its part and its duration. */
function timeSteps(source: SourceFile, project: ProjectModules | null): Step[] {
  const steps: Step[] = [];
  let pending: number[] = [];
  let ended: string | null = null;
  const onTiming = (part: string) => {
    // Reported at the end of the part's last step ('argument sites' inside a rule's step when the
    // rule reads them undeclared: that step is the rule's, whose report ends the same step).
    ended = part;
  };
  const run = analysisSteps(source, { settings: defaultSettings(), airflowVersion: 2, onTiming, project });
  for (;;) {
    const started = performance.now();
    const step = run.next();
    pending.push(performance.now() - started);
    if (ended || step.done) {
      const part = ended ?? 'end';
      steps.push(...pending.map((milliseconds, index) => ({ part, index, milliseconds })));
      pending = [];
      ended = null;
    }
    if (step.done) return steps;
  }
}

/**
 * Analyses the 5,000-line bench file `runs` times, each on a fresh tree (the node index and the
 * argument sites are built once per tree, as after each edit), after `warmUp` runs; returns the
 * longest step of each run and, per step, its p50 and max across runs.
 */
async function stepFigures(project: ProjectModules | null, runs = 20, warmUp = 5) {
  const parser = await createPythonParser();
  const text = generateLargeDag(5000);
  const longest: number[] = [];
  const byStep = new Map<string, number[]>();
  let count = 0;
  for (let run = 0; run < warmUp + runs; run++) {
    const tree = parsePython(parser, text);
    try {
      const steps = timeSteps(new SourceFile('bench/large_dag.py', text, tree), project);
      if (run < warmUp) continue;
      count = steps.length;
      longest.push(Math.max(...steps.map((step) => step.milliseconds)));
      for (const step of steps) {
        const name = `${step.part} #${step.index}`;
        const samples = byStep.get(name);
        if (samples) samples.push(step.milliseconds);
        else byStep.set(name, [step.milliseconds]);
      }
    } finally {
      tree.delete();
    }
  }
  const steps = [...byStep].map(([name, samples]) => ({
    name,
    min: Math.min(...samples),
    p50: percentile(samples, 50),
    max: Math.max(...samples),
  }));
  return { lines: text.split('\n').length, runs, count, longest, steps: steps.sort((a, b) => b.p50 - a.p50) };
}

/**
 * Without a project (an editor with no folder open) and with one (a workspace: the server reads
 * the project's modules, and DG206 follows the file's own factories through its own summary).
 */
export async function stepFigure(list = false): Promise<void> {
  for (const project of [null, await inMemoryProject({})]) {
    const { lines, runs, count, longest, steps } = await stepFigures(project);
    const p50 = percentile(longest, 50);
    const slowest = steps[0];
    console.log(
      `Analysis steps, ${lines}-line DAG file, ${project ? 'with' : 'without'} a project, ${runs} analyses of ${count} steps (goal: longest step <= ${LONGEST_STEP_GOAL_MS} ms):`,
    );
    // Each run's longest step is often a short one that the machine's load or a collection stretched.
    console.log(
      `  longest analysis step: p50 ${p50.toFixed(2)} ms   max ${Math.max(...longest).toFixed(2)} ms   ${p50 <= LONGEST_STEP_GOAL_MS ? 'meets the goal' : 'misses the goal'}`,
    );
    console.log(`  slowest step by its p50: ${slowest.name}, p50 ${slowest.p50.toFixed(2)} ms (min ${slowest.min.toFixed(2)} ms)`);
    if (!list) continue;
    for (const step of steps.filter((each) => each.p50 > 1)) {
      console.log(
        `  ${step.name.padEnd(22)} min ${step.min.toFixed(2)} ms   p50 ${step.p50.toFixed(2)} ms   max ${step.max.toFixed(2)} ms`,
      );
    }
  }
}
