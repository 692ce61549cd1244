// Renders a rule's docs. One source of text for the hover on a `# noqa: DG101` code, the output of
// `dag-guard explain`, the pages under docs/rules/ and the README's rule table.
import type { PythonRule } from './rule';

export function ruleMarkdown(rule: PythonRule): string {
  const { docs } = rule;
  const sections = [
    `# ${rule.code} ${rule.name}`,
    `${docs.summary}\n\nDefault severity: **${rule.defaultSeverity}**.`,
    `## What it does\n\n${docs.whatItDoes}`,
    `## Why is this bad?\n\n${docs.whyBad}`,
    `## Example\n\n\`\`\`python\n${docs.example}\n\`\`\``,
    `## Use instead\n\n\`\`\`python\n${docs.useInstead}\n\`\`\``,
  ];
  if (docs.fix) sections.push(`## Fix\n\n${docs.fix}`);
  sections.push(`## Suppress\n\nAdd \`# noqa: ${rule.code}\` at the end of the line, or set \`"dagGuard.ignore": ["${rule.code}"]\` (editor) / \`ignore = ["${rule.code}"]\` under \`[tool.dag-guard]\` (pyproject.toml).`);
  return `${sections.join('\n\n')}\n`;
}

/** The README's rule table (between the `<!-- rules -->` markers). */
export function ruleTableMarkdown(rules: readonly PythonRule[], docsUrl: (code: string) => string): string {
  const rows = rules.map((rule) => `| [${rule.code}](${docsUrl(rule.code)}) | ${rule.name} | ${rule.defaultSeverity} | ${rule.docs.summary} | ${rule.docs.fix ? 'yes' : ''} |`);
  return ['| Code | Name | Severity | What it reports | Fix |', '| --- | --- | --- | --- | --- |', ...rows].join('\n');
}
