// The analysis core's entry point: a parsed Python file plus settings in, findings out. Pure: no
// file system, no protocol types, no exceptions for broken input (a rule that throws is logged
// through `onRuleError` and skipped; the other rules' findings still come back).
import { UNKNOWN_DEPLOYMENT, type AirflowDeployment } from './airflow/deployment';
import type { KnownPools } from './airflow/pools';
import { isDagFileText } from './dagFile';
import { ArgumentSites } from './model/argumentSites';
import { buildFileModel } from './model/fileModel';
import { SourceFile } from './model/source';
import { PYTHON_RULES } from './rules/registry';
import type { Finding, PythonRule, ReportedFinding, RuleContext } from './rules/rule';
import { effectiveSeverity, isRuleEnabled } from './rules/selection';
import type { Settings } from './settings/schema';
import { isSuppressed, noqaComments } from './suppression';
import type { OperatorClassSpec } from './templating/operatorClassReader';
import type { PathExists } from './jinja/templateFiles';
import type { KnownKeys } from './airflow/exports';

export interface AnalysisOptions {
  settings: Settings;
  airflowVersion: 2 | 3 | null;
  /** The lowest minor version the project pins (null or absent: unknown); see core/airflow/release.ts. */
  airflowMinor?: number | null;
  /** The deployment's pools, when the project names them (setting or pools file). */
  pools?: KnownPools | null;
  /**
   * Operator classes the project defines outside this file (read from plugins/ and include/ by
   * server/src/project/operatorIndex.ts): their template_fields decide where a template fix applies.
   */
  operatorClasses?: readonly OperatorClassSpec[];
  /**
   * What the deployment's airflow.cfg or AIRFLOW__ variables set that changes what DAG code does
   * (`[operators] default_deferrable`), read by server/src/project/airflowDeployment.ts.
   */
  deployment?: AirflowDeployment | null;
  /**
   * Whether a file or folder exists, answered from disk by the CLI or the server for paths inside
   * the project folder (undefined elsewhere): where DG605 looks for template files. Without it,
   * DG605 is silent.
   */
  pathExists?: PathExists;
  /** The keys of the project's Variables and its connection ids, from its exports (DG606); absent: not named. */
  variables?: KnownKeys | null;
  connections?: KnownKeys | null;
  /** Called when a rule throws; the analysis goes on without it. */
  onRuleError?: (rule: PythonRule, error: unknown) => void;
  /** Run only these rules (used by tests); default: the registry filtered by settings. */
  rules?: readonly PythonRule[];
  /** Today's date, for fixes that write a date (DG301); default: the current date. Tests fix it. */
  today?: Date;
  /**
   * Told how long each part took, in milliseconds (`npm run bench` prints them): 'model' (the node
   * index, imports, bindings, calls and the parse-time model), 'argument sites' (built by the first
   * rule that asks), and each rule by its code (without the argument sites it built).
   */
  onTiming?: (part: string, milliseconds: number) => void;
}

export function analyzePython(source: SourceFile, options: AnalysisOptions): Finding[] {
  const { settings } = options;
  const rules = (options.rules ?? PYTHON_RULES).filter((rule) => isRuleEnabled(rule.code, settings));
  const isDagFile = isDagFileText(source.text);
  const runnable = rules.filter((rule) => isDagFile || !rule.needsDagFile);
  if (runnable.length === 0) return [];

  const { onTiming } = options;
  let started = onTiming ? performance.now() : 0;
  const { imports, bindings, calls, model } = buildFileModel(source);
  const suppressions = noqaComments(source);
  if (onTiming) onTiming('model', performance.now() - started);
  // Built on first use: only the argument rules need it.
  let sites: ArgumentSites | undefined;
  let sitesTime = 0;
  const argumentSites = () => {
    if (sites) return sites;
    const building = onTiming ? performance.now() : 0;
    sites = new ArgumentSites(source, bindings, calls);
    if (onTiming) onTiming('argument sites', (sitesTime = performance.now() - building));
    return sites;
  };
  const findings: Finding[] = [];
  const today = options.today ?? new Date();

  for (const rule of runnable) {
    const context: RuleContext = {
      source,
      imports,
      bindings,
      calls,
      model,
      settings,
      airflowVersion: options.airflowVersion,
      airflowMinor: options.airflowMinor ?? null,
      today,
      pools: options.pools ?? null,
      deployment: options.deployment ?? UNKNOWN_DEPLOYMENT,
      get sites() {
        return argumentSites();
      },
      operatorClasses: options.operatorClasses ?? [],
      pathExists: options.pathExists ?? null,
      variables: options.variables ?? null,
      connections: options.connections ?? null,
      report: (reported: ReportedFinding) => {
        const range = reported.range ?? (reported.node ? source.rangeOf(reported.node) : null);
        if (!range) return;
        if (isSuppressed(suppressions, rule.code, range.start.line, range.end.line)) return;
        findings.push({
          code: rule.code,
          severity: effectiveSeverity(rule.code, reported.severity ?? rule.defaultSeverity, settings),
          message: reported.message,
          range,
          fix: reported.fix ?? null,
          ...(reported.alternatives?.length ? { alternatives: reported.alternatives } : {}),
        });
      },
    };
    if (onTiming) {
      started = performance.now();
      sitesTime = 0;
    }
    try {
      rule.check(context);
    } catch (error) {
      options.onRuleError?.(rule, error);
    }
    if (onTiming) onTiming(rule.code, performance.now() - started - sitesTime);
  }
  return findings.sort(
    (a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character || a.code.localeCompare(b.code),
  );
}
