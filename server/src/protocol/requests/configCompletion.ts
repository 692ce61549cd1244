// textDocument/completion in configuration documents (airflow.cfg sections and keys, AIRFLOW__
// variable names). Kept apart from Python completion: `configCompletionItems` answers for config
// documents and returns null for the others, so the single completion handler (completion.ts)
// dispatches on it.
import { CompletionItemKind, InsertTextFormat, MarkupKind, type CompletionItem, type CompletionParams } from 'vscode-languageserver';
import { configCompletions } from '../../core/completion/config';
import { isConfigKind } from '../../core/documentKind';
import type { DagGuardServer } from '../server';

const KIND = {
  section: CompletionItemKind.Module,
  key: CompletionItemKind.Property,
  variable: CompletionItemKind.Variable,
  value: CompletionItemKind.EnumMember,
} as const;

/** Completion items for a config document; null when the document is not one (e.g. Python). */
export function configCompletionItems(server: DagGuardServer, params: CompletionParams): CompletionItem[] | null {
  const entry = server.documents.get(params.textDocument.uri);
  if (!entry || !isConfigKind(entry.kind)) return null;
  const document = server.documents.configOf(entry);
  const offset = entry.document.offsetAt(params.position);
  const { airflowVersion, airflowMinor } = server.settings.forUri(params.textDocument.uri);
  return configCompletions(document, offset, { airflowVersion, airflowMinor }).map((item, index) => ({
    label: item.label,
    kind: KIND[item.kind],
    ...(item.detail !== undefined ? { detail: item.detail } : {}),
    ...(item.documentation ? { documentation: { kind: MarkupKind.Markdown, value: item.documentation } } : {}),
    textEdit: { range: item.range, newText: item.insertText },
    insertTextFormat: InsertTextFormat.PlainText,
    filterText: item.label,
    sortText: `${item.deprecated ? 'z' : 'a'}${String(index).padStart(4, '0')}`,
    ...(item.deprecated ? { tags: [1 /* CompletionItemTag.Deprecated */] } : {}),
  }));
}
