// The language server: wires the protocol's requests and notifications to the analysis core.
// This layer (server/src/protocol/) is the only code that imports vscode-languageserver.
import {
  CodeActionKind,
  createConnection,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  ProposedFeatures,
  TextDocumentSyncKind,
  type Connection,
  type InitializeParams,
  type InitializeResult,
} from 'vscode-languageserver/node';
import type { Parser } from 'web-tree-sitter';
import { analyzePython, type AnalysisOptions } from '../core/analyze';
import { analyzeConfig } from '../core/analyzeConfig';
import { isConfigKind } from '../core/documentKind';
import { applySafeFixes } from '../core/fixes/fixAll';
import type { Finding } from '../core/rules/rule';
import { Engine } from '../core/engine';
import { createPythonParser } from '../core/syntax/parser';
import { VERSION } from '../version';
import { AnalysisCache } from './analysisCache';
import { toDiagnostic } from './convert';
import { Debouncer } from './debouncer';
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

const DEBOUNCE_MS = 150;
/** Files that set Airflow's parse interval and timeouts (read for the parse-cost code lens). */
const AIRFLOW_CONFIG_GLOBS = ['**/airflow.cfg', '**/.env', '**/*compose*.y*ml', '**/values*.y*ml'];

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
  private readonly debouncer = new Debouncer(DEBOUNCE_MS);
  private readonly scan: WorkspaceScan;
  /** Parses and analyses texts that are not an open document's, on the same parser. */
  readonly engine: Engine;
  private workspaceFolders: string[] = [];

  private constructor(
    readonly connection: Connection,
    parser: Parser,
    private readonly params: InitializeParams,
  ) {
    this.documents = new DocumentStore(parser);
    this.engine = Engine.withParser(parser);
    this.settings.setParser(parser);
    this.scan = new WorkspaceScan(this);
  }

  static async initialize(connection: Connection, params: InitializeParams): Promise<DagGuardServer> {
    const server = new DagGuardServer(connection, await createPythonParser(), params);
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
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND, CodeActionKind.Refactor, CodeActionKind.RefactorRewrite], resolveProvider: false },
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
        this.scheduleAnalysis(textDocument.uri);
      });
    });
    connection.onDidChangeTextDocument(({ textDocument, contentChanges }) => {
      this.guard('didChange', () => {
        this.documents.change(textDocument.uri, textDocument.version, contentChanges);
        this.scheduleAnalysis(textDocument.uri);
      });
    });
    connection.onDidCloseTextDocument(({ textDocument }) => {
      this.guard('didClose', () => {
        this.debouncer.cancel(textDocument.uri);
        this.documents.close(textDocument.uri);
        this.cache.delete(textDocument.uri);
        void connection.sendDiagnostics({ uri: textDocument.uri, diagnostics: [] });
      });
    });
    connection.onDidChangeConfiguration((change) => {
      void this.guardAsync('didChangeConfiguration', async () => {
        const pushed = (change.settings as { dagGuard?: Record<string, unknown> } | undefined)?.dagGuard;
        this.applyEditorSettings(pushed ?? (await this.pullEditorSettings()));
        this.reanalyzeAll();
        this.refreshCodeLenses();
      });
    });
    connection.onDidChangeWatchedFiles(({ changes }) => {
      this.guard('didChangeWatchedFiles', () => {
        // Project files (pyproject.toml, requirements, Dockerfiles, the pools file) change settings.
        const isProjectFile = (uri: string) => !/\.(py|json)$/.test(uri) || (/\.json$/.test(uri) && this.settings.isPoolsFile(uriToPath(uri) ?? ''));
        if (changes.some((change) => isProjectFile(change.uri))) {
          this.settings.invalidate();
          this.reanalyzeAll();
          this.refreshCodeLenses();
          return;
        }
        for (const change of changes.filter((change) => /\.py$/.test(change.uri))) {
          const file = uriToPath(change.uri);
          if (file) this.settings.pythonFileChanged(file);
          this.scan.fileChanged(change.uri, change.type);
        }
      });
    });
    // The server's own memory, for `npm run soak` (RSS and heap over thousands of edits).
    connection.onRequest('dagGuard/memoryUsage', () => process.memoryUsage());
    registerCodeActions(this);
    registerHover(this);
    registerCompletion(this);
    registerCodeLens(this);
    registerExecuteCommand(this);
  }

  private async onInitialized(): Promise<void> {
    const capabilities = this.params.capabilities;
    if (capabilities.workspace?.didChangeConfiguration?.dynamicRegistration) {
      await this.connection.client.register(DidChangeConfigurationNotification.type, { section: 'dagGuard' });
    }
    if (capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration) {
      await this.connection.client.register(DidChangeWatchedFilesNotification.type, {
        watchers: ['**/*.py', '**/pyproject.toml', '**/requirements*.txt', '**/Dockerfile*', '**/*.json', ...AIRFLOW_CONFIG_GLOBS].map((globPattern) => ({ globPattern })),
      });
    }
    if (capabilities.workspace?.configuration) {
      const pulled = await this.pullEditorSettings();
      if (pulled) {
        this.applyEditorSettings(pulled);
        this.reanalyzeAll();
      }
    }
    this.scan.request(this.workspaceFolders);
  }

  private async pullEditorSettings(): Promise<Record<string, unknown> | undefined> {
    if (!this.params.capabilities.workspace?.configuration) return undefined;
    try {
      const [values] = await this.connection.workspace.getConfiguration([{ section: 'dagGuard' }]);
      return values && typeof values === 'object' ? (values as Record<string, unknown>) : undefined;
    } catch (error) {
      this.log(`could not read the dagGuard settings: ${(error as Error).message}`);
      return undefined;
    }
  }

  private applyEditorSettings(values: Record<string, unknown> | undefined): void {
    for (const problem of this.settings.setEditorSettings(values)) this.log(`settings: ${problem.message}`);
    this.cache.clear();
  }

  /** Asks the client to re-request code lenses (the parse interval may have changed). */
  private refreshCodeLenses(): void {
    if (this.params.capabilities.workspace?.codeLens?.refreshSupport) void this.connection.sendRequest('workspace/codeLens/refresh').catch(() => undefined);
  }

  private reanalyzeAll(): void {
    this.cache.clear();
    for (const document of this.documents.all()) this.scheduleAnalysis(document.uri);
    this.scan.request(this.workspaceFolders);
  }

  private scheduleAnalysis(uri: string): void {
    // The deployment's config files are read first, in slices (see ProjectSettings.configFilesReady).
    this.debouncer.schedule(uri, () => {
      void this.guardAsync('analysis', async () => {
        await this.settings.configFilesReady();
        this.publish(uri);
      });
    });
  }

  /** Analyses the document's current version and publishes; nothing for a closed document. */
  private publish(uri: string): void {
    const entry = this.documents.get(uri);
    if (!entry) return;
    const findings = this.findingsFor(entry);
    // The analysis is synchronous, so the version cannot move under it; a later change has
    // already scheduled its own run, and this result is simply replaced.
    void this.connection.sendDiagnostics({ uri, version: entry.document.version, diagnostics: findings.map(toDiagnostic) });
  }

  private analysisOptionsFor(entry: OpenDocument, documentSettings: DocumentSettings): AnalysisOptions {
    return {
      settings: documentSettings.settings,
      airflowVersion: documentSettings.airflowVersion,
      airflowMinor: documentSettings.airflowMinor,
      operatorClasses: documentSettings.operatorClasses,
      pools: documentSettings.pools,
      deployment: this.settings.deploymentFor(entry.uri, (problem) => this.log(problem)),
      onRuleError: (rule, error) => this.log(`rule ${rule.code} failed on ${entry.uri}: ${(error as Error).stack ?? String(error)}`),
    };
  }

  /**
   * The document's text with every safe fix applied, to a fixed point (fixes that touch the same
   * text are applied in later passes, each on a fresh analysis), as `check --fix` does.
   */
  fixAllText(entry: OpenDocument): { text: string; fixed: number } {
    const text = entry.document.getText();
    const documentSettings = this.settings.forUri(entry.uri, (problem) => this.log(problem));
    if (entry.kind !== 'python' || (documentSettings.filter && documentSettings.filter.excludes(documentSettings.path!))) return { text, fixed: 0 };
    const options = this.analysisOptionsFor(entry, documentSettings);
    const path = documentSettings.path ?? entry.uri;
    return applySafeFixes(
      text,
      (current) => (current === text ? this.findingsFor(entry) : this.engine.analyzeText(path, current, options)),
      (current, use) => this.engine.withSource(path, current, use),
    );
  }

  /** Findings for the document's current text (cached per revision). */
  findingsFor(entry: OpenDocument): Finding[] {
    const { revision } = entry;
    const cached = this.cache.get(entry.uri, revision);
    if (cached) return cached;
    const documentSettings = this.settings.forUri(entry.uri, (problem) => this.log(problem));
    let findings: Finding[] = [];
    if (entry.kind === 'python' && (!documentSettings.filter || !documentSettings.filter.excludes(documentSettings.path!))) {
      const source = this.documents.sourceOf(entry);
      if (source) {
        const started = performance.now();
        findings = analyzePython(source, this.analysisOptionsFor(entry, documentSettings));
        const elapsed = performance.now() - started;
        if (elapsed > 200) this.log(`analysis of ${entry.uri} took ${elapsed.toFixed(0)} ms`);
      }
    } else if (isConfigKind(entry.kind) && (!documentSettings.filter || !documentSettings.filter.excludes(documentSettings.path!))) {
      findings = analyzeConfig(this.documents.configOf(entry), {
        settings: documentSettings.settings,
        airflowVersion: documentSettings.airflowVersion,
        onRuleError: (rule, error) => this.log(`rule ${rule.code} failed on ${entry.uri}: ${(error as Error).stack ?? String(error)}`),
      });
    }
    this.cache.set(entry.uri, revision, findings);
    return findings;
  }

  get clientCapabilities() {
    return this.params.capabilities;
  }

  isOpen(uri: string): boolean {
    return this.documents.get(uri) !== undefined;
  }

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
    this.debouncer.dispose();
    this.scan.cancel();
    this.documents.dispose();
  }
}
