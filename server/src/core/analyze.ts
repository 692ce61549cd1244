// The analysis core's entry point: a parsed Python file plus settings in, findings out. Pure: no
// file system, no protocol types, no exceptions for broken input (a rule that throws is logged
// through `onRuleError` and skipped; the other rules' findings still come back).
import { UNKNOWN_DEPLOYMENT, type AirflowDeployment } from './airflow/deployment';
import type { KnownPools } from './airflow/pools';
import { isDagFileText } from './dagFile';
import { notAnalysedFinding, oversizeReason } from './fileLimits';
import { Deadline, DEFAULT_BUDGET, type AnalysisBudget } from './deadline';
import { ArgumentSites, argumentIndexOf, argumentIndexSteps } from './airflow/argumentSites';
import { fileModelSteps, keepAnalysedModel, type FileModel } from './model/fileModel';
import { SourceFile } from './model/source';
import { runToEnd } from './steps';
import { PYTHON_RULES } from './rules/registry';
import type { Finding } from './findings';
import type { ReportedFinding, RuleContext } from './ruleContext';
import type { PythonRule } from './rules/rule';
import { effectiveSeverity, isRuleEnabled } from './rules/selection';
import type { Settings } from './settings/schema';
import { isSuppressed, noqaComments } from './suppression';
import type { OperatorClassSpec } from './templating/operatorClassReader';
import type { ProjectModules } from './project/modules';
import { ownSummarySteps, projectReachSteps } from './project/dagFileReach';
import type { PathExists } from './jinja/templateFiles';
import type { KnownKeys } from './airflow/exports';
import { byPosition } from './ordering';

export interface AnalysisOptions {
  settings: Settings;
  airflowVersion: 2 | 3 | null;
  /** The lowest minor version the project pins (null or absent: unknown); see core/airflow/release.ts. */
  airflowMinor?: number | null | undefined;
  /** The deployment's pools, when the project names them (setting or pools file). */
  pools?: KnownPools | null | undefined;
  /**
   * Operator classes the project defines outside this file (read from its Python files by
   * server/src/project/operatorIndex.ts): their template_fields decide where a template fix applies.
   */
  operatorClasses?: readonly OperatorClassSpec[] | undefined;
  /**
   * What the deployment's airflow.cfg or AIRFLOW__ variables set that changes what DAG code does
   * (`[operators] default_deferrable`), read by server/src/project/airflowDeployment.ts.
   */
  deployment?: AirflowDeployment | null | undefined;
  /**
   * Whether Airflow's DAG processor parses this file, from the project's layout (DAG folder,
   * .airflowignore, `[core] dag_discovery_safe_mode`; server/src/project/layout.ts): false (outside
   * the DAG folder or ignored) runs no parse-time rule, true (safe mode off) runs them whatever the
   * text says; null or absent: Airflow's safe-mode test on the text decides ("airflow" and "dag").
   */
  parsedByAirflow?: boolean | null | undefined;
  /**
   * The project's other modules (server/src/project/ builds the index): what the helpers, wrapper
   * classes and factories a DAG file imports run when it calls them or imports them at parse time.
   * Absent: the file is analysed on its own, as before. Findings that a module reaches carry
   * `related` entries, the first of which is the hazard in the module (its path and range).
   */
  project?: ProjectModules | null | undefined;
  /**
   * Whether a file or folder exists, answered from disk by the CLI or the server for paths inside
   * the project folder (undefined elsewhere): where DG605 looks for template files. Without it,
   * DG605 is silent.
   */
  pathExists?: PathExists | undefined;
  /** The keys of the project's Variables and its connection ids, from its exports (DG606); absent: not named. */
  variables?: KnownKeys | null | undefined;
  connections?: KnownKeys | null | undefined;
  /**
   * Called when a rule throws or runs over its time budget (a `DeadlineExceeded`); the analysis
   * goes on without it.
   */
  onRuleError?: ((rule: PythonRule, error: unknown) => void) | undefined;
  /**
   * Called when what every rule shares (the parse-time model) could not be built, in time or at
   * all: no rule runs, and the analysis returns no findings.
   */
  onAnalysisError?: ((error: unknown) => void) | undefined;
  /**
   * Offer the finished analysis' model to later readers of the same text (the language server's
   * parse-cost lens: model/fileModel.ts analysedModelOf). Only the server sets it: the offer is a
   * WeakRef, whose target lives at least until the current job ends, so a synchronous loop of
   * analyses (the CLI, the bench) would keep every model alive (measured: +30% per analysis).
   */
  offerModel?: boolean | undefined;
  /** Time limits (default DEFAULT_BUDGET: 10 s per file, 3 s per rule). */
  budget?: AnalysisBudget | undefined;
  /** Run only these rules (used by tests); default: the registry filtered by settings. */
  rules?: readonly PythonRule[] | undefined;
  /** Today's date, for fixes that write a date (DG301); default: the current date. Tests fix it. */
  today?: Date | undefined;
  /**
   * Told how long each part took, in milliseconds (`npm run bench` prints them): 'model' (the node
   * index, imports, bindings, calls and the parse-time model), 'argument sites' (built before the
   * first rule that reads them, or by a rule that reads them undeclared), 'own summary' (with a
   * project: the file's own module summary, project/dagFileReach.ts), 'project reach' (with a project:
   * what the file's calls and imports reach, the same file), and each rule by its code
   * (without the argument sites it built).
   */
  onTiming?: ((part: string, milliseconds: number) => void) | undefined;
}

/** What every rule of one analysis sees alike. */
type SharedContext = Omit<RuleContext, 'sites' | 'report'>;

/**
 * A rule's RuleContext: a class, not an object literal. A literal with the lazy `sites` getter is
 * made in V8's dictionary mode: every read of `context.model` or `context.source` in a rule's loops
 * was a hash lookup, and each literal took about 1 us to build (a class instance about 0.1 us).
 */
class AnalysisRuleContext implements RuleContext {
  readonly source: SourceFile;
  readonly imports: RuleContext['imports'];
  readonly bindings: RuleContext['bindings'];
  readonly calls: RuleContext['calls'];
  readonly model: RuleContext['model'];
  readonly settings: Settings;
  readonly airflowVersion: 2 | 3 | null;
  readonly airflowMinor: number | null;
  readonly today: Date;
  readonly pools: KnownPools | null;
  readonly deployment: AirflowDeployment;
  readonly operatorClasses: readonly OperatorClassSpec[];
  readonly deadline: Deadline;
  readonly project: ProjectModules | null;
  readonly pathExists: PathExists | null;
  readonly variables: KnownKeys | null;
  readonly connections: KnownKeys | null;

  /** The rule that runs, whose findings `report` takes. */
  rule: PythonRule | null = null;

  constructor(
    shared: SharedContext,
    private readonly argumentSites: () => ArgumentSites,
    private readonly add: (rule: PythonRule, reported: ReportedFinding) => void,
  ) {
    this.source = shared.source;
    this.imports = shared.imports;
    this.bindings = shared.bindings;
    this.calls = shared.calls;
    this.model = shared.model;
    this.settings = shared.settings;
    this.airflowVersion = shared.airflowVersion;
    this.airflowMinor = shared.airflowMinor;
    this.today = shared.today;
    this.pools = shared.pools;
    this.deployment = shared.deployment;
    this.operatorClasses = shared.operatorClasses;
    this.deadline = shared.deadline;
    this.project = shared.project;
    this.pathExists = shared.pathExists;
    this.variables = shared.variables;
    this.connections = shared.connections;
  }

  report(reported: ReportedFinding): void {
    this.add(this.rule as PythonRule, reported);
  }

  /** Built on first use (analysisSteps builds them ahead for the rules that declare they read them). */
  get sites(): ArgumentSites {
    return this.argumentSites();
  }
}

export function analyzePython(source: SourceFile, options: AnalysisOptions): Finding[] {
  return runToEnd(analysisSteps(source, options));
}

/**
 * `steps`, with the time between them (when the caller runs other work) kept out of `deadline`.
 * (Each pause is written out where the analysis pauses, `pausedAt`, `yield`, `resumedFrom`: a
 * generator and a closure per pause were a tenth of the garbage of a small file's analysis.)
 */
function* pausing<T>(steps: Generator<void, T>, deadline: Deadline): Generator<void, T> {
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    const paused = deadline.pausedAt();
    yield;
    deadline.resumedFrom(paused);
  }
}

/**
 * A part some rules read, built in steps before them and timed as `part`, then a pause.
 * Undefined when it failed: the first rule that asks builds it again, and the error is then
 * that rule's.
 *
 * Generator functions here are declared once, at module level, never made per analysis: a
 * generator function expression is a new function with a prototype of its own each time, and
 * V8's young-generation collections kept each one alive with the analysis' scope it closed over
 * until a full collection (measured: 20,000 analyses of a three-line DAG file promoted 150 MB).
 */
function* builtAhead<T>(
  part: string,
  steps: Generator<void, T>,
  deadline: Deadline,
  onTiming: AnalysisOptions['onTiming'],
): Generator<void, T | undefined> {
  const building = onTiming ? performance.now() : 0;
  let built: T | undefined;
  try {
    built = yield* pausing(steps, deadline);
    if (onTiming) onTiming(part, performance.now() - building);
  } catch {
    // Left undefined: see above.
  }
  const paused = deadline.pausedAt();
  yield;
  deadline.resumedFrom(paused);
  return built;
}

/** The argument sites built in steps, with the imports their names were resolved through. */
function* sitesWithImports(source: SourceFile, bindings: FileModel['bindings'], calls: FileModel['calls'], imports: FileModel['imports']) {
  return { sites: yield* ArgumentSites.steps(source, bindings, calls), imports };
}

/**
 * `analyzePython` in steps: the generator pauses after the parse-time model and after each rule, so
 * that a caller with other work (the language server answering requests) can run it a slice at a
 * time; its return value is the findings. The source must not change until it is done.
 */
export function* analysisSteps(source: SourceFile, options: AnalysisOptions): Generator<void, Finding[]> {
  const { settings } = options;
  const tooLarge = oversizeReason(source.text, settings.maxFileSize);
  if (tooLarge) return [notAnalysedFinding(source.text, tooLarge)];
  const rules = (options.rules ?? PYTHON_RULES).filter((rule) => isRuleEnabled(rule.code, settings));
  const isDagFile = options.parsedByAirflow ?? isDagFileText(source.text);
  const runnable = rules.filter((rule) => isDagFile || !rule.needsDagFile);
  if (runnable.length === 0) return [];

  const { onTiming } = options;
  const deadline = new Deadline(options.budget ?? DEFAULT_BUDGET);
  let started = onTiming ? performance.now() : 0;
  let fileModel: FileModel;
  try {
    fileModel = yield* pausing(fileModelSteps(source, deadline), deadline);
  } catch (error) {
    options.onAnalysisError?.(error);
    return [];
  }
  const { imports, bindings, calls, model } = fileModel;
  const suppressions = noqaComments(source);
  if (onTiming) onTiming('model', performance.now() - started);
  let paused = deadline.pausedAt();
  yield;
  deadline.resumedFrom(paused);
  // Only the argument rules need them: built in steps before the first, when one runs.
  let sites: ArgumentSites | undefined;
  let sitesTime = 0;
  if (runnable.some((rule) => rule.readsArgumentSites)) {
    const index = yield* builtAhead(
      'argument sites',
      argumentIndexSteps(source, () => sitesWithImports(source, bindings, calls, imports)),
      deadline,
      onTiming,
    );
    sites = index?.sites;
  }
  // The file's own summary, when a project is read and the file calls its own factories: the
  // project rules (DG206's factory arguments) would build it in one long step.
  if (options.project) {
    const context = { source, imports, calls, model, settings, project: options.project };
    yield* builtAhead('own summary', ownSummarySteps(context), deadline, onTiming);
    // What the file's calls and imports reach in the project, read by the parse-time rules (DG101
    // to DG106, DG301 to DG303, DG402): a pass over every call, and the summaries of the modules it
    // reaches, that the first rule to ask (DG101) would otherwise make in one step.
    if (isDagFile) yield* builtAhead('project reach', projectReachSteps(context), deadline, onTiming);
  }
  const argumentSites = () => {
    if (sites) return sites;
    const building = onTiming ? performance.now() : 0;
    // Shared with the refactor code actions of the same document version.
    sites = argumentIndexOf(source, () => ({ sites: new ArgumentSites(source, bindings, calls), imports })).sites;
    if (onTiming) onTiming('argument sites', (sitesTime = performance.now() - building));
    return sites;
  };
  const findings: Finding[] = [];
  const today = options.today ?? new Date();

  const shared: SharedContext = {
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
    operatorClasses: options.operatorClasses ?? [],
    deadline,
    project: options.project ?? null,
    pathExists: options.pathExists ?? null,
    variables: options.variables ?? null,
    connections: options.connections ?? null,
  };

  // One context for the file's rules, told which rule runs (a context and a closure per rule were
  // most of the garbage of a small file's analysis).
  const context = new AnalysisRuleContext(shared, argumentSites, (rule: PythonRule, reported: ReportedFinding) => {
    deadline.check();
    const range = reported.range ?? (reported.node ? source.rangeOf(reported.node) : null);
    if (!range) return;
    if (isSuppressed(suppressions, rule.code, range.start.line, range.end.line)) return;
    findings.push({
      code: rule.code,
      severity: effectiveSeverity(rule.code, reported.severity ?? rule.defaultSeverity, settings),
      message: reported.message,
      ...(reported.detail ? { detail: reported.detail } : {}),
      range,
      fix: reported.fix ?? null,
      ...(reported.alternatives?.length ? { alternatives: reported.alternatives } : {}),
      ...(reported.related?.length ? { related: reported.related } : {}),
      ...(reported.tags?.length ? { tags: reported.tags } : {}),
      ...(reported.configChange ? { configChange: reported.configChange } : {}),
    });
  });
  for (const rule of runnable) {
    context.rule = rule;
    if (onTiming) {
      started = performance.now();
      sitesTime = 0;
    }
    deadline.startRule(rule.code);
    try {
      // Once the file's budget is spent, the rules left are skipped without starting.
      if (deadline.filePassed()) throw deadline.exceeded();
      const steps = rule.check(context);
      if (steps) {
        for (let step = steps.next(); !step.done; step = steps.next()) {
          paused = deadline.pausedAt();
          yield;
          deadline.resumedFrom(paused);
        }
      }
    } catch (error) {
      options.onRuleError?.(rule, error);
    }
    if (onTiming) onTiming(rule.code, performance.now() - started - sitesTime);
    paused = deadline.pausedAt();
    yield;
    deadline.resumedFrom(paused);
  }
  // Shared with the parse-cost lens of the same text (fileModel.ts keepAnalysedModel).
  if (options.offerModel) {
    deadline.lift();
    keepAnalysedModel(source, fileModel);
  }
  return findings.sort(byPosition);
}
