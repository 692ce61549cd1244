// A minimal LSP client for protocol tests: starts the bundled dist/server.js over stdio and
// speaks JSON-RPC to it, the way an editor does. Waits on notifications, never on sleeps.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';

export const SERVER = path.join(__dirname, '..', '..', 'dist', 'server.js');

export interface Diagnostic {
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  severity?: number;
  code?: string | number;
  source?: string;
  message: string;
  codeDescription?: { href: string };
  data?: unknown;
}

export interface PublishDiagnostics {
  uri: string;
  version?: number;
  diagnostics: Diagnostic[];
}

/** A workspace edit as the server sends it: versioned edits per document (version null: the file on disk). */
export interface WorkspaceEdit {
  documentChanges?: Array<{
    textDocument: { uri: string; version: number | null };
    edits: Array<{ range: Diagnostic['range']; newText: string }>;
  }>;
}

/** How long stop() waits for each of the server's answer to shutdown and its exit. */
const STOP_GRACE_MS = 5_000;

type Waiter = { predicate: (params: PublishDiagnostics) => boolean; resolve: (params: PublishDiagnostics) => void };

export class LspTestClient {
  readonly latest = new Map<string, PublishDiagnostics>();
  readonly logs: string[] = [];
  readonly messages: Array<{ type: number; message: string }> = [];
  /** The messages of window/showMessage notifications, in order. */
  readonly shown: string[] = [];
  readonly stderr: string[] = [];
  /** The `kind`s of work-done progress reports ("begin", "report", "end"), in order. */
  readonly progress: Array<{ kind: string; title?: string; message?: string }> = [];
  /** The edits the server asked to apply (workspace/applyEdit), in order; each is answered as applied. */
  readonly appliedEdits: Array<{ label?: string; edit: WorkspaceEdit }> = [];
  /** The `dagGuard/status` notifications, in order (what the VS Code status item shows). */
  readonly statuses: unknown[] = [];
  /** How many workspace/configuration requests have been answered. */
  configurationAnswers = 0;
  private waiters: Waiter[] = [];
  private versions = new Map<string, number>();

  /** The server's exit code, or the signal that ended it, once it has exited. */
  readonly exit: Promise<number | string>;

  private constructor(
    readonly process: ChildProcessWithoutNullStreams,
    readonly connection: MessageConnection,
  ) {
    // Made as the process is spawned: its exit event cannot have come yet.
    this.exit = new Promise((resolve) => process.once('exit', (code, signal) => resolve(code ?? signal ?? '')));
  }

  /**
   * `clock`: the server's clock starts at this moment (test/helpers/clock.cjs) instead of the machine's.
   * `server` / `serverPath`: another build of the server (`npm run bench` compares with a baseline's).
   */
  static async start(
    options: {
      rootPath?: string;
      settings?: Record<string, unknown>;
      capabilities?: Record<string, unknown>;
      initializationOptions?: Record<string, unknown>;
      clock?: Date;
      server?: string | undefined;
      serverPath?: string | undefined;
      /** Answers workspace/configuration this much later (a busy editor). */
      configurationDelayMs?: number;
    } = {},
  ): Promise<LspTestClient> {
    const clock = options.clock ? ['--require', path.join(__dirname, 'clock.cjs')] : [];
    const env = options.clock ? { ...process.env, DAG_GUARD_TEST_CLOCK: String(options.clock.getTime()) } : process.env;
    const child = spawn(process.execPath, [...clock, options.serverPath ?? options.server ?? SERVER, '--stdio'], { stdio: 'pipe', env });
    const connection = createMessageConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
    const client = new LspTestClient(child, connection);
    child.stderr.on('data', (chunk) => client.stderr.push(String(chunk)));
    connection.onNotification('textDocument/publishDiagnostics', (params: PublishDiagnostics) => {
      client.latest.set(params.uri, params);
      client.waiters = client.waiters.filter((waiter) => {
        if (!waiter.predicate(params)) return true;
        waiter.resolve(params);
        return false;
      });
    });
    connection.onNotification('window/logMessage', (params: { message: string }) => {
      client.logs.push(params.message);
    });
    connection.onNotification('window/showMessage', (params: { type: number; message: string }) => {
      client.messages.push(params);
      client.shown.push(params.message);
    });
    connection.onRequest('workspace/configuration', async (params: { items: Array<{ section?: string }> }) => {
      if (options.configurationDelayMs) await new Promise((resolve) => setTimeout(resolve, options.configurationDelayMs));
      client.configurationAnswers++;
      return params.items.map((item) => (item.section === 'dagGuard' ? (options.settings ?? {}) : null));
    });
    connection.onNotification('dagGuard/status', (params: unknown) => {
      client.statuses.push(params);
    });
    connection.onRequest('client/registerCapability', () => null);
    connection.onRequest('window/workDoneProgress/create', () => null);
    connection.onRequest('workspace/applyEdit', (params: { label?: string; edit: WorkspaceEdit }) => {
      client.appliedEdits.push(params);
      return { applied: true };
    });
    connection.onNotification('$/progress', (params: { value: { kind: string; title?: string; message?: string } }) => {
      client.progress.push(params.value);
    });
    connection.listen();
    const rootUri = options.rootPath ? pathToFileURL(options.rootPath).toString() : null;
    await connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri,
      workspaceFolders: rootUri ? [{ uri: rootUri, name: 'root' }] : null,
      capabilities: options.capabilities ?? {
        workspace: { configuration: true, didChangeWatchedFiles: { dynamicRegistration: true } },
        textDocument: {
          publishDiagnostics: { versionSupport: true },
          codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'refactor', 'source'] } } },
        },
        window: { workDoneProgress: true },
      },
      initializationOptions: { ...options.initializationOptions, settings: options.settings ?? {} },
    });
    await connection.sendNotification('initialized', {});
    return client;
  }

  open(uri: string, text: string, languageId = 'python'): void {
    this.versions.set(uri, 1);
    void this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text } });
  }

  /** Sends incremental changes; returns the new version. */
  change(uri: string, changes: Array<{ range?: Diagnostic['range']; text: string }>): number {
    const version = (this.versions.get(uri) ?? 1) + 1;
    this.versions.set(uri, version);
    void this.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: changes });
    return version;
  }

  close(uri: string): void {
    void this.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
  }

  /** The next publishDiagnostics for `uri` that satisfies `predicate` (or the latest one, if it already does). */
  diagnostics(
    uri: string,
    predicate: (params: PublishDiagnostics) => boolean = () => true,
    timeoutMs = 10_000,
  ): Promise<PublishDiagnostics> {
    const current = this.latest.get(uri);
    if (current && predicate(current)) return Promise.resolve(current);
    return this.nextDiagnostics(uri, predicate, timeoutMs);
  }

  /** The next publishDiagnostics for `uri` that satisfies `predicate`, ignoring what came before. */
  nextDiagnostics(
    uri: string,
    predicate: (params: PublishDiagnostics) => boolean = () => true,
    timeoutMs = 10_000,
  ): Promise<PublishDiagnostics> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () =>
          reject(
            new Error(
              `no matching diagnostics for ${uri} within ${timeoutMs} ms; latest: ${JSON.stringify(this.latest.get(uri))}\nstderr: ${this.stderr.join('')}\nlog: ${this.logs.join('\n')}`,
            ),
          ),
        timeoutMs,
      );
      this.waiters.push({
        predicate: (params) => params.uri === uri && predicate(params),
        resolve: (params) => {
          clearTimeout(timer);
          resolve(params);
        },
      });
    });
  }

  /** Resolves once a logged line matches `pattern` (rejects after `timeoutMs`). */
  waitForLog(pattern: RegExp, timeoutMs = 20_000): Promise<string> {
    return poll(
      () => this.logs.find((candidate) => pattern.test(candidate)),
      timeoutMs,
      () => `no log line matching ${pattern} within ${timeoutMs} ms:\n${this.logs.join('\n')}`,
    );
  }

  /** Resolves once `condition()` holds (polled; rejects after `timeoutMs`). */
  async waitUntil(condition: () => boolean, timeoutMs = 20_000): Promise<void> {
    await poll(
      () => condition() || undefined,
      timeoutMs,
      () => `condition not met within ${timeoutMs} ms`,
    );
  }

  /** Resolves with the first `dagGuard/status` notification that satisfies `predicate`. */
  waitForStatus<T>(predicate: (status: T) => boolean, timeoutMs = 20_000): Promise<T> {
    return poll(
      () => (this.statuses as T[]).find(predicate),
      timeoutMs,
      () => `no matching dagGuard/status within ${timeoutMs} ms:\n${JSON.stringify(this.statuses, null, 2)}`,
    );
  }

  request<T>(method: string, params: unknown): Promise<T> {
    return this.connection.sendRequest(method, params) as Promise<T>;
  }

  /**
   * Shutdown, exit, and the process gone: resolves once the server has exited. A server that does
   * not answer shutdown, or does not exit after exit, is killed (SIGKILL after a grace period), so
   * that a test process never waits on a server's pipes; either is written to stderr, since an
   * editor would see the same server linger.
   */
  async stop(): Promise<void> {
    const child = this.process;
    // True when the promise settled (either way) within `ms`; a send on a closed connection settles at once.
    const within = (start: () => Promise<unknown>, ms: number) =>
      new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => resolve(false), ms);
        let promise: Promise<unknown>;
        try {
          promise = start();
        } catch (error) {
          promise = Promise.reject(error);
        }
        promise.then(
          () => (clearTimeout(timer), resolve(true)),
          () => (clearTimeout(timer), resolve(true)),
        );
      });
    if (!(await within(() => this.connection.sendRequest('shutdown'), STOP_GRACE_MS))) {
      process.stderr.write(`[lsp test client] the server (pid ${child.pid}) did not answer shutdown within ${STOP_GRACE_MS} ms\n`);
    }
    await within(() => this.connection.sendNotification('exit'), STOP_GRACE_MS);
    if (!(await within(() => this.exit, STOP_GRACE_MS))) {
      process.stderr.write(`[lsp test client] the server (pid ${child.pid}) did not exit within ${STOP_GRACE_MS} ms of exit; killed\n`);
      child.kill('SIGKILL');
      await within(() => this.exit, STOP_GRACE_MS);
    }
    this.connection.dispose();
    child.stdin.destroy();
    child.stdout.destroy();
    child.stderr.destroy();
  }
}

/** What `find` gives once it gives something, asked every 20 ms; rejects with `failure()` after `timeoutMs`. */
function poll<T>(find: () => T | undefined, timeoutMs: number, failure: () => string): Promise<T> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const ask = () => {
      const found = find();
      if (found !== undefined) resolve(found);
      else if (Date.now() - started > timeoutMs) reject(new Error(failure()));
      else setTimeout(ask, 20);
    };
    ask();
  });
}

export function fileUri(file: string): string {
  return pathToFileURL(file).toString();
}

/** The hover's markdown at a diagnostic's start: where the editor shows a finding's detail. */
export async function hoverAt(client: LspTestClient, uri: string, diagnostic: Diagnostic): Promise<string> {
  const hover = await client.request<{ contents: { value: string } } | null>('textDocument/hover', {
    textDocument: { uri },
    position: diagnostic.range.start,
  });
  return hover?.contents.value ?? '';
}
