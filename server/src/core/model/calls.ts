// Every call of the file with its callee resolved once: `V.get(...)` -> "airflow.models.Variable.get".
// Rules look calls up here instead of each resolving every call again.
import type { Node } from '../syntax/nodes';
import type { ImportMap } from './imports';
import type { SourceFile } from './source';

export interface CallSite {
  node: Node;
  /** The callee's dotted source text (`Variable.get`), or null when it is not a plain name chain. */
  text: string | null;
  /** The callee's qualified name through the file's imports, or null when it is not imported. */
  qualified: string | null;
}

export class CallIndex {
  readonly all: CallSite[];

  constructor(
    source: SourceFile,
    /** The file's imports, for callers that resolve names that are not callees (bare decorators). */
    readonly imports: ImportMap,
  ) {
    this.all = source.nodes('call').map((node) => {
      const { text, qualified } = imports.callee(node);
      return { node, text, qualified };
    });
  }

  /** Calls whose qualified callee satisfies `predicate`. */
  where(predicate: (qualified: string) => boolean): CallSite[] {
    return this.all.filter((call) => call.qualified !== null && predicate(call.qualified));
  }
}
