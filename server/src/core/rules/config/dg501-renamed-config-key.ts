// DG501: a configuration key that Airflow renamed or moved to another section.
import { envVarName, moveOf } from '../../config/catalogue';
import type { ConfigDocument, ConfigSetting } from '../../config/document';
import type { ConfigMove } from '../../config/airflowConfig';
import type { Fix } from '../rule';
import type { ConfigRule } from '../rule';
import { displayName, nameRange, sets, targetName } from './names';

export const dg501: ConfigRule = {
  kind: 'config',
  code: 'DG501',
  name: 'renamed-config-key',
  defaultSeverity: 'warning',
  docs: {
    summary: 'A configuration key that Airflow renamed or moved.',
    whatItDoes: 'Reports keys in airflow.cfg, `AIRFLOW__SECTION__KEY` variables and the Helm chart\'s `config:` block that Airflow renamed or moved: `[core] dag_concurrency` (now `max_active_tasks_per_dag`), `[core] non_pooled_task_slot_count` (now `default_pool_task_slot_count`), `[scheduler] max_threads` (now `parsing_processes`), the keys that moved from `[core]` to `[database]` and `[logging]`, the keys of `[kubernetes]` (renamed `[kubernetes_executor]` in 2.5), and, when the project targets Airflow 3, the parsing keys that moved to `[dag_processor]`, the webserver keys that moved to `[api]` and the renamed zombie-task keys (`scheduler_zombie_task_threshold` is `task_instance_heartbeat_timeout`). When the target version is unknown, moves that only Airflow 3 makes are not reported.',
    whyBad: 'Airflow reads an old name only as a deprecated fallback, logs a warning for it, and drops the fallback in a later major version; the setting then silently stops applying and the default takes over. A file that sets both the old and the new name is harder still to read: the new one wins.',
    example: ['[core]', 'dag_concurrency = 32', '', '[scheduler]', 'max_threads = 4'].join('\n'),
    useInstead: ['[core]', 'max_active_tasks_per_dag = 32', '', '[scheduler]', 'parsing_processes = 4'].join('\n'),
    fix: 'Renames the key (or the variable) in place; for a key that moved to another section of airflow.cfg, moves the line under that section (adding the section when the file lacks it). When the new name is already set, the fix removes the old line instead. Not applied by fix-all: an Airflow older than the rename would no longer read the setting.',
  },
  check(context) {
    const { document, airflowVersion } = context;
    for (const setting of document.settings) {
      const move = moveOf(setting.section, setting.key);
      if (!move || (move.airflow3Only && airflowVersion !== 3)) continue;
      const target = targetName(setting.origin, move.toSection, move.toKey);
      const verb = move.fromSection === move.toSection ? 'renamed' : 'moved';
      const fallback = move.airflow3Only ? 'in Airflow 3 the old name is deprecated' : 'the old name is deprecated';
      context.report({
        range: nameRange(document, setting),
        message: `${displayName(setting)} was ${verb} to ${target} in Airflow ${move.version}; ${fallback}.`,
        fix: fixFor(document, setting, move),
      });
    }
  },
};

function fixFor(document: ConfigDocument, setting: ConfigSetting, move: ConfigMove): Fix | null {
  const { lines } = document;
  const existing = sets(document, move.toSection, move.toKey);
  const lineOf = (offset: number) => lines.positionAt(offset).line;
  const wholeLine = (line: number) => ({ start: { line, character: 0 }, end: line + 1 < lines.lineCount ? { line: line + 1, character: 0 } : lines.positionAt(lines.lineEnd(line)) });
  if (existing) {
    if (setting.origin !== 'cfg' || setting.value?.includes('\n')) return null;
    return { title: `Remove ${displayName(setting)} (${targetName(setting.origin, move.toSection, move.toKey)} is already set)`, safe: false, edits: [{ range: wholeLine(lineOf(setting.nameStart)), newText: '' }] };
  }
  const newName = setting.origin === 'env' ? envVarName(move.toSection, move.toKey, setting.variant) : move.toKey + (setting.variant === 'plain' ? '' : `_${setting.variant}`);
  const rename: Fix = { title: `Rename to ${targetName(setting.origin, move.toSection, move.toKey)}`, safe: false, edits: [{ range: nameRange(document, setting), newText: newName }] };
  if (setting.origin === 'env' || move.fromSection === move.toSection) return rename;
  if (setting.origin !== 'cfg' || setting.value === null || setting.value.includes('\n')) return null;
  // Move the option under the target section.
  const eol = lines.eol;
  const optionLine = lineOf(setting.nameStart);
  const header = document.sections.find((section) => section.name === move.toSection);
  const optionText = `${newName} = ${setting.value}`;
  const insert = header
    ? { range: { start: lines.positionAt(lines.lineEnd(header.line)), end: lines.positionAt(lines.lineEnd(header.line)) }, newText: `${eol}${optionText}` }
    : { range: { start: lines.positionAt(document.text.length), end: lines.positionAt(document.text.length) }, newText: `${/(\r\n|\r|\n)$/.test(document.text) || document.text === '' ? '' : eol}${eol}[${move.toSection}]${eol}${optionText}${eol}` };
  return { title: `Move to ${targetName('cfg', move.toSection, move.toKey)}`, safe: false, edits: [{ range: wholeLine(optionLine), newText: '' }, insert] };
}
