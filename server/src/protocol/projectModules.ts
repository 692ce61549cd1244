// The server's side of the project-wide analysis: one module index per project root, kept up to
// date from open documents (their text wins over the disk) and file-watcher events, and the
// helper's end of cross-file findings. It answers which open documents to analyse again when a
// module changes: those whose last analysis read it, directly or through other modules.
import path from 'node:path';
import { FileChangeType } from 'vscode-languageserver';
import type { AnalysisOptions } from '../core/analyze';
import type { Engine } from '../core/engine';
import type { SourceFile } from '../core/model/source';
import type { ProjectModules } from '../core/project/modules';
import type { Finding } from '../core/findings';
import type { Settings } from '../core/settings/schema';
import { byPosition } from '../core/ordering';
import { noqaComments } from '../core/suppression';
import { HelperUses } from '../project/helperUses';
import type { ProjectLayout } from '../project/layout';
import { ProjectIndex, SummaryCache } from '../project/projectIndex';

export class ProjectModulesService {
  /** One index per layout (project root and import roots), replaced when a project's layout changes. */
  private readonly indexes = new Map<string, ProjectIndex>();
  private readonly overlays = new Map<string, string>();
  /** Summaries by content, kept when an index is dropped (its layout changed). */
  readonly summaries = new SummaryCache();
  readonly uses = new HelperUses();
  /** Bumped by every change of a module's text (open document or disk): what depends on modules is stale. */
  generation = 0;
  /** Checks the disk before reusing what was read (when the client sends no file-watcher events). */
  verifyDisk = false;

  constructor(private readonly engine: Engine) {}

  /** The index of a project's layout (created on first use; a new layout of the same root replaces it). */
  indexFor(layout: ProjectLayout): ProjectIndex {
    const key = [layout.root, ...layout.importRoots].join('\0');
    let index = this.indexes.get(key);
    if (!index) {
      for (const [other, stale] of this.indexes) if (stale.layout.root === layout.root) this.indexes.delete(other);
      index = new ProjectIndex(layout, this.engine, { verifyDisk: this.verifyDisk, summaries: this.summaries });
      for (const [file, text] of this.overlays) index.setOverlay(file, text);
      this.indexes.set(key, index);
    }
    return index;
  }

  /** `options` with the modules of the project laid out as `layout`. */
  optionsFor(layout: ProjectLayout, options: AnalysisOptions): AnalysisOptions {
    const project: ProjectModules = this.indexFor(layout);
    return { ...options, project } as AnalysisOptions;
  }

  /**
   * Runs the analysis of `file` in the project laid out as `layout` (with options from `optionsFor`), remembers which modules it read and
   * what its findings say about helpers; returns the findings and the helpers whose end changed (to
   * publish them again if open).
   */
  analyse(layout: ProjectLayout, file: string, analyse: () => Finding[]): { findings: Finding[]; changedHelpers: string[] } {
    const resolved = path.resolve(file);
    const findings = this.indexFor(layout).track(resolved, analyse);
    return { findings, changedHelpers: this.uses.record(resolved, findings) };
  }

  /** `analyse` for an analysis run in steps, with other work (requests, other files) between them. */
  *analyseSteps(
    layout: ProjectLayout,
    file: string,
    steps: Generator<void, Finding[]>,
  ): Generator<void, { findings: Finding[]; changedHelpers: string[] }> {
    const resolved = path.resolve(file);
    const findings = yield* this.indexFor(layout).trackSteps(resolved, steps);
    return { findings, changedHelpers: this.uses.record(resolved, findings) };
  }

  /**
   * An open document's findings (`own`) with the helper's end: which DAG files run its hazards at
   * every parse (see HelperUses.findingsFor). Sorted by position.
   */
  withHelperEnd(source: SourceFile, own: readonly Finding[], settings: Settings, display: (file: string) => string): Finding[] {
    const file = path.resolve(source.path);
    if (this.uses.usersOf(file).length === 0) return [...own].sort(byPosition);
    return this.uses.findingsFor(file, source.text, settings, noqaComments(source), display, own);
  }

  /** The project files changed (pyproject.toml, airflow.cfg, ...): layouts are read again, summaries kept. */
  layoutsChanged(): void {
    this.generation++;
    this.indexes.clear();
  }

  /** An open document's text changed (or it opened): it wins over the disk. */
  documentChanged(file: string, text: string): void {
    const resolved = path.resolve(file);
    this.generation++;
    this.overlays.set(resolved, text);
    for (const index of this.indexes.values()) index.setOverlay(resolved, text);
  }

  documentClosed(file: string): void {
    const resolved = path.resolve(file);
    this.generation++;
    this.overlays.delete(resolved);
    for (const index of this.indexes.values()) index.clearOverlay(resolved);
  }

  /** A file-watcher event for a Python file; returns the helpers whose end changed (a DAG file went away). */
  diskChanged(file: string, type: FileChangeType): string[] {
    this.generation++;
    for (const index of this.indexes.values()) {
      if (type === FileChangeType.Changed) index.fileChanged(file);
      else index.fileCreatedOrDeleted(file);
      if (type === FileChangeType.Deleted) index.forget(file);
    }
    return type === FileChangeType.Deleted ? this.uses.forget(path.resolve(file)) : [];
  }

  /** The files whose last analysis read `module` (directly or through other modules). */
  dependentsOf(module: string): string[] {
    const dependents = new Set<string>();
    for (const index of this.indexes.values()) for (const file of index.dependentsOf(module)) dependents.add(file);
    return [...dependents];
  }
}
