// The analysis' view of the project's other modules (helpers, wrapper classes, factories a DAG
// file imports). The core stays pure: `summarizeModule` turns one parsed module into plain data
// (no tree nodes: trees are freed after summarising, and summaries are cached by content), and the
// project layer (server/src/project/) finds modules on disk, summarises each once per content and
// answers `ProjectModules.resolve` for the analysis.
//
// A summary says what the module runs, never what its callers do: calls to names it imports stay
// symbolic (`CallTarget`) and are resolved when a DAG file is analysed (core/project/reach.ts),
// so a summary depends on its module's text alone and stays valid while other modules change.
import type { IoKind } from '../catalogue/ioCalls';
import type { Multiplicity } from '../model/multiplicity';
import type { Range } from '../syntax/positions';

export { summarizeModule } from './summarize';

/** An import statement of a module: `from ..common import x` is { module: 'common', level: 2 }. */
export interface ModuleImport {
  /** The dotted module name without leading dots ('' for `from . import x`). */
  module: string;
  /** 0 for absolute imports; the number of leading dots for relative ones. */
  level: number;
  /** For `from M import a, b`: the imported names (a submodule of a package may be one of them). */
  names: string[];
  /** Where the statement is (absent in summaries built before ranges were kept). */
  range?: Range;
  /**
   * The statement runs when the module is imported: at module level, outside functions, outside
   * `if TYPE_CHECKING:` / `if __name__ == "__main__":`. Absent means false.
   */
  atImport?: boolean;
  /** A `# noqa: DG105` (or a bare `# noqa`) on the import: the heavy library it loads is not reported. */
  noqa?: boolean;
}

/** What a parse-time hazard is: the kinds of DG101 to DG104 (`ExternalKind`) and DG105's heavy import. */
export type HazardKind = 'variable' | 'connection' | 'hook' | IoKind | 'heavy-import';

/**
 * One call (or heavy import) in a module that reaches outside the DAG processor when it runs. A
 * hazard whose line has a `# noqa` for its code is left out of the summary: the helper's author has
 * accepted it, for every DAG file that reaches it.
 */
export interface Hazard {
  kind: HazardKind;
  /** How it reads in a message: `Variable.get("env")`, `requests.get()`, `pandas` (heavy imports: the package). */
  label: string;
  range: Range;
  /**
   * How many times it runs per run of the code that holds it (the module body, or one call of the
   * function): loops and branches between the hazard and that body, in the module's own words.
   */
  multiplicity: Multiplicity;
  /** A heavy import's own module: why it cannot simply move into the module's functions ("it is used at module level (line 3)"). */
  stays?: string[];
  /** A heavy import's own module uses it only in annotations PEP 563 leaves unevaluated (an import under TYPE_CHECKING is enough). */
  annotationsOnly?: boolean;
}

/** What a call names, kept symbolic so that it is resolved when a DAG file is analysed. */
export type CallTarget =
  /** A function or class this module defines at module level (`read_var`, `CompanyDag`). */
  | { kind: 'local'; name: string }
  /**
   * A name the module imports: `from .vars import read_var` calls { module: 'vars', level: 1,
   * name: 'read_var' }; `import common.vars as v; v.read_var()` calls { module: 'common.vars',
   * level: 0, name: 'read_var' }. `name` may be dotted (`Helper.build`, a submodule's `mod.f`).
   */
  | { kind: 'import'; module: string; level: number; name: string }
  /** `self.m()` / `cls.m()` inside a method: the method `name` of the instance's class. */
  | { kind: 'self'; name: string }
  /** `super().m()` inside a method: the method `name` of the class's bases. */
  | { kind: 'super'; name: string };

/** How a parameter of the calling function reaches a call's arguments. */
export interface ParameterPass {
  /** The caller's parameter name (`start_date`), or `**` for the caller's `**kwargs` passed on whole. */
  parameter: string;
  /** The keyword it is passed as (`start_date=start_date`), or null when positional / `**`. */
  keyword: string | null;
  /** Its position among the call's positional arguments, or null. */
  position: number | null;
  /** Passed inside a dict literal under this key: `default_args={"start_date": start_date}`. */
  dictKey?: string;
}

/** A call made by a function (or the module body) that the analysis may follow into another definition. */
export interface SummaryCall {
  target: CallTarget;
  /** The call's range (its callee, for a message that points at it). */
  range: Range;
  /** The callee as written (`read_var`, `v.read_var`, `super().__init__`). */
  text: string;
  multiplicity: Multiplicity;
  /** The caller's parameters that reach this call's arguments (for flows into `DAG(...)` and operators). */
  passes: ParameterPass[];
  /** The call's keyword names, in order (an operator a helper builds: `mode`, `timeout`, `pool`). */
  keywords?: string[];
  /** How many `**mapping` arguments the call has. */
  splats?: number;
}

/** A call whose callee is not in the project: `DAG(...)`, an operator, a sensor, built from parameters. */
export interface ExternalConstruction {
  /** The callee's qualified name through the module's imports (`airflow.DAG`, `airflow.sensors.s3.S3KeySensor`). */
  qualified: string;
  range: Range;
  multiplicity: Multiplicity;
  passes: ParameterPass[];
  /** Keyword arguments written as literals in the module: `mode="poke"`, `timeout=3600` (text of the value). */
  literals: Record<string, string>;
  /** Keyword arguments that are durations the module states, in seconds (`timeout=6 * 60 * 60`, `timedelta(hours=6)`). */
  durations?: Record<string, number>;
  /** Arguments (and default_args entries) the module computes from the clock, a uuid or random: they change at every call. */
  runtimeArguments?: RuntimeArgument[];
  /** Every keyword the call names (for a DAG: whether it already sets `schedule`). */
  keywords?: string[];
  /** How many `**mapping` arguments the call has (the `**kwargs` it passes on among them). */
  splats?: number;
  /**
   * A `@dag(...)` decorator, not a DAG: the DAG is built when the decorated function is called (a
   * nested `@dag` function's call is a construction of its own, with the decorator's name).
   */
  decorator?: boolean;
}

/** An argument of a DAG or operator a module builds whose value changes at every run (model/runtimeValues.ts). */
export interface RuntimeArgument {
  /** The keyword, `dag_id` / `group_id` for a first positional, or the default_args key. */
  name: string;
  /** A `default_args` entry rather than an argument of the call itself. */
  defaultArgs?: boolean;
  /** What it is computed from, as the module writes it: [{ kind: 'clock', display: 'datetime.now()' }]. */
  sources: Array<{ kind: 'clock' | 'uuid' | 'random'; display: string; qualified?: string }>;
  range: Range;
  /**
   * A default_args dict the building function gets from a helper of its module
   * (`default_args = get_default_args()`): the helper's call, as written.
   */
  from?: string;
  /**
   * The dict is the fallback of a parameter (`if default_args is None: default_args = ...`): it is
   * used only when the caller passes neither this keyword nor this position.
   */
  unlessPassed?: { parameter: string; position: number };
}

/** What one call of a function (or one construction of a class) runs, before following its calls. */
export interface FunctionSummary {
  name: string;
  /** Where its `def` line is (its name). */
  range: Range;
  /** Its parameters in order, without `self`/`cls`, `*args` and `**kwargs`. */
  parameters: string[];
  /** The name of its `**kwargs` parameter, if any. */
  kwargsParameter: string | null;
  /**
   * The body uses its `**kwargs` other than passing it on whole (`kwargs.pop("x")`, `kwargs["x"] = 1`,
   * `kwargs.get(...)`): what a keyword that falls into it becomes cannot be told.
   */
  kwargsTouched?: boolean;
  /** A `@task` (or task-like) function: calling it builds a task; its body runs in a worker. */
  isTask: boolean;
  /** A `@dag` function (its decorator's qualified name): calling it builds a DAG. */
  dagDecorator?: string;
  hazards: Hazard[];
  calls: SummaryCall[];
  constructions: ExternalConstruction[];
}

export interface ClassSummary {
  name: string;
  range: Range;
  /** Its bases, as call targets (a base from another module is an 'import' target). */
  bases: CallTarget[];
  /** Bases through the module's imports that are not project modules' (`airflow.models.dag.DAG`). */
  qualifiedBases: string[];
  methods: Record<string, FunctionSummary>;
}

/** What the analysis knows of one project module, computed from its text alone. Plain data. */
export interface ModuleSummary {
  /** The module's file path, as the project layer gave it. */
  path: string;
  imports: ModuleImport[];
  /** What the module body runs when the module is imported (hazards, not counting imported modules'). */
  moduleHazards?: Hazard[];
  /** The module body's calls into its own or imported definitions. */
  moduleCalls?: SummaryCall[];
  /** Module-level functions by name. */
  functions?: Record<string, FunctionSummary>;
  /** Module-level classes by name. */
  classes?: Record<string, ClassSummary>;
  /**
   * The DAG file's own summary, built by its analysis (core/project/dagFileReach.ts): what runs
   * through it is never memoised across analyses, since the file's text may change under the same
   * generation.
   */
  transient?: boolean;
}

/** The project's modules as the analysis of one file sees them. */
export interface ProjectModules {
  /**
   * The summary of the project module that `import`/`from` names from the file at `fromPath`
   * (`level` > 0: relative to that file's package), or null when it is not a module of the project
   * (site-packages, the standard library, a file the project layer cannot read).
   */
  resolve(fromPath: string, module: string, level: number): ModuleSummary | null;
  /**
   * Optional: a number that changes whenever any answer of `resolve` may change (a module edited,
   * added or removed, a root changed). While it stays the same, analyses share what they resolved and
   * costed (core/project/reach.ts); without it, each analysis starts afresh.
   */
  readonly generation?: number;
}
