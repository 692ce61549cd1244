// Renders a rule's docs. One source of text for the hover on a `# noqa: DG101` code, the output of
// `dag-guard explain`, the pages under docs/rules/ and the README's rule table.
import { isConfigRule, type AnyRule } from './rule';

/**
 * Why a project module's code counts at every parse, checked against Airflow's sources: Airflow 2.x
 * `airflow/dag_processing/processor.py` (`DagFileProcessorProcess.start` starts a new
 * `multiprocessing` process per file, `_run_file_processor`), Airflow 3.x
 * `airflow-core/src/airflow/dag_processing/processor.py` (`DagFileProcessorProcess.start`, a
 * `WatchedSubprocess` running `_parse_file_entrypoint`), and `iter_airflow_imports` in
 * `airflow/utils/file.py`, which pre-imports in the parent only modules named `airflow.*`.
 */
const ACROSS_MODULES =
  "The DAG processor parses each DAG file in a new child process (Airflow 2: `DagFileProcessorProcess.start` in `airflow/dag_processing/processor.py`; Airflow 3: the same class in `airflow-core/src/airflow/dag_processing/processor.py`, a `WatchedSubprocess`). The parent pre-imports only the `airflow.*` modules a file names (`iter_airflow_imports`, `parsing_pre_import_modules`), so a project module that a DAG file imports is imported afresh, and its module-level code runs, at every parse of every DAG file that imports it. What a helper runs is reported in the DAG file, at the call or import that brings it in, only when that call or import runs at parse time; a helper called only from a `python_callable` or a `@task` body stays silent, and so does a helper whose count cannot be told (recursion, a cycle between modules). The finding's detail names the helper's file and line and the functions in between; the editor shows each step as related information. `# noqa` on the DAG file's line silences it.";

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
  if (docs.acrossModules) sections.push(`## Across modules\n\n${docs.acrossModules}\n\n${ACROSS_MODULES}`);
  const noqa = isConfigRule(rule)
    ? `Put \`# noqa: ${rule.code}\` on a line of its own directly above the key (any config file; the only place in airflow.cfg, where a comment after a value is part of the value, and in Dockerfiles), or at the end of the line in YAML files, shell scripts and .env files. Or set`
    : `Add \`# noqa: ${rule.code}\` at the end of the line, or set`;
  sections.push(
    `## Suppress\n\n${noqa} \`"dagGuard.ignore": ["${rule.code}"]\` (editor) / \`ignore = ["${rule.code}"]\` under \`[tool.dag-guard]\` (pyproject.toml).`,
  );
  return `${sections.join('\n\n')}\n`;
}

/** The README's rule table (between the `<!-- rules -->` markers). */
export function ruleTableMarkdown(rules: readonly AnyRule[], docsUrl: (code: string) => string): string {
  const rows = rules.map(
    (rule) =>
      `| [${rule.code}](${docsUrl(rule.code)}) | ${rule.name} | ${rule.defaultSeverity} | ${rule.docs.summary} | ${rule.docs.fix ? 'yes' : ''} |`,
  );
  return ['| Code | Name | Severity | What it reports | Fix |', '| --- | --- | --- | --- | --- |', ...rows].join('\n');
}
