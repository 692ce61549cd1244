// Everything the analysis derives from one parsed file, built in one place so that every user
// (the rules, the parse-cost summary, tests) constructs it the same way.
import { Deadline } from '../deadline';
import { ModuleBindings } from './bindings';
import { CallIndex } from './calls';
import { ImportMap } from './imports';
import { ParseTimeModel } from './parseTime';
import type { SourceFile } from './source';

export interface FileModel {
  imports: ImportMap;
  bindings: ModuleBindings;
  calls: CallIndex;
  model: ParseTimeModel;
}

/** `deadline` bounds the model's construction and every query rules make of it per node. */
export function buildFileModel(source: SourceFile, deadline: Deadline = Deadline.none()): FileModel {
  const imports = new ImportMap(source);
  const bindings = new ModuleBindings(source);
  const calls = new CallIndex(source, imports);
  return { imports, bindings, calls, model: new ParseTimeModel(source, imports, bindings, calls, deadline) };
}
