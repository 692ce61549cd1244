// textDocument/hover: markdown from the core's hover providers (Python files and config documents).
import { MarkupKind, type Hover, type Position } from 'vscode-languageserver';
import { configHover } from '../../core/hover/config';
import { pythonHover } from '../../core/hover/python';
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
  return server.guard('hover', (): Hover | null => {
    const textDocument = { uri };
    const entry = server.documents.get(textDocument.uri);
    if (!entry) return null;
    const offset = entry.document.offsetAt(position);
    if (entry.kind === 'python') {
      const source = server.documents.sourceOf(entry);
      const { airflowVersion, pathExists } = server.settings.forUri(textDocument.uri);
      const result = source && pythonHover({ source, offset, airflowVersion, pathExists, configProject: () => server.settings.configProjectFor(uri, '') });
      return result ? { contents: { kind: MarkupKind.Markdown, value: result.markdown }, range: result.range } : null;
    }
    if (isConfigKind(entry.kind)) {
      const document = server.documents.configOf(entry);
      const result = configHover(document, offset, server.settings.configProjectFor(textDocument.uri, document.text));
      return result ? { contents: { kind: MarkupKind.Markdown, value: result.markdown }, range: result.range } : null;
    }
    return null;
  }) ?? null;
}
