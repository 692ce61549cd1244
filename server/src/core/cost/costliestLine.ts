// Where a DAG file's parse cost sits: the line the editor's parse-cost view opens the file at. In
// the order costScore ranks (parseCost.ts): the call that leaves the DAG processor most often per
// parse (its own, or a helper's reached through a call; an unknown count, a loop over data, ranks
// first), else the first heavy import, else the first DAG built at parse time, else the first line.
import { DagBuilders } from '../airflow/dags';
import { moduleLevelHeavyImports } from '../model/heavyImports';
import type { Multiplicity } from '../model/multiplicity';
import type { ParseTimeModel } from '../model/parseTime';
import type { Node } from '../syntax/nodes';
import type { Settings } from '../settings/schema';
import type { ProjectModules } from '../project/modules';
import { dagFileReachSteps } from '../project/dagFileReach';
import { times } from '../project/reach';
import { parseTimeExternalCallsSteps } from './externalCalls';

/**
 * The 0-based line of the file's costliest parse-time site, in steps (core/steps.ts): the language
 * server's parse-cost view runs it a step per turn of its event loop.
 */
export function* costliestLineSteps(
  model: ParseTimeModel,
  settings: Pick<Settings, 'ioCalls' | 'heavyModules'>,
  project: ProjectModules | null = null,
): Generator<void, number> {
  const sites: Array<{ node: Node; runs: Multiplicity }> = (yield* parseTimeExternalCallsSteps(model, settings)).map((found) => ({
    node: found.call,
    runs: found.multiplicity,
  }));
  const { source, imports, calls } = model;
  let heavy: Node | null = moduleLevelHeavyImports(source, model, settings.heavyModules)[0]?.nameNode ?? null;
  for (const reach of yield* dagFileReachSteps({ source, imports, calls, model, settings, project })) {
    for (const found of reach.hazards) {
      if (found.hazard.kind !== 'heavy-import') sites.push({ node: reach.node, runs: times(found.multiplicity, reach.multiplicity) });
      else if (!heavy || reach.node.startIndex < heavy.startIndex) heavy = reach.node;
    }
  }
  let costliest: { node: Node; runs: Multiplicity } | null = null;
  for (const site of sites) {
    if (
      !costliest ||
      runsMore(site.runs, costliest.runs) ||
      (!runsMore(costliest.runs, site.runs) && site.node.startIndex < costliest.node.startIndex)
    )
      costliest = site;
  }
  const builders = yield* DagBuilders.steps(model);
  const dag = builders.direct.find((call) => model.phaseOf(call) === 'parse');
  const node = costliest?.node ?? heavy ?? dag ?? null;
  return node ? node.startPosition.row : 0;
}

function runsMore(a: Multiplicity, b: Multiplicity): boolean {
  if (a.count === null) return b.count !== null;
  return b.count !== null && a.count > b.count;
}
