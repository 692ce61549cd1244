// Known pools: what the analysis knows of the Airflow deployment's pools, from the `pools` setting
// and from a file in the format of `airflow pools export` ({"name": {"slots": N, "description":
// "..."}}). Reading the file is the project layer's job; parsing its text is pure and lives here.

/** Airflow's built-in pool: it always exists, its size is a deployment setting (128 by default). */
export const DEFAULT_POOL = 'default_pool';

export interface PoolInfo {
  name: string;
  /** null when the source gives no slot count. */
  slots: number | null;
  description: string | null;
}

export interface KnownPools {
  pools: ReadonlyMap<string, PoolInfo>;
  /** Where the list comes from, for messages: "the dagGuard.pools setting", "pools.json". */
  source: string;
}

/** The pool names in order, `default_pool` included (first known pool first). */
export function poolNames(known: KnownPools | null): string[] {
  const names = known ? [...known.pools.keys()] : [];
  return names.includes(DEFAULT_POOL) ? names : [...names, DEFAULT_POOL];
}

/**
 * One pool entry from a setting or an export file: `4`, `{"slots": 4, "description": "..."}`.
 * Returns null (and a problem) for anything else.
 */
export function poolFromValue(name: string, value: unknown): { pool: PoolInfo | null; problem: string | null } {
  if (typeof value === 'number') {
    return Number.isInteger(value) && value >= 0
      ? { pool: { name, slots: value, description: null }, problem: null }
      : { pool: null, problem: `pool "${name}": slots must be a whole number >= 0` };
  }
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    const record = value as Record<string, unknown>;
    const slots = record.slots;
    if (slots !== undefined && slots !== null && !(typeof slots === 'number' && Number.isInteger(slots))) {
      return { pool: null, problem: `pool "${name}": "slots" must be a whole number` };
    }
    const description = typeof record.description === 'string' && record.description.trim() !== '' ? record.description : null;
    return { pool: { name, slots: typeof slots === 'number' ? slots : null, description }, problem: null };
  }
  return { pool: null, problem: `pool "${name}": expected a slot count or {"slots": N, "description": "..."}` };
}

/** Pools from an object of entries; the problems are reported, the good entries kept. */
export function poolsFromObject(values: Record<string, unknown>): { pools: Map<string, PoolInfo>; problems: string[] } {
  const pools = new Map<string, PoolInfo>();
  const problems: string[] = [];
  for (const [name, value] of Object.entries(values)) {
    const { pool, problem } = poolFromValue(name, value);
    if (pool) pools.set(name, pool);
    if (problem) problems.push(problem);
  }
  return { pools, problems };
}

/** The text of an `airflow pools export` file. */
export function parsePoolsExport(text: string): { pools: Map<string, PoolInfo>; problems: string[] } {
  let document: unknown;
  try {
    document = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch {
    // Never JSON.parse's message: it quotes the text, and a pools setting that points at the
    // wrong file (an environment, a key file) would print it into a log.
    return { pools: new Map(), problems: ['not valid JSON'] };
  }
  if (typeof document !== 'object' || document === null || Array.isArray(document)) {
    return { pools: new Map(), problems: ['expected an object {"pool_name": {"slots": N, ...}} as `airflow pools export` writes'] };
  }
  return poolsFromObject(document as Record<string, unknown>);
}

/** Merges the setting's pools over the file's (the setting wins); null when neither names a pool. */
export function combinePools(parts: Array<{ pools: ReadonlyMap<string, PoolInfo>; source: string }>): KnownPools | null {
  const pools = new Map<string, PoolInfo>();
  const sources: string[] = [];
  for (const part of parts) {
    if (part.pools.size === 0) continue;
    sources.push(part.source);
    for (const [name, pool] of part.pools) pools.set(name, pool);
  }
  return pools.size > 0 ? { pools, source: sources.join(' and ') } : null;
}
