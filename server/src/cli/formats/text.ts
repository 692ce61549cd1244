// `path:line:col: CODE message`, 1-based like every compiler, coloured on a terminal.
import pc from 'picocolors';
import type { FileResult } from '../check';

export function formatText(results: readonly FileResult[], options: { color: boolean; fix: boolean }): string {
  const c = pc.createColors(options.color);
  const severityColor = { error: c.red, warning: c.yellow, information: c.blue, hint: c.dim } as const;
  const lines: string[] = [];
  let total = 0;
  let fixable = 0;
  let fixed = 0;
  for (const result of results) {
    fixed += result.fixed;
    for (const finding of result.findings) {
      total++;
      const safe = finding.fix?.safe ?? false;
      if (safe) fixable++;
      const where = c.bold(`${result.path}:${finding.range.start.line + 1}:${finding.range.start.character + 1}:`);
      lines.push(`${where} ${severityColor[finding.severity](c.bold(finding.code))} ${safe ? c.cyan('[*] ') : ''}${finding.message}`);
    }
  }
  const summary: string[] = [];
  if (fixed > 0) summary.push(c.green(`Fixed ${fixed} ${fixed === 1 ? 'finding' : 'findings'}.`));
  if (total === 0) summary.push(c.green(`No findings in ${results.length} ${results.length === 1 ? 'file' : 'files'}.`));
  else summary.push(`Found ${total} ${total === 1 ? 'finding' : 'findings'} in ${results.filter((r) => r.findings.length > 0).length} of ${results.length} files.${fixable > 0 && !options.fix ? ` ${fixable} fixable with --fix ([*]).` : ''}`);
  return `${[...lines, ...(lines.length > 0 ? [''] : []), ...summary].join('\n')}\n`;
}
