// Everything the analysis derives from one parsed file, built in one place so that every user
// (the rules, the parse-cost summary, tests) constructs it the same way.
import { Deadline } from '../deadline';
import { MemoKey } from '../memo';
import { ModuleBindings } from './bindings';
import { CallIndex } from './calls';
import { ImportMap } from './imports';
import { ParseTimeModel } from './parseTime';
import type { SourceFile } from './source';
import { runToEnd } from '../steps';

export interface FileModel {
  imports: ImportMap;
  bindings: ModuleBindings;
  calls: CallIndex;
  model: ParseTimeModel;
}

/**
 * The model of each text whose analysis finished (see keepAnalysedModel), held weakly: keeping a
 * 5,000-line file's model alive until the next edit made every collection slower (measured: the
 * editor latencies 5-20% worse), so the collector may drop it and a late reader builds its own.
 * Kept on the text's SourceFile (core/memo.ts), not in a module-level WeakMap keyed by it: V8's
 * young-generation collections kept that map's entries and the models their WeakRefs point to, so
 * every analysed version of a document survived into the old generation until a full collection
 * (measured: 3,000 analyses of a 100-line file promoted 168 MB through it, 7 MB without).
 */
const analysedModels = new MemoKey<WeakRef<FileModel>>('analysed model');

/**
 * A finished analysis offers its model for the same text (core/analyze.ts), its time limits
 * lifted: the language server's parse-cost lens, waiting for the analysis, reads it instead of
 * building a second one per version.
 */
export function keepAnalysedModel(source: SourceFile, model: FileModel): void {
  analysedModels.set(source, new WeakRef(model));
}

/** The model the analysis of this text built, once the analysis finished, while it is alive. */
export function analysedModelOf(source: SourceFile): FileModel | undefined {
  return analysedModels.get(source)?.deref();
}

/** `deadline` bounds the model's construction and every query rules make of it per node. */
export function buildFileModel(source: SourceFile, deadline: Deadline = Deadline.none()): FileModel {
  return runToEnd(fileModelSteps(source, deadline));
}

/**
 * `buildFileModel` in steps, pausing after each part (the node index, imports, bindings, calls, the model's parts), for
 * callers that run the analysis a slice at a time (core/analyze.ts analysisSteps).
 */
export function* fileModelSteps(source: SourceFile, deadline: Deadline = Deadline.none()): Generator<void, FileModel> {
  // The node index (one pass over the tree, otherwise built on first use), in steps of its own.
  yield* source.indexSteps();
  yield;
  const imports = new ImportMap(source);
  yield;
  const bindings = new ModuleBindings(source);
  yield;
  const calls = new CallIndex(source, imports);
  yield;
  // The model's own parts (regions, definitions, call edges) pause too.
  return { imports, bindings, calls, model: yield* ParseTimeModel.steps(source, imports, bindings, calls, deadline) };
}
