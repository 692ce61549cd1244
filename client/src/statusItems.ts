// The language status items of Python and airflow.cfg documents: the server's state (the client's
// own knowledge), and what the server reports in its `dagGuard/status` notification (the index's
// progress, the Airflow version and where it comes from, the configuration files in effect). The
// words are the server's; this file only picks the project whose folder holds the active document.
import path from 'node:path';
import { LanguageStatusSeverity, languages, window, type Disposable, type LanguageStatusItem } from 'vscode';

/** The notification's shape (server/src/protocol/status.ts). */
export interface ServerStatus {
  version: string;
  grammar: string;
  index: { text: string; busy: boolean };
  projects: Array<{ folder: string; airflow: { text: string; detail: string }; configuration: { text: string; detail: string } }>;
}

export type ServerState = { state: 'starting' } | { state: 'running' } | { state: 'stopped'; reason: string } | { state: 'off' };

const SELECTOR = [{ language: 'python' }, { language: 'airflow-cfg' }];

export class StatusItems implements Disposable {
  private readonly server: LanguageStatusItem;
  private readonly airflow: LanguageStatusItem;
  private readonly configuration: LanguageStatusItem;
  private readonly fixAll: LanguageStatusItem;
  private readonly report: LanguageStatusItem;
  private state: ServerState = { state: 'starting' };
  private status: ServerStatus | null = null;
  private readonly onEditor: Disposable;

  constructor() {
    this.server = languages.createLanguageStatusItem('dagGuard.server', SELECTOR);
    this.server.name = 'DAG Guard server';
    this.airflow = languages.createLanguageStatusItem('dagGuard.airflow', SELECTOR);
    this.airflow.name = 'DAG Guard: Airflow version';
    this.airflow.command = { title: 'Show Output', command: 'dagGuard.showOutput' };
    this.configuration = languages.createLanguageStatusItem('dagGuard.configuration', SELECTOR);
    this.configuration.name = 'DAG Guard: configuration';
    this.configuration.command = {
      title: 'Settings',
      command: 'workbench.action.openSettings',
      arguments: ['dagGuard.configurationPreference'],
    };
    // What to do from here: the file's safe fixes, and the workspace's parse-cost ranking.
    this.fixAll = languages.createLanguageStatusItem('dagGuard.fixAll', SELECTOR);
    this.fixAll.name = 'DAG Guard: fix all';
    this.fixAll.text = 'Safe fixes';
    this.fixAll.command = { title: 'Fix all in this file', command: 'dagGuard.fixAllInFile' };
    this.report = languages.createLanguageStatusItem('dagGuard.report', SELECTOR);
    this.report.name = 'DAG Guard: parse-cost report';
    this.report.text = 'Parse cost of the workspace';
    this.report.command = { title: 'Open report', command: 'dagGuard.parseCost.focus' };
    this.onEditor = window.onDidChangeActiveTextEditor(() => this.render());
    this.render();
  }

  setState(state: ServerState): void {
    this.state = state;
    if (state.state !== 'running') this.status = null;
    this.render();
  }

  setStatus(status: ServerStatus): void {
    this.status = status;
    this.render();
  }

  private render(): void {
    const { state, status } = this;
    const server = this.server;
    server.severity = state.state === 'stopped' ? LanguageStatusSeverity.Error : LanguageStatusSeverity.Information;
    server.busy = state.state === 'starting' || (state.state === 'running' && status?.index.busy === true);
    if (state.state === 'running') {
      server.text = status ? `DAG Guard ${status.version}: running` : 'DAG Guard: running';
      server.detail = status?.index.text ?? '';
      server.command = { title: 'Restart', command: 'dagGuard.restartServer' };
    } else if (state.state === 'starting') {
      server.text = 'DAG Guard: starting';
      server.detail = '';
      server.command = { title: 'Show Output', command: 'dagGuard.showOutput' };
    } else if (state.state === 'stopped') {
      server.text = 'DAG Guard: stopped';
      server.detail = state.reason;
      server.command = { title: 'Restart', command: 'dagGuard.restartServer' };
    } else {
      server.text = 'DAG Guard: off';
      server.detail = 'dagGuard.enable is false';
      server.command = { title: 'Settings', command: 'workbench.action.openSettings', arguments: ['dagGuard.enable'] };
    }
    const project = this.projectOfActiveDocument();
    this.airflow.text = project?.airflow.text ?? 'Airflow version: not read yet';
    this.airflow.detail = project?.airflow.detail ?? '';
    this.configuration.text = project?.configuration.text ?? 'Configuration: not read yet';
    this.configuration.detail = project?.configuration.detail ?? '';
  }

  /** The project whose folder is the deepest one holding the active document. */
  private projectOfActiveDocument(): ServerStatus['projects'][number] | undefined {
    const file = window.activeTextEditor?.document.uri;
    if (!this.status || !file || file.scheme !== 'file') return undefined;
    const holding = this.status.projects.filter(
      ({ folder }) => file.fsPath === folder || file.fsPath.startsWith(folder.endsWith(path.sep) ? folder : folder + path.sep),
    );
    return holding.sort((a, b) => b.folder.length - a.folder.length)[0];
  }

  dispose(): void {
    this.onEditor.dispose();
    this.server.dispose();
    this.airflow.dispose();
    this.configuration.dispose();
    this.fixAll.dispose();
    this.report.dispose();
  }
}
