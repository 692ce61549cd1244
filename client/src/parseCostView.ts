// The Explorer's "DAG Guard: Parse cost" view: the workspace's DAG files ranked by what they run
// at every parse, costliest first, each opening the file at its costliest line. The server ranks
// and words them (dagGuard/parseCosts, server/src/protocol/parseCosts.ts); the view asks again
// when the server says its data changed and when a Python file is saved.
import {
  EventEmitter,
  Range,
  ThemeIcon,
  TreeItem,
  TreeItemCollapsibleState,
  Uri,
  workspace,
  type Disposable,
  type TreeDataProvider,
} from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';

export const PARSE_COST_VIEW = 'dagGuard.parseCost';

/** As server/src/protocol/parseCosts.ts answers it. */
interface ParseCostEntry {
  uri: string;
  summary: string;
  detail: string;
  line: number;
}

/** Saves and the server's notifications come in bursts: one request per burst. */
const REFRESH_AFTER_MS = 300;

export class ParseCostView implements TreeDataProvider<ParseCostEntry>, Disposable {
  private readonly changed = new EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;
  private timer: NodeJS.Timeout | undefined;
  private readonly saves = workspace.onDidSaveTextDocument((document) => {
    if (document.languageId === 'python') this.refresh();
  });

  constructor(private readonly client: () => LanguageClient | undefined) {}

  /** Asks the tree to fetch its entries again (after a short wait that gathers a burst). */
  refresh(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.changed.fire(), REFRESH_AFTER_MS);
  }

  async getChildren(parent?: ParseCostEntry): Promise<ParseCostEntry[]> {
    const client = this.client();
    if (parent || !client?.isRunning()) return [];
    try {
      return await client.sendRequest<ParseCostEntry[]>('dagGuard/parseCosts', {});
    } catch {
      // A server restarting: the next notification fills the view.
      return [];
    }
  }

  getTreeItem(entry: ParseCostEntry): TreeItem {
    const uri = Uri.parse(entry.uri);
    const item = new TreeItem(workspace.asRelativePath(uri, false), TreeItemCollapsibleState.None);
    item.description = entry.summary;
    item.tooltip = entry.detail;
    item.resourceUri = uri;
    item.iconPath = ThemeIcon.File;
    item.command = { title: 'Open', command: 'vscode.open', arguments: [uri, { selection: new Range(entry.line, 0, entry.line, 0) }] };
    return item;
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.saves.dispose();
    this.changed.dispose();
  }
}
