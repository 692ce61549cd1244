// Reports the DAG file's arguments that reach `DAG()`, an operator or default_args through a
// project wrapper (wrapperFlows.ts) and whose value changes at every parse: DG301 and DG302 call it
// after their own arguments, each with the names it owns and its message.
import { runtimeValuesOf, type RuntimeSource } from '../model/runtimeValues';
import type { Fix } from '../findings';
import type { RuleContext } from '../ruleContext';
import { displayPath } from './findings';
import { wrapperArguments, type WrapperArgument } from './wrapperFlows';

/**
 * `describe` is told where the argument lands ("common/wrappers.py:8") beside the argument, not in
 * a copy of it (`{ ...argument, where }`): V8 (Node 20) allocates a copy made by a leading spread
 * in the old generation, and the copy's `value` then kept the analysis' nodes, the file's snapshot
 * among them, alive through young-generation collections until a full one (issue 16).
 */
export function reportWrapperArguments(
  context: RuleContext,
  select: (argument: WrapperArgument) => boolean,
  describe: (argument: WrapperArgument, where: string, sources: RuntimeSource[]) => { message: string; detail?: string; fix?: Fix | null },
  keep: (found: RuntimeSource, argument: WrapperArgument) => boolean = () => true,
): void {
  if (!context.project) return;
  const candidates = wrapperArguments(context).filter(select);
  if (candidates.length === 0) return;
  const values = runtimeValuesOf(context);
  const reported = new Set<number>();
  for (const argument of candidates) {
    if (reported.has(argument.value.id)) continue;
    const sources = values.sourcesOf(argument.value).filter((found) => keep(found, argument));
    if (sources.length === 0 || context.model.phaseOf(argument.value) !== 'parse') continue;
    reported.add(argument.value.id);
    const where = `${displayPath(context.source.path, argument.path)}:${argument.range.start.line + 1}`;
    const { message, detail, fix } = describe(argument, where, sources);
    context.report({
      node: argument.value,
      message,
      detail,
      fix: fix ?? null,
      related: [
        {
          path: argument.path,
          range: argument.range,
          message: `${argument.landing} receives the ${argument.name} of ${argument.wrapper}`,
          role: 'hazard',
        },
      ],
    });
  }
}
