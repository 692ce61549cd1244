// A configuration document as the config rules and hovers see it: the settings it makes, whatever
// the file's syntax. airflow.cfg options, `AIRFLOW__SECTION__KEY` variables (in .env files,
// compose files, Dockerfiles, shell scripts, Kubernetes manifests, Helm values) and the Helm
// chart's `config:` block all become the same `ConfigSetting`.
import type { DocumentKind } from '../documentKind';
import { LineIndex } from '../syntax/positions';
import { ENV_VAR_PATTERN, parseEnvVarName, splitVariant, type KeyVariant } from './catalogue';
import { parseIni, type IniSection } from './ini';
import { beforeTrailingComment, withoutContinuation } from './lineText';

export type SettingOrigin = 'cfg' | 'env' | 'helm';

export interface ConfigSetting {
  origin: SettingOrigin;
  /** The section as Airflow sees it and the lower-case key, `_cmd` / `_secret` stripped into `variant`. */
  section: string;
  key: string;
  variant: KeyVariant;
  /** Offsets of the name as written (the cfg key or the whole environment variable name). */
  nameStart: number;
  nameEnd: number;
  /** The literal value, when the file gives one that can be read without running anything. */
  value: string | null;
  valueStart: number;
  valueEnd: number;
}

export interface ConfigDocument {
  kind: DocumentKind;
  text: string;
  lines: LineIndex;
  /** airflow.cfg section headers (empty for other files). */
  sections: IniSection[];
  settings: ConfigSetting[];
}

export function readConfigDocument(text: string, kind: DocumentKind): ConfigDocument {
  const lines = new LineIndex(text);
  if (kind === 'airflow-cfg') {
    const ini = parseIni(text);
    const settings: ConfigSetting[] = [];
    for (const option of ini.options) {
      if (!option.section) continue;
      // ConfigParser's section names are case-sensitive (only keys are lower-cased): `[Core]` is not `[core]`.
      const section = option.section;
      const { key, variant } = splitVariant(section, option.key);
      settings.push({
        origin: 'cfg',
        section,
        key,
        variant,
        nameStart: option.keyStart,
        nameEnd: option.keyEnd,
        value: option.value,
        valueStart: option.valueStart,
        valueEnd: option.valueEnd,
      });
    }
    return { kind, text, lines, sections: ini.sections, settings };
  }
  const settings = envSettings(
    text,
    lines,
    kind === 'kubernetes' || kind === 'helm-values' || kind === 'docker-compose' || kind === 'yaml',
  );
  if (kind === 'helm-values') settings.push(...helmConfigSettings(text, lines));
  return { kind, text, lines, sections: [], settings };
}

/**
 * Every `AIRFLOW__S__K` name in the text, with the literal value assigned to it where the syntax
 * says so: `NAME=value` (.env, shell, Dockerfile ENV, compose lists), `NAME: value` (YAML maps),
 * `ENV NAME value` (Dockerfile), and `- name: NAME` + `value: ...` (Kubernetes env lists).
 * Values built from other variables (`$X`, `${X}`, `{{ }}`) are not read; names in comments are not settings.
 */
function envSettings(text: string, lines: LineIndex, yaml: boolean): ConfigSetting[] {
  const settings: ConfigSetting[] = [];
  for (const match of text.matchAll(ENV_VAR_PATTERN)) {
    const parsed = parseEnvVarName(match[0]);
    if (!parsed) continue;
    const nameStart = match.index!;
    const nameEnd = nameStart + match[0].length;
    if (inComment(text.slice(lines.lineStart(lines.positionAt(nameStart).line), nameStart))) continue;
    const value = isReference(text, nameStart) ? null : valueAfter(text, lines, nameStart, nameEnd, yaml);
    settings.push({
      origin: 'env',
      ...parsed,
      nameStart,
      nameEnd,
      value: value?.text ?? null,
      valueStart: value?.start ?? nameEnd,
      valueEnd: value?.end ?? nameEnd,
    });
  }
  return settings;
}

interface Span {
  text: string;
  start: number;
  end: number;
}

/** A `#` comment (shell, .env, YAML, Dockerfile) started before the name on its line, outside quotes. */
function inComment(lineBefore: string): boolean {
  return /(^|\s)#/.test(lineBefore.replace(/"[^"]*"|'[^']*'/g, '""'));
}

/** `$NAME` and `${NAME}` read a variable; they assign nothing. */
function isReference(text: string, nameStart: number): boolean {
  return text[nameStart - 1] === '$' || text.slice(Math.max(0, nameStart - 2), nameStart) === '${';
}

function valueAfter(text: string, lines: LineIndex, nameStart: number, nameEnd: number, yaml: boolean): Span | null {
  const line = lines.positionAt(nameEnd).line;
  const lineEnd = lines.lineEnd(line);
  const rest = text.slice(nameEnd, lineEnd);
  // `"AIRFLOW__X__Y": 1` closes its quote before the separator; `- "AIRFLOW__X__Y=1"` quotes the whole item.
  const direct = /^(["']?)(\s*=\s*|:\s+|\s+(?=[^\s=:]))(.*)$/.exec(rest);
  if (direct) {
    const separator = direct[2];
    if (separator.trim() === '' && !/^\s*ENV\s/i.test(lines.lineText(line))) return null; // `NAME value` only in Dockerfile ENV
    const start = nameEnd + direct[1].length + separator.length;
    const quotedItem = direct[1] === '' && separator.includes('=') && /["']/.test(text[nameStart - 1] ?? '');
    return literal(text.slice(start, lineEnd), start, quotedItem);
  }
  if (yaml && /^["']?\s*$/.test(rest) && /name:\s*["']?$/.test(text.slice(lines.lineStart(line), nameStart))) {
    // `- name: AIRFLOW__X__Y` followed by `  value: "..."` on the next line.
    const next = line + 1;
    if (next >= lines.lineCount) return null;
    const nextText = lines.lineText(next);
    const value = /^(\s*)value:\s*/.exec(nextText);
    if (!value) return null;
    const start = lines.lineStart(next) + value[0].length;
    return literal(text.slice(start, lines.lineEnd(next)), start, false);
  }
  return null;
}

/** A literal value: quotes removed, trailing comment dropped; null when it depends on other variables. */
function literal(raw: string, start: number, insideQuotedItem: boolean): Span | null {
  let body = raw;
  let offset = 0;
  if (insideQuotedItem) {
    const trimmed = body.trimEnd();
    if (/["']$/.test(trimmed)) body = trimmed.slice(0, -1);
  }
  const quoted = /^(["'])(.*?)\1/.exec(body);
  if (quoted) {
    body = quoted[2];
    offset = 1;
  } else {
    body = withoutContinuation(beforeTrailingComment(body));
    const space = insideQuotedItem ? -1 : body.search(/\s/);
    if (space >= 0) body = body.slice(0, space); // not split(/\s/)[0]: a run of spaces made a million strings
  }
  if (/[$`]|\{\{/.test(body)) return null;
  return { text: body, start: start + offset, end: start + offset + body.length };
}

/** The Helm chart's `config:` block: `config:` / `  core:` / `    parallelism: 64`. */
function helmConfigSettings(text: string, lines: LineIndex): ConfigSetting[] {
  const settings: ConfigSetting[] = [];
  let inConfig = false;
  let sectionIndent = -1;
  let section: string | null = null;
  for (let line = 0; line < lines.lineCount; line++) {
    const lineText = lines.lineText(line);
    if (/^\s*(#.*)?$/.test(lineText)) continue;
    const indent = lineText.length - lineText.trimStart().length;
    if (indent === 0) {
      inConfig = /^config:\s*(#.*)?$/.test(lineText);
      sectionIndent = -1;
      section = null;
      continue;
    }
    if (!inConfig) continue;
    // `(.*)` then trimEnd, not `(.*?)\s*$`: the lazy form retries the rest of a run of spaces at each of its characters.
    const entry = /^(\s*)([A-Za-z_][A-Za-z0-9_]*):(?:\s+(.*))?$/.exec(lineText);
    if (!entry) continue;
    if (sectionIndent < 0 || indent <= sectionIndent) {
      sectionIndent = indent;
      section = entry[2];
      continue;
    }
    if (!section) continue;
    const nameStart = lines.lineStart(line) + indent;
    const rawValue = (entry[3] ?? '').trimEnd();
    const valueOffset =
      nameStart +
      entry[2].length +
      1 +
      (lineText.slice(indent + entry[2].length + 1).length - lineText.slice(indent + entry[2].length + 1).trimStart().length);
    const value = rawValue === '' ? null : literal(rawValue, valueOffset, false);
    const { key, variant } = splitVariant(section, entry[2].toLowerCase());
    settings.push({
      origin: 'helm',
      section,
      key,
      variant,
      nameStart,
      nameEnd: nameStart + entry[2].length,
      value: value?.text ?? null,
      valueStart: value?.start ?? nameStart,
      valueEnd: value?.end ?? nameStart,
    });
  }
  return settings;
}
