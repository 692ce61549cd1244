// The VS Code extension: starts the DAG Guard language server and gets out of the way. Everything
// the user sees (diagnostics, fixes, hovers, the status item's words) comes from the server; the
// client starts and stops it (dagGuard.enable), passes the settings, and says when it is down.
import path from 'node:path';
import readline from 'node:readline';
import { commands, Uri, window, workspace, type ExtensionContext, type LogOutputChannel } from 'vscode';
import {
  CloseAction,
  ErrorAction,
  ExecuteCommandRequest,
  LanguageClient,
  State,
  TransportKind,
  type LanguageClientOptions,
  type ServerOptions,
} from 'vscode-languageclient/node';
import { CLIENT_SETTING_ROOTS, PATH_SETTING_KEYS, SETTING_KEYS } from '../../server/src/core/settings/schema';
import { ParseCostPages } from './parseCostPage';
import { PARSE_COST_VIEW, ParseCostView } from './parseCostView';
import { openRuleDocs } from './ruleDocs';
import { StatusItems, type ServerStatus } from './statusItems';

let client: LanguageClient | undefined;
let status: StatusItems | undefined;

const CONFIG_FILE_PATTERNS = [
  '**/airflow.cfg',
  '**/.env',
  '**/.env.*',
  '**/*.env',
  '**/{docker-,}compose*.{yml,yaml}',
  '**/{Dockerfile,Dockerfile.*,*.Dockerfile}',
  '**/values*.{yml,yaml}',
  '**/*.{sh,bash}',
];

/** The server's last line on stderr: the readable reason of a failed start (a missing file, a crash). */
let lastServerError = '';
/** One notification per failure: reset once the server runs again. */
let failureShown = false;
/** A stop the user asked for (restart, dagGuard.enable off, deactivate) is not a failure. */
let stopping = false;

export async function activate(context: ExtensionContext): Promise<void> {
  const module = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6010'] } },
  };
  const outputChannel = window.createOutputChannel('DAG Guard', { log: true });
  const parseCostPages = new ParseCostPages();
  status = new StatusItems();
  const clientOptions: LanguageClientOptions = {
    // Python DAG files, airflow.cfg, and the files that set AIRFLOW__ variables. Editors give
    // .env or compose files different language ids, so most entries select by file name; the
    // server decides what each document is (core/documentKind.ts).
    documentSelector: [
      { scheme: 'file', language: 'python' },
      { scheme: 'untitled', language: 'python' },
      { language: 'airflow-cfg' },
      ...CONFIG_FILE_PATTERNS.map((pattern) => ({ scheme: 'file', pattern })),
      { scheme: 'file', language: 'yaml' },
    ],
    // openRuleDocsInEditor: the server's "Show documentation" action names dagGuard.openRuleDocs.
    initializationOptions: { settings: settingsForServer(), openRuleDocsInEditor: true },
    middleware: {
      workspace: {
        // The server pulls the settings (workspace/configuration) on every change, rather than
        // being pushed them, so that each answer says whose the path settings are.
        didChangeConfiguration: (_sections, next) => next(undefined),
        configuration: async (params, token, next) => {
          const values = await next(params, token);
          if (!Array.isArray(values)) return values;
          return values.map((value, index) => {
            const item = params.items[index];
            return item?.section === 'dagGuard' ? settingsForServer(item.scopeUri ? Uri.parse(item.scopeUri) : undefined) : value;
          });
        },
      },
      // The parse-cost lens's click: its whole text in an editor (other editors show a message).
      executeCommand: async (command, args, next) => {
        if (command === 'dagGuard.showParseCost' && typeof args[1] === 'string') return parseCostPages.show(args[1]);
        return next(command, args);
      },
    },
    outputChannel,
    stdioOptions: {
      stdout: (input, channel) =>
        readline.createInterface({ input, crlfDelay: Infinity, terminal: false }).on('line', (line) => channel.info(line)),
      stderr: (input, channel) =>
        readline.createInterface({ input, crlfDelay: Infinity, terminal: false }).on('line', (line) => {
          if (line.trim()) lastServerError = line.trim();
          channel.error(line);
        }),
    },
    // A failed start says so once, in our words (failed below), not in a dialog and three toasts.
    initializationFailedHandler: (error) => {
      failed(`the server did not initialize: ${messageOf(error)}`);
      return false;
    },
    errorHandler: {
      error: (_error, _message, count) => ({ action: (count ?? 0) <= 3 ? ErrorAction.Continue : ErrorAction.Shutdown, handled: true }),
      closed: () => {
        if (stopping || client?.state !== State.Running) return { action: CloseAction.DoNotRestart, handled: true };
        // A crash while running: restart, up to 4 times in 3 minutes.
        const now = Date.now();
        crashes = [...crashes.filter((time) => now - time < 3 * 60_000), now];
        if (crashes.length <= 4) return { action: CloseAction.Restart, handled: true };
        failed(`the server crashed ${crashes.length} times in 3 minutes`);
        return { action: CloseAction.DoNotRestart, handled: true };
      },
    },
  };
  client = new QuietLanguageClient('dagGuard', 'DAG Guard', serverOptions, clientOptions);
  client.onNotification('dagGuard/status', (reported: ServerStatus) => status?.setStatus(reported));
  const parseCostView = new ParseCostView(() => client);
  client.onNotification('dagGuard/parseCostsChanged', () => parseCostView.refresh());
  client.onDidChangeState(({ newState }) => {
    if (newState === State.Running) {
      parseCostView.refresh();
      failureShown = false;
      status?.setState({ state: 'running' });
    } else if (newState === State.Starting) {
      status?.setState({ state: 'starting' });
    } else if (newState === State.Stopped && !stopping && !failureShown) {
      // A crash: the close handler restarts it (Starting follows) or reports the failure.
      status?.setState({ state: 'stopped', reason: lastServerError || 'the server stopped' });
    }
  });
  context.subscriptions.push(
    outputChannel,
    status,
    parseCostPages,
    parseCostView,
    window.registerTreeDataProvider(PARSE_COST_VIEW, parseCostView),
    commands.registerCommand('dagGuard.restartServer', async () => {
      outputChannel.info('Restarting the DAG Guard server');
      if (!enabled()) {
        void window.showInformationMessage('DAG Guard is off (dagGuard.enable): turn it on to start the server.');
        return;
      }
      await stopServer();
      await startServer(outputChannel);
    }),
    commands.registerCommand('dagGuard.showOutput', () => outputChannel.show()),
    commands.registerCommand('dagGuard.openRuleDocs', (code?: unknown) =>
      openRuleDocs(context.asAbsolutePath(path.join('docs', 'rules')), code),
    ),
    // Fix all: the server computes and applies the safe fixes (workspace/applyEdit); the client
    // only names the active document.
    commands.registerCommand('dagGuard.fixAllInFile', async () => {
      const document = window.activeTextEditor?.document;
      if (!document) return void window.showInformationMessage('DAG Guard: open a DAG file to fix.');
      await client?.sendRequest(ExecuteCommandRequest.type, { command: 'dagGuard.applyFixAll', arguments: [document.uri.toString()] });
    }),
    commands.registerCommand('dagGuard.fixAllInWorkspace', async () => {
      await client?.sendRequest(ExecuteCommandRequest.type, { command: 'dagGuard.applyFixAllInWorkspace', arguments: [] });
    }),
    workspace.onDidChangeConfiguration(async (change) => {
      if (!change.affectsConfiguration('dagGuard.enable')) return;
      if (enabled()) await startServer(outputChannel);
      else await stopServer();
    }),
  );
  // The Explorer's parse-cost view is shown once the extension runs (package.json's `when`).
  void commands.executeCommand('setContext', 'dagGuard.active', true);
  if (enabled()) await startServer(outputChannel);
  else status.setState({ state: 'off' });
}

let crashes: number[] = [];

/**
 * vscode-languageclient shows its own error toast for each failure path of a start (one failed
 * start gave three, plus VS Code's activation dialog): while the server is not running, they go
 * to the output channel only, and the one notification is ours (`failed`).
 */
class QuietLanguageClient extends LanguageClient {
  override error(message: string, data?: unknown, showNotification?: boolean | 'force'): void {
    if (!showNotification || this.state === State.Running) {
      super.error(message, data, showNotification);
      return;
    }
    super.error(message, data, false);
    failed(data === undefined ? message : messageOf(data));
  }
}

function enabled(): boolean {
  return workspace.getConfiguration('dagGuard').get<boolean>('enable', true);
}

async function startServer(outputChannel: LogOutputChannel): Promise<void> {
  if (!client || client.state === State.Running || client.state === State.Starting) return;
  lastServerError = '';
  crashes = [];
  failureShown = false;
  outputChannel.info('Starting the DAG Guard server');
  try {
    await client.start();
  } catch (error) {
    // Reported by the handlers above; a rejected activation would add VS Code's own dialog.
    failed(lastServerError || messageOf(error));
  }
}

/** Stops a running server; a server that is not running (a failed start) has nothing to stop. */
async function stopServer(): Promise<void> {
  if (!client) return;
  stopping = true;
  try {
    // stop() throws on a client that is not running ("Client is not running and can't be stopped").
    if (client.state === State.Starting) await client.start().catch(() => undefined);
    if (client.state === State.Running) await client.stop();
  } catch (error) {
    client.outputChannel.warn(`stopping the server: ${messageOf(error)}`);
  } finally {
    stopping = false;
  }
  status?.setState(enabled() ? { state: 'stopped', reason: 'stopped' } : { state: 'off' });
}

/**
 * The one notification of a failed start or a crash, with what to do. The reason is the server's
 * last stderr line when it wrote one (a missing file, an exception), else `fallback`; the lines of
 * a dying process may come after the close, so they are waited for briefly.
 */
function failed(fallback: string): void {
  if (failureShown) return;
  failureShown = true;
  setTimeout(() => {
    const reason = lastServerError || fallback;
    status?.setState({ state: 'stopped', reason });
    void window.showErrorMessage(`DAG Guard could not run: ${reason}`, 'Show Output', 'Restart').then((choice) => {
      if (choice === 'Show Output') void commands.executeCommand('dagGuard.showOutput');
      if (choice === 'Restart') void commands.executeCommand('dagGuard.restartServer');
    });
  }, 300);
}

/** An error's first line, without vscode-jsonrpc's "Request initialize failed with message:" prefix. */
function messageOf(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0].replace(/^Request \S+ failed with message: /, '');
}

/**
 * The dagGuard settings, plus `userPathSettings`: the path settings (the pools file) whose value
 * is the user's own. Only those may point outside the workspace folder; a value from a
 * workspace's .vscode/settings.json stays inside it (the server enforces both). And
 * `explicitSettings`: the keys the user set, which win over pyproject.toml under
 * dagGuard.configurationPreference editorFirst (VS Code also sends every default). The client's
 * own settings (enable, trace.server) stay here.
 */
function settingsForServer(scope?: Uri): Record<string, unknown> {
  const configuration = workspace.getConfiguration('dagGuard', scope);
  const values: Record<string, unknown> = JSON.parse(JSON.stringify(configuration));
  for (const key of CLIENT_SETTING_ROOTS) delete values[key];
  const setIn = (key: string) => {
    const inspected = configuration.inspect(key);
    return {
      workspace: [
        inspected?.workspaceValue,
        inspected?.workspaceFolderValue,
        inspected?.workspaceLanguageValue,
        inspected?.workspaceFolderLanguageValue,
      ].some((value) => value !== undefined),
      user: [inspected?.globalValue, inspected?.globalLanguageValue].some((value) => value !== undefined),
    };
  };
  values.userPathSettings = PATH_SETTING_KEYS.filter((key) => {
    // In Restricted Mode VS Code ignores a workspace's value of these settings: the value is the user's.
    return !setIn(key).workspace || !workspace.isTrusted;
  });
  values.explicitSettings = SETTING_KEYS.filter((key) => {
    const where = setIn(key);
    return where.workspace || where.user;
  });
  return values;
}

export async function deactivate(): Promise<void> {
  await stopServer();
  client = undefined;
}
