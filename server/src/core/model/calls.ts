// Every call of the file with its callee resolved once: `V.get(...)` -> "airflow.models.Variable.get".
// Rules look calls up here instead of each resolving every call again.
import { starExports } from '../airflow/names';
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

const DOTTED = /^[A-Za-z_]\w*(?:\s*\.\s*[A-Za-z_]\w*)*$/;

export class CallIndex {
  readonly all: CallSite[];

  constructor(source: SourceFile, imports: ImportMap) {
    this.all = source.nodes('call').map((node) => {
      const callee = node.childForFieldName('function');
      const raw = callee ? source.text.slice(callee.startIndex, callee.endIndex) : '';
      const text = DOTTED.test(raw) ? raw.replace(/\s+/g, '') : null;
      return { node, text, qualified: text ? resolveDotted(text, imports) : null };
    });
  }

  /** Calls whose qualified callee satisfies `predicate`. */
  where(predicate: (qualified: string) => boolean): CallSite[] {
    return this.all.filter((call) => call.qualified !== null && predicate(call.qualified));
  }
}

function resolveDotted(text: string, imports: ImportMap): string | null {
  const dot = text.indexOf('.');
  const head = dot < 0 ? text : text.slice(0, dot);
  const rest = dot < 0 ? '' : text.slice(dot);
  const binding = imports.binding(head);
  if (binding) return binding.qualified + rest;
  const star = imports.starModules.find((module) => starExports(module, head));
  return star ? `${star}.${head}${rest}` : null;
}
