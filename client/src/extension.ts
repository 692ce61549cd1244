// The VS Code extension: starts the DAG Guard language server and gets out of the way. Everything
// the user sees (diagnostics, fixes, hovers) comes from the server.
import path from 'node:path';
import { commands, window, workspace, type ExtensionContext } from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';

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
    synchronize: { configurationSection: 'dagGuard' },
    initializationOptions: { settings: workspace.getConfiguration('dagGuard') },
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
  );
  await client.start();
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
