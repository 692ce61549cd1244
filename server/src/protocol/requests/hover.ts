// textDocument/hover: markdown from the core's hover providers (Python files and config documents).
import { MarkupKind, type Hover } from 'vscode-languageserver';
import { configHover } from '../../core/hover/config';
import { pythonHover } from '../../core/hover/python';
import { isConfigKind } from '../../core/documentKind';
import type { DagGuardServer } from '../server';

export function registerHover(server: DagGuardServer): void {
  server.connection.onHover(({ textDocument, position }) => server.guard('hover', (): Hover | null => {
    const entry = server.documents.get(textDocument.uri);
    if (!entry) return null;
    const offset = entry.document.offsetAt(position);
    if (entry.kind === 'python') {
      const source = server.documents.sourceOf(entry);
      const { airflowVersion, pathExists } = server.settings.forUri(textDocument.uri);
      const result = source && pythonHover({ source, offset, airflowVersion, pathExists });
      return result ? { contents: { kind: MarkupKind.Markdown, value: result.markdown }, range: result.range } : null;
    }
    if (isConfigKind(entry.kind)) {
      const result = configHover(server.documents.configOf(entry), offset);
      return result ? { contents: { kind: MarkupKind.Markdown, value: result.markdown }, range: result.range } : null;
    }
    return null;
  }) ?? null);
}
