// A tolerant, line-based reader of airflow.cfg with Python ConfigParser's semantics (which is what
// Airflow uses): `[section]` headers, `key = value` and `key: value` options, whole-line comments
// starting with `#` or `;`, and continuation lines indented deeper than their option. Keys are
// case-insensitive (ConfigParser lower-cases them). It never fails: a line it cannot read is kept
// as `junk`. Offsets are UTF-16 offsets into the text, so ranges are exact LSP ranges.

export interface IniSection {
  name: string;
  /** Offsets of the name between the brackets. */
  nameStart: number;
  nameEnd: number;
  line: number;
}

export interface IniOption {
  /** The section the option is in (null before the first header). */
  section: string | null;
  /** Lower-cased, as ConfigParser stores it. */
  key: string;
  keyStart: number;
  keyEnd: number;
  /** The value with continuation lines joined by "\n" (as ConfigParser returns it). */
  value: string;
  /** Offsets of the value on its first line (empty range after the separator when empty). */
  valueStart: number;
  valueEnd: number;
  line: number;
}

export interface IniFile {
  sections: IniSection[];
  options: IniOption[];
}

const LINE = /[^\r\n]*(?:\r\n|\r|\n|$)/g;

export function parseIni(text: string): IniFile {
  const sections: IniSection[] = [];
  const options: IniOption[] = [];
  let section: string | null = null;
  let current: { option: IniOption; indent: number } | null = null;
  let line = 0;
  for (const match of text.matchAll(LINE)) {
    if (match[0] === '' && match.index === text.length && line > 0) break;
    const start = match.index!;
    const raw = match[0].replace(/[\r\n]+$/, '');
    const indent = raw.length - raw.trimStart().length;
    const trimmed = raw.trim();
    const lineNumber = line++;
    if (trimmed === '' || trimmed.startsWith('#') || trimmed.startsWith(';')) {
      continue;
    }
    if (current && indent > current.indent) {
      current.option.value += `\n${trimmed}`;
      continue;
    }
    current = null;
    const header = /^\[([^\]]+)\]/.exec(trimmed);
    if (header) {
      // ConfigParser keeps the name as written between the brackets, spaces included.
      section = header[1];
      const nameStart = start + indent + 1;
      sections.push({ name: section, nameStart, nameEnd: nameStart + section.length, line: lineNumber });
      continue;
    }
    // The first `=` or `:` separates key and value. Found with indexOf, not `^(.*?)\s*[=:]`: the lazy
    // pattern retries a run of spaces at each of its characters (N² on a line of N spaces).
    const separator = trimmed.search(/[=:]/);
    if (separator < 0) continue;
    const key = trimmed.slice(0, separator).trimEnd();
    const rawValue = trimmed.slice(separator + 1).trimStart();
    if (key === '') continue;
    const keyStart = start + indent;
    const valueText = rawValue.trimEnd();
    const valueStart = start + indent + trimmed.length - rawValue.length;
    const entry: IniOption = {
      section,
      key: key.toLowerCase(),
      keyStart,
      keyEnd: keyStart + key.length,
      value: valueText,
      valueStart,
      valueEnd: valueStart + valueText.length,
      line: lineNumber,
    };
    options.push(entry);
    current = { option: entry, indent };
  }
  return { sections, options };
}
