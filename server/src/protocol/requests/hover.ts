// textDocument/hover: markdown from the core's hover providers (Python files and config documents),
// after the details of the findings at the position (core/hover/findingDetail.ts).
import { MarkupKind, type Hover, type Position } from 'vscode-languageserver';
import { configHover } from '../../core/hover/config';
import { findingDetailHover, withFindingDetails } from '../../core/hover/findingDetail';
import { pythonHover, type HoverResult } from '../../core/hover/python';
import { isConfigKind } from '../../core/documentKind';
import type { DagGuardServer } from '../server';

export function registerHover(server: DagGuardServer): void {
  server.connection.onHover(async ({ textDocument, position }) => {
    // A config key's hover shows the value in effect across the project's config files: wait for their walk (at start-up only).
    if (isConfigKind(server.documents.get(textDocument.uri)?.kind ?? 'python')) await server.settings.configFilesReady();
    return hoverAt(server, textDocument.uri, position);
  });
}

function hoverAt(server: DagGuardServer, uri: string, position: Position): Hover | null {
  return (
    server.guard('hover', (): Hover | null => {
      const entry = server.documents.get(uri);
      if (!entry) return null;
      const offset = entry.document.offsetAt(position);
      let own: HoverResult | null = null;
      if (entry.kind === 'python') {
        const source = server.documents.sourceOf(entry);
        const { airflowVersion, pathExists } = server.settings.forUri(uri);
        own = source
          ? pythonHover({ source, offset, airflowVersion, pathExists, configProject: () => server.settings.configProjectFor(uri, '') })
          : null;
      } else if (isConfigKind(entry.kind)) {
        const document = server.documents.configOf(entry);
        own = configHover(document, offset, server.settings.configProjectFor(uri, document.text));
      } else {
        return null;
      }
      // The findings published for this text (the diagnostics the user sees), never a new analysis:
      // a hover is answered at once.
      const findings = server.published.get(entry.uri, entry.revision) ?? server.cache.get(entry.uri, entry.revision) ?? [];
      const result = withFindingDetails(own, findingDetailHover(findings, position));
      return result ? { contents: { kind: MarkupKind.Markdown, value: result.markdown }, range: result.range } : null;
    }) ?? null
  );
}
