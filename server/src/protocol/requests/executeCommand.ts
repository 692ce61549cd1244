// workspace/executeCommand: the commands the server's code actions carry.
import type { DagGuardServer } from '../server';
import { ruleByCode, ruleDocsUrl } from '../../core/rules/registry';

export const COMMANDS = {
  showRuleDocs: 'dagGuard.showRuleDocs',
  showParseCost: 'dagGuard.showParseCost',
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
    return null;
  });
}
