// "Fix all in this file" and "Fix all in workspace": the safe fixes (as `check --fix` applies them,
// to a fixed point) sent to the editor as one workspace/applyEdit. An open document is fixed from
// its editor text and its edit names the document's version, so that the editor refuses it if the
// text moved on; a file that is not open is fixed from disk, with a version-less edit, and written
// by the editor (the server never writes a user's file). The workspace's files are those the
// background scan analyses: the workspace folders' Python files under the settings' include /
// exclude globs and .gitignore, capped by maxWorkspaceFiles, that Airflow parses.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { MessageType, ShowMessageNotification, type TextDocumentEdit, type TextEdit, type WorkspaceEdit } from 'vscode-languageserver';
import { isDagFileText } from '../core/dagFile';
import { applySafeFixes, wholeTextEdit } from '../core/fixes/fixAll';
import { discoverPythonFilesInSlices } from '../project/files';
import { GitIgnores } from '../project/gitignore';
import { readSourceFile } from '../project/readSource';
import { SETTINGS } from '../core/settings/schema';
import { uriToPath } from './projectSettings';
import type { DagGuardServer } from './server';
import type { OpenDocument } from './documents';

/** What a fix-all command did: the files it changed and the fixes applied in them. */
export interface FixAllResult {
  files: number;
  fixes: number;
}

interface FileFix {
  change: TextDocumentEdit;
  fixes: number;
}

/** Fixes the open document `uri`; null when it is not open. */
export async function fixAllInFile(server: DagGuardServer, uri: string): Promise<FixAllResult | null> {
  const entry = server.documents.get(uri);
  if (!entry) return null;
  const fix = openDocumentFix(server, entry);
  const result = await apply(server, 'Fix all safe DAG Guard findings', fix ? [fix] : []);
  tell(server, result.fixes === 0 ? 'DAG Guard: no safe fixes in this file.' : `DAG Guard applied ${describe(result)}.`);
  return result;
}

/** Fixes every DAG file of the workspace folders. */
export async function fixAllInWorkspace(server: DagGuardServer): Promise<FixAllResult> {
  await server.settings.configFilesReady();
  const open = new Map<string, OpenDocument>();
  for (const entry of server.documents.all()) {
    const file = uriToPath(entry.uri);
    if (file) open.set(path.resolve(file), entry);
  }
  const fixes: FileFix[] = [];
  for (const [index, file] of (await workspaceFiles(server)).entries()) {
    const entry = open.get(path.resolve(file));
    const fix = server.guard(`fix all of ${file}`, () => (entry ? openDocumentFix(server, entry) : diskFileFix(server, file)));
    if (fix) fixes.push(fix);
    // Yield now and then: edits and requests are served while a large workspace is fixed.
    if (index % 10 === 9) await new Promise((resolve) => setImmediate(resolve));
  }
  const result = await apply(server, 'Fix all safe DAG Guard findings in the workspace', fixes);
  tell(server, result.fixes === 0 ? 'DAG Guard: no safe fixes in the workspace.' : `DAG Guard applied ${describe(result)}.`);
  return result;
}

/** A notification, not the request: there is nothing to answer. */
function tell(server: DagGuardServer, message: string): void {
  void server.connection.sendNotification(ShowMessageNotification.type, { type: MessageType.Info, message });
}

function describe({ files, fixes }: FixAllResult): string {
  return `${fixes} ${fixes === 1 ? 'fix' : 'fixes'} in ${files} ${files === 1 ? 'file' : 'files'}`;
}

/** Sends the edits as one workspace/applyEdit; counts only what the editor applied. */
async function apply(server: DagGuardServer, label: string, fixes: readonly FileFix[]): Promise<FixAllResult> {
  if (fixes.length === 0) return { files: 0, fixes: 0 };
  const workspace = server.clientCapabilities.workspace;
  if (!workspace?.applyEdit) {
    server.log('fix all: the editor does not apply edits sent by the server (workspace.applyEdit)');
    return { files: 0, fixes: 0 };
  }
  // Versioned edits where the editor takes them; else plain edits per URI.
  const edit: WorkspaceEdit = workspace.workspaceEdit?.documentChanges
    ? { documentChanges: fixes.map((fix) => fix.change) }
    : { changes: Object.fromEntries(fixes.map((fix) => [fix.change.textDocument.uri, fix.change.edits as TextEdit[]])) };
  const response = await server.connection.workspace.applyEdit({ label, edit });
  if (!response.applied) {
    server.log(`fix all: the editor did not apply the edit${response.failureReason ? `: ${response.failureReason}` : ''}`);
    return { files: 0, fixes: 0 };
  }
  return { files: fixes.length, fixes: fixes.reduce((sum, fix) => sum + fix.fixes, 0) };
}

function openDocumentFix(server: DagGuardServer, entry: OpenDocument): FileFix | null {
  const text = entry.document.getText();
  const all = server.fixAllText(entry);
  if (all.fixed === 0 || all.text === text) return null;
  return {
    change: { textDocument: { uri: entry.uri, version: entry.document.version }, edits: [wholeTextEdit(text, all.text)] },
    fixes: all.fixed,
  };
}

function diskFileFix(server: DagGuardServer, file: string): FileFix | null {
  const uri = pathToFileURL(file).toString();
  const read = readSourceFile(file);
  if (!read.ok) return null;
  const documentSettings = server.settings.forUri(uri);
  // Only the files Airflow parses, as the workspace scan decides.
  if (!(documentSettings.parsedByAirflow ?? isDagFileText(read.text))) return null;
  const options = server.analysisOptionsFor(uri, documentSettings);
  const all = applySafeFixes(
    read.text,
    (current) => server.engine.analyzeText(file, current, options),
    (current, use) => server.engine.withSource(file, current, use),
  );
  if (all.fixed === 0 || all.text === read.text) return null;
  return { change: { textDocument: { uri, version: null }, edits: [wholeTextEdit(read.text, all.text)] }, fixes: all.fixed };
}

/** The workspace folders' Python files, found as the background scan finds them. */
async function workspaceFiles(server: DagGuardServer): Promise<string[]> {
  // 0 turns the background scan off, not this command: it then walks as many files as the default cap.
  const limit = server.settings.editorSettings.maxWorkspaceFiles || SETTINGS.maxWorkspaceFiles.default;
  const files: string[] = [];
  for (const folder of server.settings.folders) {
    const { filter, config } = server.settings.projectFor(folder);
    const gitignore = config.settings.respectGitignore ? new GitIgnores() : null;
    const found = await discoverPythonFilesInSlices(
      [folder],
      filter,
      { limit: limit - files.length, gitignore },
      { cancelled: () => false },
    );
    if (!found) break;
    files.push(...found.files);
    if (found.truncated) break;
  }
  return files;
}
