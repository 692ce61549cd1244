// `dag-guard check`: find the DAG files, analyse them with the same core as the language server,
// optionally apply the fixes (or show them as a diff), and print the findings in the chosen format.
import { existsSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Engine } from '../core/engine';
import { analyzeConfigText } from '../core/analyzeConfig';
import { documentKind, isConfigKind } from '../core/documentKind';
import { ALL_RULES } from '../core/rules/registry';
import type { Finding } from '../core/findings';
import { defaultSettings, type Settings } from '../core/settings/schema';
import { applySafeFixes, safeFixes, unsafeIncludedFixes } from '../core/fixes/fixAll';
import { loadProjectConfig, type ProjectConfig } from '../project/projectConfig';
import { UsageError, type CheckArgs } from './args';
import type { ProjectModules } from '../core/project/modules';
import { OperatorIndex } from '../project/operatorIndex';
import { resolveDeployment } from '../project/airflowDeployment';
import { configProjectOf, findConfigFilesNear } from '../project/airflowTimings';
import { FileFilter } from '../project/files';
import { FolderListings } from '../project/slices';
import { gitRepositoryRoot } from '../project/gitignore';
import { parsedByAirflow, readProjectLayout } from '../project/layout';
import { projectPathExists } from '../project/pathExists';
import { ProjectIndex } from '../project/projectIndex';
import { writeSourceFile } from '../project/writeSource';
import { analyseRecorded, FileStamps, ResultCache, type DependencyCheck, type RunInput } from '../project/resultCache';
import type { RecordedOutput } from '../project/cacheFile';
import type { AnalysisOptions } from '../core/analyze';
import { buildIdentity } from './build';
import { analyseOnWorkers, workerCount, type SharedOptions, type WorkerJob, type WorkerResult } from './workers';
import type { PathExists } from '../core/jinja/templateFiles';
import type { ProjectLayout } from '../project/layout';
import { addHelperEnds, otherDagCandidates, type CheckedPython } from './helperEnds';
import { unifiedDiff } from './diff';
import { CliError } from './errors';
import { checkExitCode } from './exitCode';
import { collectInputs, type CheckInput } from './inputs';
import { relativePath } from './paths';
import { formatGithub } from './formats/github';
import { formatJson } from './formats/json';
import { formatSarif } from './formats/sarif';
import { formatStatistics } from './formats/statistics';
import { formatText } from './formats/text';

export { relativePath } from './paths';

export interface CliIO {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  cwd: string;
  color: boolean;
  /** The bytes on standard input (`check --stdin-filename PATH -`); none when not given. */
  readStdin?: () => Promise<Uint8Array>;
}

export interface FileResult {
  /** Relative to the current folder, with forward slashes. */
  path: string;
  findings: Finding[];
  /** Why the file was skipped (not UTF-8, unreadable). */
  error?: string;
  /** Findings fixed by --fix (or that --diff would fix). */
  fixed: number;
  /** --diff: the unified diff of the fixes, '' when they change nothing. */
  diff?: string;
}

export async function runCheck(args: CheckArgs, io: CliIO): Promise<number> {
  // The parser (its WebAssembly), loaded when first needed: a run the results cache answers whole,
  // or whose analyses all run on worker threads, never loads it on the main thread.
  const engine = lazyEngine();
  const project = loadProject({ config: args.config, paths: args.stdinFilename ? [args.stdinFilename] : args.paths }, io);
  if (args.verbose) io.stderr(`dag-guard: ${project.airflowVersionSource}\n`);
  const settings = applySelection(project.settings, args);
  // One stat a file for the run: the results cache's and the operator index's questions share it.
  const stamps = new FileStamps();
  // One read a folder for the run: the inputs, the config files and the operator classes walk the same tree.
  const listings = new FolderListings();
  const { inputs, missing, walkedWhole } = await collectInputs(args, io, project, settings, stamps, listings);

  const filter = new FileFilter(project.root, settings);
  // airflow.cfg / AIRFLOW__ variables nearest the first path (as `report` reads the timings).
  const configFiles = findConfigFilesNear(projectStart(io.cwd, args.stdinFilename ?? args.paths[0]), project.root, listings);
  const deployment = resolveDeployment(configFiles);
  // Which files Airflow parses (DAG folder, .airflowignore) and where operator classes may live.
  const layout = readProjectLayout(project.root, settings, { airflowVersion: project.airflowVersion, configFiles });
  // Asked for each file more than once (the cache, the workers, the loop); the answer is the folder's.
  const parsedByAirflowOf = memoized((file: string) => parsedByAirflow(layout, file));
  // What every analysis of the run shares (with the operator classes, below).
  const facts = {
    settings,
    airflowVersion: project.airflowVersion,
    airflowMinor: project.airflowMinor,
    pools: project.pools,
    deployment,
    variables: project.variables,
    connections: project.connections,
  };
  // Results of earlier runs, reused for files whose text and dependencies are unchanged. Not with
  // stdin (its text overrides the module on disk). It also remembers which files define operator classes.
  const cache = args.cache && !args.stdinFilename ? openResultCache(project, facts, stamps) : null;
  const operatorClasses = await new OperatorIndex(null, layout, filter, cache).classesParsedWith(
    async () => (await engine.load()).parser,
    listings,
  );
  // Results found with other operator classes are not reused.
  cache?.confirm({ operatorClasses });
  // One index for the run: every file's imports resolve against it, each module summarised once.
  const modules = new ProjectIndex(layout, { withSource: (file, text, use) => engine.get().withSource(file, text, use) });
  const base = {
    ...facts,
    operatorClasses,
    project: modules as ProjectModules,
    // Template files (DG605) are looked for inside the project only; exports' keys for DG606.
    pathExists: projectPathExists(project.root),
  };
  // --fix rewrites modules during the run: their answers are not kept then.
  const dependencyCheck = runDependencyCheck(modules, base.pathExists, !args.fix);
  // The inputs that are Python files: by their names (documentKind looks at the text of .cfg and YAML files only).
  const pythonFiles = new Set(inputs.filter((input) => documentKind(input.file) === 'python').map((input) => input.file));
  // The text on disk as the inputs read it (no fix applied, not stdin's): the cache may vouch for it by its stamp.
  const fresh = !args.fix && !args.diff && !args.stdinFilename;
  // A repeat of a run the cache recorded whole (no path missing): its output, if nothing it depends on changed.
  const wholeRun = cache && fresh && missing.length === 0;
  // What shapes the output besides the files: the arguments, the folder paths are relative to,
  // colour, and the configuration files the config inputs are judged with.
  const runShape = { args, cwd: io.cwd, color: io.color, configFiles };
  const runInputs = () => inputs.map((input): RunInput => [input.file, input.stamp(), parsedByAirflowOf(input.file)]);
  const walkedInputs = (files: readonly string[]) => files.map((file): RunInput => [file, stamps.of(file), parsedByAirflowOf(file)]);
  const othersWalked = () =>
    walkedInputs(otherDagCandidates({ layout, filter, walkedWhole, listings }, new Set(inputs.map(({ file }) => file))) ?? []);
  const repeated = wholeRun ? cache.repeat(runShape, runInputs(), othersWalked, dependencyCheck) : undefined;
  if (repeated) {
    cache?.save();
    emit(args, io, repeated.output);
    return repeated.exitCode;
  }
  // Whether this run wrote to stderr after its inputs' notes (a run recorded whole said nothing there).
  let spoke = false;
  const stderr = io.stderr;
  io = {
    ...io,
    stderr: (text) => {
      spoke = true;
      stderr(text);
    },
  };
  // `stamp`: the cache's stamp of the file as `text` was read from it (null: the text is not the disk's as read).
  const analyzePython = (file: string, text: string, options: AnalysisOptions, stamp: () => string | null): Finding[] => {
    const done = analysedOnWorkers.get(file);
    if (done) {
      analysedOnWorkers.delete(file);
      for (const error of done.errors) io.stderr(`dag-guard: ${relativePath(io.cwd, file)}: ${error}\n`);
      return done.findings;
    }
    if (!cache) return engine.get().analyzeText(file, text, options);
    const parsed = options.parsedByAirflow ?? null;
    const cached = cache.get({ file, stamp, text: () => text }, parsed, dependencyCheck);
    if (cached) return cached;
    const { findings, entry } = analyseRecorded(engine.get(), file, text, options, modules, base.pathExists);
    if (entry) cache.put(file, entry, stamp());
    return findings;
  };
  // Many files to analyse: the ones the cache cannot answer go to worker threads first.
  const analysedOnWorkers =
    args.fix || args.diff || args.stdinFilename
      ? new Map<string, WorkerResult>()
      : await analyseMany(inputs, { layout, project, base, cache, dependencyCheck, parsedByAirflowOf, pythonFiles });
  const cachedUnread = (input: CheckInput) => cache?.getUnread(input, parsedByAirflowOf(input.file), dependencyCheck);
  // The loop analyses on this thread what neither the cache nor the workers answered, and fixes.
  const analysedHere = (input: CheckInput) =>
    pythonFiles.has(input.file) && !analysedOnWorkers.has(input.file) && !cache?.answered(input.file);
  if (!fresh || inputs.some(analysedHere)) await engine.load();
  const results: FileResult[] = [];
  const checked: CheckedPython[] = [];
  let fixedText: string | null = null;
  let unwritten = 0;
  for (const input of inputs) {
    const { file, display } = input;
    // A Python file the cache knows unchanged by its stamp: its findings, and the file is never read.
    const unread = fresh && cache && pythonFiles.has(file) ? cachedUnread(input) : undefined;
    if (unread) {
      const result = { path: display, findings: [...unread], fixed: 0 };
      results.push(result);
      checked.push({ file, findings: result.findings, dagFile: cache?.dagFile(file), text: () => textOf(input) });
      continue;
    }
    const read = input.read;
    if (!read.ok) {
      io.stderr(`dag-guard: ${display}: skipped: ${read.reason}\n`);
      results.push({ path: display, findings: [], error: read.reason, fixed: 0 });
      continue;
    }
    const options = {
      ...base,
      parsedByAirflow: parsedByAirflowOf(file),
      onRuleError: (rule: { code: string }, error: unknown) =>
        io.stderr(`dag-guard: ${display}: rule ${rule.code} failed: ${(error as Error).message}\n`),
      onAnalysisError: (error: unknown) => io.stderr(`dag-guard: ${display}: not analysed: ${(error as Error).message}\n`),
    };
    const kind = documentKind(file, undefined, read.text);
    if (kind !== 'python' && !isConfigKind(kind)) {
      io.stderr(`dag-guard: ${display}: skipped: neither Python nor an Airflow configuration file\n`);
      if (input.fromStdin) fixedText = read.text;
      continue;
    }
    // stdin's text wins over the file on disk for the imports that reach it.
    if (input.fromStdin && kind === 'python') modules.setOverlay(file, read.text);
    // A config file is judged with the project's other config files, as Airflow combines them (DG503).
    const relative = path.relative(project.root, file).split(path.sep).join('/');
    const configOptions = (current: string) =>
      relative.startsWith('../') ? options : { ...options, configProject: configProjectOf(configFiles, relative, current) };
    const analyzeFile = (current: string) =>
      kind === 'python' ? engine.get().analyzeText(file, current, options) : analyzeConfigText(current, kind, configOptions(current));
    const analyzeResult = (text: string) =>
      kind === 'python'
        ? // The cache may vouch for the text by the file's stamp only while it is the text read from disk.
          analyzePython(file, text, options, () => (fresh && text === read.text ? input.stamp() : null))
        : analyzeConfigText(text, kind, configOptions(text));
    let text = read.text;
    let fixed = 0;
    let diff: string | undefined;
    if (args.fix || args.diff) {
      const outcome = applySafeFixes(
        text,
        analyzeFile,
        (current, use) => engine.get().withSource(file, current, use),
        args.unsafeFixes ? unsafeIncludedFixes : safeFixes,
      );
      if (args.diff) diff = unifiedDiff(display, text, outcome.text);
      else if (outcome.text !== text) {
        const written = input.fromStdin ? ({ ok: true } as const) : writeSourceFile(file, outcome.text, read.bom);
        if (written.ok) {
          if (!input.fromStdin) modules.fileChanged(file);
          text = outcome.text;
        } else {
          // Reported, skipped (its findings stay as they were), and the run goes on; exit 2.
          io.stderr(`dag-guard: ${display}: not fixed: ${written.reason}\n`);
          unwritten++;
        }
      }
      if (args.diff ? outcome.text !== read.text : text !== read.text) fixed = outcome.fixed;
    }
    if (input.fromStdin && args.fix) fixedText = (read.bom ? '\ufeff' : '') + text;
    // A copy: the helper's end is added to the findings in place, and the cache keeps the analysis' own.
    const result = { path: display, findings: args.diff ? [] : [...analyzeResult(text)], fixed, ...(diff !== undefined ? { diff } : {}) };
    results.push(result);
    if (kind === 'python' && !args.diff) checked.push({ file, text: () => text, findings: result.findings, dagFile: undefined });
  }
  // Paths as printed, each worked out once (a helper's end names its DAG files once per hazard).
  const display = memoized((file: string) => relativePath(io.cwd, file));
  // The helper modules checked here say which DAG files run their hazards at every parse.
  const { walked } = await addHelperEnds(checked, {
    layout,
    filter,
    settings,
    engine: () => engine.load(),
    analyse: async (file, text) => {
      const options = { ...base, parsedByAirflow: parsedByAirflowOf(file) };
      const source = { file, stamp: () => null, text: () => text };
      if (!cache?.get(source, options.parsedByAirflow, dependencyCheck)) await engine.load();
      return analyzePython(file, text, options, () => null);
    },
    display,
    walkedWhole,
    listings,
  });
  const exitCode = checkExitCode(results, {
    missing: missing.length,
    unwritten,
    exitZero: args.exitZero,
    failOn: args.failOn ?? settings.failOn,
    diff: args.diff,
  });
  const printed = results.map((result) => withRelativeRelated(result, display));
  // A run the cache can answer whole next time: its output is kept with the stamps of the inputs
  // and of the files the helper's end looked at.
  if (wholeRun && !spoke) {
    const output = formatted(args, io, printed);
    cache.record(runShape, runInputs(), walked && walkedInputs(walked), (file) => pythonFiles.has(file), output, exitCode);
    cache.save();
    emit(args, io, output);
    return exitCode;
  }
  cache?.save();
  report(args, io, printed, fixedText);
  return exitCode;
}

/**
 * The Python inputs' analyses on worker threads, when there are enough of them that the cache
 * cannot answer (see workers.ts); an empty map otherwise. Results go into the cache as they would
 * on the main thread.
 */
async function analyseMany(
  inputs: readonly CheckInput[],
  run: {
    layout: ProjectLayout;
    project: ProjectConfig;
    base: SharedOptions;
    cache: ResultCache | null;
    dependencyCheck: DependencyCheck;
    parsedByAirflowOf: (file: string) => boolean | null;
    pythonFiles: ReadonlySet<string>;
  },
): Promise<Map<string, WorkerResult>> {
  const { layout, project, base, cache, dependencyCheck: check, parsedByAirflowOf } = run;
  const jobs: WorkerJob[] = [];
  const stamps = new Map<string, () => string | null>();
  for (const input of inputs) {
    const { file } = input;
    if (!run.pythonFiles.has(file)) continue;
    const parsed = parsedByAirflowOf(file);
    // A cache hit is read on the main thread (the loop below asks again; the answer is remembered).
    if (cache?.getUnread(input, parsed, check)) continue;
    const read = input.read;
    if (!read.ok) continue;
    if (cache?.get({ file, stamp: () => input.stamp(), text: () => read.text }, parsed, check)) continue;
    jobs.push({ file, text: read.text, parsedByAirflow: parsed });
    stamps.set(file, () => input.stamp());
  }
  const count = workerCount(jobs.length);
  if (count === 0) return new Map();
  const { settings, airflowVersion, airflowMinor, pools, operatorClasses, deployment, variables, connections } = base;
  const setup = {
    layout: { root: layout.root, dagsFolders: layout.dagsFolders, importRoots: layout.importRoots },
    projectRoot: project.root,
    options: { settings, airflowVersion, airflowMinor, pools, operatorClasses, deployment, variables, connections },
    record: cache !== null,
  };
  const results = await analyseOnWorkers(jobs, setup, count);
  const done = new Map<string, WorkerResult>();
  jobs.forEach((job, index) => {
    const result = results[index];
    if (result.entry) cache?.put(job.file, result.entry, stamps.get(job.file)?.() ?? null);
    done.set(job.file, result);
  });
  return done;
}

/**
 * How the cache checks an entry against the project, each answer kept for the run: many files
 * import the same modules, and nothing the answers depend on changes while the run reads them.
 */
function runDependencyCheck(modules: ProjectIndex, pathExists: PathExists, keep: boolean): DependencyCheck {
  // --fix rewrites modules during the run: then every question is asked afresh.
  const kept = <A extends unknown[], T>(compute: (...args: A) => T, keyOf?: (...args: A) => string) =>
    keep ? memoized(compute, keyOf) : compute;
  return {
    stable: keep,
    locate: kept(
      (fromPath: string, module: string, level: number) => modules.locate(fromPath, module, level),
      (fromPath, module, level) => `${fromPath}\0${module}\0${level}`,
    ),
    contentHash: kept((file: string) => modules.contentHash(file)),
    pathExists: kept((file: string) => pathExists(file)),
  };
}

/** The cache of this project's results for this run's facts (see project/resultCache.ts). */
function openResultCache(
  project: ProjectConfig,
  facts: Omit<AnalysisOptions, 'project' | 'pathExists' | 'operatorClasses'>,
  stamps: FileStamps,
): ResultCache {
  // DG301's fix writes today's date: a result from another day is not reused.
  return new ResultCache(
    project.root,
    { ...facts, root: project.root, today: new Date().toISOString().slice(0, 10) },
    buildIdentity(),
    stamps,
  );
}

/** Related locations (a helper's hazards) named like the files themselves: relative to the current folder. */
function withRelativeRelated(result: FileResult, display: (file: string) => string): FileResult {
  if (!result.findings.some((finding) => finding.related?.length)) return result;
  const findings = result.findings.map((finding) =>
    finding.related?.length ? { ...finding, related: finding.related.map((step) => ({ ...step, path: display(step.path) })) } : finding,
  );
  return { ...result, findings };
}

/** Prints (or writes to --output-file) what the run found. */
function report(args: CheckArgs, io: CliIO, results: readonly FileResult[], fixedText: string | null): void {
  if (args.diff) {
    // The diffs are the output; what they fix is said on stderr, as ruff does.
    const diffs = results.map((result) => result.diff ?? '').filter(Boolean);
    emit(args, io, diffs.join(''));
    const fixed = results.reduce((sum, result) => sum + result.fixed, 0);
    if (!args.quiet) io.stderr(fixed > 0 ? `Would fix ${fixed} ${fixed === 1 ? 'finding' : 'findings'}.\n` : 'No fixes to apply.\n');
    return;
  }
  const output = formatted(args, io, results);
  if (fixedText !== null) {
    // stdin with --fix: the fixed text is the output (for editors and pre-commit wrappers); the
    // findings go to stderr unless an output file was asked for.
    io.stdout(fixedText);
    if (args.outputFile) emit(args, io, output);
    else io.stderr(output);
    return;
  }
  emit(args, io, output);
}

/** The findings in the chosen format. */
function formatted(args: CheckArgs, io: CliIO, results: readonly FileResult[]): string {
  const options = { color: io.color, fix: args.fix, unsafeFixes: args.unsafeFixes, quiet: args.quiet, showDetails: args.showDetails };
  return args.statistics
    ? formatStatistics(results, { json: args.format === 'json', unsafeFixes: args.unsafeFixes })
    : { text: formatText, json: formatJson, sarif: formatSarif, github: formatGithub }[args.format](results, options);
}

function emit(args: CheckArgs, io: CliIO, output: string | RecordedOutput): void {
  if (!args.outputFile) {
    io.stdout(typeof output === 'string' ? output : output.text());
    return;
  }
  const target = path.resolve(io.cwd, args.outputFile);
  try {
    // A repeat's output goes from the cache file to the target in chunks (see RecordedOutput).
    if (typeof output === 'string') writeFileSync(target, output);
    else output.writeTo(target);
  } catch (error) {
    throw new CliError(
      `--output-file ${args.outputFile}: cannot write: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
    );
  }
}

/**
 * The project of the first path given (`check examples/dags` reads examples/pyproject.toml), or
 * of --config. Any problem with its settings ends the run (exit 2): a CI gate that silently ran
 * with defaults would pass without checking what the project asked for.
 */
export function loadProject(args: { config: string | null; paths: readonly string[] }, io: Pick<CliIO, 'cwd' | 'stderr'>): ProjectConfig {
  if (args.config && !existsSync(path.resolve(io.cwd, args.config))) throw new CliError(`--config ${args.config}: no such file`);
  const start = args.config ? path.dirname(path.resolve(io.cwd, args.config)) : projectStart(io.cwd, args.paths[0]);
  // Without a pyproject.toml, the project is the repository the paths are in, or else the current
  // folder (when the paths are inside it): globs are relative to it, and airflow.cfg or compose
  // files are looked for from there. (Checked from a folder that holds several repositories, a
  // sibling's Dockerfile and dags/ would otherwise decide which of these files Airflow parses.)
  const inside = start === io.cwd || start.startsWith(io.cwd + path.sep);
  const project = loadProjectConfig(start, defaultSettings(), inside ? (repositoryBetween(start, io.cwd) ?? io.cwd) : start);
  if (args.config && project.pyprojectPath !== path.resolve(io.cwd, args.config)) {
    throw new CliError(`--config ${args.config}: not a pyproject.toml (the file must be named pyproject.toml)`);
  }
  if (project.problems.length > 0) {
    const where = project.pyprojectPath ? relativePath(io.cwd, project.pyprojectPath) : 'settings';
    const lines = project.problems.map((problem) => `${where}: [tool.dag-guard] ${problem.message}`);
    throw new CliError(`invalid configuration:\n  ${lines.join('\n  ')}`);
  }
  return project;
}

/** The git repository that holds `start`, when its root is `top` or inside it. */
function repositoryBetween(start: string, top: string): string | null {
  const root = gitRepositoryRoot(start);
  return root && (root === top || root.startsWith(top + path.sep)) ? root : null;
}

function projectStart(cwd: string, first: string | undefined): string {
  if (!first) return cwd;
  const resolved = path.resolve(cwd, first);
  try {
    return statSync(resolved).isDirectory() ? resolved : path.dirname(resolved);
  } catch {
    // stdin's file name need not exist: its folder still says which project it belongs to.
    return path.dirname(resolved);
  }
}

function applySelection(settings: Settings, args: CheckArgs): Settings {
  for (const selector of [...(args.select ?? []), ...args.ignore]) {
    if (selector !== 'ALL' && !ALL_RULES.some((rule) => rule.code.startsWith(selector))) {
      throw new UsageError(`unknown rule selector "${selector}" (see \`dag-guard explain\`)`, 'check');
    }
  }
  return {
    ...settings,
    select: args.select ?? settings.select,
    ignore: [...settings.ignore, ...args.ignore],
  };
}

/** `compute`, each answer kept for the run by its key (by default, the first argument: a file). */
function memoized<A extends unknown[], T>(
  compute: (...args: A) => T,
  keyOf: (...args: A) => string = (...args) => String(args[0]),
): (...args: A) => T {
  const answers = new Map<string, T>();
  return (...args) => {
    const key = keyOf(...args);
    if (answers.has(key)) return answers.get(key) as T;
    const answer = compute(...args);
    answers.set(key, answer);
    return answer;
  };
}

/** The engine, created on the first `load`; `get` is for code that runs after a `load`. */
function lazyEngine(): { load(): Promise<Engine>; get(): Engine } {
  let loading: Promise<Engine> | null = null;
  let engine: Engine | null = null;
  return {
    load: () => {
      loading ??= Engine.create().then((created) => (engine = created));
      return loading;
    },
    get: () => {
      if (!engine) throw new Error('the parser was used before it was loaded');
      return engine;
    },
  };
}

/** An input's text, for the helper's end of a file the cache answered without reading it ('' when it cannot be read now). */
function textOf(input: CheckInput): string {
  const read = input.read;
  return read.ok ? read.text : '';
}

export type { CheckInput };
