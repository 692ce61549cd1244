// The VS Code extension: starts the DAG Guard language server and gets out of the way. Everything
// the user sees (diagnostics, fixes, hovers) comes from the server.
import path from 'node:path';
import { commands, Uri, window, workspace, type ExtensionContext } from 'vscode';
import { ExecuteCommandRequest, LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { PATH_SETTING_KEYS } from '../../server/src/core/settings/schema';

let client: LanguageClient | undefined;

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

export async function activate(context: ExtensionContext): Promise<void> {
  const module = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6010'] } },
  };
  const outputChannel = window.createOutputChannel('DAG Guard', { log: true });
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
    initializationOptions: { settings: settingsForServer() },
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
    },
    outputChannel,
  };
  client = new LanguageClient('dagGuard', 'DAG Guard', serverOptions, clientOptions);
  context.subscriptions.push(
    outputChannel,
    commands.registerCommand('dagGuard.restartServer', async () => {
      outputChannel.info('Restarting the DAG Guard server');
      await client?.restart();
    }),
    commands.registerCommand('dagGuard.showOutput', () => outputChannel.show()),
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
  );
  await client.start();
}

/**
 * The dagGuard settings, plus `userPathSettings`: the path settings (the pools file) whose value
 * is the user's own. Only those may point outside the workspace folder; a value from a
 * workspace's .vscode/settings.json stays inside it (the server enforces both).
 */
function settingsForServer(scope?: Uri): Record<string, unknown> {
  const configuration = workspace.getConfiguration('dagGuard', scope);
  const values: Record<string, unknown> = JSON.parse(JSON.stringify(configuration));
  values.userPathSettings = PATH_SETTING_KEYS.filter((key) => {
    const inspected = configuration.inspect(key);
    const fromWorkspace = [inspected?.workspaceValue, inspected?.workspaceFolderValue, inspected?.workspaceLanguageValue, inspected?.workspaceFolderLanguageValue].some((value) => value !== undefined);
    // In Restricted Mode VS Code ignores a workspace's value of these settings: the value is the user's.
    return !fromWorkspace || !workspace.isTrusted;
  });
  return values;
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
