// Hover in configuration documents (airflow.cfg, .env, compose files, Dockerfiles, Helm values,
// shell scripts, Kubernetes manifests): the key under the cursor, however it is written.
import type { ConfigDocument } from '../config/document';
import { parseEnvVarName, ENV_VAR_PATTERN } from '../config/catalogue';
import { configKeyMarkdown, sectionMarkdown, unknownKeyMarkdown } from './configKey';
import type { HoverResult } from './python';
import type { LineIndex } from '../syntax/positions';

export function configHover(document: ConfigDocument, offset: number): HoverResult | null {
  const { lines } = document;
  for (const header of document.sections) {
    if (header.nameStart <= offset && offset <= header.nameEnd) {
      const markdown = sectionMarkdown(header.name);
      return markdown ? { markdown, range: lines.rangeOf(header.nameStart, header.nameEnd) } : null;
    }
  }
  for (const setting of document.settings) {
    if (setting.nameStart <= offset && offset <= setting.nameEnd) {
      const markdown = configKeyMarkdown(setting.section, setting.key, setting.variant) ?? unknownKeyMarkdown(setting.section, setting.key);
      return markdown ? { markdown, range: lines.rangeOf(setting.nameStart, setting.nameEnd) } : null;
    }
  }
  return envVarHoverAt(document.text, lines, offset);
}

/** An `AIRFLOW__SECTION__KEY` name at `offset` in any text (comments, strings, scripts). */
export function envVarHoverAt(text: string, lines: LineIndex, offset: number): HoverResult | null {
  const line = lines.positionAt(offset).line;
  const start = lines.lineStart(line);
  const lineText = text.slice(start, lines.lineEnd(line));
  for (const match of lineText.matchAll(ENV_VAR_PATTERN)) {
    const from = start + match.index!;
    const to = from + match[0].length;
    if (offset < from || offset > to) continue;
    const parsed = parseEnvVarName(match[0]);
    const markdown = parsed && (configKeyMarkdown(parsed.section, parsed.key, parsed.variant) ?? unknownKeyMarkdown(parsed.section, parsed.key));
    return markdown ? { markdown, range: lines.rangeOf(from, to) } : null;
  }
  return null;
}
