// Which rules run and at what severity, from the select / ignore / severity settings.
import type { Settings } from '../settings/schema';
import type { Severity } from './rule';
import { ownEntry } from '../ownEntry';

/** A loop, not `some` with a closure: asked for every rule of every analysis. */
function matches(code: string, patterns: readonly string[]): boolean {
  for (const pattern of patterns) {
    const upper = pattern.trim().toUpperCase();
    if (upper === 'ALL' || (upper.length > 0 && code.startsWith(upper))) return true;
  }
  return false;
}

export function isRuleEnabled(code: string, settings: Pick<Settings, 'select' | 'ignore' | 'severity'>): boolean {
  if (ownEntry(settings.severity, code) === 'off') return false;
  if (matches(code, settings.ignore)) return false;
  return settings.select.length === 0 || matches(code, settings.select);
}

export function effectiveSeverity(code: string, reported: Severity, settings: Pick<Settings, 'severity'>): Severity {
  const configured = ownEntry(settings.severity, code);
  return configured && configured !== 'off' ? configured : reported;
}
