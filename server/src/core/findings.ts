// What the analysis reports, below the rules: a finding, its fixes and where else it points. The
// core, the fixes, the project layer, the CLI and the protocol layer read these types from here;
// rules/rule.ts re-exports them for the rules.
import type { Range, TextEdit } from './syntax/positions';

export type Severity = 'error' | 'warning' | 'information' | 'hint';

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

/**
 * A change to one option of the project's airflow.cfg that a finding's remedy needs (the secrets
 * cache: `[secrets] use_cache = True`). The core only describes it: the language server offers it
 * as a code action that edits that file (config/iniEdit.ts on the file's current text); the CLI
 * names it in the detail and JSON, and never applies it.
 */
export interface ConfigChange {
  title: string;
  /** The file, relative to the project root (as `AirflowDeployment.airflowCfg`). */
  path: string;
  section: string;
  key: string;
  value: string;
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
  related?: RelatedLocation[] | undefined;
  tags?: FindingTag[];
  /** An edit of the project's airflow.cfg that the remedy needs (see `ConfigChange`). */
  configChange?: ConfigChange;
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
