// Which files Airflow parses as DAG files. With [core] dag_discovery_safe_mode (the default) the
// DAG processor only imports a file whose text contains both "airflow" and "dag", ignoring case:
// a helper module without those words is never parsed on its own, so parse-time rules skip it.

export function isDagFileText(text: string): boolean {
  const lower = text.toLowerCase();
  return lower.includes('airflow') && lower.includes('dag');
}
