// Questions about Airflow's configuration keys, answered from the data in airflowConfig.ts: what
// a key is, whether it moved, what a typo was meant to be, and how `AIRFLOW__SECTION__KEY`
// environment variable names map to keys.
import {
  KEYS,
  KNOWN_NAMES,
  MOVES,
  REMOVALS,
  SECTION_MOVES,
  type ConfigKeySpec,
  type ConfigMove,
  type ConfigRemoval,
} from './airflowConfig';

export type KeyVariant = 'plain' | 'cmd' | 'secret';

export interface KeyInfo {
  section: string;
  key: string;
  /** The documented key (for a renamed key: the documented target, see `move`). */
  spec?: ConfigKeySpec | undefined;
  /** The key was renamed or moved (for the target version: see `moveOf`). */
  move?: ConfigMove | undefined;
  /** Airflow 3 removed the key without a new name. */
  removal?: ConfigRemoval;
  /** Airflow knows the key (documented, listed, or an old name it still maps). */
  known: boolean;
}

const specs = new Map<string, ConfigKeySpec>();
for (const spec of KEYS) specs.set(`${spec.section}.${spec.key}`, spec);
const moves = new Map<string, ConfigMove[]>();
for (const move of MOVES) {
  const name = `${move.fromSection}.${move.fromKey}`;
  moves.set(name, [...(moves.get(name) ?? []), move]);
}
const removals = new Map<string, ConfigRemoval>();
for (const removal of REMOVALS) removals.set(`${removal.section}.${removal.key}`, removal);

const namesBySection = new Map<string, Set<string>>();
const addName = (section: string, key: string) => {
  let names = namesBySection.get(section);
  if (!names) namesBySection.set(section, (names = new Set()));
  names.add(key);
};
for (const spec of KEYS) addName(spec.section, spec.key);
for (const [section, names] of Object.entries(KNOWN_NAMES)) for (const name of names) addName(section, name);
/** Sections whose keys the catalogue lists in full (unknown keys are only reported there). */
export const CATALOGUED_SECTIONS: readonly string[] = [...namesBySection.keys()];
// Renamed and removed keys of those sections are known names too. Sections that only appear in a
// move or a removal ([metrics], [fab], [smtp], ...) stay uncatalogued: two of their keys are not
// enough to call a third one a typo.
for (const move of MOVES) {
  if (namesBySection.has(move.fromSection)) addName(move.fromSection, move.fromKey);
  if (namesBySection.has(move.toSection)) addName(move.toSection, move.toKey);
}
for (const removal of REMOVALS) if (namesBySection.has(removal.section)) addName(removal.section, removal.key);

export function isCataloguedSection(section: string): boolean {
  return namesBySection.has(section);
}

export function sectionKeys(section: string): string[] {
  return [...(namesBySection.get(section) ?? [])].sort();
}

export function keySpec(section: string, key: string): ConfigKeySpec | undefined {
  return specs.get(`${section}.${key}`);
}

/**
 * Where Airflow moved `[section] key`: for a project on Airflow 3, the Airflow 3 place where there
 * is one by its minor version (`airflowMinor`; unknown: what 3.0 has), else the move Airflow 2
 * already reads; otherwise the move Airflow 2 reads (an Airflow 3 move when there is no other).
 */
export function moveOf(
  section: string,
  key: string,
  airflowVersion: 2 | 3 | null = null,
  airflowMinor: number | null = null,
): ConfigMove | undefined {
  const candidates = moves.get(`${section}.${key}`);
  if (candidates && airflowVersion === 3)
    return candidates.find((move) => move.airflow3Only && madeBy(move, airflowMinor)) ?? candidates.find((move) => !move.airflow3Only);
  if (candidates) return candidates.find((move) => !move.airflow3Only) ?? candidates[0];
  // A key of a renamed section moved with it (when the new section knows the key).
  const sectionMove = SECTION_MOVES.find((candidate) => candidate.fromSection === section);
  if (sectionMove && namesBySection.get(sectionMove.toSection)?.has(key)) {
    return {
      fromSection: section,
      fromKey: key,
      toSection: sectionMove.toSection,
      toKey: key,
      version: sectionMove.version,
      airflow3Only: false,
      source: sectionMove.source,
    };
  }
  return undefined;
}

/** Strips `_cmd` / `_secret` from a key whose plain form is known (Airflow reads both forms). */
export function splitVariant(section: string, key: string): { key: string; variant: KeyVariant } {
  for (const [suffix, variant] of [
    ['_cmd', 'cmd'],
    ['_secret', 'secret'],
  ] as const) {
    if (key.endsWith(suffix)) {
      const base = key.slice(0, -suffix.length);
      if (namesBySection.get(section)?.has(base)) return { key: base, variant };
    }
  }
  return { key, variant: 'plain' };
}

/** Airflow 3 removed `[section] key` (CONFIGS_CHANGES without a new name). */
export function removalOf(section: string, key: string): ConfigRemoval | undefined {
  return removals.get(`${section}.${key}`);
}

/** An Airflow 3 move is made by the project's 3.x when its minor is at most the project's (unknown: 3.0). */
function madeBy(move: ConfigMove, airflowMinor: number | null): boolean {
  return Number(move.version.split('.')[1] ?? 0) <= (airflowMinor ?? 0);
}

/** Whether any Airflow version renames `[section] key` at or before `minor` (2.x or 3.x). */
export function renamedBy(section: string, key: string, airflowVersion: 2 | 3 | null, airflowMinor: number | null): boolean {
  const sectionMove = moveOf(section, key);
  const candidates = [...(moves.get(`${section}.${key}`) ?? []), ...(sectionMove && !moves.has(`${section}.${key}`) ? [sectionMove] : [])];
  return candidates.some((move) => {
    if (move.airflow3Only) return airflowVersion === 3 && madeBy(move, airflowMinor);
    const [major, minor] = move.version.split('.').map(Number);
    if (major < 2 || airflowVersion === 3 || airflowMinor === null) return true;
    return minor <= airflowMinor;
  });
}

export function keyInfo(section: string, key: string, airflowVersion: 2 | 3 | null = null, airflowMinor: number | null = null): KeyInfo {
  const move = moveOf(section, key, airflowVersion, airflowMinor);
  const removal = removalOf(section, key);
  const spec = keySpec(section, key) ?? (move ? keySpec(move.toSection, move.toKey) : undefined);
  return {
    section,
    key,
    spec,
    move,
    ...(removal ? { removal } : {}),
    known: (namesBySection.get(section)?.has(key) ?? false) || move !== undefined || removal !== undefined,
  };
}

/** Sections (other than `section`) that have a key called `key`. */
export function sectionsWithKey(key: string, except: string): string[] {
  return [...namesBySection.entries()]
    .filter(([section, names]) => section !== except && names.has(key))
    .map(([section]) => section)
    .sort();
}

const closestKeys = new Map<string, string | null>();

/** The known key of `section` closest to a misspelt `key`, if one is close enough to be a typo. */
export function closestKey(section: string, key: string): string | null {
  const cacheKey = `${section}\u0000${key}`;
  let found = closestKeys.get(cacheKey);
  if (found === undefined) {
    found = closest(key, [...(namesBySection.get(section) ?? [])]);
    if (closestKeys.size > 10_000) closestKeys.clear();
    closestKeys.set(cacheKey, found);
  }
  return found;
}

export function closestSection(section: string): string | null {
  return closest(section, CATALOGUED_SECTIONS);
}

function closest(word: string, candidates: readonly string[]): string | null {
  // Short words have few letters to spare: a third of the length, at most 2 edits.
  const limit = Math.min(2, Math.max(1, Math.floor(word.length / 3)));
  let best: string | null = null;
  let bestDistance = limit + 1;
  for (const candidate of candidates) {
    if (Math.abs(candidate.length - word.length) > limit) continue;
    const distance = editDistance(word, candidate);
    if (distance < bestDistance || (distance === bestDistance && best !== null && candidate < best)) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return bestDistance <= limit ? best : null;
}

/** Damerau-Levenshtein distance (optimal string alignment): a swap of two letters is one edit. */
export function editDistance(a: string, b: string): number {
  // Three rolling rows: the one before the previous is needed for transpositions.
  let before = new Uint16Array(b.length + 1);
  let previous = Uint16Array.from({ length: b.length + 1 }, (_, j) => j);
  let current = new Uint16Array(b.length + 1);
  for (let i = 1; i <= a.length; i++) {
    current[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) value = Math.min(value, before[j - 2] + 1);
      current[j] = value;
    }
    [before, previous, current] = [previous, current, before];
  }
  return previous[b.length];
}

/** `AIRFLOW__CORE__PARALLELISM` (upper case, as Airflow looks it up). */
export function envVarName(section: string, key: string, variant: KeyVariant = 'plain'): string {
  const suffix = variant === 'cmd' ? '_CMD' : variant === 'secret' ? '_SECRET' : '';
  return `AIRFLOW__${section.toUpperCase()}__${key.toUpperCase()}${suffix}`;
}

/** Matches `AIRFLOW__SECTION__KEY` names; a section has single underscores at most. */
export const ENV_VAR_PATTERN = /\bAIRFLOW__([A-Z0-9]+(?:_[A-Z0-9]+)*)__([A-Z0-9][A-Z0-9_]*)\b/g;

export function parseEnvVarName(name: string): { section: string; key: string; variant: KeyVariant } | null {
  const match = /^AIRFLOW__([A-Z0-9]+(?:_[A-Z0-9]+)*)__([A-Z0-9][A-Z0-9_]*)$/.exec(name);
  if (!match) return null;
  const section = match[1].toLowerCase();
  return { section, ...splitVariant(section, match[2].toLowerCase()) };
}

export function configReferenceUrl(key: string): string {
  return `https://airflow.apache.org/docs/apache-airflow/stable/configurations-ref.html#${key}`;
}
