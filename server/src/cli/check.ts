// `dag-guard check`: find the DAG files, analyse them with the same core as the language server,
// optionally apply the fixes (or show them as a diff), and print the findings in the chosen format.
import { existsSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Engine } from '../core/engine';
import { analyzeConfigText } from '../core/analyzeConfig';
import { documentKind, isConfigKind } from '../core/documentKind';
import { ALL_RULES } from '../core/rules/registry';
import type { Finding } from '../core/rules/rule';
import { defaultSettings, type Settings } from '../core/settings/schema';
import { applySafeFixes, safeFixes, unsafeIncludedFixes } from '../core/fixes/fixAll';
import { loadProjectConfig, type ProjectConfig } from '../project/projectConfig';
import { UsageError, type CheckArgs } from './args';
import type { ProjectModules } from '../core/project/modules';
import { indexOperatorClasses } from '../project/operatorIndex';
import { resolveDeployment } from '../project/airflowDeployment';
import { findConfigFilesNear } from '../project/airflowTimings';
import { FileFilter } from '../project/files';
import { parsedByAirflow, readProjectLayout } from '../project/layout';
import { projectPathExists } from '../project/pathExists';
import { ProjectIndex } from '../project/projectIndex';
import { writeSourceFile } from '../project/writeSource';
import { addHelperEnds, type CheckedPython } from './helperEnds';
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
  const project = loadProject({ config: args.config, paths: args.stdinFilename ? [args.stdinFilename] : args.paths }, io);
  const settings = applySelection(project.settings, args);
  const { inputs, missing } = await collectInputs(args, io, project, settings);

  const engine = await Engine.create();
  const filter = new FileFilter(project.root, settings);
  // airflow.cfg / AIRFLOW__ variables nearest the first path (as `report` reads the timings).
  const configFiles = findConfigFilesNear(projectStart(io.cwd, args.stdinFilename ?? args.paths[0]), project.root);
  const deployment = resolveDeployment(configFiles);
  // Which files Airflow parses (DAG folder, .airflowignore) and where operator classes may live.
  const layout = readProjectLayout(project.root, settings, { airflowVersion: project.airflowVersion, configFiles });
  const operatorClasses = indexOperatorClasses(layout, engine.parser, filter);
  // One index for the run: every file's imports resolve against it, each module summarised once.
  const modules = new ProjectIndex(layout, engine);
  const base = {
    settings,
    airflowVersion: project.airflowVersion,
    airflowMinor: project.airflowMinor,
    pools: project.pools,
    operatorClasses,
    deployment,
    project: modules as ProjectModules,
    // Template files (DG605) are looked for inside the project only; exports' keys for DG606.
    pathExists: projectPathExists(project.root),
    variables: project.variables,
    connections: project.connections,
  };
  const results: FileResult[] = [];
  const checked: CheckedPython[] = [];
  let fixedText: string | null = null;
  let unwritten = 0;
  for (const input of inputs) {
    const { file, display, read } = input;
    if (!read.ok) {
      io.stderr(`dag-guard: ${display}: skipped: ${read.reason}\n`);
      results.push({ path: display, findings: [], error: read.reason, fixed: 0 });
      continue;
    }
    const options = {
      ...base,
      parsedByAirflow: parsedByAirflow(layout, file),
      onRuleError: (rule: { code: string }, error: unknown) => io.stderr(`dag-guard: ${display}: rule ${rule.code} failed: ${(error as Error).message}\n`),
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
    const analyzeFile = (current: string) => (kind === 'python' ? engine.analyzeText(file, current, options) : analyzeConfigText(current, kind, options));
    let text = read.text;
    let fixed = 0;
    let diff: string | undefined;
    if (args.fix || args.diff) {
      const outcome = applySafeFixes(text, analyzeFile, (current, use) => engine.withSource(file, current, use), args.unsafeFixes ? unsafeIncludedFixes : safeFixes);
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
    const result = { path: display, findings: args.diff ? [] : analyzeFile(text), fixed, ...(diff !== undefined ? { diff } : {}) };
    results.push(result);
    if (kind === 'python' && !args.diff) checked.push({ file, text, findings: result.findings });
  }
  // The helper modules checked here say which DAG files run their hazards at every parse.
  addHelperEnds(checked, { layout, filter, settings, engine, options: base, display: (file) => relativePath(io.cwd, file) });

  report(args, io, results.map((result) => withRelativeRelated(result, io.cwd)), fixedText);
  return checkExitCode(results, { missing: missing.length, unwritten, exitZero: args.exitZero, failOn: args.failOn ?? settings.failOn, diff: args.diff });
}

/** Related locations (a helper's hazards) named like the files themselves: relative to the current folder. */
function withRelativeRelated(result: FileResult, cwd: string): FileResult {
  if (!result.findings.some((finding) => finding.related?.length)) return result;
  const findings = result.findings.map((finding) => (finding.related?.length ? { ...finding, related: finding.related.map((step) => ({ ...step, path: relativePath(cwd, step.path) })) } : finding));
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
  const options = { color: io.color, fix: args.fix, unsafeFixes: args.unsafeFixes, quiet: args.quiet, showDetails: args.showDetails };
  const output = args.statistics
    ? formatStatistics(results, { json: args.format === 'json', unsafeFixes: args.unsafeFixes })
    : { text: formatText, json: formatJson, sarif: formatSarif, github: formatGithub }[args.format](results, options);
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

function emit(args: CheckArgs, io: CliIO, output: string): void {
  if (!args.outputFile) {
    io.stdout(output);
    return;
  }
  const target = path.resolve(io.cwd, args.outputFile);
  try {
    writeFileSync(target, output);
  } catch (error) {
    throw new CliError(`--output-file ${args.outputFile}: cannot write: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
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
  // Without a pyproject.toml, the project is the current folder (when the paths are inside it):
  // globs are relative to it, and airflow.cfg or compose files are looked for from there.
  const inside = start === io.cwd || start.startsWith(io.cwd + path.sep);
  const project = loadProjectConfig(start, defaultSettings(), inside ? io.cwd : start);
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

export type { CheckInput };
