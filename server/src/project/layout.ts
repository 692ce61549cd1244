// Where a project's Python lives, as Airflow sees it: the DAG folder(s) the DAG processor parses,
// and the folders it puts on sys.path (so that a DAG file's imports resolve to project modules).
// The seam between the layout reader (dags_folder, .airflowignore) and the project's module index.
import path from 'node:path';

export interface ProjectLayout {
  /** The project root: the folder of the nearest pyproject.toml / .git, or the workspace folder. */
  root: string;
  /** Absolute DAG folders; empty when nothing says where the DAG folder is. */
  dagsFolders: string[];
  /** The folders imports resolve against, in sys.path order (DAG folders, plugins, the root, python-path). */
  importRoots: string[];
  /**
   * Would Airflow's DAG processor parse this file (inside a DAG folder, not ignored by
   * .airflowignore)? null when nothing says where the DAG folder is: callers keep treating every
   * analysed file as a candidate DAG file, as before the layout was known.
   */
  isParsedByAirflow(file: string): boolean | null;
}

/** The layout when nothing is known but the root: imports resolve against the root only. */
export function rootOnlyLayout(root: string): ProjectLayout {
  const resolved = path.resolve(root);
  return { root: resolved, dagsFolders: [], importRoots: [resolved], isParsedByAirflow: () => null };
}
