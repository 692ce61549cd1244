// Rule codes named in settings that match no rule: `select = ["DG999"]` would otherwise run
// nothing and report "No findings" without a word. Kept out of schema.ts, which the rules import.
import { ALL_RULES } from '../rules/registry';
import { didYouMean } from '../suggest';
import type { SettingsProblem } from './schema';

const CODES = ALL_RULES.map((rule) => rule.code);

/** Problems with the codes in `select`, `ignore` (codes or prefixes, or ALL) and `severity` (codes). */
export function ruleCodeProblems(values: Record<string, unknown>): SettingsProblem[] {
  const problems: SettingsProblem[] = [];
  for (const key of ['select', 'ignore']) {
    const list = values[key];
    if (!Array.isArray(list)) continue;
    for (const entry of list) {
      if (typeof entry !== 'string') continue;
      const upper = entry.trim().toUpperCase();
      if (upper === 'ALL' || (upper.length > 0 && CODES.some((code) => code.startsWith(upper)))) continue;
      problems.push({
        key,
        message: `"${key}" names no rule: ${JSON.stringify(entry)}${suggestion(upper)} (\`dag-guard explain\` lists the rules)`,
      });
    }
  }
  const severity = values.severity;
  if (typeof severity === 'object' && severity !== null && !Array.isArray(severity)) {
    for (const code of Object.keys(severity)) {
      if (CODES.includes(code)) continue;
      problems.push({
        key: `severity.${code}`,
        message: `"severity.${code}" names no rule${suggestion(code.toUpperCase())} (\`dag-guard explain\` lists the rules)`,
      });
    }
  }
  return problems;
}

function suggestion(code: string): string {
  const guess = didYouMean(code, CODES);
  return guess ? `; did you mean ${guess}?` : '';
}
