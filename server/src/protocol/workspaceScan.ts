// When a workspace opens, its DAG files are analysed in the background (with a progress report),
// so that the Problems panel shows every file, not only the open ones. Files that change on disk
// are analysed again. An open document always wins: its editor text, not the disk, is the truth.
import { FileChangeType, MessageType, ShowMessageNotification } from 'vscode-languageserver';
import { pathToFileURL } from 'node:url';
import { analyzeConfigText } from '../core/analyzeConfig';
import { documentKind, isConfigKind } from '../core/documentKind';
import type { Finding } from '../core/findings';
import { isDagFileText } from '../core/dagFile';
import { readSourceFile } from '../project/readSource';
import { GitIgnores } from '../project/gitignore';
import { discoverPythonFilesInSlices } from '../project/files';
import { analysisSteps } from '../core/analyze';
import { runToEnd } from '../core/steps';
import { runInSlices } from './analysisScheduler';
import { toDiagnostic } from './convert';
import { uriToPath } from './projectSettings';
import type { DagGuardServer } from './server';

/**
 * How long a trigger waits for the others of its burst: the start-up (initialize, then the
 * settings pulled from the client) and a branch switch (many watched files at once) walk once.
 */
const COALESCE_MS = 100;

export class WorkspaceScan {
  /** Bumped by every start and cancel: a scan that sees a newer generation stops. */
  private generation = 0;
  /** Files whose diagnostics came from disk, to clear them when they go away. */
  private readonly published = new Set<string>();
  /** The scan asked for and not started yet (see request). */
  private pending: { timer: NodeJS.Timeout; folders: readonly string[] } | null = null;
  /** The cap is shown to the user once per session; the log says it at every scan. */
  private capShown = false;

  constructor(private readonly server: DagGuardServer) {}

  cancel(): void {
    this.generation++;
    if (this.pending) clearTimeout(this.pending.timer);
    this.pending = null;
  }

  /**
   * Asks for a scan of `folders`: the triggers of one burst share one scan, started when the burst
   * is over; a scan still running then stops at its next slice and the new one starts.
   */
  request(folders: readonly string[]): void {
    if (this.pending) {
      this.pending.folders = folders;
      return;
    }
    const pending = {
      folders,
      timer: setTimeout(() => {
        this.pending = null;
        void this.start(pending.folders);
      }, COALESCE_MS),
    };
    this.pending = pending;
  }

  async start(folders: readonly string[]): Promise<void> {
    const generation = ++this.generation;
    const cancelled = () => generation !== this.generation;
    const limit = this.server.settings.editorSettings.maxWorkspaceFiles;
    if (limit === 0 || folders.length === 0) {
      this.server.status.indexProgress(
        folders.length === 0
          ? 'project index: no workspace folder (open files are analysed)'
          : 'project index off (dagGuard.maxWorkspaceFiles is 0; open files are analysed)',
        false,
      );
      return;
    }
    this.server.status.indexProgress('project index: finding Python files', true);
    // The folder walks run in slices: requests are answered while a large workspace is walked.
    await this.server.settings.configFilesReady();
    const files: string[] = [];
    let truncated = false;
    for (const folder of folders) {
      const { filter, config } = this.server.settings.projectFor(folder);
      const gitignore = config.settings.respectGitignore ? new GitIgnores() : null;
      const found = await discoverPythonFilesInSlices([folder], filter, { limit: limit - files.length, gitignore }, { cancelled });
      if (!found || cancelled()) return;
      files.push(...found.files);
      if ((truncated = found.truncated)) break;
    }
    if (truncated) this.reportCap(limit);
    if (files.length === 0) {
      this.server.status.indexProgress('project index: no Python files in the workspace', false);
      return;
    }
    this.server.status.indexProgress(`project index: 0 of ${files.length} Python files`, true);
    const progress =
      this.server.connection.window && this.supportsProgress() ? await this.server.connection.window.createWorkDoneProgress() : null;
    progress?.begin('DAG Guard', 0, `Analysing ${files.length} Python files`, false);
    const started = performance.now();
    let dagFiles = 0;
    // Each file is analysed in slices, and the event loop runs between files and between slices:
    // edits and requests are served while the scan runs, and the open documents' analyses (and
    // the code actions waiting for them) go first.
    const giveWay = () => this.server.analyses.busy();
    for (const [index, file] of files.entries()) {
      await new Promise((resolve) => setImmediate(resolve));
      for (let waiting = giveWay(); waiting && !cancelled(); waiting = giveWay()) await waiting;
      if (cancelled()) break;
      if (await runInSlices(this.analysisFromDisk(file), cancelled, undefined, giveWay)) dagFiles++;
      if (index % 10 === 9) {
        progress?.report(Math.round(((index + 1) / files.length) * 100), `${index + 1} of ${files.length} files`);
        this.server.status.indexProgress(`project index: ${index + 1} of ${files.length} Python files`, true);
      }
    }
    progress?.done();
    if (generation === this.generation) {
      this.server.parseCosts.changed();
      this.server.log(
        `workspace scan: ${files.length} Python files, ${dagFiles} DAG files, ${(performance.now() - started).toFixed(0)} ms`,
      );
      const plural = (count: number, noun: string) => `${count} ${noun}${count === 1 ? '' : 's'}`;
      // (The DAG count leaves out open files, analysed by the editor: not shown here.)
      this.server.status.indexProgress(
        `project index: ${plural(files.length, 'Python file')} indexed${truncated ? ` (the first ${limit} found)` : ''}`,
        false,
      );
    }
  }

  /** Files beyond the cap are left out: say so, naming the setting that raises it. */
  private reportCap(limit: number): void {
    const message = `analysed the first ${limit} files found in the workspace; the others are analysed when opened (the dagGuard.maxWorkspaceFiles setting raises the cap)`;
    this.server.log(`workspace scan: ${message}`);
    if (this.capShown) return;
    this.capShown = true;
    // A notification, not a request: nothing to answer, and no button to wait on.
    void this.server.connection.sendNotification(ShowMessageNotification.type, {
      type: MessageType.Info,
      message: `DAG Guard ${message}.`,
    });
  }

  fileChanged(uri: string, type: FileChangeType): void {
    const file = uriToPath(uri);
    if (!file || this.server.isOpen(uri)) return;
    if (type === FileChangeType.Deleted) {
      this.server.parseCosts.fileSeen(file, false);
      this.server.parseCosts.changed();
      if (this.published.delete(uri)) void this.server.connection.sendDiagnostics({ uri, diagnostics: [] });
      return;
    }
    const { filter } = this.server.settings.forUri(uri);
    if (filter && !filter.accepts(file)) return;
    runToEnd(this.analysisFromDisk(file));
    this.server.parseCosts.changed();
  }

  /**
   * Analyses one file from disk and publishes, in steps (its parse, the parts of its model, each
   * rule); returns whether it is a DAG file. Its tree is freed when the steps end or are closed.
   */
  private *analysisFromDisk(file: string): Generator<void, boolean> {
    const uri = pathToFileURL(file).toString();
    if (this.server.isOpen(uri)) return false;
    // Regular files only (a watched .py that is a symlink to /dev/zero is refused, not read for ever).
    const read = readSourceFile(file);
    if (!read.ok) {
      this.server.log(`skipped ${file}: ${read.reason}`);
      return false;
    }
    const documentSettings = this.server.settings.forUri(uri);
    const { settings, airflowVersion, airflowMinor, parsedByAirflow } = documentSettings;
    const onRuleError = (rule: { code: string }, error: unknown) =>
      this.server.log(`rule ${rule.code} failed on ${file}: ${(error as Error).message}`);
    const kind = documentKind(file, undefined, read.text);
    if (kind !== 'python') {
      // airflow.cfg, .env, compose files and Dockerfiles found by the folder walk.
      if (isConfigKind(kind)) {
        const configProject = this.server.settings.configProjectFor(uri, read.text);
        this.publishFromDisk(
          uri,
          analyzeConfigText(read.text, kind, {
            settings,
            airflowVersion,
            airflowMinor,
            onRuleError,
            ...(configProject ? { configProject } : {}),
          }),
        );
      }
      return false;
    }
    // Outside the DAG folder or hidden by .airflowignore: not a DAG file, whatever its text says.
    const isDag = parsedByAirflow ?? isDagFileText(read.text);
    this.server.parseCosts.fileSeen(file, isDag);
    if (!isDag && !this.published.has(uri)) return false;
    // Through the project's module index: the scan builds it, and the helpers these files reach learn who runs them.
    const layout = this.server.layoutOf(file);
    const options = this.server.analysisOptionsFor(uri, documentSettings);
    const parsed = this.server.engine.parseForAnalysis(file, read.text, settings.maxFileSize);
    if ('notAnalysed' in parsed) {
      this.publishAnalysed(
        uri,
        this.server.modules.analyse(layout, file, () => [parsed.notAnalysed]),
      );
      return isDag;
    }
    try {
      yield;
      this.publishAnalysed(uri, yield* this.server.modules.analyseSteps(layout, file, analysisSteps(parsed.source, options)));
    } finally {
      parsed.source.tree.delete();
    }
    return isDag;
  }

  private publishAnalysed(uri: string, analysed: { findings: Finding[]; changedHelpers: string[] }): void {
    this.server.helpersChanged(analysed.changedHelpers);
    this.publishFromDisk(uri, analysed.findings);
  }

  private publishFromDisk(uri: string, findings: Finding[]): void {
    // Opened while we were reading: the editor's analysis is the one to keep.
    if (this.server.isOpen(uri)) return;
    if (findings.length > 0 || this.published.has(uri)) {
      void this.server.connection.sendDiagnostics({ uri, diagnostics: findings.map(toDiagnostic) });
      if (findings.length > 0) this.published.add(uri);
      else this.published.delete(uri);
    }
  }

  private supportsProgress(): boolean {
    return this.server.clientCapabilities.window?.workDoneProgress === true;
  }
}
