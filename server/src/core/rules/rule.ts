// What a rule is. Each rule lives in its own file under rules/python/ (or rules/config/) and is
// listed once in registry.ts; its docs feed the hover, `dag-guard explain` and the README table.
// What a rule reports (core/findings.ts) and sees (core/ruleContext.ts) live below the rules;
// they are re-exported here for the rule files.
import type { Severity } from '../findings';
import type { ConfigRuleContext, RuleContext } from '../ruleContext';

export type { Finding, FindingTag, Fix, RelatedLocation, Severity } from '../findings';
export type { ConfigProject, ConfigRuleContext, ReportedFinding, RuleContext } from '../ruleContext';

export interface RuleDocs {
  /** One line: what the rule reports. */
  summary: string;
  whatItDoes: string;
  whyBad: string;
  /** Python (or airflow.cfg) that the rule reports. */
  example: string;
  /** The same code written the way the rule asks for. */
  useInstead: string;
  /** What the fix does and when it is offered (omit when the rule has none). */
  fix?: string;
  /** What the rule reports through the project's other modules (helpers, wrappers, imports), when it does. */
  acrossModules?: string;
}

export interface PythonRule {
  code: string;
  name: string;
  defaultSeverity: Severity;
  docs: RuleDocs;
  /** Parse-time rules only look at files Airflow would parse as DAG files. */
  needsDagFile: boolean;
  /**
   * Reads `context.sites`: the analysis builds the argument sites in steps of their own before the
   * first such rule (a rule that reads them without saying so gets them built in one of its steps).
   */
  readsArgumentSites?: true;
  /**
   * Reports through `context.report`. A rule with costly work per finding (DG101's remedies) may be
   * a generator that pauses after each: the analysis, run in slices, answers requests in between.
   */
  check(context: RuleContext): void | Generator<void, void>;
}

/** A rule on Airflow's configuration (airflow.cfg, AIRFLOW__ variables), not on Python. */
export interface ConfigRule {
  kind: 'config';
  code: string;
  name: string;
  defaultSeverity: Severity;
  /** `example` and `useInstead` are airflow.cfg text. */
  docs: RuleDocs;
  check(context: ConfigRuleContext): void;
}

export type AnyRule = PythonRule | ConfigRule;

export function isConfigRule(rule: AnyRule): rule is ConfigRule {
  return (rule as ConfigRule).kind === 'config';
}
