// What the names of a file refer to, as fully qualified dotted names: `from airflow.models import
// Variable as V` makes `V.get` resolve to "airflow.models.Variable.get". Imports anywhere in the
// file count (a function-level import almost always names the same thing as a module-level one).
import { starExports } from '../airflow/names';
import { dottedText, field, namedChildren, unparenthesize, type Node } from '../syntax/nodes';
import type { SourceFile } from './source';

export interface ImportBinding {
  /** The local name the import binds. */
  local: string;
  /** What it refers to: "airflow.models.Variable", "pandas", or ".utils.x" for relative imports. */
  qualified: string;
  /** The import statement. */
  statement: Node;
  /** The name node inside the statement (dotted_name or aliased_import). */
  nameNode: Node;
  /** `import a.b` binds `a` but loads `a.b`: the module that is imported. */
  module: string;
}

export class ImportMap {
  readonly bindings: ImportBinding[] = [];
  private readonly byLocal = new Map<string, ImportBinding>();
  /** Modules of `from X import *`. */
  readonly starModules: string[] = [];

  /** Callees by call node id: several rules ask for the same calls (each read costs WASM calls). */
  private readonly callees = new Map<number, CalleeText>();

  constructor(private readonly source: SourceFile) {
    for (const statement of source.nodes('import_statement')) this.addImport(statement);
    for (const statement of source.nodes('import_from_statement')) this.addFromImport(statement);
  }

  private add(binding: ImportBinding): void {
    this.bindings.push(binding);
    // The first binding of a name wins: module-level imports come first in document order.
    if (!this.byLocal.has(binding.local)) this.byLocal.set(binding.local, binding);
  }

  private addImport(statement: Node): void {
    for (const name of namedChildren(statement)) {
      if (name.type === 'dotted_name') {
        const module = name.text.replace(/\s+/g, '');
        this.add({ local: module.split('.')[0], qualified: module.split('.')[0], statement, nameNode: name, module });
      } else if (name.type === 'aliased_import') {
        const target = dottedText(field(name, 'name')) ?? field(name, 'name')?.text;
        const alias = field(name, 'alias')?.text;
        if (target && alias) this.add({ local: alias, qualified: target, statement, nameNode: name, module: target });
      }
    }
  }

  private addFromImport(statement: Node): void {
    const moduleNode = field(statement, 'module_name');
    if (!moduleNode) return;
    const module = moduleNode.text.replace(/\s+/g, '');
    for (const child of namedChildren(statement)) {
      if (child.id === moduleNode.id) continue;
      if (child.type === 'wildcard_import') {
        this.starModules.push(module);
      } else if (child.type === 'dotted_name') {
        const name = child.text;
        this.add({ local: name, qualified: joinName(module, name), statement, nameNode: child, module });
      } else if (child.type === 'aliased_import') {
        const name = field(child, 'name')?.text;
        const alias = field(child, 'alias')?.text;
        if (name && alias) this.add({ local: alias, qualified: joinName(module, name), statement, nameNode: child, module });
      }
    }
  }

  /**
   * The callee of a call, read from the source text (cheaper than walking attribute nodes), with
   * names bound only by an Airflow star import resolved. Cached per call.
   */
  callee(call: Node): Readonly<CalleeText> {
    let callee = this.callees.get(call.id);
    if (!callee) {
      const fn = call.childForFieldName('function');
      const raw = fn ? this.source.text.slice(fn.startIndex, fn.endIndex) : '';
      const text = DOTTED.test(raw) ? (SPACE.test(raw) ? raw.replace(/\s+/g, '') : raw) : null;
      callee = text ? { text, qualified: this.resolveDotted(text, starExports) } : NOT_DOTTED;
      this.callees.set(call.id, callee);
    }
    // Shared, never copied: asked of every call by several passes; callers only read it.
    return callee;
  }

  /** `V.get` -> "airflow.models.Variable.get" for a dotted name given as text. */
  resolveDotted(text: string, starCandidates?: (module: string, name: string) => boolean): string | null {
    const dot = text.indexOf('.');
    const head = dot < 0 ? text : text.slice(0, dot);
    const rest = dot < 0 ? '' : text.slice(dot);
    const binding = this.byLocal.get(head);
    if (binding) return binding.qualified + rest;
    const star = starCandidates ? this.starModules.find((module) => starCandidates(module, head)) : undefined;
    return star ? joinName(star, head) + rest : null;
  }

  binding(local: string): ImportBinding | undefined {
    return this.byLocal.get(local);
  }

  /**
   * The qualified name of an expression (`V.get` -> "airflow.models.Variable.get"), or null when
   * its root name is not imported. Names bound only by a star import resolve into that module
   * when `starCandidates` says the module exports them.
   */
  resolve(node: Node | null, starCandidates?: (module: string, name: string) => boolean): string | null {
    const text = dottedText(unparenthesize(node));
    if (!text) return null;
    const [head, ...rest] = text.split('.');
    const binding = this.byLocal.get(head);
    let base: string | undefined = binding?.qualified;
    if (!base && starCandidates) {
      base = this.starModules.filter((module) => starCandidates(module, head)).map((module) => joinName(module, head))[0];
    }
    if (!base) return null;
    return [base, ...rest].join('.');
  }
}

const DOTTED = /^[A-Za-z_]\w*(?:\s*\.\s*[A-Za-z_]\w*)*$/;
const SPACE = /\s/;
const NOT_DOTTED: Readonly<CalleeText> = Object.freeze({ text: null, qualified: null });

export interface CalleeText {
  /** The callee's dotted source text (`Variable.get`), or null when it is not a plain name chain. */
  text: string | null;
  /** Its qualified name through the file's imports, or null when it is not imported. */
  qualified: string | null;
}

function joinName(module: string, name: string): string {
  return module.endsWith('.') ? module + name : `${module}.${name}`;
}
