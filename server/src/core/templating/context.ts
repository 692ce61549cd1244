// What the template fixes of DG101 and DG102 share per analysis: the operator resolver, name
// scopes and how each DAG renders templates (strings or native Python objects). Built on first use and
// kept for the rest of the analysis (one per parse-time model), so that files without a fixable
// call pay nothing.
import { MemoKey } from '../memo';
import { NameScopes } from '../model/nameScopes';
import type { RuleContext } from '../ruleContext';
import { field, unparenthesize, parentOf, type Node } from '../syntax/nodes';
import { OperatorResolver } from './operatorClasses';
import { RenderingModel } from './rendering';
import type { FlowContext } from './valueFlow';

export interface TemplatingContext extends FlowContext {
  rule: RuleContext;
  /** How each task's DAG renders templates (as strings, or as native objects). */
  rendering: RenderingModel;
}

const BUILTINS = new Set(['dict', 'str']);

/** Uses followed per fix at most (each name read, each parameter read, each landing). */
export const FOLLOW_BUDGET = 2000;

function unparenthesizedCallee(call: Node): Node | null {
  return unparenthesize(field(call, 'function'));
}

const cache = new MemoKey<TemplatingContext>('templating context');

export function templatingContext(rule: RuleContext): TemplatingContext {
  let context = cache.get(rule.model);
  if (!context) {
    const { source, imports, model } = rule;
    context = {
      rule,
      source,
      scopes: NameScopes.of(source),
      operators: new OperatorResolver(source, imports, model, rule.operatorClasses),
      rendering: new RenderingModel(source, imports, rule.bindings),
      budget: { left: FOLLOW_BUDGET, followed: new Set() },
      deadline: rule.deadline,
      plainFunctionOf: (call) => {
        const info = model.resolveCallee(call);
        if (!info || info.classInfo || parentOf(info.node)?.type === 'decorated_definition') return null;
        return field(unparenthesizedCallee(call), 'attribute') ? null : info.node;
      },
      builtinOf: (call) => {
        const callee = field(call, 'function');
        if (callee?.type !== 'identifier' || !BUILTINS.has(callee.text)) return null;
        const name = callee.text;
        // Imported, defined or assigned anywhere in the file: not the builtin we know.
        if (
          imports.binding(name) ||
          source.identifiers(name).some((identifier) => {
            const parent = parentOf(identifier);
            return parent?.type !== 'call' || field(parent, 'function')?.id !== identifier.id;
          })
        )
          return null;
        return name;
      },
    };
    cache.set(rule.model, context);
  }
  return { ...context, rule, deadline: rule.deadline, budget: { left: FOLLOW_BUDGET, followed: new Set() } };
}
