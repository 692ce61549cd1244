// Whether the project's Airflow has a feature that came in a given release. The major version
// comes from the settings or the project's pins; the minor version only from a pin that bounds it
// from below (`apache-airflow==2.9.3`, `>=2.7`, `FROM apache/airflow:2.10.4`). Unknown means no:
// a fix that needs a newer release than may be installed is not safe. What came in a major's first
// release ("2.0") is in every release of that major, whatever the minor.

/** Does Airflow `major`.`minor` (minor null: unknown) include what came in `since` ("2.4")? */
export function releaseIncludes(major: 2 | 3 | null, minor: number | null, since: string): boolean {
  const [sinceMajor, sinceMinor] = since.split('.').map(Number);
  if (major === null) return false;
  if (major !== sinceMajor) return major > sinceMajor;
  if (!sinceMinor) return true;
  return minor !== null && minor >= sinceMinor;
}
