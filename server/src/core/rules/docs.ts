// Renders a rule's docs. One source of text for the hover on a `# noqa: DG101` code, the output of
// `dag-guard explain`, the pages under docs/rules/ and the README's rule table.
import { isConfigRule, type AnyRule } from './rule';

export function ruleMarkdown(rule: AnyRule): string {
  const { docs } = rule;
  const language = isConfigRule(rule) ? 'ini' : 'python';
  const sections = [
    `# ${rule.code} ${rule.name}`,
    `${docs.summary}\n\nDefault severity: **${rule.defaultSeverity}**.`,
    `## What it does\n\n${docs.whatItDoes}`,
    `## Why is this bad?\n\n${docs.whyBad}`,
    `## Example\n\n\`\`\`${language}\n${docs.example}\n\`\`\``,
    `## Use instead\n\n\`\`\`${language}\n${docs.useInstead}\n\`\`\``,
  ];
  if (docs.fix) sections.push(`## Fix\n\n${docs.fix}`);
  const noqa = isConfigRule(rule)
    ? `Put \`# noqa: ${rule.code}\` on a line of its own directly above the key (any config file; the only place in airflow.cfg, where a comment after a value is part of the value, and in Dockerfiles), or at the end of the line in YAML files, shell scripts and .env files. Or set`
    : `Add \`# noqa: ${rule.code}\` at the end of the line, or set`;
  sections.push(`## Suppress\n\n${noqa} \`"dagGuard.ignore": ["${rule.code}"]\` (editor) / \`ignore = ["${rule.code}"]\` under \`[tool.dag-guard]\` (pyproject.toml).`);
  return `${sections.join('\n\n')}\n`;
}

/** The README's rule table (between the `<!-- rules -->` markers). */
export function ruleTableMarkdown(rules: readonly AnyRule[], docsUrl: (code: string) => string): string {
  const rows = rules.map((rule) => `| [${rule.code}](${docsUrl(rule.code)}) | ${rule.name} | ${rule.defaultSeverity} | ${rule.docs.summary} | ${rule.docs.fix ? 'yes' : ''} |`);
  return ['| Code | Name | Severity | What it reports | Fix |', '| --- | --- | --- | --- | --- |', ...rows].join('\n');
}
