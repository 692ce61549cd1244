// The one place where the project's findings become LSP types.
import { pathToFileURL } from 'node:url';
import {
  DiagnosticSeverity,
  DiagnosticTag,
  type Diagnostic,
  type DiagnosticRelatedInformation,
  type SnippetTextEdit,
  type TextEdit as LspTextEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver';
import { ruleByCode, ruleDocsUrl } from '../core/rules/registry';
import type { Finding, Severity } from '../core/findings';
import type { TextEdit } from '../core/syntax/positions';

const SOURCE = 'dag-guard';

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

export function toDiagnostic(finding: Finding): Diagnostic {
  return {
    range: finding.range,
    severity: SEVERITY[finding.severity],
    code: finding.code,
    // DG000 (a file not analysed) is no rule and has no page.
    ...(ruleByCode(finding.code) ? { codeDescription: { href: ruleDocsUrl(finding.code) } } : {}),
    source: SOURCE,
    message: finding.message,
    // Code actions recompute fixes from the current text; data only says whether to ask.
    data: { fixable: finding.fix !== null || (finding.alternatives?.length ?? 0) > 0 },
    ...(finding.related?.length ? { relatedInformation: finding.related.map(toRelatedInformation) } : {}),
    // Editors strike deprecated code through.
    ...(finding.tags?.includes('deprecated') ? { tags: [DiagnosticTag.Deprecated] } : {}),
  };
}

/** A step of a cross-module finding's chain (the helper's `Variable.get`), at its file's URI. */
function toRelatedInformation(related: NonNullable<Finding['related']>[number]): DiagnosticRelatedInformation {
  return { location: { uri: toUri(related.path), range: related.range }, message: related.message };
}

/** The project layer's paths are file paths or URIs; a scheme of two letters or more is a URI (C: is a drive). */
function toUri(path: string): string {
  return /^[A-Za-z][A-Za-z0-9+.-]+:/.test(path) ? path : pathToFileURL(path).href;
}

/** `version` null: a file the client does not have open (the edit applies to it as it is on disk). */
export function toWorkspaceEdit(uri: string, version: number | null, edits: readonly TextEdit[]): WorkspaceEdit {
  return {
    documentChanges: [
      { textDocument: { uri, version }, edits: edits.map((edit): LspTextEdit => ({ range: edit.range, newText: edit.newText })) },
    ],
  };
}

/** Edits whose texts are LSP snippets, for clients with `workspaceEdit.snippetEditSupport`. */
export function toSnippetWorkspaceEdit(uri: string, version: number, edits: readonly TextEdit[]): WorkspaceEdit {
  return {
    documentChanges: [
      {
        textDocument: { uri, version },
        edits: edits.map((edit): SnippetTextEdit => ({ range: edit.range, snippet: { kind: 'snippet', value: edit.newText } })),
      },
    ],
  };
}

/** Does the finding's range touch the requested range (an empty request range at its edge counts)? */
export function touches(
  finding: Finding,
  range: { start: { line: number; character: number }; end: { line: number; character: number } },
): boolean {
  const before = (a: { line: number; character: number }, b: { line: number; character: number }) =>
    a.line < b.line || (a.line === b.line && a.character < b.character);
  return !before(range.end, finding.range.start) && !before(finding.range.end, range.start);
}
