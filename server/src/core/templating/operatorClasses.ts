// Which arguments of an operator call Airflow renders with Jinja. Three sources, most specific
// first: classes defined in the file itself, operator classes found elsewhere in the project
// (the DAG folder, `plugins/`, `include/`, the python-path folders: read by
// server/src/project/operatorIndex.ts with the same reader and
// passed in through AnalysisOptions), and the built-in table of Airflow's own operators.
import { airflowOperatorName, operatorSpec, templateExtOf, templateFieldsOf } from '../airflow/operators';
import type { ImportMap } from '../model/imports';
import type { ParseTimeModel } from '../model/parseTime';
import type { SourceFile } from '../model/source';
import { dottedText, field, unparenthesize, type Node } from '../syntax/nodes';
import { readOperatorClasses, type OperatorClassSpec } from './operatorClassReader';

export type OperatorAt =
  | {
      kind: 'operator';
      name: string;
      fields: ReadonlySet<string>;
      /** template_ext: a value ending with one of these is read as a template file name ('*': any). */
      ext: readonly string[];
      /** The keyword argument reaches the rendered attribute as it was given (see OperatorClassSpec.init). */
      passesUnchanged: (argument: string) => boolean;
      /** The class, or a base of the file or project, renders `self.<argument>` with its own Jinja call. */
      rendersItself: (argument: string) => boolean;
    }
  /** Looks like an operator, but its template_fields cannot be known. */
  | { kind: 'unknown'; name: string }
  /** Any other call: `int()`, `DAG()`, a helper function. */
  | { kind: 'call'; name: string };

/** Where an operator class is read from: the file, the project's other files, or Airflow's built-in table. */
type Where = 'file' | 'project' | 'builtin';

/** Resolves the callee of a call to an operator class and its template_fields. */
export class OperatorResolver {
  private readonly fileClasses: Map<string, OperatorClassSpec>;
  private readonly projectClasses = new Map<string, OperatorClassSpec | null>();

  constructor(
    source: SourceFile,
    private readonly imports: ImportMap,
    private readonly model: ParseTimeModel,
    projectClasses: readonly OperatorClassSpec[],
  ) {
    this.fileClasses = new Map(readOperatorClasses(source).map((spec) => [spec.name, spec]));
    // Two project classes with one name and different fields: we cannot tell which is meant.
    for (const spec of projectClasses) {
      const seen = this.projectClasses.get(spec.name);
      this.projectClasses.set(spec.name, seen === undefined || (seen && JSON.stringify(seen) === JSON.stringify(spec)) ? spec : null);
    }
  }

  /** What the call `call` constructs. `Op.partial(...)` counts as `Op(...)`. */
  resolve(call: Node): OperatorAt {
    let callee = unparenthesize(field(call, 'function'));
    if (callee?.type === 'attribute' && field(callee, 'attribute')?.text === 'partial') callee = unparenthesize(field(callee, 'object'));
    const text = dottedText(callee);
    if (!callee || !text) return { kind: 'call', name: callee?.text ?? 'a call' };
    const last = text.split('.').pop()!;
    if (callee.type === 'identifier') {
      const local = this.model.lookup(text, this.model.scopeOf(call), call);
      if (local && !('isTask' in local)) return this.fromName(text, 'file');
      if (local) return { kind: 'call', name: text };
    }
    const qualified = this.imports.resolve(callee);
    if (qualified) {
      const airflowName = airflowOperatorName(qualified);
      if (airflowName) return this.fromName(airflowName, 'builtin');
      if (this.projectClasses.get(last)) return this.fromName(last, 'project');
      // A class from the project or a library we have not read: it may well be an operator.
      if (!qualified.startsWith('airflow.') && /^[A-Z]/.test(last)) return { kind: 'unknown', name: last };
    }
    return /(Operator|Sensor)$/.test(last) ? { kind: 'unknown', name: last } : { kind: 'call', name: text };
  }

  private fromName(name: string, where: Where): OperatorAt {
    const fields = this.fieldsOf(name, where, 0);
    if (fields)
      return {
        kind: 'operator',
        name,
        fields,
        ext: this.extOf(name, where, 0),
        passesUnchanged: (argument) => this.passesUnchanged(name, where, argument, 0),
        rendersItself: (argument) => this.rendersItself(name, where, argument, 0),
      };
    const spec = where === 'file' ? this.fileClasses.get(name) : undefined;
    const looksLikeOperator = (className: string) => /(Operator|Sensor)$/.test(className);
    // A plain class of the file (no template_fields, no operator base) is just a call.
    if (spec && spec.fields === null && !looksLikeOperator(name) && !spec.bases.some(looksLikeOperator)) return { kind: 'call', name };
    return { kind: 'unknown', name };
  }

  /** template_fields of a class with inheritance, or null when any part is unknown. */
  private fieldsOf(name: string, where: Where, depth: number): ReadonlySet<string> | null {
    if (depth > 12) return null;
    const spec = this.specOf(name, where);
    if (where === 'builtin' || !spec) {
      // A base named in a file or project class: the file's own class, a project class, or Airflow's.
      if (where !== 'builtin' && !spec) return null;
      return operatorSpec(name) ? (templateFieldsOf(name) ?? null) : null;
    }
    if (spec.unreadable) return null;
    const fields = new Set(spec.fields ?? []);
    const inherit = spec.fields === null ? spec.bases : spec.spliced;
    for (const base of inherit) {
      const baseFields = this.baseFieldsOf(base, where, depth + 1);
      if (!baseFields) return null;
      for (const item of baseFields) fields.add(item);
    }
    if (spec.fields === null && spec.bases.length === 0) return null;
    return fields;
  }

  private extOf(name: string, where: Where, depth: number): string[] {
    if (depth > 12) return ['*'];
    const spec = this.specOf(name, where);
    if (!spec) return templateExtOf(name);
    if (spec.ext) return spec.ext;
    for (const base of spec.bases) {
      const found = this.extOf(base, this.baseWhere(base, where), depth + 1);
      if (found.length > 0) return found;
    }
    return [];
  }

  private passesUnchanged(name: string, where: Where, argument: string, depth: number): boolean {
    if (depth > 12) return false;
    const spec = this.specOf(name, where);
    if (!spec) return where === 'builtin' && operatorSpec(name) !== undefined; // Airflow's own operators store their fields as given
    if (spec.init?.stored.includes(argument)) return true;
    const handedOn = spec.init?.passedToBase.includes(argument) || (spec.init?.forwardsOthers && !spec.init.parameters.includes(argument));
    if (spec.init && !handedOn) return false;
    // No __init__ of its own, or the argument handed on: the first base that can say, says.
    for (const base of spec.bases) {
      const baseWhere = this.baseWhere(base, where);
      if (baseWhere !== 'builtin' || operatorSpec(base)) return this.passesUnchanged(base, baseWhere, argument, depth + 1);
    }
    return false;
  }

  private rendersItself(name: string, where: Where, argument: string, depth: number): boolean {
    if (depth > 12) return false;
    const spec = this.specOf(name, where);
    if (!spec) return false;
    if (spec.rendered?.includes(argument)) return true;
    return spec.bases.some((base) => this.rendersItself(base, this.baseWhere(base, where), argument, depth + 1));
  }

  private baseFieldsOf(base: string, where: 'file' | 'project', depth: number): ReadonlySet<string> | null {
    const baseWhere = this.baseWhere(base, where);
    return baseWhere !== 'builtin' || operatorSpec(base) ? this.fieldsOf(base, baseWhere, depth) : null;
  }

  /** The class read from source that `name` is where it is looked up (none for Airflow's, or two project classes with one name). */
  private specOf(name: string, where: Where): OperatorClassSpec | undefined {
    return where === 'file' ? this.fileClasses.get(name) : where === 'project' ? (this.projectClasses.get(name) ?? undefined) : undefined;
  }

  /** Where a base named by a class of `where` is defined: the file (only for the file's classes), the project, else Airflow. */
  private baseWhere(base: string, where: Where): Where {
    return where === 'file' && this.fileClasses.has(base) ? 'file' : this.projectClasses.get(base) ? 'project' : 'builtin';
  }
}
