// What a rule is. Each rule lives in its own file under rules/python/ (or rules/config/) and is
// listed once in registry.ts; its docs feed the hover, `dag-guard explain` and the README table.
import type { AirflowDeployment } from '../airflow/deployment';
import type { Deadline } from '../deadline';
import type { KnownPools } from '../airflow/pools';
import type { ArgumentSites } from '../model/argumentSites';
import type { ImportMap } from '../model/imports';
import type { ModuleBindings } from '../model/bindings';
import type { CallIndex } from '../model/calls';
import type { ParseTimeModel } from '../model/parseTime';
import type { SourceFile } from '../model/source';
import type { Range, TextEdit } from '../syntax/positions';
import type { Node } from '../syntax/nodes';
import type { Settings } from '../settings/schema';
import type { ConfigDocument } from '../config/document';
import type { ConfigLayer } from '../config/effective';
import type { OperatorClassSpec } from '../templating/operatorClassReader';
import type { ProjectModules } from '../project/modules';
import type { PathExists } from '../jinja/templateFiles';
import type { KnownKeys } from '../airflow/exports';

export type Severity = 'error' | 'warning' | 'information' | 'hint';

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

/**
 * What a finding is besides its severity. 'deprecated': the code uses something Airflow deprecated
 * (the editor strikes it through: LSP `DiagnosticTag.Deprecated`; JSON carries it in `tags`).
 */
export type FindingTag = 'deprecated';

export interface Fix {
  title: string;
  /** Safe fixes keep behaviour: they are applied by fix-all, fix-on-save and `check --fix`. */
  safe: boolean;
  edits: TextEdit[];
  /** Marked preferred in the editor's quick-fix menu. */
  preferred?: boolean;
  /**
   * One of several fixes that differ by a value only the user can pick (which pool): offered in
   * the editor, never applied by a fix-all, `check --fix` or `--unsafe-fixes`.
   */
  choice?: boolean;
  /**
   * The fix is right only under this condition ("if the value does not end in `.sh`"): it is then
   * never safe; the editor, JSON and SARIF show the condition with the fix.
   */
  condition?: string;
  /**
   * Imported names whose uses the fix takes away (`Variable`). The fix's own edits remove the
   * import when it takes the last use; fix-all, whose fixes each leave the others' uses, removes
   * the imports of these names that have no use left once every fix is applied.
   */
  releasedImports?: string[];
}

/** A finding as the project reports it: LSP-shaped ranges (0-based, UTF-16), no LSP types. */
export interface Finding {
  code: string;
  severity: Severity;
  /**
   * One sentence, under about 100 characters, that carries the finding: it is what the editor's
   * Problems panel shows, cut off at its width.
   */
  message: string;
  /**
   * What explains the finding beyond that sentence: why it costs, the chain through other modules,
   * the counts, why no fix is offered. The editor shows it in the hover over the finding; the CLI
   * with `--show-details`, JSON, SARIF and GitHub annotations carry it.
   */
  detail?: string;
  range: Range;
  fix: Fix | null;
  /** Further fixes that are not safe or not preferred (e.g. a second way to write it). */
  alternatives?: Fix[];
  /**
   * Where the cost a finding reports lives in other files (a helper module's `Variable.get`, the
   * heavy import of an imported module), one entry per step of the chain: the first entry is the
   * hazard itself, the next ones the calls or imports that lead to it. The editor shows them as
   * related information; JSON and SARIF carry them.
   */
  related?: RelatedLocation[];
  tags?: FindingTag[];
}

/** A place in another file that a finding points at. */
export interface RelatedLocation {
  /** The file's path as the project layer gave it (`dags/common/variables.py`). */
  path: string;
  range: Range;
  message: string;
  /** 'hazard': the cost itself (what runs); 'via': a call or import on the way to it. */
  role?: 'hazard' | 'via';
}

export interface RuleContext {
  source: SourceFile;
  imports: ImportMap;
  bindings: ModuleBindings;
  /** Every call with its callee resolved once; prefer it to resolving calls yourself. */
  calls: CallIndex;
  model: ParseTimeModel;
  settings: Settings;
  /** The Airflow major version the project targets, or null when it cannot tell. */
  airflowVersion: 2 | 3 | null;
  /** The lowest minor version the project's pin allows (9 of `apache-airflow==2.9.3`), or null. */
  airflowMinor: number | null;
  /** The deployment's pools, or null when the project does not name them. */
  pools: KnownPools | null;
  /** What the deployment's config sets that changes what DAG code does (`[operators] default_deferrable`). */
  deployment: AirflowDeployment;
  /** Task, DAG and default_args arguments (built on first use). */
  readonly sites: ArgumentSites;
  /** Operator classes defined elsewhere in the project (DAG folder, plugins/, include/), for template fixes. */
  operatorClasses: readonly OperatorClassSpec[];
  /** The project's other modules, or null when the file is analysed on its own. */
  project: ProjectModules | null;
  /** Whether a path exists in the project (DG605's template files); null when the caller reads no disk. */
  pathExists: PathExists | null;
  /** The keys of the project's Variable and connection exports (DG606); null when not named. */
  variables: KnownKeys | null;
  connections: KnownKeys | null;
  /** Today's (local) date: what a fix that has to pick a date proposes. */
  today: Date;
  /**
   * The analysis's time budget: loops that may run long call `deadline.check()`, which throws once
   * the rule has run over (the rule is then skipped and logged).
   */
  deadline: Deadline;
  report(finding: ReportedFinding): void;
}

export interface ReportedFinding {
  node?: Node;
  range?: Range;
  message: string;
  /** See `Finding.detail`. */
  detail?: string;
  fix?: Fix | null;
  alternatives?: Fix[];
  /** Overrides the rule's default severity (before the user's settings). */
  severity?: Severity;
  related?: RelatedLocation[];
  tags?: FindingTag[];
}

export interface PythonRule {
  code: string;
  name: string;
  defaultSeverity: Severity;
  docs: RuleDocs;
  /** Parse-time rules only look at files Airflow would parse as DAG files. */
  needsDagFile: boolean;
  check(context: RuleContext): void;
}

/** What a config rule sees: the settings an airflow.cfg or an environment file makes. */
export interface ConfigRuleContext {
  document: ConfigDocument;
  settings: Settings;
  /** The Airflow major version the project targets, or null when it cannot tell. */
  airflowVersion: 2 | 3 | null;
  /** The project's config files as Airflow combines them, and this document's place among them (absent: the document alone). */
  project?: ConfigProject;
  /** Config findings always carry a range (there is no syntax tree). */
  report(finding: ReportedFinding & { range: Range }): void;
}

/** The project's config files, in Airflow's precedence, and the document's path among them. */
export interface ConfigProject {
  /** The document, relative to the project, as the layers name their sources. */
  path: string;
  layers: readonly ConfigLayer[];
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
