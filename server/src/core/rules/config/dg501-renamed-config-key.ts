// DG501: a configuration key that Airflow renamed, moved to another section, or (Airflow 3) removed.
import { envVarName, moveOf, removalOf } from '../../config/catalogue';
import type { ConfigDocument, ConfigSetting } from '../../config/document';
import type { ConfigMove, ConfigRemoval } from '../../config/airflowConfig';
import type { Fix } from '../rule';
import type { ConfigRule } from '../rule';
import { MAX_FIRST_SENTENCE, toSentence } from '../sentences';
import { displayName, nameRange, sets, targetName } from './names';

export const dg501: ConfigRule = {
  kind: 'config',
  code: 'DG501',
  name: 'renamed-config-key',
  defaultSeverity: 'warning',
  docs: {
    summary: 'A configuration key that Airflow renamed, moved or (in Airflow 3) removed.',
    whatItDoes:
      "Reports keys in airflow.cfg, `AIRFLOW__SECTION__KEY` variables and the Helm chart's `config:` block that Airflow renamed or moved: the 56 old names of Airflow 2's `deprecated_options` (`[core] dag_concurrency` is `max_active_tasks_per_dag`, `[scheduler] max_threads` is `parsing_processes`, `[core] worker_precheck` moved to `[celery]`, `[scheduler] statsd_on` to `[metrics]`, the keys that moved from `[core]` to `[database]` and `[logging]`, ...), the executor timeouts that became `[scheduler] task_queued_timeout`, the keys of `[kubernetes]` (renamed `[kubernetes_executor]` in 2.5), and, when the project targets Airflow 3, the renames and removals `airflow config lint` checks: the parsing keys that moved to `[dag_processor]`, the webserver keys that moved to `[api]` and `[fab]`, the renamed zombie-task keys, and keys Airflow 3 no longer has (`[core] check_slas`), and the moves of Airflow 3's own `deprecated_options` (3.0 to 3.2: `[webserver] page_size` moved to `[api]` in 3.1, `[scheduler] running_metrics_interval` became `ti_metrics_interval` in 3.2), each only from the release that made it, by the minor version the project pins (an unknown minor counts as 3.0); for those, the detail says Airflow 3 still reads the old name. When the target version is unknown, changes that only Airflow 3 makes are not reported. When a file sets both the old and the new name, the finding says that the new one wins.",
    whyBad:
      'Airflow reads an old name only as a deprecated fallback, logs a warning for it, and drops the fallback in a later major version; the setting then silently stops applying and the default takes over. A file that sets both the old and the new name is harder still to read: the new one wins.',
    example: ['[core]', 'dag_concurrency = 32', '', '[scheduler]', 'max_threads = 4'].join('\n'),
    useInstead: ['[core]', 'max_active_tasks_per_dag = 32', '', '[scheduler]', 'parsing_processes = 4'].join('\n'),
    fix: 'Renames the key (or the variable) in place; for a key that moved to another section of airflow.cfg, moves the line under that section (adding the section when the file lacks it). When the new name is already set (in airflow.cfg or a .env file), the fix deletes the old line instead; for a key Airflow 3 removed, it deletes the line. Not applied by fix-all: an Airflow older than the rename would no longer read the setting.',
  },
  check(context) {
    const { document, airflowVersion, airflowMinor } = context;
    for (const setting of document.settings) {
      const move = moveOf(setting.section, setting.key, airflowVersion, airflowMinor);
      if (!move || (move.airflow3Only && airflowVersion !== 3)) {
        const removal = airflowVersion === 3 ? removalOf(setting.section, setting.key) : undefined;
        if (removal)
          context.report({
            range: nameRange(document, setting),
            ...removedMessage(setting, removal),
            fix: deleteLine(document, setting, `Remove ${displayName(setting)}`),
          });
        continue;
      }
      const target = targetName(setting.origin, move.toSection, move.toKey);
      const verb = move.fromSection === move.toSection ? 'renamed' : 'moved';
      const existing = sets(document, move.toSection, move.toKey);
      const said = existing ? ignoredMessage(setting, target, move, verb) : movedMessage(setting, target, move, verb);
      context.report({ range: nameRange(document, setting), ...said, fix: fixFor(document, setting, move) });
    }
  },
};

function removedMessage(setting: ConfigSetting, removal: ConfigRemoval): { message: string; detail: string } {
  return {
    message: `${displayName(setting)} was removed in Airflow ${removal.version}; Airflow 3 ignores it.`,
    detail: toSentence(removal.instead ?? ''),
  };
}

/** The new name in the first sentence when it fits there, else in the detail. */
function movedMessage(setting: ConfigSetting, target: string, move: ConfigMove, verb: string): { message: string; detail: string } {
  const still = move.airflow3ReadsOldName
    ? 'Airflow 3 still reads the old name, as a deprecated fallback.'
    : move.airflow3Only
      ? '`airflow config lint` lists the old name: set the new one for Airflow 3.'
      : 'Airflow 2 still reads the old name, as a deprecated fallback.';
  const whole = `${displayName(setting)} was ${verb} to ${target} in Airflow ${move.version}.`;
  if (whole.length <= MAX_FIRST_SENTENCE) return { message: whole, detail: still };
  return { message: `${displayName(setting)} was ${verb} in Airflow ${move.version}.`, detail: `The new name is ${target}. ${still}` };
}

// Airflow reads the new name first (ConfigParser.get: new, then the deprecated one), so the old line does nothing.
function ignoredMessage(setting: ConfigSetting, target: string, move: ConfigMove, verb: string): { message: string; detail: string } {
  const advice = `Airflow ${move.version} ${verb} it; delete this line.`;
  const whole = `${displayName(setting)} is ignored: ${target} is also set and wins.`;
  if (whole.length <= MAX_FIRST_SENTENCE) return { message: whole, detail: advice };
  return { message: `${displayName(setting)} is ignored: its new name is also set.`, detail: `${target} is also set and wins. ${advice}` };
}

/** Deleting the setting's whole line, where the line holds nothing else: airflow.cfg and .env files. */
function deleteLine(document: ConfigDocument, setting: ConfigSetting, title: string): Fix | null {
  if ((setting.origin !== 'cfg' && document.kind !== 'dotenv') || setting.value?.includes('\n')) return null;
  const { lines } = document;
  const line = lines.positionAt(setting.nameStart).line;
  // A .env line must start with the name (`export NAME=...` too): never delete a line that sets something else.
  if (setting.origin === 'env' && !/^\s*(export\s+)?$/.test(document.text.slice(lines.lineStart(line), setting.nameStart))) return null;
  const end = line + 1 < lines.lineCount ? { line: line + 1, character: 0 } : lines.positionAt(lines.lineEnd(line));
  return { title, safe: false, edits: [{ range: { start: { line, character: 0 }, end }, newText: '' }] };
}

function fixFor(document: ConfigDocument, setting: ConfigSetting, move: ConfigMove): Fix | null {
  const { lines } = document;
  const existing = sets(document, move.toSection, move.toKey);
  const lineOf = (offset: number) => lines.positionAt(offset).line;
  const wholeLine = (line: number) => ({
    start: { line, character: 0 },
    end: line + 1 < lines.lineCount ? { line: line + 1, character: 0 } : lines.positionAt(lines.lineEnd(line)),
  });
  if (existing)
    return deleteLine(
      document,
      setting,
      `Remove ${displayName(setting)} (${targetName(setting.origin, move.toSection, move.toKey)} is already set)`,
    );
  const newName =
    setting.origin === 'env'
      ? envVarName(move.toSection, move.toKey, setting.variant)
      : move.toKey + (setting.variant === 'plain' ? '' : `_${setting.variant}`);
  const rename: Fix = {
    title: `Rename to ${targetName(setting.origin, move.toSection, move.toKey)}`,
    safe: false,
    edits: [{ range: nameRange(document, setting), newText: newName }],
  };
  if (setting.origin === 'env' || move.fromSection === move.toSection) return rename;
  if (setting.origin !== 'cfg' || setting.value === null || setting.value.includes('\n')) return null;
  // Move the option under the target section.
  const eol = lines.eol;
  const optionLine = lineOf(setting.nameStart);
  const header = document.sections.find((section) => section.name === move.toSection);
  const optionText = `${newName} = ${setting.value}`;
  const insert = header
    ? {
        range: { start: lines.positionAt(lines.lineEnd(header.line)), end: lines.positionAt(lines.lineEnd(header.line)) },
        newText: `${eol}${optionText}`,
      }
    : {
        range: { start: lines.positionAt(document.text.length), end: lines.positionAt(document.text.length) },
        newText: `${/(\r\n|\r|\n)$/.test(document.text) || document.text === '' ? '' : eol}${eol}[${move.toSection}]${eol}${optionText}${eol}`,
      };
  return {
    title: `Move to ${targetName('cfg', move.toSection, move.toKey)}`,
    safe: false,
    edits: [{ range: wholeLine(optionLine), newText: '' }, insert],
  };
}
