// The findings DG101 to DG105 make in a DAG file for hazards that live in other project modules: at
// the call or import that brings the cost in (`read_export_vars() runs Variable.get 3x per parse.`),
// with the chain in the detail (`At common/variables.py:6, via read_var.`) and in `related` (the
// hazard first, then the calls or imports that lead to it).
import { describeCount, describeMultiplicity, describeReasons, type Multiplicity } from '../model/multiplicity';
import { joinSentences } from '../rules/sentences';
import { parseTimeSeverity } from '../rules/parseTimeSeverity';
import type { RelatedLocation } from '../findings';
import type { RuleContext } from '../ruleContext';
import { dagFileReach, type DagFileReach } from './dagFileReach';
import type { HazardKind } from './modules';
import { plus, times, type ReachedHazard } from './reach';

const MAX_SITES_SHOWN = 3;
const MAX_LINES_SHOWN = 5;

/**
 * Reports, for each parse-time call or import of the DAG file, the hazards of the chosen kinds it
 * reaches in the project: one finding per kind and label (`Variable.get()`, `requests.get()`).
 * `consequence` ends the detail ("each call queries the metadata database (or secrets backend)").
 */
export function reportProjectHazards(
  context: RuleContext,
  kinds: ReadonlySet<HazardKind>,
  consequence: (kind: HazardKind, label: string, sites: readonly ReachedHazard[]) => string,
  /** Hazards another finding already counts (a heavy package another one loads). */
  skip: (kind: HazardKind, label: string) => boolean = () => false,
): void {
  if (!context.project) return;
  for (const reach of dagFileReach(context)) {
    const groups = new Map<string, ReachedHazard[]>();
    for (const found of reach.hazards) {
      if (!kinds.has(found.hazard.kind) || skip(found.hazard.kind, found.hazard.label)) continue;
      const key = `${found.hazard.kind}\0${found.hazard.label}`;
      groups.set(key, [...(groups.get(key) ?? []), found]);
    }
    for (const sites of groups.values()) report(context, reach, sites, consequence(sites[0].hazard.kind, sites[0].hazard.label, sites));
  }
}

function report(context: RuleContext, reach: DagFileReach, sites: ReachedHazard[], consequence: string): void {
  const { kind, label } = sites[0].hazard;
  let perCall = sites[0].multiplicity;
  for (const site of sites.slice(1)) perCall = plus(perCall, site.multiplicity);
  const total: Multiplicity = { ...times(perCall, reach.multiplicity), reasons: reach.multiplicity.reasons };
  const runs = describeCount(total);
  const where = describeSites(context.source.path, sites);
  const message =
    kind === 'heavy-import'
      ? `${reach.subject} imports ${label} ${runs}; ${label} is slow to import.`
      : `${reach.subject} runs ${label.replace(/\(\)$/, '')} ${runs}.`;
  context.report({
    node: reach.node,
    message,
    detail: joinSentences(`at ${where}`, describeReasons(total), consequence),
    severity: kind === 'heavy-import' ? undefined : parseTimeSeverity(total, kind, context.settings),
    related: sites.flatMap((site) => relatedOf(context.source.path, reach, site)),
  });
}

/**
 * "common/variables.py:6, via read_var; common/config.py:3": the sites, those of one file reached
 * the same way on one entry ("common/publish.py:11, 12, 13, 14"), the first few of each.
 */
function describeSites(fromPath: string, sites: ReachedHazard[]): string {
  const groups = new Map<string, { at: string; via: string[]; lines: number[] }>();
  for (const site of sites) {
    const key = `${site.path}\0${site.via.join('\0')}`;
    const group = groups.get(key) ?? { at: displayPath(fromPath, site.path), via: site.via, lines: [] };
    group.lines.push(site.hazard.range.start.line + 1);
    groups.set(key, group);
  }
  const shown = [...groups.values()].slice(0, MAX_SITES_SHOWN).map(({ at, via, lines }) => {
    const numbers =
      lines.length > MAX_LINES_SHOWN
        ? `${lines.slice(0, MAX_LINES_SHOWN).join(', ')} and ${lines.length - MAX_LINES_SHOWN} more`
        : lines.join(', ');
    return `${at}:${numbers}${via.length > 0 ? `, via ${describeVia(via)}` : ''}`;
  });
  if (groups.size > MAX_SITES_SHOWN) shown.push(`${groups.size - MAX_SITES_SHOWN} more`);
  return shown.join('; ');
}

/** "read_var", "a, b, c", "a, b, c and 4 more": a long chain is in the related locations. */
function describeVia(via: string[]): string {
  return via.length > 4 ? `${via.slice(0, 3).join(', ')} and ${via.length - 3} more` : via.join(', ');
}

function relatedOf(fromPath: string, reach: DagFileReach, site: ReachedHazard): RelatedLocation[] {
  const runs = describeMultiplicity({ ...times(site.multiplicity, reach.multiplicity), reasons: [] });
  const what = site.hazard.kind === 'heavy-import' ? `imports ${site.hazard.label}` : `${site.hazard.label} runs`;
  const file = displayPath(fromPath, fromPath);
  return [
    { path: site.path, range: site.hazard.range, message: `${what} ${runs} of ${file}, through ${reach.subject}`, role: 'hazard' },
    ...site.steps.map((step) => ({ ...step, role: 'via' as const })),
  ];
}

/**
 * `to` as a reader of `from` finds it: relative to `from`'s folder (`common/variables.py` from
 * `dags/export_dag.py`), with `../` when it lies elsewhere. Paths and file URIs alike, `/` or `\`.
 */
export function displayPath(from: string, to: string): string {
  const split = (path: string) => path.replace(/\\/g, '/').split('/');
  const fromParts = split(from).slice(0, -1);
  const toParts = split(to);
  let common = 0;
  while (common < fromParts.length && common < toParts.length - 1 && fromParts[common] === toParts[common]) common++;
  if (common === 0 && fromParts.length > 0) return toParts.join('/');
  return [...fromParts.slice(common).map(() => '..'), ...toParts.slice(common)].join('/');
}
