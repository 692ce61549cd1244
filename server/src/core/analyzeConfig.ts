// The config counterpart of analyzePython: the settings of an airflow.cfg or of a file that sets
// AIRFLOW__ variables in, findings out. Pure and total, like the Python analysis. Findings on a
// line with a `# noqa` for their code (config/noqa.ts says where one counts) are dropped; one
// written where the file has no comment (after an airflow.cfg value) says where it has to go.
import { readConfigDocument, type ConfigDocument } from './config/document';
import { configNoqaLines, misplacedNoqaHint, misplacedNoqaLines } from './config/noqa';
import type { DocumentKind } from './documentKind';
import { CONFIG_RULES } from './rules/registry';
import type { Finding } from './findings';
import type { ConfigProject } from './ruleContext';
import type { ConfigRule } from './rules/rule';
import { effectiveSeverity, isRuleEnabled } from './rules/selection';
import type { Settings } from './settings/schema';
import { isSuppressed } from './suppression';
import { byPosition } from './ordering';

export interface ConfigAnalysisOptions {
  settings: Settings;
  airflowVersion: 2 | 3 | null;
  /** The lowest minor version the project's pin allows (null: unknown): moves made in a later minor stay silent. */
  airflowMinor?: number | null;
  /** The project's config files as Airflow combines them (DG503 compares the values in effect). */
  configProject?: ConfigProject;
  onRuleError?: (rule: ConfigRule, error: unknown) => void;
  rules?: readonly ConfigRule[];
}

export function analyzeConfigText(text: string, kind: DocumentKind, options: ConfigAnalysisOptions): Finding[] {
  return analyzeConfig(readConfigDocument(text, kind), options);
}

export function analyzeConfig(document: ConfigDocument, options: ConfigAnalysisOptions): Finding[] {
  const { settings } = options;
  const findings: Finding[] = [];
  const suppressions = configNoqaLines(document);
  const misplaced = misplacedNoqaLines(document);
  for (const rule of (options.rules ?? CONFIG_RULES).filter((candidate) => isRuleEnabled(candidate.code, settings))) {
    try {
      rule.check({
        document,
        settings,
        airflowVersion: options.airflowVersion,
        airflowMinor: options.airflowMinor ?? null,
        ...(options.configProject ? { project: options.configProject } : {}),
        report: (reported) => {
          const { start, end } = reported.range;
          if (isSuppressed(suppressions, rule.code, start.line, end.line)) return;
          // A noqa where the file's syntax makes it part of the value: the finding says why it stayed.
          const hint = isSuppressed(misplaced, rule.code, start.line, end.line) ? misplacedNoqaHint(document, rule.code) : '';
          const detail = [reported.detail, hint].filter(Boolean).join(' ');
          findings.push({
            code: rule.code,
            severity: effectiveSeverity(rule.code, reported.severity ?? rule.defaultSeverity, settings),
            message: reported.message,
            ...(detail ? { detail } : {}),
            range: reported.range,
            fix: reported.fix ?? null,
            ...(reported.alternatives?.length ? { alternatives: reported.alternatives } : {}),
          });
        },
      });
    } catch (error) {
      options.onRuleError?.(rule, error);
    }
  }
  return findings.sort(byPosition);
}
