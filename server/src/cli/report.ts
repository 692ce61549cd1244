// `dag-guard report`: the parse-cost summary of every DAG file under the given paths, ranked by
// cost (calls that leave the DAG processor first), as a table and one sentence per file (text) or
// as JSON, with each file's findings and fixable findings (as `check` counts them). Files that
// build no DAG, run nothing costly and have no finding are left out. The interval and timeouts
// come from the project's own files, else Airflow's defaults.
import path from 'node:path';
import {
  costScore,
  describeParseCost,
  describeTimeouts,
  formatCount,
  isEmptyCost,
  parseCostOfSource,
  type ParseCost,
  type ParseTimings,
} from '../core/cost/parseCost';
import { ProjectIndex } from '../project/projectIndex';
import { Engine } from '../core/engine';
import { findConfigFilesNear, resolveTimings } from '../project/airflowTimings';
import { parsedByAirflow, readProjectLayout } from '../project/layout';
import { existsSync, statSync } from 'node:fs';
import { discoverPythonFiles, FileFilter } from '../project/files';
import { GitIgnores } from '../project/gitignore';
import { readSourceFile } from '../project/readSource';
import type { ReportArgs, ReportSort } from './args';
import { indexOperatorClasses } from '../project/operatorIndex';
import { resolveDeployment } from '../project/airflowDeployment';
import { loadProject, relativePath, type CliIO } from './check';
import { compareText } from '../core/ordering';

export interface FileCost {
  path: string;
  cost: ParseCost;
  summary: string;
  /** What `check` reports on the file, and how many of those --fix fixes. */
  findings: number;
  fixable: number;
}

export async function runReport(args: ReportArgs, io: CliIO): Promise<number> {
  const project = loadProject(args, io);
  const first = path.resolve(io.cwd, args.paths[0] ?? '.');
  const start = existsSync(first) && statSync(first).isFile() ? path.dirname(first) : first;
  const configFiles = findConfigFilesNear(start, project.root);
  const timings = resolveTimings(configFiles, project.airflowVersion);
  // Files outside the DAG folder or hidden by .airflowignore are never parsed: no cost to report.
  const layout = readProjectLayout(project.root, project.settings, { airflowVersion: project.airflowVersion, configFiles });
  const filter = new FileFilter(project.root, project.settings);
  const gitignore = project.settings.respectGitignore ? new GitIgnores() : null;
  const { files, missing } = discoverPythonFiles(
    args.paths.map((given) => path.resolve(io.cwd, given)),
    filter,
    { gitignore, forceExclude: false },
  );
  for (const given of missing) io.stderr(`dag-guard: ${relativePath(io.cwd, given)}: no such file or folder\n`);
  if (missing.length > 0 && files.length === 0) return 2;

  const engine = await Engine.create();
  // What helpers and imported project modules run counts too: one module index for the run.
  const modules = new ProjectIndex(layout, engine);
  const operatorClasses = indexOperatorClasses(layout, engine.parser, filter);
  const deployment = resolveDeployment(configFiles);
  const options = {
    settings: project.settings,
    airflowVersion: project.airflowVersion,
    airflowMinor: project.airflowMinor,
    pools: project.pools,
    operatorClasses,
    deployment,
    project: modules,
  };
  const costs: FileCost[] = [];
  for (const file of files) {
    const display = relativePath(io.cwd, file);
    const read = readSourceFile(file);
    if (!read.ok) {
      io.stderr(`dag-guard: ${display}: skipped: ${read.reason}\n`);
      continue;
    }
    const parsed = parsedByAirflow(layout, file);
    const cost = engine.withSource(file, read.text, (source) => parseCostOfSource(source, project.settings, timings, parsed, modules));
    if (!cost) continue;
    const findings = engine.analyzeText(file, read.text, { ...options, parsedByAirflow: parsed });
    if (isEmptyCost(cost) && findings.length === 0) continue;
    costs.push({
      path: display,
      cost,
      summary: describeParseCost(cost, timings),
      findings: findings.length,
      fixable: findings.filter((finding) => finding.fix?.safe).length,
    });
  }
  costs.sort(ORDERS[args.sort]);
  io.stdout(args.format === 'json' ? formatReportJson(costs, timings) : formatReportText(costs, timings));
  return missing.length > 0 ? 2 : 0;
}

const byCost = (a: FileCost, b: FileCost) => costScore(b.cost) - costScore(a.cost);
const byFindings = (a: FileCost, b: FileCost) => b.findings - a.findings;
const byPath = (a: FileCost, b: FileCost) => compareText(a.path, b.path);

/** --sort: cost (ties broken by findings), findings (ties by cost), path. */
const ORDERS: Record<ReportSort, (a: FileCost, b: FileCost) => number> = {
  cost: (a, b) => byCost(a, b) || byFindings(a, b) || byPath(a, b),
  findings: (a, b) => byFindings(a, b) || byCost(a, b) || byPath(a, b),
  path: byPath,
};

function formatReportJson(costs: readonly FileCost[], timings: ParseTimings): string {
  return `${JSON.stringify({ timings, files: costs.map(({ path: file, summary, cost, findings, fixable }) => ({ path: file, summary, findings, fixable, ...cost })) }, null, 2)}\n`;
}

const COLUMNS: Array<[string, (cost: ParseCost, file: FileCost) => string]> = [
  ['FINDINGS', (_cost, file) => String(file.findings)],
  ['FIXABLE', (_cost, file) => String(file.fixable)],
  ['VARIABLES', (cost) => formatCount(cost.variableReads)],
  ['CONNECTIONS', (cost) => formatCount(cost.connectionLookups)],
  ['HOOK CALLS', (cost) => formatCount(cost.hookCalls)],
  ['NETWORK', (cost) => formatCount(cost.networkCalls)],
  ['DATABASE', (cost) => formatCount(cost.databaseCalls)],
  ['PROCESSES', (cost) => formatCount(cost.processes)],
  ['SLEEPS', (cost) => formatCount(cost.sleeps)],
  ['HEAVY IMPORTS', (cost) => String(cost.heavyImports.length)],
  ['DAGS', (cost) => formatCount(cost.dags)],
  ['METADATA READS/DAY', (cost) => formatCount(cost.metadataReadsPerDay)],
];

function formatReportText(costs: readonly FileCost[], timings: ParseTimings): string {
  const lines = [`Airflow settings: ${describeTimeouts(timings)}`, ''];
  if (costs.length === 0) return `${[...lines, 'No DAG files found.'].join('\n')}\n`;
  const header = ['FILE', ...COLUMNS.map(([name]) => name)];
  const rows = costs.map((file) => [file.path, ...COLUMNS.map(([, value]) => value(file.cost, file))]);
  const widths = header.map((_, column) => Math.max(...[header, ...rows].map((row) => row[column].length)));
  const render = (row: string[]) =>
    row
      .map((cell, column) => (column === 0 ? cell.padEnd(widths[column]) : cell.padStart(widths[column])))
      .join('  ')
      .trimEnd();
  lines.push(render(header), ...rows.map(render), '');
  for (const { path: file, summary } of costs) lines.push(`${file}: ${summary}`);
  return `${lines.join('\n')}\n`;
}
