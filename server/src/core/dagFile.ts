// Which files Airflow parses as DAG files. With [core] dag_discovery_safe_mode (the default) the
// DAG processor only imports a file whose text contains both "airflow" and "dag", ignoring case:
// a helper module without those words is never parsed on its own, so parse-time rules skip it.

/**
 * Case-insensitive searches, not `text.toLowerCase()`: that copies the whole text on every analysis.
 * Both ignore ASCII case only: without the `u` flag a pattern never matches a non-ASCII character
 * to an ASCII letter, and no non-ASCII character lowers to `airflow` or `dag` (`İ` lowers to `i̇`).
 */
export function isDagFileText(text: string): boolean {
  return AIRFLOW.test(text) && DAG.test(text);
}

const AIRFLOW = /airflow/i;
const DAG = /dag/i;
