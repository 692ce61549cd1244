// textDocument/hover: markdown from the core's hover providers (Python files and config documents),
// after the details of the findings at the position (core/hover/findingDetail.ts).
import { MarkupKind, type Hover } from 'vscode-languageserver';
import { configHover } from '../../core/hover/config';
import { findingDetailHover, withFindingDetails } from '../../core/hover/findingDetail';
import { pythonHover, type HoverResult } from '../../core/hover/python';
import { isConfigKind } from '../../core/documentKind';
import type { DagGuardServer } from '../server';

export function registerHover(server: DagGuardServer): void {
  // The findings' details need the analysis, which needs the deployment's config files: wait for
  // their walk (at start-up only), as code actions do.
  server.connection.onHover(async ({ textDocument, position }) => {
    await server.settings.configFilesReady();
    return server.guard('hover', (): Hover | null => {
      const entry = server.documents.get(textDocument.uri);
      if (!entry) return null;
      const offset = entry.document.offsetAt(position);
      let own: HoverResult | null = null;
      if (entry.kind === 'python') {
        const source = server.documents.sourceOf(entry);
        const { airflowVersion, pathExists } = server.settings.forUri(textDocument.uri);
        own = source ? pythonHover({ source, offset, airflowVersion, pathExists }) : null;
      } else if (isConfigKind(entry.kind)) {
        own = configHover(server.documents.configOf(entry), offset);
      } else {
        return null;
      }
      // The analysis the diagnostics came from (cached per revision, as code actions read it).
      const result = withFindingDetails(own, findingDetailHover(server.findingsFor(entry), position));
      return result ? { contents: { kind: MarkupKind.Markdown, value: result.markdown }, range: result.range } : null;
    }) ?? null;
  });
}
