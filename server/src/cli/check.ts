// `dag-guard check`: find the DAG files, analyse them with the same core as the language server,
// optionally apply the safe fixes, and print the findings in the chosen format.
import { statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Engine } from '../core/engine';
import { analyzeConfigText } from '../core/analyzeConfig';
import { documentKind, isConfigKind } from '../core/documentKind';
import { ALL_RULES } from '../core/rules/registry';
import type { Finding } from '../core/rules/rule';
import { defaultSettings, type Settings } from '../core/settings/schema';
import { applySafeFixes } from '../core/fixes/fixAll';
import { discoverPythonFiles, FileFilter } from '../project/files';
import { loadProjectConfig, type ProjectConfig } from '../project/projectConfig';
import { UsageError, type CheckArgs } from './args';
import { readSourceFile } from '../project/readSource';
import { indexOperatorClasses } from '../project/operatorIndex';
import { projectPathExists } from '../project/pathExists';
import { readAirflowDeploymentNear } from '../project/airflowDeployment';
import { formatGithub } from './formats/github';
import { formatJson } from './formats/json';
import { formatSarif } from './formats/sarif';
import { formatText } from './formats/text';

export interface CliIO {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  cwd: string;
  color: boolean;
}

export interface FileResult {
  /** Relative to the current folder, with forward slashes. */
  path: string;
  findings: Finding[];
  /** Why the file was skipped (not UTF-8, unreadable). */
  error?: string;
  /** Findings fixed by --fix. */
  fixed: number;
}

export async function runCheck(args: CheckArgs, io: CliIO): Promise<number> {
  const project = loadProject(args, io);
  const settings = applySelection(project.settings, args);
  const filter = new FileFilter(project.root, settings);
  const { files, missing } = discoverPythonFiles(args.paths.map((given) => path.resolve(io.cwd, given)), filter);
  for (const given of missing) io.stderr(`dag-guard: ${relativePath(io.cwd, given)}: no such file or folder\n`);

  const engine = await Engine.create();
  const operatorClasses = indexOperatorClasses(project.root, engine.parser);
  // airflow.cfg / AIRFLOW__ variables nearest the first path (as `report` reads the timings).
  const deployment = readAirflowDeploymentNear(projectStart(io.cwd, args.paths[0]), project.root);
  const pathExists = projectPathExists(project.root);
  const results: FileResult[] = [];
  for (const file of files) {
    const display = relativePath(io.cwd, file);
    const read = readSourceFile(file);
    if (!read.ok) {
      io.stderr(`dag-guard: ${display}: skipped: ${read.reason}\n`);
      results.push({ path: display, findings: [], error: read.reason, fixed: 0 });
      continue;
    }
    const options = { settings, airflowVersion: project.airflowVersion, airflowMinor: project.airflowMinor, pools: project.pools, operatorClasses, deployment, pathExists, variables: project.variables, connections: project.connections, onRuleError: (rule: { code: string }, error: unknown) => io.stderr(`dag-guard: ${display}: rule ${rule.code} failed: ${(error as Error).message}\n`) };
    const kind = documentKind(file, undefined, read.text);
    if (kind !== 'python' && !isConfigKind(kind)) {
      io.stderr(`dag-guard: ${display}: skipped: neither Python nor an Airflow configuration file\n`);
      continue;
    }
    const analyzeFile = (current: string) => (kind === 'python' ? engine.analyzeText(file, current, options) : analyzeConfigText(current, kind, options));
    let text = read.text;
    let fixed = 0;
    if (args.fix) {
      const outcome = applySafeFixes(text, analyzeFile, (current, use) => engine.withSource(file, current, use));
      if (outcome.text !== text) {
        writeFileSync(file, (read.bom ? '\ufeff' : '') + outcome.text);
        text = outcome.text;
        fixed = outcome.fixed;
      }
    }
    results.push({ path: display, findings: analyzeFile(text), fixed });
  }

  const output = { text: formatText, json: formatJson, sarif: formatSarif, github: formatGithub }[args.format](results, { color: io.color, fix: args.fix });
  io.stdout(output);
  const remaining = results.reduce((sum, result) => sum + result.findings.length, 0);
  if (missing.length > 0 && files.length === 0) return 2;
  return remaining > 0 && !args.exitZero ? 1 : 0;
}

export function loadProject(args: Pick<CheckArgs, 'config' | 'paths'>, io: CliIO): ProjectConfig {
  // The project of the first path given (`check examples/dags` reads examples/pyproject.toml).
  const start = args.config ? path.dirname(path.resolve(io.cwd, args.config)) : projectStart(io.cwd, args.paths[0]);
  // Without a pyproject.toml, the project is the current folder (when the paths are inside it):
  // globs are relative to it, and airflow.cfg or compose files are looked for from there.
  const inside = start === io.cwd || start.startsWith(io.cwd + path.sep);
  const project = loadProjectConfig(start, defaultSettings(), inside ? io.cwd : start);
  if (args.config && project.pyprojectPath !== path.resolve(io.cwd, args.config)) {
    throw new UsageError(`--config: ${args.config} is not a pyproject.toml that exists`);
  }
  for (const problem of project.problems) io.stderr(`dag-guard: ${project.pyprojectPath ?? 'settings'}: ${problem.message}\n`);
  return project;
}

function projectStart(cwd: string, first: string | undefined): string {
  if (!first) return cwd;
  const resolved = path.resolve(cwd, first);
  try {
    return statSync(resolved).isDirectory() ? resolved : path.dirname(resolved);
  } catch {
    return cwd;
  }
}

function applySelection(settings: Settings, args: CheckArgs): Settings {
  for (const selector of [...(args.select ?? []), ...args.ignore]) {
    if (selector !== 'ALL' && !ALL_RULES.some((rule) => rule.code.startsWith(selector))) {
      throw new UsageError(`unknown rule selector "${selector}" (see \`dag-guard explain\`)`);
    }
  }
  return {
    ...settings,
    select: args.select ?? settings.select,
    ignore: [...settings.ignore, ...args.ignore],
  };
}

export function relativePath(cwd: string, file: string): string {
  const relative = path.relative(cwd, file);
  return (relative.startsWith('..') || path.isAbsolute(relative) ? file : relative).split(path.sep).join('/');
}
