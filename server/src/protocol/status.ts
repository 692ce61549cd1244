// The `dagGuard/status` notification: what the VS Code status item shows (the server's version and
// grammar, the background index's progress, and per project the Airflow version with its source and
// the configuration files in effect). All the words are the server's; a client only picks the
// project whose folder holds the active document. Sent when it changes, at most every 100 ms; the
// configuration of each project is also logged when it changes.
import grammar from '../../grammar.json';
import { VERSION } from '../version';
import type { ProjectStatus } from '../project/configurationInEffect';
import type { ProjectSettings } from './projectSettings';

export const STATUS_NOTIFICATION = 'dagGuard/status';
const COALESCE_MS = 100;

export interface ServerStatus {
  version: string;
  /** "web-tree-sitter 0.25.10, tree-sitter-python 0.25.0" */
  grammar: string;
  /** The workspace scan that builds the project index: `busy` while it runs. */
  index: { text: string; busy: boolean };
  projects: Array<Omit<ProjectStatus, 'log'>>;
}

const GRAMMAR = `web-tree-sitter ${grammar['web-tree-sitter']}, tree-sitter-python ${grammar['tree-sitter-python']}`;

/** The first line of the log: what runs. */
export const START_LINE = `DAG Guard ${VERSION} (${GRAMMAR}, ABI ${grammar.abi}; Node ${process.version})`;

export class StatusReporter {
  private timer: NodeJS.Timeout | null = null;
  private lastSent = '';
  private readonly logged = new Map<string, string>();
  private index: ServerStatus['index'] = { text: 'project index: waiting for the workspace folders', busy: true };

  constructor(
    private readonly settings: ProjectSettings,
    private readonly send: (status: ServerStatus) => void,
    private readonly log: (message: string) => void,
  ) {}

  /** The scan's progress (see WorkspaceScan). */
  indexProgress(text: string, busy: boolean): void {
    this.index = { text, busy };
    this.changed();
  }

  /** Something the status shows may have changed: send it soon (once for a burst). */
  changed(): void {
    this.timer ??= setTimeout(() => {
      this.timer = null;
      this.flush();
    }, COALESCE_MS);
  }

  flush(): void {
    const projects = this.settings.projectStatuses();
    for (const project of projects) {
      if (this.logged.get(project.folder) === project.log) continue;
      this.logged.set(project.folder, project.log);
      this.log(project.log);
    }
    const status: ServerStatus = {
      version: VERSION,
      grammar: GRAMMAR,
      index: this.index,
      projects: projects.map(({ log: _log, ...shown }) => shown),
    };
    const text = JSON.stringify(status);
    if (text === this.lastSent) return;
    this.lastSent = text;
    this.send(status);
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}
