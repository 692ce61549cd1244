// The parse cost of a DAG file counting what the project's modules run for it (the helpers it
// calls, the project modules it imports), the same count DG101 to DG105 report. One entry point
// for the code lens and `dag-guard report`, which pass the project's module index.
import type { SourceFile } from '../model/source';
import type { ProjectModules } from '../project/modules';
import type { Settings } from '../settings/schema';
import { parseCostOfSource, type ParseCost, type ParseTimings } from './parseCost';

type CostOfSource = (source: SourceFile, settings: Pick<Settings, 'ioCalls' | 'heavyModules'>, timings: ParseTimings, project: ProjectModules | null) => ParseCost | null;

export function parseCostWithProject(source: SourceFile, settings: Pick<Settings, 'ioCalls' | 'heavyModules'>, timings: ParseTimings, project: ProjectModules | null): ParseCost | null {
  // parseCostOfSource takes the project's modules as its fourth argument (core/project/).
  return (parseCostOfSource as CostOfSource)(source, settings, timings, project);
}
