// `check --statistics`: findings per rule, most first, with how many --fix would fix (and, apart,
// how many only --unsafe-fixes would), as ruff's --statistics.
import { ruleByCode } from '../../core/rules/registry';
import type { FileResult } from '../check';
import { fixability, isFixable } from './fixability';
import { compareText } from '../../core/ordering';

interface RuleCount {
  code: string;
  name: string;
  count: number;
  fixable: number;
  unsafeFixable: number;
}

function countByRule(results: readonly FileResult[], unsafeFixes: boolean): RuleCount[] {
  const counts = new Map<string, RuleCount>();
  for (const finding of results.flatMap((result) => result.findings)) {
    let entry = counts.get(finding.code);
    if (!entry)
      counts.set(
        finding.code,
        (entry = { code: finding.code, name: ruleByCode(finding.code)?.name ?? '', count: 0, fixable: 0, unsafeFixable: 0 }),
      );
    entry.count++;
    if (isFixable(finding, unsafeFixes)) entry.fixable++;
    else if (fixability(finding) === 'unsafe') entry.unsafeFixable++;
  }
  return [...counts.values()].sort((a, b) => b.count - a.count || compareText(a.code, b.code));
}

export function formatStatistics(results: readonly FileResult[], options: { json: boolean; unsafeFixes: boolean }): string {
  const counts = countByRule(results, options.unsafeFixes);
  if (options.json) return `${JSON.stringify(counts, null, 2)}\n`;
  if (counts.length === 0) return '';
  const width = Math.max(...counts.map((entry) => String(entry.count).length));
  const nameWidth = Math.max(...counts.map((entry) => entry.name.length));
  const rows = counts.map((entry) => {
    const fixes = [
      entry.fixable > 0 ? `[*] ${entry.fixable} fixable` : '',
      entry.unsafeFixable > 0 ? `${entry.unsafeFixable} with --unsafe-fixes` : '',
    ]
      .filter(Boolean)
      .join(', ');
    return `${String(entry.count).padStart(width)}  ${entry.code}  ${entry.name.padEnd(nameWidth)}  ${fixes}`.trimEnd();
  });
  return `${rows.join('\n')}\n`;
}
