// textDocument/codeAction. Fixes are recomputed from the document's current text (the cached
// analysis of its current version), never read back from a diagnostic that may be stale.
// Per finding: its fix (preferred when safe), its alternatives, "suppress with # noqa" (in config
// files on the line above where a trailing comment would change the value), "show
// documentation". Per file: "fix all" as a quick fix and as source.fixAll.dagGuard (fix on save),
// applied to a fixed point like `check --fix` and returned as one edit of the changed span.
// Refactorings (refactor.rewrite, no diagnostic needed) on operator calls and default_args: pool,
// weight_rule and priority_weight, with snippet tab stops (and a choice of pools) for clients that
// apply snippet edits; the core reuses the analysis' argument index of the document version.
import { CodeActionKind, type CodeAction, type CodeActionParams, type Diagnostic } from 'vscode-languageserver';
import { safeFixes, wholeTextEdit } from '../../core/fixes/fixAll';
import { configNoqaEdit } from '../../core/fixes/configNoqa';
import { noqaEdit } from '../../core/fixes/noqa';
import { isConfigKind } from '../../core/documentKind';
import type { ConfigChange, Finding } from '../../core/findings';
import { setIniOption } from '../../core/config/iniEdit';
import { ruleByCode } from '../../core/rules/registry';
import { argumentActions, ARGUMENT_ACTION_KIND } from '../../core/actions/taskArguments';
import { toDiagnostic, toSnippetWorkspaceEdit, toWorkspaceEdit, touches } from '../convert';
import type { DagGuardServer } from '../server';
import { CLIENT_COMMANDS, COMMANDS } from './executeCommand';

export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.dagGuard`;

export function registerCodeActions(server: DagGuardServer): void {
  // The analysis needs the deployment's config files: wait for their walk (at start-up only).
  server.connection.onCodeAction(async (params) => {
    await server.settings.configFilesReady();
    // Answer for the text the request names: its analysis, waited for or run now (in slices).
    const entry = server.documents.get(params.textDocument.uri);
    if (entry) await server.guardAsync('codeAction', () => server.analysisFor(entry));
    return server.guard('codeAction', () => codeActions(server, params)) ?? [];
  });
}

function wants(only: string[] | undefined, kind: string): boolean {
  return !only || only.some((requested) => kind === requested || kind.startsWith(`${requested}.`));
}

function codeActions(server: DagGuardServer, params: CodeActionParams): CodeAction[] {
  const entry = server.documents.get(params.textDocument.uri);
  if (!entry || entry.kind === 'other') return [];
  const { uri } = entry;
  const version = entry.document.version;
  const findings = server.findingsFor(entry);
  const only = params.context.only;
  const actions: CodeAction[] = [];

  if (wants(only, CodeActionKind.QuickFix)) {
    const here = findings.filter((finding) => touches(finding, params.range));
    const source = server.documents.sourceOf(entry);
    const config = isConfigKind(entry.kind) ? server.documents.configOf(entry) : null;
    for (const finding of here) {
      const diagnostic = matchingDiagnostic(finding, params.context.diagnostics);
      const fixes = [...(finding.fix ? [finding.fix] : []), ...(finding.alternatives ?? [])];
      for (const fix of fixes) {
        actions.push({
          title: fix.title,
          kind: CodeActionKind.QuickFix,
          diagnostics: [diagnostic],
          isPreferred: fix === finding.fix && fix.safe && fix.preferred !== false,
          edit: toWorkspaceEdit(uri, version, fix.edits),
        });
      }
    }
    for (const finding of here) {
      const action = finding.configChange && configChangeAction(server, uri, finding.configChange);
      if (action) actions.push({ ...action, diagnostics: [matchingDiagnostic(finding, params.context.diagnostics)] });
    }
    for (const finding of here) {
      // Python: appended to the line; config files: the form their syntax takes (core/fixes/configNoqa.ts).
      const edit = config
        ? configNoqaEdit(config, finding.code, finding.range.start.line)
        : source && noqaEdit(source, finding.code, finding.range.start.line, finding.range.end.line);
      if (edit) {
        actions.push({
          title: `Suppress ${finding.code} on this line (# noqa)`,
          kind: CodeActionKind.QuickFix,
          diagnostics: [matchingDiagnostic(finding, params.context.diagnostics)],
          edit: toWorkspaceEdit(uri, version, [edit]),
        });
      }
    }
    // The editor's own preview of the bundled page where the client offers one (offline); else the web page.
    const showDocs = server.ruleDocsInEditor ? CLIENT_COMMANDS.openRuleDocs : COMMANDS.showRuleDocs;
    for (const code of new Set(here.map((finding) => finding.code).filter((code) => ruleByCode(code)))) {
      actions.push({
        title: `Show documentation for ${code}`,
        kind: CodeActionKind.QuickFix,
        command: { title: `Show documentation for ${code}`, command: showDocs, arguments: [code] },
      });
    }
    if (safeFixes(findings).length > 1 && here.some((finding) => finding.fix?.safe)) {
      const all = server.fixAllText(entry);
      if (all.fixed > 1)
        actions.push({
          title: 'Fix all safe DAG Guard findings in this file',
          kind: CodeActionKind.QuickFix,
          edit: toWorkspaceEdit(uri, version, [wholeTextEdit(entry.document.getText(), all.text)]),
        });
    }
  }

  if (wants(only, ARGUMENT_ACTION_KIND)) {
    const source = server.documents.sourceOf(entry);
    if (source) {
      const snippets = server.clientCapabilities.workspace?.workspaceEdit?.snippetEditSupport === true;
      const { pools } = server.settings.forUri(uri);
      const { document } = entry;
      for (const action of argumentActions({
        source,
        pools,
        offset: document.offsetAt(params.range.start),
        end: document.offsetAt(params.range.end),
        snippets,
      })) {
        actions.push({
          title: action.title,
          kind: action.kind,
          edit: action.snippet ? toSnippetWorkspaceEdit(uri, version, action.edits) : toWorkspaceEdit(uri, version, action.edits),
        });
      }
    }
  }

  // Asked for by kind only ("Source Action..." asks for `source`, fix on save for `source.fixAll`):
  // never in the light bulb's requests, which come at every cursor move.
  if (only && wants(only, FIX_ALL_KIND) && safeFixes(findings).length > 0) {
    // To a fixed point, like `check --fix`: fixes that share text (two calls in one f-string) all land.
    const all = server.fixAllText(entry);
    if (all.fixed > 0)
      actions.push({
        title: 'Fix all safe DAG Guard findings',
        kind: FIX_ALL_KIND,
        edit: toWorkspaceEdit(uri, version, [wholeTextEdit(entry.document.getText(), all.text)]),
      });
  }
  return actions;
}

/**
 * The edit of the project's airflow.cfg a finding's remedy needs (`[secrets] use_cache = True`),
 * written into the file's current text: the open document's when the client has it open
 * (versioned), else the text read from disk. None when the file or a clean edit is missing.
 */
function configChangeAction(server: DagGuardServer, uri: string, change: ConfigChange): CodeAction | undefined {
  const file = server.settings.configFileOf(uri, change.path);
  if (!file) return undefined;
  const open = server.documents.get(file.uri);
  const text = open ? open.document.getText() : file.text;
  const edits = setIniOption(text, change.section, change.key, change.value);
  if (!edits) return undefined;
  return {
    title: change.title,
    kind: CodeActionKind.QuickFix,
    edit: toWorkspaceEdit(file.uri, open ? open.document.version : null, edits),
  };
}

/** The client's own diagnostic object when it still has it (VS Code matches actions by it). */
function matchingDiagnostic(finding: Finding, diagnostics: readonly Diagnostic[]): Diagnostic {
  return (
    diagnostics.find(
      (diagnostic) =>
        diagnostic.code === finding.code &&
        diagnostic.range.start.line === finding.range.start.line &&
        diagnostic.range.start.character === finding.range.start.character &&
        diagnostic.range.end.line === finding.range.end.line &&
        diagnostic.range.end.character === finding.range.end.character,
    ) ?? toDiagnostic(finding)
  );
}
