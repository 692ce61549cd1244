// textDocument/hover: markdown from the core's hover providers (Python files and config documents),
// after the details of the findings at the position (core/hover/findingDetail.ts).
import { MarkupKind, type Hover } from 'vscode-languageserver';
import { configHover } from '../../core/hover/config';
import { findingDetailHover, withFindingDetails } from '../../core/hover/findingDetail';
import { pythonHover, type HoverResult } from '../../core/hover/python';
import { isConfigKind } from '../../core/documentKind';
import type { DagGuardServer } from '../server';

export function registerHover(server: DagGuardServer): void {
  server.connection.onHover(({ textDocument, position }) =>
    server.guard('hover', (): Hover | null => {
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
      // The findings of the analysis already made of this text (the diagnostics the user sees), never
      // a new one: a hover is answered at once, even while the config files are still being walked.
      const findings = server.cache.get(entry.uri, entry.revision) ?? [];
      const result = withFindingDetails(own, findingDetailHover(findings, position));
      return result ? { contents: { kind: MarkupKind.Markdown, value: result.markdown }, range: result.range } : null;
    }) ?? null,
  );
}
