// The language server: wires the protocol's requests and notifications to the analysis core.
// This layer (server/src/protocol/) is the only code that imports vscode-languageserver.
import path from 'node:path';
import {
  CodeActionKind,
  createConnection,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  FileChangeType,
  MessageType,
  ShowMessageNotification,
  ProposedFeatures,
  TextDocumentSyncKind,
  type Connection,
  type InitializeParams,
  type InitializeResult,
} from 'vscode-languageserver/node';
import type { Parser } from 'web-tree-sitter';
import { pathToFileURL } from 'node:url';
import { analysisSteps, type AnalysisOptions } from '../core/analyze';
import { runToEnd } from '../core/steps';
import { analyzeConfig } from '../core/analyzeConfig';
import { isConfigKind } from '../core/documentKind';
import { notAnalysedFinding } from '../core/fileLimits';
import { applySafeFixes } from '../core/fixes/fixAll';
import type { Finding } from '../core/findings';
import { Engine } from '../core/engine';
import { createPythonParser, parserMemoryBytes } from '../core/syntax/parser';
import { VERSION } from '../version';
import { AnalysisCache } from './analysisCache';
import { toDiagnostic } from './convert';
import { AnalysisScheduler } from './analysisScheduler';
import { Debouncer } from './debouncer';
import { IdleCollector } from './idleCollection';
import { warmUp } from './warmUp';
import { DocumentStore, type OpenDocument } from './documents';
import { ProjectSettings, uriToPath, type DocumentSettings } from './projectSettings';
import { COMPLETION_TRIGGERS } from '../core/completion/python';
import { registerCodeActions, FIX_ALL_KIND } from './requests/codeAction';
import { registerCompletion } from './requests/completion';
import { registerCodeLens } from './requests/codeLens';
import { COMMANDS, registerExecuteCommand } from './requests/executeCommand';
import { registerHover } from './requests/hover';
import { stdioTransport } from './transport';
import { WorkspaceScan } from './workspaceScan';
import { ParseCosts } from './parseCosts';
import { START_LINE, STATUS_NOTIFICATION, StatusReporter } from './status';
import { ProjectModulesService } from './projectModules';
import type { ProjectLayout } from '../project/layout';

/**
 * After initialized, the warm-up waits this long for the client's first document: a document
 * analysed at once warms the analysis itself, and a warm-up under way would only delay it.
 */
const WARM_UP_AFTER_MS = 100;
/**
 * A changed document is re-parsed this long after its last change: shorter than any analysis
 * debounce (AdaptiveDelay.MIN_MS), longer than the gap between the changes of a flood.
 */
const REPARSE_DELAY_MS = 8;
/** Files that set Airflow's parse interval and timeouts (read for the parse-cost code lens). */
const AIRFLOW_CONFIG_GLOBS = ['**/airflow.cfg', '**/.env', '**/*compose*.y*ml', '**/values*.y*ml'];
/** Files that say which Python files Airflow parses (the DAG folder's .airflowignore files). */
const LAYOUT_GLOBS = ['**/.airflowignore'];

export function startServer(): void {
  const stdio = stdioTransport();
  const connection = stdio ? createConnection(ProposedFeatures.all, stdio.reader, stdio.writer) : createConnection(ProposedFeatures.all);
  stdio?.report(connection);
  // Bad input must never take the server down: log and carry on.
  process.on('uncaughtException', (error) => connection.console.error(`uncaught: ${error.stack ?? error.message}`));
  process.on('unhandledRejection', (reason) => connection.console.error(`unhandled rejection: ${String(reason)}`));
  let server: DagGuardServer | undefined;
  connection.onInitialize(async (params) => {
    server = await DagGuardServer.initialize(connection, params);
    return server.capabilities();
  });
  connection.onShutdown(() => {
    stdio?.shutdownReceived();
    server?.dispose();
  });
  connection.listen();
}

export class DagGuardServer {
  readonly documents: DocumentStore;
  readonly settings = new ProjectSettings();
  readonly cache = new AnalysisCache();
  /**
   * The findings last published per document, with the revision they are for: what the user sees.
   * The hover reads their details from here; `cache` may be cleared (a settings change) while the
   * published diagnostics still stand until the next analysis replaces them.
   */
  readonly published = new AnalysisCache();
  /** When each document is analysed (debounced, in slices) and how requests wait for a text's analysis. */
  readonly analyses: AnalysisScheduler;
  private readonly scan: WorkspaceScan;
  /**
   * Re-parses a changed document shortly after its last change (the store parses only when the
   * tree is read): a keystroke's re-parse then runs while its analysis waits for its debounce, and
   * a flood of changes (a paste, a fast client) costs one re-parse, not one per change.
   */
  private readonly reparses = new Debouncer();
  /** Collects the young generation between analyses, so that an analysis rarely does (idleCollection.ts). */
  private readonly idleCollector: IdleCollector;
  /** The editor's parse-cost view: the DAG files ranked by cost (dagGuard/parseCosts). */
  readonly parseCosts: ParseCosts;
  /** Parses and analyses texts that are not an open document's, on the same parser. */
  readonly engine: Engine;
  private workspaceFolders: string[] = [];
  /** The project's modules (one index per project root) and the helper's end of cross-file findings. */
  readonly modules: ProjectModulesService;
  /** The dagGuard/status notification (the editor's status item) and the configuration log. */
  readonly status: StatusReporter;

  /** The editor settings applied last, as JSON: pulling the same again changes nothing. */
  private appliedEditorSettings: string | undefined;
  /**
   * Counts the editor settings applied, so that a pull answered after settings were pushed (or
   * pulled again) meanwhile is dropped (pullEditorSettings): at start-up, the pull that follows
   * `initialized` can be answered after the user's first settings change.
   */
  private editorSettingsApplied = 0;

  private constructor(
    readonly connection: Connection,
    parser: Parser,
    private readonly params: InitializeParams,
  ) {
    this.documents = new DocumentStore(parser, (uri) => this.settings.forUri(uri, (problem) => this.log(problem)).settings.maxFileSize);
    this.analyses = new AnalysisScheduler({
      revisionOf: (uri) => this.documents.get(uri)?.revision,
      cached: (uri, revision) => this.cache.get(uri, revision),
      analysisSteps: (uri) => {
        const entry = this.documents.get(uri);
        return entry ? this.findingsSteps(entry) : null;
      },
      ready: () => this.settings.configFilesReady(),
      publish: (uri, findings) => this.publish(uri, findings),
      log: (message) => this.log(message),
    });
    this.idleCollector = new IdleCollector(() => this.analyses.idle());
    this.analyses.onAnalysisEnd = () => this.idleCollector.workEnded();
    this.engine = Engine.withParser(parser);
    this.settings.setParser(parser);
    this.settings.setLogger((message) => this.log(message));
    this.settings.onProblem = this.reportProblem;
    this.modules = new ProjectModulesService(this.engine);
    // Without file-watcher events, a module read from disk is checked against the disk before reuse.
    this.modules.verifyDisk = !params.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration;
    this.parseCosts = new ParseCosts(this);
    this.scan = new WorkspaceScan(this);
    this.status = new StatusReporter(
      this.settings,
      (status) => void this.connection.sendNotification(STATUS_NOTIFICATION, status),
      (message) => this.log(message),
    );
  }

  static async initialize(connection: Connection, params: InitializeParams): Promise<DagGuardServer> {
    const server = new DagGuardServer(connection, await createPythonParser(), params);
    server.log(START_LINE);
    server.workspaceFolders = (params.workspaceFolders?.map((folder) => folder.uri) ?? (params.rootUri ? [params.rootUri] : []))
      .map(uriToPath)
      .filter((folder): folder is string => folder !== null);
    server.settings.setWorkspaceFolders(server.workspaceFolders);
    const options = params.initializationOptions as { settings?: Record<string, unknown> } | undefined;
    server.applyEditorSettings(options?.settings);
    server.register();
    return server;
  }

  capabilities(): InitializeResult {
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: false },
        codeActionProvider: {
          codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND, CodeActionKind.Refactor, CodeActionKind.RefactorRewrite],
          resolveProvider: false,
        },
        hoverProvider: true,
        // One completion handler for both document kinds: config ('[' opens a section) and Python.
        completionProvider: { triggerCharacters: ['[', ...COMPLETION_TRIGGERS], resolveProvider: false },
        codeLensProvider: { resolveProvider: false },
        executeCommandProvider: { commands: Object.values(COMMANDS) },
      },
      serverInfo: { name: 'dag-guard', version: VERSION },
    };
  }

  private register(): void {
    const { connection } = this;
    connection.onInitialized(() => this.onInitialized());
    connection.onDidOpenTextDocument(({ textDocument }) => {
      this.guard('didOpen', () => {
        this.documents.open(textDocument.uri, textDocument.languageId, textDocument.version, textDocument.text);
        // Not typing: nothing to wait for.
        this.scheduleAnalysis(textDocument.uri, true);
        this.pythonDocumentChanged(textDocument.uri);
      });
    });
    connection.onDidChangeTextDocument(({ textDocument, contentChanges }) => {
      this.guard('didChange', () => {
        this.documents.change(textDocument.uri, textDocument.version, contentChanges);
        this.reparseSoon(textDocument.uri);
        this.scheduleAnalysis(textDocument.uri);
        this.pythonDocumentChanged(textDocument.uri);
      });
    });
    connection.onDidCloseTextDocument(({ textDocument }) => {
      this.guard('didClose', () => {
        this.analyses.cancel(textDocument.uri);
        this.documents.close(textDocument.uri);
        this.cache.delete(textDocument.uri);
        this.published.delete(textDocument.uri);
        void connection.sendDiagnostics({ uri: textDocument.uri, diagnostics: [] });
        const file = uriToPath(textDocument.uri);
        if (file) {
          // The disk's text counts again for the modules that import it.
          this.modules.documentClosed(file);
          this.reanalyzeDependents(file, false);
        }
      });
    });
    connection.onDidChangeConfiguration((change) => {
      void this.guardAsync('didChangeConfiguration', async () => {
        const pushed = (change.settings as { dagGuard?: Record<string, unknown> } | undefined)?.dagGuard;
        const settings = pushed ? { values: pushed } : await this.pullEditorSettings();
        if (settings === 'overtaken') return;
        this.applyEditorSettings(settings.values);
        this.reanalyzeAll();
        this.refreshCodeLenses();
      });
    });
    connection.onDidChangeWatchedFiles(({ changes }) => {
      this.guard('didChangeWatchedFiles', () => {
        this.pythonFilesChangedOnDisk(changes);
        // Project files (pyproject.toml, requirements, Dockerfiles, the pools file) change settings.
        const isProjectFile = (uri: string) =>
          !/\.(py|json)$/.test(uri) || (/\.json$/.test(uri) && this.settings.isPoolsFile(uriToPath(uri) ?? ''));
        if (changes.some((change) => isProjectFile(change.uri))) {
          this.shownProblems.clear();
          this.settings.invalidate();
          this.reanalyzeAll();
          this.refreshCodeLenses();
          return;
        }
        let operatorsChanged = false;
        for (const change of changes.filter((change) => /\.py$/.test(change.uri))) {
          const file = uriToPath(change.uri);
          if (file) operatorsChanged = this.settings.pythonFileChanged(file) || operatorsChanged;
          this.scan.fileChanged(change.uri, change.type);
        }
        // An operator class's template_fields decide the Jinja fixes of the open DAG files.
        if (operatorsChanged) {
          this.cache.clear();
          for (const document of this.documents.all()) this.scheduleAnalysis(document.uri);
        }
      });
    });
    // The server's own memory, for `npm run soak` (RSS and heap over thousands of edits); with
    // `collect`, read after a full collection, so that what is kept shows apart from garbage.
    connection.onRequest('dagGuard/memoryUsage', (params: { collect?: boolean } | null) => {
      const collected = params?.collect === true && this.idleCollector.collectAll();
      return { ...process.memoryUsage(), parser: parserMemoryBytes(), collected };
    });
    registerCodeActions(this);
    registerHover(this);
    registerCompletion(this);
    registerCodeLens(this);
    this.parseCosts.register();
    registerExecuteCommand(this);
  }

  private async onInitialized(): Promise<void> {
    // Off the critical path: only while no document is being analysed (see warmUp.ts).
    setTimeout(() => void this.guardAsync('warm-up', () => warmUp(this.engine.parser, this.analyses)), WARM_UP_AFTER_MS);
    const capabilities = this.params.capabilities;
    if (capabilities.workspace?.didChangeConfiguration?.dynamicRegistration) {
      await this.connection.client.register(DidChangeConfigurationNotification.type, { section: 'dagGuard' });
    }
    if (capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration) {
      await this.connection.client.register(DidChangeWatchedFilesNotification.type, {
        watchers: [
          '**/*.py',
          '**/pyproject.toml',
          '**/requirements*.txt',
          '**/Dockerfile*',
          '**/*.json',
          ...AIRFLOW_CONFIG_GLOBS,
          ...LAYOUT_GLOBS,
        ].map((globPattern) => ({ globPattern })),
      });
    }
    if (capabilities.workspace?.configuration) {
      const pulled = await this.pullEditorSettings();
      // The same settings as initialize's: nothing to analyse again, no problem to show twice.
      if (pulled !== 'overtaken' && pulled.values && JSON.stringify(pulled.values) !== this.appliedEditorSettings) {
        this.applyEditorSettings(pulled.values);
        this.reanalyzeAll();
      }
    }
    this.scan.request(this.workspaceFolders);
  }

  /**
   * The editor's dagGuard settings (undefined values: none, or unreadable); 'overtaken' when other
   * settings were applied while the answer was on its way, since it is older than they are.
   */
  private async pullEditorSettings(): Promise<{ values: Record<string, unknown> | undefined } | 'overtaken'> {
    if (!this.params.capabilities.workspace?.configuration) return { values: undefined };
    const applied = this.editorSettingsApplied;
    let values: Record<string, unknown> | undefined;
    try {
      const [answer] = await this.connection.workspace.getConfiguration([{ section: 'dagGuard' }]);
      values = answer && typeof answer === 'object' ? (answer as Record<string, unknown>) : undefined;
    } catch (error) {
      this.log(`could not read the dagGuard settings: ${(error as Error).message}`);
    }
    return applied === this.editorSettingsApplied ? { values } : 'overtaken';
  }

  private applyEditorSettings(values: Record<string, unknown> | undefined): void {
    this.appliedEditorSettings = JSON.stringify(values ?? {});
    this.editorSettingsApplied++;
    this.shownProblems.clear();
    for (const problem of this.settings.setEditorSettings(values))
      this.configProblem(`settings: dagGuard.${problem.key}: ${problem.message}`);
    this.cache.clear();
    this.status.changed();
  }

  /** Asks the client to re-request code lenses (the parse interval may have changed). */
  private refreshCodeLenses(): void {
    // What changes the lens (settings, a helper) changes the parse-cost view too.
    this.parseCosts.changed();
    if (this.params.capabilities.workspace?.codeLens?.refreshSupport)
      void this.connection.sendRequest('workspace/codeLens/refresh').catch(() => undefined);
  }

  private reanalyzeAll(): void {
    this.cache.clear();
    this.documents.recheckLimits();
    // Settings may move the DAG folder or the import roots; module summaries are kept.
    this.modules.layoutsChanged();
    for (const document of this.documents.all()) this.scheduleAnalysis(document.uri);
    this.scan.request(this.workspaceFolders);
  }

  private reparseSoon(uri: string): void {
    this.reparses.schedule(
      uri,
      () =>
        this.guard('reparse', () => {
          const entry = this.documents.get(uri);
          if (entry) this.documents.treeOf(entry);
        }),
      REPARSE_DELAY_MS,
    );
  }

  /**
   * Analyses the document after its debounce (at once with `immediately`), stopping the analysis
   * under way, which is for an older text or older settings. The deployment's config files are read
   * first, in slices (see ProjectSettings.configFilesReady).
   */
  private scheduleAnalysis(uri: string, immediately = false): void {
    this.analyses.schedule(uri, immediately);
  }

  /**
   * Publishes the findings of the document's current text. The scheduler stops an analysis before
   * its document changes, so findings it hands here are never for an older text.
   */
  private publish(uri: string, findings: Finding[]): void {
    const entry = this.documents.get(uri);
    if (!entry) return;
    this.published.set(uri, entry.revision, findings);
    void this.connection.sendDiagnostics({ uri, version: entry.document.version, diagnostics: findings.map(toDiagnostic) });
    // The analysis may have read a project for the first time (the status names its configuration).
    this.status.changed();
  }

  /**
   * The findings of the document's current text for a request that answers for it (code actions):
   * waits for the analysis under way or pending, or runs it now; never an older text's result.
   */
  async analysisFor(entry: OpenDocument): Promise<Finding[]> {
    const findings = await this.analyses.findingsNow(entry.uri);
    if (findings) return findings;
    // Closed while waiting (its tree is gone): nothing; an analysis that failed twice: once more, at once.
    const current = this.documents.get(entry.uri);
    return current ? this.findingsFor(current) : [];
  }

  /**
   * The analysis options of a document (open, or read from disk by the workspace scan and the
   * fix-all command): its settings, the project's facts, and the module index when it has a path.
   * One place, so that every way a file is analysed gives the same findings.
   */
  analysisOptionsFor(uri: string, documentSettings: DocumentSettings): AnalysisOptions {
    const options: AnalysisOptions = {
      settings: documentSettings.settings,
      airflowVersion: documentSettings.airflowVersion,
      airflowMinor: documentSettings.airflowMinor,
      operatorClasses: documentSettings.operatorClasses,
      parsedByAirflow: documentSettings.parsedByAirflow,
      pools: documentSettings.pools,
      pathExists: documentSettings.pathExists ?? undefined,
      variables: documentSettings.variables,
      connections: documentSettings.connections,
      deployment: this.settings.deploymentFor(uri, this.reportProblem),
      onRuleError: (rule, error) => this.log(`rule ${rule.code} failed on ${uri}: ${(error as Error).stack ?? String(error)}`),
      onAnalysisError: (error) => this.log(`analysis of ${uri} failed: ${(error as Error).stack ?? String(error)}`),
    };
    return documentSettings.path ? this.modules.optionsFor(this.layoutOf(documentSettings.path), options) : options;
  }

  /** Where the project of `file` keeps its DAG folder and the folders its imports resolve against. */
  layoutOf(file: string): ProjectLayout {
    return this.settings.layoutFor(pathToFileURL(file).toString(), (problem) => this.log(problem));
  }

  /** The root of the project a file belongs to (the folder of its pyproject.toml, else its workspace folder). */
  projectRootOf(file: string): string {
    return this.settings.projectFor(path.dirname(file)).config.root;
  }

  /** A Python document opened or changed: the module index reads its text, and the open files that import it are analysed again. */
  private pythonDocumentChanged(uri: string): void {
    const entry = this.documents.get(uri);
    const file = uriToPath(uri);
    if (!entry || entry.kind !== 'python' || !file) return;
    this.modules.documentChanged(file, entry.document.getText());
    this.reanalyzeDependents(file, false);
  }

  /**
   * Python files changed, appeared or went away on disk: the module index forgets what it read, and
   * the files that read a changed module are analysed again (every open one when a module appears
   * or goes away, since an import may now resolve elsewhere).
   */
  private pythonFilesChangedOnDisk(changes: ReadonlyArray<{ uri: string; type: FileChangeType }>): void {
    const python = changes
      .filter((change) => /\.py$/.test(change.uri))
      .map((change) => ({ file: uriToPath(change.uri), type: change.type }));
    for (const { file, type } of python) if (file) this.helpersChanged(this.modules.diskChanged(file, type));
    for (const { file, type } of python) if (file && type === FileChangeType.Changed) this.reanalyzeDependents(file, true);
    if (python.some(({ type }) => type !== FileChangeType.Changed)) {
      for (const document of this.documents.all()) {
        if (document.kind !== 'python') continue;
        this.cache.delete(document.uri);
        this.scheduleAnalysis(document.uri);
      }
    }
  }

  /**
   * Analyses again the files whose last analysis read `module`: open documents always, files on
   * disk (published by the workspace scan) when the module changed on disk, not at every keystroke.
   */
  private reanalyzeDependents(module: string, onDisk: boolean): void {
    const dependents = new Set(this.modules.dependentsOf(module));
    if (dependents.size === 0) return;
    // Their parse-cost lenses count what the module runs.
    this.refreshCodeLenses();
    for (const document of this.documents.all()) {
      const file = uriToPath(document.uri);
      if (!file || !dependents.delete(path.resolve(file))) continue;
      this.cache.delete(document.uri);
      this.scheduleAnalysis(document.uri);
    }
    if (onDisk && dependents.size > 0) void this.guardAsync('re-analysis of dependents', () => this.reanalyzeFromDisk([...dependents]));
  }

  /** Files on disk analysed again in the background (a shared helper may have hundreds of users). */
  private async reanalyzeFromDisk(files: readonly string[]): Promise<void> {
    for (const [index, file] of files.entries()) {
      this.scan.fileChanged(pathToFileURL(file).toString(), FileChangeType.Changed);
      // Yield so that edits and requests are served meanwhile, as the workspace scan does.
      if (index % 10 === 9) await new Promise((resolve) => setImmediate(resolve));
    }
  }

  /** Helpers whose end changed (a DAG file now reaches them, or no longer does): publish them again if open. */
  helpersChanged(helpers: readonly string[]): void {
    if (helpers.length === 0) return;
    const changed = new Set(helpers);
    for (const document of this.documents.all()) {
      const file = uriToPath(document.uri);
      if (!file || !changed.has(path.resolve(file))) continue;
      this.cache.delete(document.uri);
      this.scheduleAnalysis(document.uri);
    }
  }

  /** How a DAG file's path reads in a helper's message: relative to its project. */
  displayPath(file: string): string {
    const root = this.projectRootOf(file);
    const relative = path.relative(root, file);
    return (relative.startsWith('..') || path.isAbsolute(relative) ? file : relative).split(path.sep).join('/');
  }

  /**
   * The document's text with every safe fix applied, to a fixed point (fixes that touch the same
   * text are applied in later passes, each on a fresh analysis), as `check --fix` does.
   */
  fixAllText(entry: OpenDocument): { text: string; fixed: number } {
    const text = entry.document.getText();
    const documentSettings = this.settings.forUri(entry.uri, this.reportProblem);
    if (entry.kind !== 'python' || (documentSettings.filter && documentSettings.filter.excludes(documentSettings.path!)))
      return { text, fixed: 0 };
    const options = this.analysisOptionsFor(entry.uri, documentSettings);
    const path = documentSettings.path ?? entry.uri;
    return applySafeFixes(
      text,
      (current) => (current === text ? this.findingsFor(entry) : this.engine.analyzeText(path, current, options)),
      (current, use) => this.engine.withSource(path, current, use),
    );
  }

  /** Findings for the document's current text (cached per revision), computed at once when not cached. */
  findingsFor(entry: OpenDocument): Finding[] {
    return this.cache.get(entry.uri, entry.revision) ?? runToEnd(this.findingsSteps(entry));
  }

  /**
   * The analysis of the document's current text in steps (AnalysisScheduler runs them in slices),
   * cached per revision when done. The text must not change until the steps are done.
   */
  *findingsSteps(entry: OpenDocument): Generator<void, Finding[]> {
    const { revision } = entry;
    const documentSettings = this.settings.forUri(entry.uri, this.reportProblem);
    let findings: Finding[] = [];
    // A large document's first parse runs in slices (documents.ts parseSteps), excluded or not:
    // its hovers need the tree.
    if (entry.kind === 'python') yield* this.documents.parseSteps(entry);
    if (entry.kind === 'python' && (!documentSettings.filter || !documentSettings.filter.excludes(documentSettings.path!))) {
      const source = this.documents.sourceOf(entry);
      if (entry.notAnalysed) {
        findings = [notAnalysedFinding(entry.document.getText(), entry.notAnalysed)];
        this.log(`${entry.uri} not analysed: ${entry.notAnalysed}`);
      } else if (source) {
        const started = performance.now();
        // An open document's model is offered to its parse-cost lens (core/model/fileModel.ts).
        const options = { ...this.analysisOptionsFor(entry.uri, documentSettings), offerModel: true };
        if (documentSettings.path) {
          const file = documentSettings.path;
          const analysed = yield* this.modules.analyseSteps(this.layoutOf(file), file, analysisSteps(source, options));
          findings = this.modules.withHelperEnd(source, analysed.findings, documentSettings.settings, (user) => this.displayPath(user));
          this.helpersChanged(analysed.changedHelpers);
        } else {
          findings = yield* analysisSteps(source, options);
        }
        const elapsed = performance.now() - started;
        if (elapsed > 200) this.log(`analysis of ${entry.uri} took ${elapsed.toFixed(0)} ms`);
      }
    } else if (isConfigKind(entry.kind) && (!documentSettings.filter || !documentSettings.filter.excludes(documentSettings.path!))) {
      const document = this.documents.configOf(entry);
      const configProject = this.settings.configProjectFor(entry.uri, document.text);
      findings = analyzeConfig(document, {
        settings: documentSettings.settings,
        airflowVersion: documentSettings.airflowVersion,
        airflowMinor: documentSettings.airflowMinor,
        ...(configProject ? { configProject } : {}),
        onRuleError: (rule, error) => this.log(`rule ${rule.code} failed on ${entry.uri}: ${(error as Error).stack ?? String(error)}`),
      });
    }
    this.cache.set(entry.uri, revision, findings);
    return findings;
  }

  get clientCapabilities() {
    return this.params.capabilities;
  }

  /** The client opens docs/rules/<code>.md itself (VS Code: initializationOptions.openRuleDocsInEditor). */
  get ruleDocsInEditor(): boolean {
    return (this.params.initializationOptions as { openRuleDocsInEditor?: unknown } | undefined)?.openRuleDocsInEditor === true;
  }

  isOpen(uri: string): boolean {
    return this.documents.get(uri) !== undefined;
  }

  /**
   * A configuration problem (a bad key or value in pyproject.toml or the editor settings, a pools
   * file that cannot be read): logged, and shown once as a warning until the settings or a project
   * file change (the projects are re-read then, and each problem would come back on every analysis).
   */
  private configProblem(message: string): void {
    this.log(message);
    if (this.shownProblems.has(message)) return;
    this.shownProblems.add(message);
    // The notification, not the request: nothing to wait for, and no client answer to handle.
    void this.connection.sendNotification(ShowMessageNotification.type, { type: MessageType.Warning, message: `DAG Guard: ${message}` });
  }

  private readonly shownProblems = new Set<string>();
  private readonly reportProblem = (problem: string) => this.configProblem(problem);

  log(message: string): void {
    this.connection.console.log(`[dag-guard] ${message}`);
  }

  /** Runs a handler; an exception is logged and swallowed so that the server keeps serving. */
  guard<T>(what: string, run: () => T): T | undefined {
    try {
      return run();
    } catch (error) {
      this.connection.console.error(`[dag-guard] ${what} failed: ${(error as Error).stack ?? String(error)}`);
      return undefined;
    }
  }

  async guardAsync<T>(what: string, run: () => Promise<T>): Promise<T | undefined> {
    try {
      return await run();
    } catch (error) {
      this.connection.console.error(`[dag-guard] ${what} failed: ${(error as Error).stack ?? String(error)}`);
      return undefined;
    }
  }

  dispose(): void {
    this.reparses.dispose();
    this.idleCollector.dispose();
    this.analyses.dispose();
    this.scan.cancel();
    this.status.dispose();
    this.documents.dispose();
  }
}
