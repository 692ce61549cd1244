// `path:line:col: severity CODE message`, 1-based like every compiler, the severity named as
// ESLint names it, coloured on a terminal; one line a finding, as ruff's concise output (with
// --show-details, the finding's detail on an indented line under it); then a summary (unless --quiet) that says what --fix
// would fix and, as ruff does, how many more fixes --unsafe-fixes would enable.
import pc from 'picocolors';
import type { FileResult } from '../check';
import { fixability, isFixable } from './fixability';

export interface TextOptions {
  color: boolean;
  fix: boolean;
  unsafeFixes?: boolean;
  quiet?: boolean;
  showDetails?: boolean;
}

const plural = (count: number, one: string, many = `${one}s`) => `${count} ${count === 1 ? one : many}`;

export function formatText(results: readonly FileResult[], options: TextOptions): string {
  const c = pc.createColors(options.color);
  const severityColor = { error: c.red, warning: c.yellow, information: c.blue, hint: c.dim } as const;
  const unsafeFixes = options.unsafeFixes ?? false;
  const lines: string[] = [];
  let total = 0;
  let fixable = 0;
  let hidden = 0;
  let fixed = 0;
  for (const result of results) {
    fixed += result.fixed;
    for (const finding of result.findings) {
      total++;
      const marked = isFixable(finding, unsafeFixes);
      if (marked) fixable++;
      else if (fixability(finding) === 'unsafe') hidden++;
      const where = c.bold(`${result.path}:${finding.range.start.line + 1}:${finding.range.start.character + 1}:`);
      const severity = severityColor[finding.severity](finding.severity);
      lines.push(`${where} ${severity} ${c.bold(finding.code)} ${marked ? c.cyan('[*] ') : ''}${finding.message}`);
      if (options.showDetails && finding.detail) lines.push(`    ${c.dim(finding.detail)}`);
    }
  }
  if (options.quiet) return lines.length > 0 ? `${lines.join('\n')}\n` : '';
  const checked = results.filter((result) => !result.error).length;
  const skipped = results.length - checked;
  const summary: string[] = [];
  if (fixed > 0) summary.push(c.green(`Fixed ${plural(fixed, 'finding')}.`));
  const skippedNote = skipped > 0 ? ` ${plural(skipped, 'file')} skipped (see above).` : '';
  if (total === 0) summary.push(`${c.green(`No findings in ${plural(checked, 'file')}.`)}${skippedNote}`);
  else {
    const withFindings = results.filter((result) => result.findings.length > 0).length;
    let line = `Found ${plural(total, 'finding')} in ${withFindings} of ${plural(checked, 'file')}.${skippedNote}`;
    if (fixable > 0 && !options.fix) line += ` ${fixable} fixable with --fix${unsafeFixes ? ' --unsafe-fixes' : ''} ([*]).`;
    if (hidden > 0) line += ` ${plural(hidden, 'more fix', 'more fixes')} with --unsafe-fixes (they may change behaviour).`;
    summary.push(line);
  }
  return `${[...lines, ...(lines.length > 0 ? [''] : []), ...summary].join('\n')}\n`;
}
