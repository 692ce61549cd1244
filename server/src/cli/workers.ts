// `dag-guard check` on both cores: when a run has many Python files to analyse, worker threads
// analyse them, each with its own parser and project module index (summaries are rebuilt per
// worker: a summary is a parse of one helper, far cheaper than sending trees across threads).
// The main thread keeps everything that decides the output (the order of files, fixes, the
// helper's end of cross-file findings, the cache), so the output is the same as on one thread.
import os from 'node:os';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import type { AnalysisOptions } from '../core/analyze';
import { Engine } from '../core/engine';
import type { Finding } from '../core/findings';
import type { ProjectLayout } from '../project/layout';
import { projectPathExists } from '../project/pathExists';
import { ProjectIndex } from '../project/projectIndex';
import { analyseRecorded, type CacheEntry } from '../project/resultCache';

/** Below this many files to analyse, starting workers costs more than it saves. */
const MIN_FILES_FOR_WORKERS = 50;
const MAX_WORKERS = 4;
/**
 * Below this many cores, one thread is as fast: it already keeps about 1.6 cores busy (V8's
 * collector runs beside it), and workers add their start-up and their own collectors. Measured on
 * 2 cores, 1,121 files: one thread 2.3-2.7 s wall and 3.6 s CPU, two workers 2.5-3.1 s and 4.6 s.
 */
const MIN_CORES_FOR_WORKERS = 4;
/** What a file costs beyond its text, in characters of text (see sliceStarts). */
const FILE_COST_IN_CHARACTERS = 1000;

/** What every analysis of the run shares, as plain data a worker can receive. */
export type SharedOptions = Pick<
  AnalysisOptions,
  'settings' | 'airflowVersion' | 'airflowMinor' | 'pools' | 'operatorClasses' | 'deployment' | 'variables' | 'connections'
>;

export interface WorkerSetup {
  layout: Pick<ProjectLayout, 'root' | 'dagsFolders' | 'importRoots'>;
  /** The folder template paths (DG605) are answered inside. */
  projectRoot: string;
  options: SharedOptions;
  /** Record each analysis' dependencies for the results cache. */
  record: boolean;
}

export interface WorkerJob {
  file: string;
  text: string;
  parsedByAirflow: boolean | null;
}

export interface WorkerResult {
  findings: Finding[];
  /** What a rule or the analysis reported failing, as the single-threaded run prints it. */
  errors: string[];
  /** For the results cache; null when not recording or when a rule failed (the result is incomplete). */
  entry: CacheEntry | null;
}

/**
 * How many workers to start for `files` analyses: none below MIN_FILES_FOR_WORKERS or on one core.
 * DAG_GUARD_WORKERS=N sets the number (0 or 1: none), for tests and for machines where the
 * count of cores is not what the run may use.
 */
export function workerCount(files: number, cores: number = os.availableParallelism()): number {
  const forced = process.env.DAG_GUARD_WORKERS;
  if (forced !== undefined && /^\d+$/.test(forced)) return Math.min(Number(forced), files) > 1 ? Math.min(Number(forced), files) : 0;
  if (files < MIN_FILES_FOR_WORKERS || cores < MIN_CORES_FOR_WORKERS) return 0;
  return Math.min(cores, MAX_WORKERS);
}

/** Analyses the jobs on `count` workers; the results come in the jobs' order. */
export async function analyseOnWorkers(jobs: readonly WorkerJob[], setup: WorkerSetup, count: number): Promise<WorkerResult[]> {
  const results: WorkerResult[] = new Array(jobs.length);
  // A file's fixed cost (its read, its model's setup, each rule's start) counts as this much text.
  const starts = sliceStarts(
    jobs.map((job) => job.text.length + FILE_COST_IN_CHARACTERS),
    count,
  );
  await Promise.all(
    starts.map(
      (start, index) =>
        new Promise<void>((resolve, reject) => {
          const slice = jobs.slice(start, starts[index + 1] ?? jobs.length);
          const worker = new Worker(__filename, { workerData: { dagGuardCheck: true, setup, jobs: slice } });
          worker.on('message', (sliceResults: WorkerResult[]) => {
            for (const [offset, result] of sliceResults.entries()) results[start + offset] = result;
            resolve();
          });
          worker.on('error', reject);
          worker.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`an analysis worker stopped with exit code ${code}`))));
        }),
    ),
  );
  const missing = results.findIndex((result) => result === undefined);
  if (missing !== -1) throw new Error(`an analysis worker returned no result for ${jobs[missing].file}`);
  return results;
}

/**
 * Where each worker's slice of the jobs starts: at most `count` contiguous, non-empty slices of
 * about the same amount of text. Contiguous keeps a folder's files (and the helpers they share) on
 * one worker; by text, not by count, because the analysis' cost follows a file's size (slices of
 * equal counts gave one worker all of a repository's large DAG files: 3.8 s against 2.5 s).
 */
export function sliceStarts(sizes: readonly number[], count: number): number[] {
  const total = sizes.reduce((sum, size) => sum + size, 0);
  const starts = [0];
  let done = 0;
  for (let index = 0; index < sizes.length; index++) {
    const share = (total * starts.length) / count;
    // Cut before this job when the slices so far are at least as near their share without it as with it.
    const cut = share - done <= done + sizes[index] - share;
    if (cut && index > starts[starts.length - 1] && starts.length < count) starts.push(index);
    done += sizes[index];
  }
  return starts;
}

/** The worker's side: analyse the slice, post the results back, end. */
async function runWorker(setup: WorkerSetup, jobs: readonly WorkerJob[]): Promise<void> {
  const engine = await Engine.create();
  const layout: ProjectLayout = {
    ...setup.layout,
    isParsedByAirflow: () => null,
    dagsFolderSource: null,
    ignoreSyntax: 'either',
    safeMode: true,
  };
  const modules = new ProjectIndex(layout, engine);
  const pathExists = projectPathExists(setup.projectRoot);
  const results = jobs.map(({ file, text, parsedByAirflow }): WorkerResult => {
    const errors: string[] = [];
    const options = {
      ...setup.options,
      parsedByAirflow,
      project: modules,
      pathExists,
      onRuleError: (rule: { code: string }, error: unknown) => errors.push(`rule ${rule.code} failed: ${(error as Error).message}`),
      onAnalysisError: (error: unknown) => errors.push(`not analysed: ${(error as Error).message}`),
    };
    if (!setup.record) return { findings: engine.analyzeText(file, text, options), errors, entry: null };
    return { errors, ...analyseRecorded(engine, file, text, options, modules, pathExists) };
  });
  parentPort!.postMessage(results);
}

// This module is the workers' entry too: `new Worker(__filename)` loads the bundle (dist/cli.js)
// or, under tsx, this file, and this line starts the work.
if (!isMainThread && (workerData as { dagGuardCheck?: boolean } | null)?.dagGuardCheck) {
  const { setup, jobs } = workerData as { setup: WorkerSetup; jobs: WorkerJob[] };
  runWorker(setup, jobs).catch((error: unknown) => {
    // The main thread sees the worker's exit code and fails the run loudly.
    process.stderr.write(`dag-guard: analysis worker: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(2);
  });
}
