// One rule for all parse-time call rules (DG101 to DG104): a database or network call that runs
// `parseTimeErrorThreshold` times or more per parse (10 by default) is an error, not a warning.
// Only a count the file states exactly escalates: an unknown count, or an upper bound under a
// condition ("up to 12x"), keeps the rule's default severity.
import { reachesService, type IoKind } from '../catalogue/ioCalls';
import type { Multiplicity } from '../model/multiplicity';
import type { Settings } from '../settings/schema';
import type { Severity } from './rule';

export function parseTimeSeverity(
  multiplicity: Multiplicity,
  kind: IoKind | 'variable' | 'connection' | 'hook',
  settings: Pick<Settings, 'parseTimeErrorThreshold'>,
): Severity | undefined {
  const threshold = settings.parseTimeErrorThreshold;
  if (threshold <= 0 || !reachesService(kind)) return undefined;
  if (multiplicity.count === null || multiplicity.conditional || multiplicity.count < threshold) return undefined;
  return 'error';
}
