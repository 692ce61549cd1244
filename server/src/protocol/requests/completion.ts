// textDocument/completion, the one handler: configuration documents get their sections, keys and
// values (configCompletion.ts); Python files get weight_rule values, WeightRule members and known
// pools, from the core.
import { CompletionItemKind, MarkupKind, type CompletionItem, type CompletionList } from 'vscode-languageserver';
import { pythonCompletions } from '../../core/completion/python';
import type { DagGuardServer } from '../server';
import { configCompletionItems } from './configCompletion';

const ITEM_KINDS = {
  value: CompletionItemKind.Value,
  enumMember: CompletionItemKind.EnumMember,
  variable: CompletionItemKind.Variable,
  function: CompletionItemKind.Function,
  field: CompletionItemKind.Field,
} as const;

export function registerCompletion(server: DagGuardServer): void {
  server.connection.onCompletion(
    (params) =>
      server.guard('completion', (): CompletionList | CompletionItem[] | null => {
        const config = configCompletionItems(server, params);
        if (config) return config;
        const { textDocument, position } = params;
        const entry = server.documents.get(textDocument.uri);
        if (!entry || entry.kind !== 'python') return null;
        const source = server.documents.sourceOf(entry);
        if (!source) return null;
        const { pools, airflowVersion, variables, connections } = server.settings.forUri(textDocument.uri);
        const entries = pythonCompletions({
          source,
          offset: entry.document.offsetAt(position),
          pools,
          airflowVersion,
          variables,
          connections,
        });
        if (entries.length === 0) return null;
        const items = entries.map(
          (item): CompletionItem => ({
            label: item.label,
            kind: ITEM_KINDS[item.kind],
            detail: item.detail,
            ...(item.documentation ? { documentation: { kind: MarkupKind.Markdown, value: item.documentation } } : {}),
            textEdit: { range: item.range, newText: item.insertText },
            sortText: item.sortText,
            filterText: item.insertText,
          }),
        );
        // The list is complete: typing more filters it on the client, no new request needed.
        return { isIncomplete: false, items };
      }) ?? null,
  );
}
