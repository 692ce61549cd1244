// textDocument/codeLens: the parse-cost summary on the first line of a DAG file ("each parse: 12
// Variable reads, ...; parsed every 30 s (Airflow default) = 34,560 metadata database reads a
// day"). The counting is the core's (cost/parseCost.ts); the interval and timeouts are read from
// the workspace's own Airflow config. Clicking it shows the same text with the settings used.
import type { CodeLens, CodeLensParams } from 'vscode-languageserver';
import { describeParseCost, describeTimeouts, parseCostOfSource } from '../../core/cost/parseCost';
import type { DagGuardServer } from '../server';
import { COMMANDS } from './executeCommand';

export function registerCodeLens(server: DagGuardServer): void {
  server.connection.onCodeLens((params) => server.guard('codeLens', () => codeLenses(server, params)) ?? []);
}

export function codeLenses(server: DagGuardServer, params: CodeLensParams): CodeLens[] {
  const entry = server.documents.get(params.textDocument.uri);
  if (!entry || entry.kind !== 'python') return [];
  const log = (problem: string) => server.log(problem);
  const documentSettings = server.settings.forUri(entry.uri, log);
  if (!documentSettings.settings.parseCostLens) return [];
  if (documentSettings.filter && documentSettings.path && documentSettings.filter.excludes(documentSettings.path)) return [];
  const source = server.documents.sourceOf(entry, documentSettings.path ?? entry.uri);
  if (!source) return [];
  const timings = server.settings.timingsFor(entry.uri, log);
  const cost = parseCostOfSource(source, documentSettings.settings, timings);
  if (!cost) return [];
  const title = `DAG Guard: ${describeParseCost(cost, timings)}`;
  const tooltip = `Airflow settings: ${describeTimeouts(timings)}`;
  return [
    {
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      command: { title, tooltip, command: COMMANDS.showParseCost, arguments: [`${title}\n${tooltip}`] },
    },
  ];
}
