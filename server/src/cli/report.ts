// `dag-guard report`: the parse-cost summary of every DAG file under the given paths, ranked by
// cost (calls that leave the DAG processor first), as a table and one sentence per file (text) or
// as JSON. Files that build no DAG and run nothing costly are left out. The interval and timeouts
// come from the project's own files, else Airflow's defaults.
import path from 'node:path';
import { costScore, describeParseCost, describeTimeouts, formatCount, isEmptyCost, parseCostOfSource, type ParseCost, type ParseTimings } from '../core/cost/parseCost';
import { ProjectIndex } from '../project/projectIndex';
import { Engine } from '../core/engine';
import { findConfigFilesNear, resolveTimings } from '../project/airflowTimings';
import { parsedByAirflow, readProjectLayout } from '../project/layout';
import { existsSync, statSync } from 'node:fs';
import { discoverPythonFiles, FileFilter } from '../project/files';
import { readSourceFile } from '../project/readSource';
import type { ReportArgs } from './args';
import { loadProject, relativePath, type CliIO } from './check';

export interface FileCost {
  path: string;
  cost: ParseCost;
  summary: string;
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
  const { files, missing } = discoverPythonFiles(args.paths.map((given) => path.resolve(io.cwd, given)), filter);
  for (const given of missing) io.stderr(`dag-guard: ${relativePath(io.cwd, given)}: no such file or folder\n`);
  if (missing.length > 0 && files.length === 0) return 2;

  const engine = await Engine.create();
  // What helpers and imported project modules run counts too: one module index for the run.
  const modules = new ProjectIndex(layout, engine);
  const costs: FileCost[] = [];
  for (const file of files) {
    const display = relativePath(io.cwd, file);
    const read = readSourceFile(file);
    if (!read.ok) {
      io.stderr(`dag-guard: ${display}: skipped: ${read.reason}\n`);
      continue;
    }
    const cost = engine.withSource(file, read.text, (source) => parseCostOfSource(source, project.settings, timings, parsedByAirflow(layout, file), modules));
    if (cost && !isEmptyCost(cost)) costs.push({ path: display, cost, summary: describeParseCost(cost, timings) });
  }
  costs.sort((a, b) => costScore(b.cost) - costScore(a.cost) || a.path.localeCompare(b.path));
  io.stdout(args.format === 'json' ? formatReportJson(costs, timings) : formatReportText(costs, timings));
  return 0;
}

export function formatReportJson(costs: readonly FileCost[], timings: ParseTimings): string {
  return `${JSON.stringify({ timings, files: costs.map(({ path: file, summary, cost }) => ({ path: file, summary, ...cost })) }, null, 2)}\n`;
}

const COLUMNS: Array<[string, (cost: ParseCost) => string]> = [
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

export function formatReportText(costs: readonly FileCost[], timings: ParseTimings): string {
  const lines = [`Airflow settings: ${describeTimeouts(timings)}`, ''];
  if (costs.length === 0) return `${[...lines, 'No DAG files found.'].join('\n')}\n`;
  const header = ['FILE', ...COLUMNS.map(([name]) => name)];
  const rows = costs.map(({ path: file, cost }) => [file, ...COLUMNS.map(([, value]) => value(cost))]);
  const widths = header.map((_, column) => Math.max(...[header, ...rows].map((row) => row[column].length)));
  const render = (row: string[]) => row.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]) : cell.padStart(widths[column]))).join('  ').trimEnd();
  lines.push(render(header), ...rows.map(render), '');
  for (const { path: file, summary } of costs) lines.push(`${file}: ${summary}`);
  return `${lines.join('\n')}\n`;
}
