// Whether a finding can be fixed from the CLI: by --fix ('safe'), only with --unsafe-fixes
// ('unsafe': a fix that may change behaviour, the finding's own or its first alternative), or not.
import { offeredFix } from '../../core/fixes/fixAll';
import type { Finding } from '../../core/findings';

export type Fixability = 'safe' | 'unsafe' | null;

export function fixability(finding: Finding): Fixability {
  if (finding.fix?.safe) return 'safe';
  return offeredFix(finding) ? 'unsafe' : null;
}

/** Is the finding fixed by `check --fix` with these flags? */
export function isFixable(finding: Finding, unsafeFixes: boolean): boolean {
  const how = fixability(finding);
  return how === 'safe' || (how === 'unsafe' && unsafeFixes);
}
