// The hover text of an Airflow configuration key, the same wherever the key is written: an
// airflow.cfg line, an `AIRFLOW__SECTION__KEY` variable, the Helm chart's config block, or a DAG
// argument whose default the key sets.
import { CONFIG_SOURCE, MOVES, type ConfigMove } from '../config/airflowConfig';
import {
  closestKey,
  configReferenceUrl,
  envVarName,
  isCataloguedSection,
  keyInfo,
  keySpec,
  sectionsWithKey,
  type KeyVariant,
} from '../config/catalogue';
import { ownEntry } from '../ownEntry';

const SECTION_DOCS: Readonly<Record<string, string>> = {
  core: 'Settings every Airflow component reads: the executor, the DAGs folder, concurrency limits, parse timeouts, task defaults.',
  database: 'The metadata database connection and its pool (Airflow 2.3+; before, in `[core]`).',
  scheduler: "The scheduler's loop, and in Airflow 2 also DAG-file parsing (`min_file_process_interval`, `parsing_processes`, ...).",
  dag_processor: 'DAG-file parsing (Airflow 3): how often files are parsed, how many at once, how long one may take.',
  celery: 'The CeleryExecutor: broker, result backend, worker concurrency.',
  kubernetes_executor: 'The KubernetesExecutor: worker pods, their namespace and template (called `[kubernetes]` before 2.5).',
  secrets: 'The secrets backend that connections and variables are read from before the database, and its cache.',
  logging: 'Where logs go (local folder, remote storage) and at which level.',
  webserver: 'The Airflow 2 webserver (UI). Airflow 3 serves the UI from the API server: see `[api]`.',
  api: 'The REST API, and in Airflow 3 the API server that also serves the UI.',
  kubernetes: 'Renamed to `[kubernetes_executor]` in Airflow 2.5; its keys are read there.',
};

export function sectionMarkdown(section: string): string | null {
  const text = ownEntry(SECTION_DOCS, section);
  return text ? `**[${section}]** (Airflow configuration section)\n\n${text}` : null;
}

/** For a key Airflow does not know in a section it does: what it may have been meant to be. */
export function unknownKeyMarkdown(section: string, key: string): string | null {
  if (!isCataloguedSection(section)) return null;
  const elsewhere = sectionsWithKey(key, section);
  const meant = closestKey(section, key);
  const hint =
    elsewhere.length > 0
      ? `It is a key of ${elsewhere.map((other) => `\`[${other}]\``).join(' and ')}.`
      : meant
        ? `Did you mean \`${meant}\`?`
        : 'Airflow ignores keys it does not know (a provider or a newer Airflow may define it).';
  return `**[${section}] ${key}**: not a key of \`[${section}]\` that DAG Guard knows.\n\n${hint}`;
}

/** Which releases read the old name of an Airflow 3 move: " (Airflow 2 and 3.0 read it here; ...)". */
function whoReadsOldName(move: ConfigMove): string {
  if (!move.airflow3Only) return '';
  const minor = Number(move.version.split('.')[1] ?? 0);
  const before = minor > 0 ? `Airflow 2 and 3 before 3.${minor} read it here` : 'Airflow 2 reads it here';
  return ` (${before}${move.airflow3ReadsOldName ? '; later releases still read it, as a deprecated fallback' : ''})`;
}

/** Markdown for `[section] key`, or null for a key Airflow does not know. */
export function configKeyMarkdown(section: string, key: string, variant: KeyVariant = 'plain'): string | null {
  const info = keyInfo(section, key);
  if (!info.known) return null;
  const spec = keySpec(section, key);
  const lines: string[] = [];
  const title = `**[${section}] ${key}**${variant === 'plain' ? '' : ` (the \`_${variant}\` variant: ${variant === 'cmd' ? 'a command whose output is the value' : 'the name of a secret in the secrets backend that holds the value'})`}`;
  if (spec) {
    const defaults = spec.default === null ? 'unset' : spec.default === '' ? 'empty' : `\`${spec.default}\``;
    lines.push(
      `${title} · ${spec.type} · default ${defaults}${spec.default3 !== undefined ? ` (Airflow 3: ${spec.default3 === null ? 'unset' : `\`${spec.default3}\``})` : ''}`,
    );
    lines.push(spec.description);
    if (spec.values) lines.push(`Accepted values: ${spec.values.map((value) => `\`${value}\``).join(', ')}.`);
  } else {
    lines.push(title);
  }
  const notes: string[] = [`Environment variable: \`${envVarName(section, key, variant)}\``];
  if (info.move) {
    const move = info.move;
    const verb = move.fromSection === move.toSection ? 'Renamed' : 'Moved';
    notes.push(`${verb} to \`[${move.toSection}] ${move.toKey}\` in Airflow ${move.version}${whoReadsOldName(move)} (${move.source}).`);
    const target = keySpec(move.toSection, move.toKey);
    if (target && !spec) lines.push(target.description);
  }
  for (const move of MOVES) {
    if (move.toSection === section && move.toKey === key)
      notes.push(`Before Airflow ${move.version}: \`[${move.fromSection}] ${move.fromKey}\`.`);
  }
  if (spec?.since) notes.push(`Added in Airflow ${spec.since}.`);
  if (info.removal)
    notes.push(
      `Removed in Airflow ${info.removal.version}${info.removal.instead ? `: ${info.removal.instead}` : ''} (${info.removal.source}).`,
    );
  else if (spec?.removedIn) notes.push(`Removed in Airflow ${spec.removedIn}.`);
  if (spec?.sensitive) notes.push(`Sensitive: also read from \`${key}_cmd\` / \`${key}_secret\`.`);
  if (!spec && !info.move) notes.push('A real Airflow setting that DAG Guard does not describe in detail.');
  lines.push(notes.map((note) => `- ${note}`).join('\n'));
  lines.push(`[Configuration reference](${configReferenceUrl(info.move ? info.move.toKey : key)}) · facts from ${CONFIG_SOURCE}`);
  return lines.join('\n\n');
}
