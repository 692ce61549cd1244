// Hover in configuration documents (airflow.cfg, .env, compose files, Dockerfiles, Helm values,
// shell scripts, Kubernetes manifests): the key under the cursor, however it is written, and the
// rule codes of `# noqa` comments.
import type { ConfigDocument, ConfigSetting } from '../config/document';
import type { DocumentKind } from '../documentKind';
import { effectiveValue } from '../config/effective';
import { displayName } from '../rules/config/names';
import type { ConfigProject } from '../ruleContext';
import { commentSyntax } from '../config/comments';
import { configCommentOn } from '../config/noqa';
import { ruleMarkdown } from '../rules/docs';
import { ruleByCode } from '../rules/registry';
import { noqaCodesIn } from '../suppression';
import { parseEnvVarName, ENV_VAR_PATTERN } from '../config/catalogue';
import { configKeyMarkdown, sectionMarkdown, unknownKeyMarkdown } from './configKey';
import type { HoverResult } from './python';
import type { LineIndex } from '../syntax/positions';

/** The project's config files as Airflow combines them, for the value in effect (absent: not shown). */
export interface HoverProject extends ConfigProject {
  airflowVersion: 2 | 3 | null;
}

export function configHover(document: ConfigDocument, offset: number, project?: HoverProject): HoverResult | null {
  const { lines } = document;
  const noqa = noqaCodeHover(document, offset);
  if (noqa) return noqa;
  for (const header of document.sections) {
    if (header.nameStart <= offset && offset <= header.nameEnd) {
      const markdown = sectionMarkdown(header.name);
      return markdown ? { markdown, range: lines.rangeOf(header.nameStart, header.nameEnd) } : null;
    }
  }
  for (const setting of document.settings) {
    if (setting.nameStart <= offset && offset <= setting.nameEnd) {
      const markdown = configKeyMarkdown(setting.section, setting.key, setting.variant) ?? unknownKeyMarkdown(setting.section, setting.key);
      return markdown
        ? {
            markdown: withEffective(document.kind, markdown, setting.section, setting.key, project, setting),
            range: lines.rangeOf(setting.nameStart, setting.nameEnd),
          }
        : null;
    }
  }
  return envVarHoverWithEffective(document.text, lines, offset, project, document.kind);
}

/** An `AIRFLOW__SECTION__KEY` name at `offset` (envVarHoverAt), with the value in effect in the project. */
export function envVarHoverWithEffective(
  text: string,
  lines: LineIndex,
  offset: number,
  project: HoverProject | undefined,
  kind: DocumentKind,
): HoverResult | null {
  const mention = envVarHoverAt(text, lines, offset);
  const parsed = mention && project && parseEnvVarName(text.slice(lines.offsetAt(mention.range.start), lines.offsetAt(mention.range.end)));
  return mention && parsed && parsed.variant === 'plain'
    ? { ...mention, markdown: withEffective(kind, mention.markdown, parsed.section, parsed.key, project) }
    : mention;
}

/**
 * The value Airflow runs with, after the key's description: from which file and under which
 * name, or the default; for the setting under the cursor, whether it is the one in effect.
 */
function withEffective(
  kind: DocumentKind,
  markdown: string,
  section: string,
  key: string,
  project: HoverProject | undefined,
  setting?: ConfigSetting,
): string {
  if (!project) return markdown;
  const effective = effectiveValue(project.layers, section, key, project.airflowVersion);
  if (!effective) return markdown;
  const value = `\`${effective.value.replace(/`/g, "'")}\``;
  let line: string;
  if (effective.source === null) line = `In effect: ${value} (Airflow's default: no project file sets it).`;
  else if (setting && effective.source === project.path && effective.name === displayName(setting))
    line = `In effect: ${value}, from this line.`;
  else {
    const where = effective.source === project.path ? 'this file' : effective.source;
    const overridden = setting
      ? setting.origin === 'cfg' && effective.name.startsWith('AIRFLOW__')
        ? ' (the environment wins over airflow.cfg: this line has no effect)'
        : ' (this line has no effect)'
      : '';
    line = `In effect: ${value}, from \`${effective.name}\` in ${where}${overridden}.`;
  }
  if (kind === 'dotenv' && !project.layers.some((layer) => layer.source === project.path))
    line += ' This file is not one the project loads (compose does not name it in `env_file:`).';
  return `${markdown}\n\n${line}`;
}

/** `# noqa: DG502` -> the rule's docs. */
function noqaCodeHover(document: ConfigDocument, offset: number): HoverResult | null {
  const comment = configCommentOn(document, document.lines.positionAt(offset).line);
  if (!comment || offset < comment.start) return null;
  const hit = noqaCodesIn(comment.text, commentSyntax(document.kind).prefix).find(
    (entry) => comment.start + entry.start <= offset && offset <= comment.start + entry.end,
  );
  const rule = hit && ruleByCode(hit.code);
  if (!hit || !rule) return null;
  return { markdown: ruleMarkdown(rule), range: document.lines.rangeOf(comment.start + hit.start, comment.start + hit.end) };
}

/** An `AIRFLOW__SECTION__KEY` (or `AIRFLOW_VAR_X` / `AIRFLOW_CONN_X`) name at `offset` in any text. */
export function envVarHoverAt(text: string, lines: LineIndex, offset: number): HoverResult | null {
  const line = lines.positionAt(offset).line;
  const start = lines.lineStart(line);
  const lineText = text.slice(start, lines.lineEnd(line));
  for (const match of lineText.matchAll(ENV_VAR_PATTERN)) {
    const from = start + match.index!;
    const to = from + match[0].length;
    if (offset < from || offset > to) continue;
    const parsed = parseEnvVarName(match[0]);
    const markdown =
      parsed && (configKeyMarkdown(parsed.section, parsed.key, parsed.variant) ?? unknownKeyMarkdown(parsed.section, parsed.key));
    return markdown ? { markdown, range: lines.rangeOf(from, to) } : null;
  }
  for (const match of lineText.matchAll(/\bAIRFLOW_(VAR|CONN)_([A-Z0-9_]+)\b/g)) {
    const from = start + match.index!;
    const to = from + match[0].length;
    if (offset < from || offset > to) continue;
    const id = match[2].toLowerCase();
    const markdown =
      match[1] === 'VAR'
        ? `**Airflow Variable \`${id}\`** (from the environment)\n\n\`Variable.get("${id}")\` and \`{{ var.value.${id} }}\` read it: Airflow looks the key up upper-cased as \`AIRFLOW_VAR_<KEY>\`, after the secrets backend and before the metadata database. Variables set this way do not appear in the UI.`
        : `**Airflow connection \`${id}\`** (from the environment)\n\nThe value is a connection URI (or JSON); \`conn_id="${id}"\` and \`{{ conn.${id}.host }}\` read it: Airflow looks the id up upper-cased as \`AIRFLOW_CONN_<CONN_ID>\`. Connections set this way do not appear in the UI.`;
    return { markdown, range: lines.rangeOf(from, to) };
  }
  return null;
}
