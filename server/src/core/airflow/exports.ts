// The keys of the project's Airflow Variables and connection ids, from the files that
// `airflow variables export FILE` (`{"key": value, ...}`) and `airflow connections export FILE`
// (`{"conn_id": {"conn_type": ..., "host": ..., "password": ...}}`, JSON) write. Only the keys are
// kept: a connection export holds passwords and extras, and a variable's value may be a secret,
// so no value ever leaves the parser.

export interface KnownKeys {
  keys: ReadonlySet<string>;
  /** Where they come from, for messages ("variables.json"). */
  source: string;
}

export type ParsedKeys = { ok: true; keys: Set<string> } | { ok: false; problem: string };

function topLevelKeys(text: string, what: string): ParsedKeys {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    // Never the parser's message: it quotes the file's text, which may hold secrets (issue 12).
    return { ok: false, problem: 'not valid JSON' };
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return { ok: false, problem: `not a JSON object of ${what}` };
  return { ok: true, keys: new Set(Object.keys(parsed)) };
}

/** The keys of an `airflow variables export` file. */
export function parseVariablesExport(text: string): ParsedKeys {
  return topLevelKeys(text, 'variables by key');
}

/** The connection ids of an `airflow connections export` JSON file. */
export function parseConnectionsExport(text: string): ParsedKeys {
  return topLevelKeys(text, 'connections by id');
}
