// How many times a piece of code runs per parse of its file, and why, in words a message can use.

export interface Multiplicity {
  /** Runs per parse; null when the file does not say (a loop over a YAML file, a while loop). */
  count: number | null;
  /** Some enclosing branch may skip it: the count is an upper bound. */
  conditional: boolean;
  /** Why, innermost first: "inside the loop at line 12", "in make_dag(), called at line 30". */
  reasons: string[];
}

export const ONCE: Multiplicity = Object.freeze({ count: 1, conditional: false, reasons: [] }) as Multiplicity;

/**
 * Reasons kept per multiplicity: a message names the innermost few; a chain of thousands of
 * factories would otherwise copy ever longer lists (quadratic time and memory) into one sentence.
 */
const MAX_REASONS = 8;
const MORE = '…';

export function times(inner: Multiplicity, outer: Multiplicity): Multiplicity {
  return {
    count: inner.count === null || outer.count === null ? null : inner.count * outer.count,
    conditional: inner.conditional || outer.conditional,
    reasons: capReasons(inner.reasons, outer.reasons),
  };
}

/** `first` then `second`, at most MAX_REASONS of them, the last one '…' when some were left out. */
export function capReasons(first: readonly string[], second: readonly string[] = []): string[] {
  // Both lists come capped, so joining them costs at most twice MAX_REASONS.
  const joined = [...first, ...second];
  const cut = joined.indexOf(MORE);
  if (cut < 0 && joined.length <= MAX_REASONS) return joined;
  return [...(cut < 0 ? joined : joined.slice(0, cut)).slice(0, MAX_REASONS - 1), MORE];
}

/** "at every parse", "6x per parse: inside the loop at line 12", "an unknown number of times ...". */
export function describeMultiplicity(multiplicity: Multiplicity): string {
  const { reasons } = multiplicity;
  return `${describeCount(multiplicity)}${reasons.length > 0 ? `: ${reasons.join(', ')}` : ''}`;
}

/** The count alone, for a message's short first sentence: "at every parse", "up to 6x per parse". */
export function describeCount(multiplicity: Multiplicity): string {
  const { count, conditional, reasons } = multiplicity;
  if (count === null) return 'an unknown number of times per parse';
  if (count === 0) return '0x per parse';
  // A branch with a reason (a filtered comprehension) may skip it: an upper bound.
  if (count === 1) return conditional && reasons.length > 0 ? 'at most once per parse' : 'at every parse';
  return `${conditional ? 'up to ' : ''}${count}x per parse`;
}

/**
 * The reasons for the count as a sentence of a finding's detail ("Inside the loop at line 12, in
 * make_dag(), called at line 30."), or '' when there are none.
 */
export function describeReasons(multiplicity: Multiplicity): string {
  const { reasons } = multiplicity;
  if (reasons.length === 0) return '';
  const text = reasons.join(', ');
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}.`;
}
