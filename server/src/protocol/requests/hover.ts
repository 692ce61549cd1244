// textDocument/hover: markdown from the core's hover providers.
import { MarkupKind, type Hover } from 'vscode-languageserver';
import { pythonHover } from '../../core/hover/python';
import type { DagGuardServer } from '../server';

export function registerHover(server: DagGuardServer): void {
  server.connection.onHover(({ textDocument, position }) => server.guard('hover', (): Hover | null => {
    const entry = server.documents.get(textDocument.uri);
    if (!entry) return null;
    const offset = entry.document.offsetAt(position);
    if (entry.kind === 'python') {
      const source = server.documents.sourceOf(entry, textDocument.uri);
      const { airflowVersion } = server.settings.forUri(textDocument.uri);
      const result = source && pythonHover({ source, offset, airflowVersion });
      return result ? { contents: { kind: MarkupKind.Markdown, value: result.markdown }, range: result.range } : null;
    }
    return null;
  }) ?? null);
}
