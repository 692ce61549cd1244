// Completion in configuration documents: section names after `[` and key names at the start of a
// line in airflow.cfg (the keys of the section the cursor is in), and `AIRFLOW__SECTION__KEY`
// names in the files that set environment variables. Pure: the protocol layer converts items.
import { KEYS } from '../config/airflowConfig';
import { CATALOGUED_SECTIONS, envVarName, keyInfo, keySpec, removalOf, renamedBy, sectionKeys } from '../config/catalogue';
import type { ConfigDocument } from '../config/document';
import { configKeyMarkdown, sectionMarkdown } from '../hover/configKey';
import type { Range } from '../syntax/positions';

export interface ConfigCompletionItem {
  label: string;
  kind: 'section' | 'key' | 'variable' | 'value';
  detail?: string | undefined;
  documentation?: string | undefined;
  /** The text that replaces `range`. */
  insertText: string;
  range: Range;
  /** Keys the project's Airflow renamed or removed sort last and show as deprecated. */
  deprecated?: boolean | undefined;
}

/** The project's Airflow: a key is struck through only when that version renamed or removed it. */
export interface ConfigCompletionContext {
  airflowVersion: 2 | 3 | null;
  airflowMinor: number | null;
}

export function configCompletions(
  document: ConfigDocument,
  offset: number,
  context: ConfigCompletionContext = { airflowVersion: null, airflowMinor: null },
): ConfigCompletionItem[] {
  const { lines, text } = document;
  const position = lines.positionAt(offset);
  const lineStart = lines.lineStart(position.line);
  const before = text.slice(lineStart, offset);
  const after = text.slice(offset, lines.lineEnd(position.line));

  const variable = /AIRFLOW__[A-Z0-9_]*$/.exec(before);
  if (variable && document.kind !== 'airflow-cfg') {
    const range = lines.rangeOf(offset - variable[0].length, offset + (/^[A-Z0-9_]*/.exec(after)?.[0].length ?? 0));
    return KEYS.filter((spec) => !spec.removedIn).map((spec) => ({
      label: envVarName(spec.section, spec.key),
      kind: 'variable' as const,
      detail: detailOf(spec.section, spec.key),
      documentation: configKeyMarkdown(spec.section, spec.key) ?? undefined,
      insertText: envVarName(spec.section, spec.key),
      range,
    }));
  }
  if (document.kind !== 'airflow-cfg') return [];

  const header = /^\s*\[([\w.]*)$/.exec(before);
  if (header) {
    const closing = /^[\w.]*\]/.exec(after);
    const range = lines.rangeOf(
      offset - header[1].length,
      offset + (closing ? closing[0].length : (/^[\w.]*/.exec(after)?.[0].length ?? 0)),
    );
    return CATALOGUED_SECTIONS.map((section) => ({
      label: section,
      kind: 'section' as const,
      documentation: sectionMarkdown(section) ?? undefined,
      insertText: `${section}]`,
      range,
    }));
  }

  const valueItems = valueCompletions(document, before, after, offset, position.line);
  if (valueItems) return valueItems;

  const key = /^([A-Za-z0-9_]*)$/.exec(before);
  if (!key || /^[A-Za-z0-9_]*\s*[=:]/.test(after)) return [];
  const section = [...document.sections].reverse().find((candidate) => candidate.line < position.line);
  if (!section) return [];
  const name = section.name;
  // Keys set elsewhere in the section are not offered again (ConfigParser refuses a repeated key);
  // the line being typed is not one of them.
  const present = new Set(
    document.settings
      .filter((setting) => setting.section === name && lines.positionAt(setting.nameStart).line !== position.line)
      .map((setting) => setting.key),
  );
  const range = lines.rangeOf(offset - key[1].length, offset + (/^[A-Za-z0-9_]*/.exec(after)?.[0].length ?? 0));
  const { airflowVersion, airflowMinor } = context;
  return sectionKeys(name)
    .filter((candidate) => !present.has(candidate))
    .map((candidate) => {
      const spec = keySpec(name, candidate);
      const deprecated =
        renamedBy(name, candidate, airflowVersion, airflowMinor) || (airflowVersion === 3 && removalOf(name, candidate) !== undefined);
      return {
        label: candidate,
        kind: 'key' as const,
        detail: detailOf(name, candidate, airflowVersion, airflowMinor, deprecated),
        documentation: configKeyMarkdown(name, candidate) ?? undefined,
        insertText: `${candidate} = ${spec?.default ?? ''}`,
        range,
        ...(deprecated ? { deprecated } : {}),
      };
    });
}

/** After `key = ` in airflow.cfg: True / False for boolean keys, the fixed set for the others. */
function valueCompletions(
  document: ConfigDocument,
  before: string,
  after: string,
  offset: number,
  line: number,
): ConfigCompletionItem[] | null {
  const option = /^\s*([A-Za-z0-9_]+)\s*[=:]\s*([A-Za-z_]*)$/.exec(before);
  if (!option) return null;
  const section = [...document.sections].reverse().find((candidate) => candidate.line < line);
  const spec = section && keySpec(section.name, option[1].toLowerCase());
  const values = spec?.type === 'boolean' ? ['True', 'False'] : spec?.values;
  if (!spec || !values) return [];
  const range = document.lines.rangeOf(offset - option[2].length, offset + (/^[A-Za-z_]*/.exec(after)?.[0].length ?? 0));
  return values.map((value) => ({
    label: value,
    kind: 'value' as const,
    detail: value.toLowerCase() === (spec.default ?? '').toLowerCase() ? 'default' : undefined,
    insertText: value,
    range,
  }));
}

function detailOf(
  section: string,
  key: string,
  airflowVersion: 2 | 3 | null = null,
  airflowMinor: number | null = null,
  deprecated = true,
): string {
  const spec = keySpec(section, key);
  const move = keyInfo(section, key, airflowVersion, airflowMinor).move;
  if (move)
    return deprecated ? `renamed: [${move.toSection}] ${move.toKey}` : `[${move.toSection}] ${move.toKey} from Airflow ${move.version}`;
  return spec ? `${spec.type}, default ${spec.default === null ? 'unset' : spec.default === '' ? 'empty' : spec.default}` : `[${section}]`;
}
