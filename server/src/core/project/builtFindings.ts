// The value rules (DG301 to DG303) on the DAGs and operators a project helper builds when the DAG
// file calls it at parse time: an argument the helper computes from the clock, a uuid or random
// (`make_publish_task(dag)` building `PythonOperator(op_kwargs={"day": datetime.now()})`) is reported
// at the DAG file's call, with the helper's argument as related information.
import { definitionOf, type DefinitionCall } from '../airflow/definitions';
import type { RuleContext } from '../ruleContext';
import { builtOperators } from './builtOperators';
import { displayPath } from './findings';
import type { RuntimeArgument } from './modules';

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

export function reportBuiltArguments(
  context: RuleContext,
  keep: (argument: RuntimeArgument, definition: DefinitionCall | null, kind: RuntimeArgument['sources'][number]['kind']) => boolean,
  describe: (found: BuiltArgument) => { message: string; detail?: string },
): void {
  if (!context.project) return;
  const reported = new Set<string>();
  for (const { call, built, path, via } of builtOperators(context)) {
    if (!built.runtimeArguments) continue;
    const definition = definitionOf(built.qualified);
    for (const argument of built.runtimeArguments) {
      const sources = argument.sources.filter((found) => keep(argument, argument.defaultArgs ? null : definition, found.kind));
      if (sources.length === 0) continue;
      const key = `${call.node.id}\0${path}\0${argument.range.start.line}:${argument.range.start.character}`;
      if (reported.has(key)) continue;
      reported.add(key);
      const names = [...new Set(sources.map((found) => `\`${found.display}\``))];
      const origin = names.length <= 1 ? names.join('') : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
      const where = `${displayPath(context.source.path, path)}:${argument.range.start.line + 1}${via.length > 0 ? `, via ${via.join(', ')}` : ''}`;
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
