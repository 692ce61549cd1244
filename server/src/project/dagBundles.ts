// Airflow 3's DAG bundles (`[dag_processor] dag_bundle_config_list`): the folders the DAG processor
// parses when bundles are configured, as far as this project holds them.
import type { ConfigFile } from './airflowTimings';

export type Bundle = { kind: 'dags-folder' } | { kind: 'path'; path: string } | { kind: 'subdir'; subdir: string };

/**
 * Airflow 3's `[dag_processor] dag_bundle_config_list` (a JSON list): the folder of each bundle,
 * as far as it can be in the project. A LocalDagBundle reads its `path` (default `[core]
 * dags_folder`, dag_processing/bundles/local.py); a GitDagBundle reads `subdir` of its repository,
 * taken to be this project. null when the list is not set; 'unknown' when it is set but cannot be
 * read (a folded YAML block, several airflow.cfg lines) or names another kind of bundle (S3, ...).
 */
export function readBundles(
  files: readonly ConfigFile[],
  value: { value: string; source: string } | null,
): (Bundle[] & { source: string }) | 'unknown' | null {
  // A value over several lines (airflow.cfg continuation lines, a YAML block scalar) is read whole.
  const written = files
    .map((file) => ({ file, text: multiLineValue(file) }))
    .filter((entry): entry is { file: ConfigFile; text: string } => entry.text !== null);
  if (!value && written.length === 0) return null;
  const candidates = [value?.value, ...written.map((entry) => entry.text)].filter((text): text is string => Boolean(text));
  let list: unknown;
  for (const text of candidates) {
    try {
      list = JSON.parse(text);
      break;
    } catch {
      // The next way of reading it.
    }
  }
  if (!value) value = { value: '', source: `${written[0].file.path}: dag_bundle_config_list` };
  if (!Array.isArray(list) || list.length === 0) return 'unknown';
  const bundles: Bundle[] = [];
  for (const entry of list as Array<{ classpath?: unknown; kwargs?: Record<string, unknown> }>) {
    const classpath = typeof entry?.classpath === 'string' ? entry.classpath : '';
    const kwargs = entry?.kwargs ?? {};
    if (classpath.endsWith('.LocalDagBundle'))
      bundles.push(typeof kwargs.path === 'string' ? { kind: 'path', path: kwargs.path } : { kind: 'dags-folder' });
    else if (classpath.endsWith('.GitDagBundle'))
      bundles.push({ kind: 'subdir', subdir: typeof kwargs.subdir === 'string' ? kwargs.subdir : '.' });
    else return 'unknown';
  }
  return Object.assign(bundles, { source: value.source });
}

/** The value of the first `dag_bundle_config_list` key in a file with the lines indented under it (ConfigParser continuations, YAML blocks). */
function multiLineValue(file: ConfigFile): string | null {
  const lines = file.text.split(/\r\n|\r|\n/);
  const start = lines.findIndex((line) =>
    /^\s*(?:-\s+)?['"]?(?:dag_bundle_config_list|AIRFLOW__DAG_PROCESSOR__DAG_BUNDLE_CONFIG_LIST)['"]?\s*[=:]/i.test(line),
  );
  if (start < 0) return null;
  const indent = /^\s*/.exec(lines[start])![0].length;
  const parts = [
    lines[start]
      .replace(/^[^=:]*[=:]\s*/, '')
      .replace(/^[|>][-+]?\s*$/, '')
      .replace(/^(['"])(.*)\1$/, '$2'),
  ];
  for (const line of lines.slice(start + 1)) {
    if (line.trim() && /^\s*/.exec(line)![0].length <= indent) break;
    parts.push(line);
  }
  return parts
    .join('\n')
    .trim()
    .replace(/^(['"])([\s\S]*)\1$/, '$2');
}
