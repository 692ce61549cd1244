// What the template fixes of DG101 and DG102 share per analysis: the operator resolver, name
// scopes and whether the file renders templates as native Python objects. Built on first use and
// kept for the rest of the analysis (one per parse-time model), so that files without a fixable
// call pay nothing.
import { NameScopes } from '../model/nameScopes';
import type { ParseTimeModel } from '../model/parseTime';
import type { RuleContext } from '../rules/rule';
import { field } from '../syntax/nodes';
import { OperatorResolver } from './operatorClasses';
import type { FlowContext } from './valueFlow';

export interface TemplatingContext extends FlowContext {
  rule: RuleContext;
  /**
   * A DAG of the file sets `render_template_as_native_obj=True`: a rendered template is then
   * turned back into a Python object (`"5432"` becomes 5432), so a string template can change type.
   */
  nativeRendering: boolean;
}

const cache = new WeakMap<ParseTimeModel, TemplatingContext>();

export function templatingContext(rule: RuleContext): TemplatingContext {
  let context = cache.get(rule.model);
  if (!context) {
    const { source, imports, model } = rule;
    context = {
      rule,
      source,
      scopes: new NameScopes(source),
      operators: new OperatorResolver(source, imports, model, rule.operatorClasses),
      nativeRendering: source.nodes('keyword_argument').some(
        (keyword) => field(keyword, 'name')?.text === 'render_template_as_native_obj' && !['False', 'None', '0'].includes(field(keyword, 'value')?.text ?? 'False'),
      ),
    };
    cache.set(rule.model, context);
  }
  return { ...context, rule };
}
