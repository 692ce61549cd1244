// textDocument/codeLens: the parse-cost summary on the first line of a DAG file ("each parse: 12
// Variable reads, ...; parsed every 30 s (Airflow default) = 34,560 metadata database reads a
// day"). The counting is the core's (cost/parseCost.ts); the interval and timeouts are read from
// the workspace's own Airflow config. Clicking it shows the same text with the settings used: a
// message in other editors, a markdown document in VS Code (the lens's second argument).
import type { CodeLens, CodeLensParams } from 'vscode-languageserver';
import {
  describeParseCost,
  describeTimeouts,
  isEmptyCost,
  parseCostSteps,
  type ParseCost,
  type ParseTimings,
} from '../../core/cost/parseCost';
import { isDagFileText } from '../../core/dagFile';
import { analysedModelOf, fileModelSteps } from '../../core/model/fileModel';
import type { SourceFile } from '../../core/model/source';
import type { ProjectModules } from '../../core/project/modules';
import type { Settings } from '../../core/settings/schema';
import type { OpenDocument } from '../documents';
import { runInSlices } from '../analysisScheduler';
import type { DagGuardServer } from '../server';
import { COMMANDS } from './executeCommand';

/** Editors ask again on focus and scroll: one computation per document revision, module generation and settings. */
const computed = new WeakMap<
  OpenDocument,
  { revision: number; modules: number; settings: Settings; timings: ParseTimings; lenses: CodeLens[] }
>();

export function registerCodeLens(server: DagGuardServer): void {
  // The analysis needs the deployment's config files: wait for their walk (at start-up only).
  server.connection.onCodeLens(async (params) => {
    await server.settings.configFilesReady();
    return (await server.guardAsync('codeLens', () => codeLenses(server, params))) ?? [];
  });
}

/**
 * The lens of the document's current text. Its counting reads the parse-time model that the
 * document's analysis builds: the lens waits for that analysis (it starts nothing early: the
 * debounce stands, and requests are answered meanwhile); only when no analysis builds a model (no
 * rule runs on the file) does the lens build one. The model and the counting run in slices. When the
 * text changes while it waits, the lens is for the newer text.
 */
async function codeLenses(server: DagGuardServer, params: CodeLensParams): Promise<CodeLens[]> {
  for (;;) {
    const entry = server.documents.get(params.textDocument.uri);
    if (!entry || entry.kind !== 'python') return [];
    const log = (problem: string) => server.log(problem);
    const documentSettings = server.settings.forUri(entry.uri, log);
    if (!documentSettings.settings.parseCostLens) return [];
    if (documentSettings.filter && documentSettings.path && documentSettings.filter.excludes(documentSettings.path)) return [];
    const timings = server.settings.timingsFor(entry.uri, log);
    const { revision } = entry;
    // The helpers a DAG file calls count too: an edit of any module makes the lens stale.
    const modules = server.modules.generation;
    const cached = computed.get(entry);
    if (
      cached &&
      cached.revision === revision &&
      cached.modules === modules &&
      cached.settings === documentSettings.settings &&
      cached.timings === timings
    )
      return cached.lenses;
    // The analysis builds the model the lens reads (and, for a large document just opened, runs
    // its first parse): wait for it.
    if (entry.tree || entry.pending || entry.unparsed) {
      await server.analyses.settled(entry.uri, revision);
      if (server.documents.get(entry.uri)?.revision !== revision) continue;
    }
    const source = server.documents.sourceOf(entry);
    let cost: ParseCost | null = null;
    if (source && (documentSettings.parsedByAirflow ?? isDagFileText(source.text))) {
      const project = documentSettings.path ? server.modules.indexFor(server.layoutOf(documentSettings.path)) : null;
      // Counted before the workspace scan goes on, as the analysis it waited for was.
      cost = await server.analyses.forRequest(() =>
        runInSlices(
          costSteps(source, documentSettings.settings, timings, project),
          () => server.documents.get(entry.uri)?.revision !== revision,
        ),
      );
      if (!cost) continue;
    }
    const lenses =
      cost && !isEmptyCost(cost) ? [lensFor(describeParseCost(cost, timings), describeTimeouts(timings), fileNameOf(entry.uri))] : [];
    computed.set(entry, { revision, modules, settings: documentSettings.settings, timings, lenses });
    return lenses;
  }
}

/**
 * The parse cost of the document's text, in steps (the lens's counting is a pass over every call of
 * the file): from the model its analysis built, or one built here.
 */
function* costSteps(
  source: SourceFile,
  settings: Settings,
  timings: ParseTimings,
  project: ProjectModules | null,
): Generator<void, ParseCost> {
  const { model } = analysedModelOf(source) ?? (yield* fileModelSteps(source));
  return yield* parseCostSteps(model, settings, timings, project);
}

function lensFor(summary: string, timeouts: string, fileName: string): CodeLens {
  const title = `DAG Guard: ${summary}`;
  const tooltip = `Airflow settings: ${timeouts}`;
  return {
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    command: {
      title,
      tooltip,
      command: COMMANDS.showParseCost,
      arguments: [`${title}\n${tooltip}`, parseCostMarkdown(summary, timeouts, fileName)],
    },
  };
}

/** The lens's whole text as a short markdown page: what runs, how often, and the settings used. */
function parseCostMarkdown(summary: string, timeouts: string, fileName: string): string {
  // "each parse: X; parsed every 60 s (...) = N ... a day": one paragraph per clause.
  const [what, ...rest] = summary.split('; ');
  const capitalised = (text: string) => `${text.charAt(0).toUpperCase()}${text.slice(1)}.`;
  return [
    `# Parse cost of ${fileName}`,
    '',
    capitalised(what),
    '',
    ...rest.flatMap((clause) => [capitalised(clause), '']),
    '## Airflow settings used',
    '',
    ...timeouts.split('; ').map((setting) => `- ${setting}`),
    '',
  ].join('\n');
}

function fileNameOf(uri: string): string {
  const last = uri.slice(uri.lastIndexOf('/') + 1).replace(/^untitled:/, '');
  try {
    return decodeURIComponent(last);
  } catch {
    return last;
  }
}
