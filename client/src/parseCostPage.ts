// The parse-cost lens's click in VS Code: the lens's whole text (markdown the server writes) in a
// read-only editor beside the DAG file, instead of a toast that cuts it off. A virtual document
// (scheme dag-guard-parse-cost): nothing to save, nothing written to disk, readable offline.
import { EventEmitter, Uri, ViewColumn, window, workspace, type Disposable } from 'vscode';

const SCHEME = 'dag-guard-parse-cost';

export class ParseCostPages implements Disposable {
  private readonly pages = new Map<string, string>();
  private readonly changed = new EventEmitter<Uri>();
  private readonly registration = workspace.registerTextDocumentContentProvider(SCHEME, {
    onDidChange: this.changed.event,
    provideTextDocumentContent: (uri) => this.pages.get(uri.toString()) ?? '',
  });

  /** Opens (or refreshes) the page; its name is the markdown's first heading ("Parse cost of x.py"). */
  async show(markdown: string): Promise<void> {
    const title = /^# (.+)$/m.exec(markdown)?.[1] ?? 'Parse cost';
    const uri = Uri.from({ scheme: SCHEME, path: `/${title.replace(/[\\/]/g, '_')}.md` });
    this.pages.set(uri.toString(), markdown);
    this.changed.fire(uri);
    const document = await workspace.openTextDocument(uri);
    await window.showTextDocument(document, { viewColumn: ViewColumn.Beside, preview: true });
  }

  dispose(): void {
    this.registration.dispose();
    this.changed.dispose();
  }
}
