// The parse-cost summary of a DAG file: what runs at each parse, counted (Variable reads,
// connection lookups, hook calls, network and database calls, processes, sleeps, heavy imports,
// DAGs built), and what that adds up to a day at the project's parse interval. Given the project's
// modules, it counts what the file's calls into helpers and its imports of project modules run too
// (core/project/dagFileReach.ts, the list DG101 to DG105 report from). The code lens
// and `dag-guard report` show it. Pure: the interval and timeouts are passed in (read from the
// project's config by server/src/project/airflowTimings.ts, or Airflow's defaults).
import { DagBuilders } from '../airflow/dags';
import { defaultSeconds } from '../config/airflowConfig';
import { isDagFileText } from '../dagFile';
import { buildFileModel } from '../model/fileModel';
import { moduleLevelHeavyImports } from '../model/heavyImports';
import type { Multiplicity } from '../model/multiplicity';
import type { ParseTimeModel } from '../model/parseTime';
import type { SourceFile } from '../model/source';
import type { Settings } from '../settings/schema';
import type { ProjectModules } from '../project/modules';
import { dagFileReachSteps } from '../project/dagFileReach';
import { times } from '../project/reach';
import { projectDagsBuilt } from '../project/builtOperators';
import { parseTimeExternalCallsSteps, type ExternalKind } from './externalCalls';
import { runToEnd } from '../steps';

/** One Airflow setting's value and where it came from (null: Airflow's default). */
export interface TimingValue {
  seconds: number;
  /** The file that sets it, relative to the project ("deploy/docker-compose.yaml"); null for Airflow's default. */
  source: string | null;
  /** How that file names it: "AIRFLOW__SCHEDULER__MIN_FILE_PROCESS_INTERVAL", "[scheduler] min_file_process_interval". */
  key?: string;
}

export interface ParseTimings {
  minFileProcessInterval: TimingValue;
  dagbagImportTimeout: TimingValue;
  dagFileProcessorTimeout: TimingValue;
}

/** Airflow's defaults, from the config catalogue (the same in 2.x and 3.x). */
export const AIRFLOW_DEFAULT_TIMINGS: ParseTimings = Object.freeze({
  minFileProcessInterval: { seconds: defaultSeconds('scheduler', 'min_file_process_interval'), source: null },
  dagbagImportTimeout: { seconds: defaultSeconds('core', 'dagbag_import_timeout'), source: null },
  dagFileProcessorTimeout: { seconds: defaultSeconds('core', 'dag_file_processor_timeout'), source: null },
});

/** A count per parse: `atLeast` when some site runs an unknown number of times, `upTo` when a branch may skip some. */
export interface Count {
  count: number;
  atLeast: boolean;
  upTo: boolean;
}

export interface ParseCost {
  variableReads: Count;
  connectionLookups: Count;
  hookCalls: Count;
  networkCalls: Count;
  databaseCalls: Count;
  processes: Count;
  sleeps: Count;
  /** The heavy packages imported at module level, each once, in file order. */
  heavyImports: string[];
  dags: Count;
  /** Variable reads + connection lookups + hook calls (each looks its connection up). */
  metadataReads: Count;
  parsesPerDay: number;
  /** metadataReads x parsesPerDay. */
  metadataReadsPerDay: Count;
}

const ZERO: Count = Object.freeze({ count: 0, atLeast: false, upTo: false });

export function parseCostOf(
  model: ParseTimeModel,
  settings: Pick<Settings, 'ioCalls' | 'heavyModules'>,
  timings: ParseTimings,
  project: ProjectModules | null = null,
): ParseCost {
  return runToEnd(parseCostSteps(model, settings, timings, project));
}

/**
 * `parseCostOf` in steps (core/steps.ts): the code lens runs it a slice at a time, so that requests
 * are answered while it counts (each part pauses every hundred or so calls). The model must not
 * change until it is done.
 */
export function* parseCostSteps(
  model: ParseTimeModel,
  settings: Pick<Settings, 'ioCalls' | 'heavyModules'>,
  timings: ParseTimings,
  project: ProjectModules | null = null,
): Generator<void, ParseCost> {
  const byKind = new Map<ExternalKind, Count>();
  for (const found of yield* parseTimeExternalCallsSteps(model, settings))
    byKind.set(found.kind, add(byKind.get(found.kind) ?? ZERO, found.multiplicity));
  const heavyImports = moduleLevelHeavyImports(model.source, model, settings.heavyModules).map((heavy) => heavy.package);
  yield;
  const { source, imports, calls } = model;
  for (const reach of yield* dagFileReachSteps({ source, imports, calls, model, settings, project })) {
    for (const found of reach.hazards) {
      if (found.hazard.kind === 'heavy-import') heavyImports.push(found.hazard.label);
      else byKind.set(found.hazard.kind, add(byKind.get(found.hazard.kind) ?? ZERO, times(found.multiplicity, reach.multiplicity)));
    }
  }
  yield;
  const builders = yield* DagBuilders.steps(model);
  let dags = ZERO;
  for (const call of builders.direct) if (model.phaseOf(call) === 'parse') dags = add(dags, model.multiplicityOf(call));
  yield;
  // DAGs that the project's factories and DAG subclasses build, seen through their summaries.
  const projectBuilt = projectDagsBuilt({ source, imports, calls, model, settings, project });
  for (const built of projectBuilt) dags = add(dags, built.multiplicity);
  // `globals()[name] = build(...)` with a factory from another module: the file's DAG-building
  // calls run elsewhere, but each write at parse time registers one DAG (the file's own factories
  // are counted above, through the DAG(...) calls they run at parse time; a project factory counted
  // through its summary is not counted twice).
  for (const write of builders.globalsWrites) {
    if (model.phaseOf(write) !== 'parse' || !builders.sitesWithin(write).every((site) => site.id === write.id)) continue;
    if (projectBuilt.some(({ call }) => call.startIndex >= write.startIndex && call.endIndex <= write.endIndex)) continue;
    dags = add(dags, model.multiplicityOf(write));
  }
  const get = (kind: ExternalKind) => byKind.get(kind) ?? ZERO;
  const metadataReads = sum(sum(get('variable'), get('connection')), get('hook'));
  const parsesPerDay = Math.floor(86_400 / Math.max(1, timings.minFileProcessInterval.seconds));
  return {
    variableReads: get('variable'),
    connectionLookups: get('connection'),
    hookCalls: get('hook'),
    networkCalls: get('network'),
    databaseCalls: get('database'),
    processes: get('subprocess'),
    sleeps: get('sleep'),
    heavyImports: [...new Set(heavyImports)],
    dags,
    metadataReads,
    parsesPerDay,
    metadataReadsPerDay: { ...metadataReads, count: metadataReads.count * parsesPerDay },
  };
}

function add(total: Count, multiplicity: Multiplicity): Count {
  return {
    count: total.count + (multiplicity.count ?? 1),
    atLeast: total.atLeast || multiplicity.count === null,
    upTo: total.upTo || multiplicity.conditional,
  };
}

function sum(a: Count, b: Count): Count {
  return { count: a.count + b.count, atLeast: a.atLeast || b.atLeast, upTo: a.upTo || b.upTo };
}

/** Nothing counted and no DAG built: a helper module that mentions Airflow; the lens and report skip it. */
export function isEmptyCost(cost: ParseCost): boolean {
  return cost.dags.count === 0 && cost.heavyImports.length === 0 && costScore(cost) === 0;
}

/** Ranks files: calls that leave the processor first, then heavy imports, then DAGs built. */
export function costScore(cost: ParseCost): number {
  const calls = cost.metadataReads.count + cost.networkCalls.count + cost.databaseCalls.count + cost.processes.count + cost.sleeps.count;
  return calls * 1_000_000 + cost.heavyImports.length * 1_000 + cost.dags.count;
}

/**
 * One formatter for every count: `toLocaleString` builds a new one per call (about 25 times
 * slower). Made when first needed: making it costs milliseconds (ICU's number data), which every
 * start of the CLI paid, also a run that formats no count.
 */
let countFormat: Intl.NumberFormat | undefined;

/** "12", "12+" (some counts unknown), "up to 12" (some may be skipped). */
export function formatCount(count: Count): string {
  countFormat ??= new Intl.NumberFormat('en-US');
  const number = countFormat.format(count.count);
  if (count.atLeast) return `${number}+`;
  return count.upTo ? `up to ${number}` : number;
}

function phrase(count: Count, singular: string, plural: string): string | null {
  if (count.count === 0) return null;
  return `${formatCount(count)} ${count.count === 1 && !count.atLeast ? singular : plural}`;
}

/** Where a timing came from, for people: "Airflow default", "docker-compose.yaml". */
function describeSource(value: TimingValue): string {
  return value.source ?? 'Airflow default';
}

/** The same with the key: "docker-compose.yaml: AIRFLOW__SCHEDULER__MIN_FILE_PROCESS_INTERVAL". */
function describeSourceKey(value: TimingValue): string {
  return value.source ? `${value.source}${value.key ? `: ${value.key}` : ''}` : 'Airflow default';
}

/**
 * The cost of a parsed file, or null when Airflow would not parse it as a DAG file: `parsedByAirflow`
 * as in AnalysisOptions (the project's layout), else safe mode's test on the text. With `project`,
 * what the helpers and imported project modules run is counted too.
 */
export function parseCostOfSource(
  source: SourceFile,
  settings: Pick<Settings, 'ioCalls' | 'heavyModules'>,
  timings: ParseTimings,
  parsedByAirflow: boolean | null = null,
  project: ProjectModules | null = null,
): ParseCost | null {
  if (!(parsedByAirflow ?? isDagFileText(source.text))) return null;
  return parseCostOf(buildFileModel(source).model, settings, timings, project);
}

/**
 * "each parse: 12 Variable reads, 1 connection lookup, 3 network calls, 2 heavy imports (pandas,
 * numpy), builds 8 DAGs; parsed every 30 s (Airflow default) = 37,440 metadata database reads a day"
 */
export function describeParseCost(cost: ParseCost, timings: ParseTimings): string {
  const parts = [
    phrase(cost.variableReads, 'Variable read', 'Variable reads'),
    phrase(cost.connectionLookups, 'connection lookup', 'connection lookups'),
    phrase(cost.hookCalls, 'hook call', 'hook calls'),
    phrase(cost.networkCalls, 'network call', 'network calls'),
    phrase(cost.databaseCalls, 'database call', 'database calls'),
    phrase(cost.processes, 'process started', 'processes started'),
    phrase(cost.sleeps, 'sleep', 'sleeps'),
    cost.heavyImports.length > 0
      ? `${cost.heavyImports.length} heavy import${cost.heavyImports.length === 1 ? '' : 's'} (${cost.heavyImports.join(', ')})`
      : null,
  ].filter((part): part is string => part !== null);
  const dags = cost.dags.count > 0 ? `builds ${formatCount(cost.dags)} DAG${cost.dags.count === 1 && !cost.dags.atLeast ? '' : 's'}` : null;
  const what = parts.length > 0 ? [...parts, ...(dags ? [dags] : [])].join(', ') : `nothing costly${dags ? ` (${dags})` : ''}`;
  const interval = timings.minFileProcessInterval;
  const daily = cost.metadataReads.count > 0 ? ` = ${formatCount(cost.metadataReadsPerDay)} metadata database reads a day` : '';
  return `each parse: ${what}; parsed every ${formatSeconds(interval.seconds)} (${describeSource(interval)})${daily}`;
}

/** The timeouts a slow parse runs into, for a tooltip or a report header. */
export function describeTimeouts(timings: ParseTimings): string {
  const { dagbagImportTimeout: imp, dagFileProcessorTimeout: proc } = timings;
  const interval = timings.minFileProcessInterval;
  return [
    `min_file_process_interval ${formatSeconds(interval.seconds)} (${describeSourceKey(interval)})`,
    `dagbag_import_timeout ${formatSeconds(imp.seconds)} (${describeSourceKey(imp)})`,
    `dag_file_processor_timeout ${formatSeconds(proc.seconds)} (${describeSourceKey(proc)})`,
  ].join('; ');
}

function formatSeconds(seconds: number): string {
  return `${Number.isInteger(seconds) ? seconds : seconds.toFixed(1)} s`;
}
