// workspace/executeCommand: the commands the server's code actions carry, and the fix-all commands
// the client's "DAG Guard: Fix all in this file / in workspace" forward (protocol/fixAllCommands.ts).
import type { DagGuardServer } from '../server';
import { fixAllInFile, fixAllInWorkspace } from '../fixAllCommands';
import { ruleByCode, ruleDocsUrl } from '../../core/rules/registry';

export const COMMANDS = {
  showRuleDocs: 'dagGuard.showRuleDocs',
  showParseCost: 'dagGuard.showParseCost',
  /** Arguments: the document's URI. Returns `{ files, fixes }` (null when the document is not open). */
  fixAllInFile: 'dagGuard.applyFixAll',
  /** Returns `{ files, fixes }`. */
  fixAllInWorkspace: 'dagGuard.applyFixAllInWorkspace',
} as const;

/**
 * Commands the client runs itself, named in code actions only when the client says it has them
 * (initializationOptions, DagGuardServer.ruleDocsInEditor); never in executeCommandProvider.
 */
export const CLIENT_COMMANDS = {
  /** Arguments: a rule code. VS Code opens the bundled docs/rules/<code>.md in its markdown preview. */
  openRuleDocs: 'dagGuard.openRuleDocs',
} as const;

export function registerExecuteCommand(server: DagGuardServer): void {
  server.connection.onExecuteCommand(async ({ command, arguments: args }) => {
    if (command === COMMANDS.showRuleDocs) {
      const code = typeof args?.[0] === 'string' ? args[0] : '';
      if (!ruleByCode(code)) return null;
      // Opened by the client (a browser); the server itself never reaches the network.
      await server.guardAsync('showDocument', () => server.connection.window.showDocument({ uri: ruleDocsUrl(code), external: true }));
    }
    if (command === COMMANDS.showParseCost && typeof args?.[0] === 'string') {
      // The code lens passes its own text: shown as a message, with the settings it used.
      void server.connection.window.showInformationMessage(args[0]);
    }
    if (command === COMMANDS.fixAllInFile && typeof args?.[0] === 'string') {
      const uri = args[0];
      return (await server.guardAsync('fix all in file', () => fixAllInFile(server, uri))) ?? null;
    }
    if (command === COMMANDS.fixAllInWorkspace) {
      return (await server.guardAsync('fix all in workspace', () => fixAllInWorkspace(server))) ?? null;
    }
    return null;
  });
}
