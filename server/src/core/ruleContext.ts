// What a rule sees while it runs (the request context): the parsed file, its model, the project's
// facts, and `report`. Built by analyze.ts / analyzeConfig.ts for each rule.
import type { AirflowDeployment } from './airflow/deployment';
import type { Deadline } from './deadline';
import type { KnownPools } from './airflow/pools';
import type { ArgumentSites } from './airflow/argumentSites';
import type { ImportMap } from './model/imports';
import type { ModuleBindings } from './model/bindings';
import type { CallIndex } from './model/calls';
import type { ParseTimeModel } from './model/parseTime';
import type { SourceFile } from './model/source';
import type { Range } from './syntax/positions';
import type { Node } from './syntax/nodes';
import type { Settings } from './settings/schema';
import type { ConfigDocument } from './config/document';
import type { ConfigLayer } from './config/effective';
import type { OperatorClassSpec } from './templating/operatorClassReader';
import type { ProjectModules } from './project/modules';
import type { PathExists } from './jinja/templateFiles';
import type { KnownKeys } from './airflow/exports';
import type { ConfigChange, Fix, FindingTag, RelatedLocation, Severity } from './findings';

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
  node?: Node | undefined;
  range?: Range | undefined;
  message: string;
  /** See `Finding.detail`. */
  detail?: string | undefined;
  fix?: Fix | null | undefined;
  alternatives?: Fix[] | undefined;
  /** Overrides the rule's default severity (before the user's settings). */
  severity?: Severity | undefined;
  related?: RelatedLocation[] | undefined;
  tags?: FindingTag[] | undefined;
  configChange?: ConfigChange | undefined;
}

/** What a config rule sees: the settings an airflow.cfg or an environment file makes. */
export interface ConfigRuleContext {
  document: ConfigDocument;
  settings: Settings;
  /** The Airflow major version the project targets, or null when it cannot tell. */
  airflowVersion: 2 | 3 | null;
  /** The lowest minor version of that major the project's pin allows, or null when it cannot tell. */
  airflowMinor: number | null;
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
