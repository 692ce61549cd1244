// dagGuard.openRuleDocs: a rule's page from the docs/rules/ the VSIX carries, in VS Code's markdown
// preview, so the docs read offline and without an "open external website?" prompt. The server's
// "Show documentation" code action names this command because the client says it has it
// (initializationOptions.openRuleDocsInEditor); other editors get the web page.
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { commands, Uri, window } from 'vscode';

const RULE_CODE = /^DG\d{3}$/;

export async function openRuleDocs(docsDir: string, code?: unknown): Promise<void> {
  const chosen = typeof code === 'string' ? code : await pickRule(docsDir);
  if (!chosen) return;
  const file = path.join(docsDir, `${chosen}.md`);
  if (!RULE_CODE.test(chosen) || !existsSync(file)) {
    void window.showWarningMessage(`DAG Guard: no documentation for ${chosen}.`);
    return;
  }
  await commands.executeCommand('markdown.showPreview', Uri.file(file));
}

/** From the command palette, without a code: the rules the package documents. */
async function pickRule(docsDir: string): Promise<string | undefined> {
  const codes = existsSync(docsDir)
    ? readdirSync(docsDir)
        .filter((name) => name.endsWith('.md'))
        .map((name) => name.slice(0, -3))
        .sort()
    : [];
  return window.showQuickPick(codes, { placeHolder: 'Rule to read (DG101 ...)' });
}
