// What a project's analysis is configured by, in words: the Airflow version and where it comes
// from, pyproject.toml's settings under `configurationPreference`, the Airflow config files and
// the exports read. The server sends it to the editor's status item and writes it to the log.
import path from 'node:path';
import type { ProjectConfig } from './projectConfig';

export interface ProjectStatus {
  /** The project's root folder (absolute): the status of the documents under it. */
  folder: string;
  airflow: { text: string; detail: string };
  configuration: { text: string; detail: string };
  /** One line for the output channel. */
  log: string;
}

/** `airflowConfigFiles`: the Airflow config files read for the project (relative paths), null when not read yet. */
export function projectStatus(config: ProjectConfig, airflowConfigFiles: readonly string[] | null): ProjectStatus {
  const version =
    config.airflowVersion === null ? null : `${config.airflowVersion}${config.airflowMinor !== null ? `.${config.airflowMinor}` : ''}`;
  const airflow = version
    ? { text: `Airflow ${version}`, detail: `from ${config.airflowVersionFrom ?? 'the settings'}` }
    : {
        text: 'Airflow version unknown',
        detail:
          'no requirements, constraints, pyproject.toml, compose or Dockerfile pin found; the dagGuard.airflowVersion setting names it',
      };
  const file = config.settingsFile;
  const relative = (absolute: string) => path.relative(config.root, absolute).split(path.sep).join('/') || absolute;
  const settings: string[] = [];
  let text: string;
  let logged: string;
  if (!file) {
    text = 'editor settings';
    logged = 'editor settings (no [tool.dag-guard] in a pyproject.toml)';
  } else if (file.ignored) {
    text = 'editor settings only';
    settings.push(`${relative(file.path)} [tool.dag-guard] ignored (dagGuard.configurationPreference: editorOnly)`);
    logged = `${relative(file.path)} [tool.dag-guard] ignored (editorOnly)`;
  } else {
    const order = file.preference === 'editorFirst' ? 'editor settings first' : 'files first';
    text = `${relative(file.path)} (${order})`;
    settings.push(`${relative(file.path)} [tool.dag-guard], ${order}`);
    if (file.editorWins.length > 0) settings.push(`editor settings win over ${relative(file.path)} for: ${file.editorWins.join(', ')}`);
    if (file.fileWins.length > 0) settings.push(`${relative(file.path)} wins over editor settings for: ${file.fileWins.join(', ')}`);
    const wins =
      file.editorWins.length > 0
        ? `; editor settings win for: ${file.editorWins.join(', ')}`
        : file.fileWins.length > 0
          ? `; pyproject.toml wins for: ${file.fileWins.join(', ')}`
          : '';
    logged = `${relative(file.path)} [tool.dag-guard] (${order}${wins})`;
  }
  const read = [
    config.poolsFile ? `pools file ${relative(config.poolsFile)}` : null,
    airflowConfigFiles && airflowConfigFiles.length > 0 ? `Airflow config ${airflowConfigFiles.join(', ')}` : null,
  ].filter((part): part is string => part !== null);
  const detail = [...settings, ...read].join('; ') || 'no configuration files';
  const log = `configuration in effect for ${config.root}: ${[logged, ...read].join('; ')}; ${airflow.text} (${airflow.detail})`;
  return { folder: config.root, airflow, configuration: { text, detail }, log };
}
