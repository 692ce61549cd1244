// How the DAG of a task renders its templates: as strings (Airflow's default) or, with
// `render_template_as_native_obj=True`, as Python objects (a rendered "5432" becomes 5432). A
// template fix must know which, per DAG: the task's `with DAG(...)` block, its `@dag(...)`
// function, or its `dag=` argument. Where a file sets the option on some DAG and the task's DAG
// cannot be told, the answer is 'unknown', and no fix depends on it.
import type { ImportMap } from '../model/imports';
import type { ModuleBindings } from '../model/bindings';
import type { SourceFile } from '../model/source';
import {
  callArguments,
  decoratorExpression,
  decoratorsOf,
  field,
  namedChildren,
  unparenthesize,
  parentOf,
  type Node,
} from '../syntax/nodes';

export type Rendering = 'string' | 'native' | 'unknown';

const OPTION = 'render_template_as_native_obj';

export class RenderingModel {
  private readonly anyNative: boolean;

  constructor(
    source: SourceFile,
    private readonly imports: ImportMap,
    private readonly bindings: ModuleBindings,
  ) {
    // Most files never name the option: the text says so without reading every keyword.
    this.anyNative =
      source.text.includes(OPTION) &&
      source
        .nodes('keyword_argument')
        .some((keyword) => field(keyword, 'name')?.text === OPTION && optionValue(field(keyword, 'value')) !== false);
  }

  /** How the DAG of the operator call `call` renders templates. */
  renderingOf(call: Node): Rendering {
    if (!this.anyNative) return 'string';
    const explicit = callArguments(call).keywords.get('dag');
    if (explicit) return this.renderingOfDagExpression(explicit);
    for (let node = parentOf(call); node; node = parentOf(node)) {
      if (node.type === 'with_statement') {
        const dags = namedChildren(namedChildren(node).find((child) => child.type === 'with_clause'))
          .map((item) => unparenthesize(field(item, 'value')))
          .map((value) => (value?.type === 'as_pattern' ? unparenthesize(namedChildren(value)[0] ?? null) : value))
          .filter((value): value is Node => value?.type === 'call' && this.isDagClass(field(value, 'function')));
        if (dags.length === 1) return renderingOfDagCall(dags[0]);
      }
      if (node.type === 'function_definition') {
        for (const decorator of decoratorsOf(node)) {
          const expression = unparenthesize(decoratorExpression(decorator));
          if (expression?.type === 'call' && this.isDagDecorator(field(expression, 'function'))) return renderingOfDagCall(expression);
        }
      }
    }
    return 'unknown';
  }

  private renderingOfDagExpression(expression: Node): Rendering {
    const value = this.bindings.resolveValue(unparenthesize(expression));
    return value?.type === 'call' && this.isDagClass(field(value, 'function')) ? renderingOfDagCall(value) : 'unknown';
  }

  private isDagClass(callee: Node | null): boolean {
    const qualified = this.imports.resolve(callee);
    return !!qualified && /^airflow\.(models\.dag\.|models\.|sdk\.|sdk\.definitions\.dag\.)?DAG$/.test(qualified);
  }

  private isDagDecorator(callee: Node | null): boolean {
    const qualified = this.imports.resolve(callee);
    return !!qualified && /^airflow\.(decorators\.|sdk\.|models\.dag\.)?dag$/.test(qualified);
  }
}

/** The option's literal value: true, false, or null when it is not a literal. */
function optionValue(value: Node | null): boolean | null {
  const text = unparenthesize(value)?.text;
  if (text === 'True') return true;
  if (text === 'False' || text === 'None' || text === '0') return false;
  return null;
}

function renderingOfDagCall(call: Node): Rendering {
  const args = callArguments(call);
  if (args.hasSplat) return 'unknown';
  const option = args.keywords.get(OPTION);
  if (!option) return 'string';
  const value = optionValue(option);
  return value === null ? 'unknown' : value ? 'native' : 'string';
}
