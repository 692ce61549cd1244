// Which rules run and at what severity, from the select / ignore / severity settings.
import type { Settings } from '../settings/schema';
import type { Severity } from './rule';
import { ownEntry } from '../ownEntry';

function matches(code: string, patterns: readonly string[]): boolean {
  return patterns.some((pattern) => {
    const upper = pattern.trim().toUpperCase();
    return upper === 'ALL' || (upper.length > 0 && code.startsWith(upper));
  });
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
