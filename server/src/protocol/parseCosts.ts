// The workspace's DAG files ranked by what they run at every parse, for the editor's "Parse cost"
// view: what `dag-guard report` prints, one entry per file, costliest first, each with the line of
// its costliest site. The files are those the workspace scan found to be DAG files plus the open
// documents (their editor text wins). The client asks with the dagGuard/parseCosts request; the
// server says when the answer may have changed with dagGuard/parseCostsChanged (a scan ended, a
// file changed on disk, the settings or a helper changed), and the client asks again.
import { pathToFileURL } from 'node:url';
import { costScore, describeParseCost, isEmptyCost, parseCostSteps, type ParseTimings } from '../core/cost/parseCost';
import { costliestLineSteps } from '../core/cost/costliestLine';
import { isDagFileText } from '../core/dagFile';
import { analysedModelOf, fileModelSteps } from '../core/model/fileModel';
import { SourceFile } from '../core/model/source';
import type { ProjectModules } from '../core/project/modules';
import type { Settings } from '../core/settings/schema';
import { parsePython } from '../core/syntax/parser';
import { readSourceFile } from '../project/readSource';
import { runInSlices } from './analysisScheduler';
import { uriToPath } from './projectSettings';
import type { DagGuardServer } from './server';
import { compareText } from '../core/ordering';

const PARSE_COSTS_REQUEST = 'dagGuard/parseCosts';
const PARSE_COSTS_CHANGED = 'dagGuard/parseCostsChanged';

export interface ParseCostEntry {
  uri: string;
  /** What runs at each parse: "3 Variable reads, 1 connection lookup, builds 12 DAGs". */
  summary: string;
  /** The lens's whole sentence, with the interval and the reads a day. */
  detail: string;
  /** The 0-based line of the costliest site (core/cost/costliestLine.ts). */
  line: number;
  /** The rank (costScore): higher first. */
  score: number;
}

/** Bursts of changes (a branch switch, a scan's end) make one notification. */
const CHANGED_AFTER_MS = 300;

export class ParseCosts {
  /** The DAG files the workspace scan read from disk. */
  private readonly dagFiles = new Set<string>();
  /** One computation per file text, module generation, settings and timings. */
  private readonly computed = new Map<
    string,
    { text: string; modules: number; settings: Settings; timings: ParseTimings; entry: ParseCostEntry | null }
  >();
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly server: DagGuardServer) {}

  register(): void {
    this.server.connection.onRequest(PARSE_COSTS_REQUEST, async () => {
      await this.server.settings.configFilesReady();
      return (await this.server.guardAsync('parseCosts', () => this.entries())) ?? [];
    });
  }

  /** The scan read `file`: keep it in the view while it is a DAG file. */
  fileSeen(file: string, isDag: boolean): void {
    if (isDag) this.dagFiles.add(file);
    else if (this.dagFiles.delete(file)) this.computed.delete(file);
  }

  changed(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.server.connection.sendNotification(PARSE_COSTS_CHANGED);
    }, CHANGED_AFTER_MS);
  }

  /**
   * The entries, costliest first. Each file is read, parsed and counted in steps, one per turn of
   * the event loop (runInSlices): requests sent meanwhile are answered between them.
   */
  async entries(): Promise<ParseCostEntry[]> {
    const files = new Map<string, string>();
    for (const file of this.dagFiles) files.set(pathToFileURL(file).toString(), file);
    for (const document of this.server.documents.all()) {
      const file = document.kind === 'python' ? uriToPath(document.uri) : null;
      if (file) files.set(document.uri, file);
    }
    const entries: ParseCostEntry[] = [];
    for (const [uri, file] of files) {
      const entry = await this.entryOf(uri, file);
      if (entry) entries.push(entry);
    }
    return entries.sort((a, b) => b.score - a.score || compareText(a.uri, b.uri));
  }

  private async entryOf(uri: string, file: string): Promise<ParseCostEntry | null> {
    // Even a file whose entry is known is read again (its text decides): one turn each.
    await new Promise((resolve) => setImmediate(resolve));
    for (;;) {
      const log = (problem: string) => this.server.log(problem);
      const { settings, filter, parsedByAirflow } = this.server.settings.forUri(uri, log);
      if (filter?.excludes(file)) return null;
      const open = this.server.documents.get(uri);
      const text = open ? open.document.getText() : readText(file);
      if (text === null) return null;
      const timings = this.server.settings.timingsFor(uri, log);
      const modules = this.server.modules.generation;
      const cached = this.computed.get(file);
      if (cached && cached.text === text && cached.modules === modules && cached.settings === settings && cached.timings === timings)
        return cached.entry;
      const project = this.server.modules.indexFor(this.server.layoutOf(file));
      const measure = (source: SourceFile) => this.entrySteps(uri, source, settings, timings, project, parsedByAirflow);
      // An open document's tree is its store's, replaced (and freed) by its next change: the steps
      // stop at their next pause when the document changes, and its new text is counted.
      const revision = open?.revision;
      const source = open ? this.server.documents.sourceOf(open) : null;
      const steps = source ? measure(source) : this.fromDisk(file, text, measure);
      const measured = await runInSlices(steps, () => open !== undefined && this.server.documents.get(uri)?.revision !== revision);
      if (!measured) continue;
      this.computed.set(file, { text, modules, settings, timings, entry: measured.entry });
      return measured.entry;
    }
  }

  /** `measure` on `text` parsed here (a file on disk, or an open document kept without a tree), its tree freed when the steps end. */
  private *fromDisk<T>(file: string, text: string, measure: (source: SourceFile) => Generator<void, T>): Generator<void, T> {
    const tree = parsePython(this.server.engine.parser, text);
    try {
      yield;
      return yield* measure(new SourceFile(file, text, tree));
    } finally {
      tree.delete();
    }
  }

  private *entrySteps(
    uri: string,
    source: SourceFile,
    settings: Settings,
    timings: ParseTimings,
    project: ProjectModules,
    parsedByAirflow: boolean | null,
  ): Generator<void, { entry: ParseCostEntry | null }> {
    // Outside the DAG folder or hidden by .airflowignore: Airflow never parses it.
    if (!(parsedByAirflow ?? isDagFileText(source.text))) return { entry: null };
    // An open document's analysis has built the model of its text already (when it finished).
    const { model } = analysedModelOf(source) ?? (yield* fileModelSteps(source));
    const cost = yield* parseCostSteps(model, settings, timings, project);
    if (isEmptyCost(cost)) return { entry: null };
    const detail = describeParseCost(cost, timings);
    const summary = (detail.split('; ')[0] ?? detail).replace(/^each parse: /, '');
    const line = yield* costliestLineSteps(model, settings, project);
    return { entry: { uri, summary, detail, line, score: costScore(cost) } };
  }
}

function readText(file: string): string | null {
  // Regular files only, under the size cap (as the scan reads them).
  const read = readSourceFile(file);
  return read.ok ? read.text : null;
}
