// Setting one option of an airflow.cfg, as an edit of its text (the secrets-cache action of
// DG101/DG102: `[secrets] use_cache = True`). Read with ini.ts (ConfigParser's semantics: keys
// case-insensitive, the last of a repeated key wins), written in the file's own style: its
// separator (`key = value`, `key=value`, `key: value`) and its line ends. The section or the key
// is added where missing, never a second time.
import { parseIni, type IniOption } from './ini';
import { LineIndex, type TextEdit } from '../syntax/positions';

/**
 * The edits that make `[section] key` hold `value` in `text`; null when they cannot be written
 * exactly (the key's value runs on over continuation lines).
 */
export function setIniOption(text: string, section: string, key: string, value: string): TextEdit[] | null {
  const lines = new LineIndex(text);
  const { sections, options } = parseIni(text);
  const inSection = options.filter((option) => option.section === section);
  const existing = inSection.filter((option) => option.key === key.toLowerCase()).pop();
  if (existing) {
    if (existing.value.includes('\n')) return null;
    return [{ range: lines.rangeOf(existing.valueStart, existing.valueEnd), newText: value }];
  }
  const eol = /\r\n|\n|\r/.exec(text)?.[0] ?? '\n';
  const separator = separatorOf(text, inSection[inSection.length - 1] ?? options[0]);
  const line = `${key}${separator}${value}${eol}`;
  const header = sections.filter((candidate) => candidate.name === section).pop();
  if (header) {
    // After the section's last option; under the header when that option runs on over more lines.
    const last = inSection[inSection.length - 1];
    const after = last && !last.value.includes('\n') ? last.line : header.line;
    return [insertAtLine(lines, after + 1, line, eol)];
  }
  const end = lines.positionAt(text.length);
  const lead = text === '' ? '' : /(\r\n|\n|\r)$/.test(text) ? eol : `${eol}${eol}`;
  return [{ range: { start: end, end }, newText: `${lead}[${section}]${eol}${line}` }];
}

/** The text between key and value, as the option writes it (` = ` when there is none to follow). */
function separatorOf(text: string, option: IniOption | undefined): string {
  if (!option) return ' = ';
  const match = /^([ \t]*)([=:])([ \t]*)/.exec(text.slice(option.keyEnd, option.valueStart));
  if (!match) return ' = ';
  const [, before, sign, after] = match;
  // An empty value (`backend =`) ends at the sign: the space after it mirrors the one before it.
  return `${before}${sign}${after || (before ? ' ' : '')}`;
}

/** Inserts `line` (with its line end) at the start of line `at`; past the last line, after a line end. */
function insertAtLine(lines: LineIndex, at: number, line: string, eol: string): TextEdit {
  if (at < lines.lineCount) {
    const start = { line: at, character: 0 };
    return { range: { start, end: start }, newText: line };
  }
  const end = lines.positionAt(lines.text.length);
  return { range: { start: end, end }, newText: `${end.character > 0 ? eol : ''}${line}` };
}
