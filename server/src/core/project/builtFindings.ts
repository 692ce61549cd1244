// The value rules (DG301 to DG303) on the DAGs and operators a project helper builds when the DAG
// file calls it at parse time: an argument the helper computes from the clock, a uuid or random
// (`make_publish_task(dag)` building `PythonOperator(op_kwargs={"day": datetime.now()})`) is reported
// at the DAG file's call, with the helper's argument as related information.
import { definitionOf, type DefinitionCall } from '../airflow/definitions';
import type { RuleContext } from '../ruleContext';
import { builtOperators, type BuiltOperator } from './builtOperators';
import { ownFunctionCallsOf } from './dagFileReach';
import { displayPath } from './findings';
import type { RuntimeArgument } from './modules';
import { callArguments, type Node } from '../syntax/nodes';

export interface BuiltArgument {
  /** "make_publish_task()". */
  subject: string;
  /** "PythonOperator", "DAG". */
  builds: string;
  argument: RuntimeArgument;
  /** The sources the rule keeps, as "`datetime.now()`" and "`uuid.uuid4()`". */
  origin: string;
  /** "common/tasks.py:10" (with ", via f" when the DAG file's call reaches it through other functions). */
  where: string;
}

/**
 * Whether the DAG file's call may pass the factory's parameter: by keyword, at its position, or
 * through a `*args` / `**kwargs` splat (which may hold anything).
 */
function mayPass(call: Node, { parameter, position }: { parameter: string; position: number }): boolean {
  const args = callArguments(call);
  return args.hasSplat || args.keywords.has(parameter) || args.positional.length > position;
}

/**
 * The DAGs the file's own factories build with default_args from a helper's dict (`get_default_args()`
 * above `create_dag`): the parse-time model reports what the factory's body computes itself, but
 * not what reaches it through the helper's return value.
 */
function ownHelperDefaultArgs(context: RuleContext): Array<Omit<BuiltOperator, 'multiplicity'>> {
  const result: Array<Omit<BuiltOperator, 'multiplicity'>> = [];
  for (const call of ownFunctionCallsOf(context)) {
    if (call.resolved.kind !== 'function') continue;
    for (const built of call.resolved.fn.constructions) {
      const fromHelper = built.runtimeArguments?.filter((argument) => argument.from);
      if (fromHelper?.length)
        result.push({ call, built: { ...built, runtimeArguments: fromHelper }, path: call.resolved.module.path, via: [] });
    }
  }
  return result;
}

export function reportBuiltArguments(
  context: RuleContext,
  keep: (argument: RuntimeArgument, definition: DefinitionCall | null, kind: RuntimeArgument['sources'][number]['kind']) => boolean,
  describe: (found: BuiltArgument) => { message: string; detail?: string },
): void {
  if (!context.project) return;
  const reported = new Set<string>();
  for (const { call, built, path, via } of [...builtOperators(context), ...ownHelperDefaultArgs(context)]) {
    if (!built.runtimeArguments) continue;
    const definition = definitionOf(built.qualified);
    for (const argument of built.runtimeArguments) {
      if (argument.unlessPassed && (via.length > 0 || mayPass(call.node, argument.unlessPassed))) continue;
      const sources = argument.sources.filter((found) => keep(argument, argument.defaultArgs ? null : definition, found.kind));
      if (sources.length === 0) continue;
      const key = `${call.node.id}\0${path}\0${argument.range.start.line}:${argument.range.start.character}`;
      if (reported.has(key)) continue;
      reported.add(key);
      const names = [...new Set(sources.map((found) => `\`${found.display}\``))];
      const origin = names.length <= 1 ? names.join('') : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
      const through = [...via, ...(argument.from ? [argument.from.replace(/\(\)$/, '')] : [])];
      const where = `${displayPath(context.source.path, path)}:${argument.range.start.line + 1}${through.length > 0 ? `, via ${through.join(', ')}` : ''}`;
      const builds = built.qualified.slice(built.qualified.lastIndexOf('.') + 1);
      context.report({
        node: call.node,
        ...describe({ subject: call.subject, builds, argument, origin, where }),
        related: [
          {
            path,
            range: argument.range,
            message: `${argument.defaultArgs ? `default_args["${argument.name}"]` : argument.name} of the ${builds} ${call.subject} builds`,
            role: 'hazard',
          },
        ],
      });
    }
  }
}
