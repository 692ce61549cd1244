// "Did you mean ...?": the closest candidate by edit distance (fastest-levenshtein), offered only
// when it is close enough to be a typo, or equal ignoring case.
import { closest, distance } from 'fastest-levenshtein';

export function didYouMean(value: string, candidates: readonly string[]): string | null {
  if (candidates.length === 0 || value.length === 0) return null;
  const lower = value.toLowerCase();
  const caseOnly = candidates.find((candidate) => candidate.toLowerCase() === lower);
  if (caseOnly) return caseOnly;
  const best = closest(
    lower,
    candidates.map((candidate) => candidate.toLowerCase()),
  );
  const index = candidates.findIndex((candidate) => candidate.toLowerCase() === best);
  const match = candidates[index];
  // One edit for short names; two (a swapped pair of letters) from 4 characters; 3 at most.
  const allowed = match.length <= 3 ? 1 : Math.min(3, Math.max(2, Math.floor(match.length / 3)));
  return distance(lower, best) <= allowed ? match : null;
}
