// Which Airflow version a project targets, read from the files that pin it: requirements and
// constraints files, pyproject.toml dependencies, and Dockerfile `FROM apache/airflow:X.Y` tags.
// The first file that names a version decides; the order is the one below. The major version
// picks rules' wording and severity; the minor version, when a pin gives a lower bound for it,
// decides whether a fix that needs a newer 2.x (DG206's `schedule`, 2.4) is safe.

export interface ProjectFile {
  /** File name (not path): "requirements.txt", "Dockerfile", "pyproject.toml", ... */
  name: string;
  text: string;
}

/** Files worth reading, in the order they are trusted. */
export function isVersionFile(name: string): boolean {
  return /^(requirements.*\.(txt|in)|constraints.*\.txt|pyproject\.toml|Dockerfile.*|.*\.Dockerfile|setup\.cfg)$/i.test(name);
}

const IMAGE_TAG = /apache\/airflow:(?:slim-)?v?(\d+)(?:\.(\d+))?/i;
// apache-airflow==2.9.3, apache-airflow>=3.0, apache-airflow[celery]~=2.10, "apache-airflow (>=2.7)"
// (`\s*(?:\(\s*)?`, not `\s*\(?\s*`: two runs of spaces around nothing split a run N ways, N² per line.)
const REQUIREMENT = /(?:^|["'\s,\[])apache[-_]airflow(?:\[[^\]]*\])?\s*(?:\(\s*)?(==|~=|>=|>|===|<=|<)\s*v?(\d+)(?:\.(\d+))?/im;

/** The targeted release: its major version, and the lowest minor version the pin allows (null: unknown). */
export interface AirflowRelease {
  major: 2 | 3;
  minor: number | null;
}

export function detectAirflowVersion(files: readonly ProjectFile[]): 2 | 3 | null {
  return detectAirflowRelease(files)?.major ?? null;
}

export function detectAirflowRelease(files: readonly ProjectFile[]): AirflowRelease | null {
  const ordered = [...files].sort((a, b) => rank(a.name) - rank(b.name));
  for (const file of ordered) {
    const release = /dockerfile/i.test(file.name) ? fromDockerfile(file.text) : fromRequirements(file.text);
    if (release) return release;
  }
  return null;
}

function rank(name: string): number {
  if (/^requirements/i.test(name)) return 0;
  if (/^constraints/i.test(name)) return 1;
  if (/^pyproject\.toml$/i.test(name)) return 2;
  if (/^setup\.cfg$/i.test(name)) return 3;
  return 4;
}

function fromDockerfile(text: string): AirflowRelease | null {
  for (const line of text.split(/\r?\n/)) {
    if (!/^\s*FROM\s/i.test(line)) continue;
    const match = IMAGE_TAG.exec(line);
    if (match) return release(match[1], match[2]);
  }
  return null;
}

function fromRequirements(text: string): AirflowRelease | null {
  const lines = text.split(/\r?\n/).filter((line) => !/^\s*#/.test(line));
  for (const line of lines) {
    const match = REQUIREMENT.exec(line);
    if (!match) continue;
    const [, operator, major, minor] = match;
    // `<3` or `<=2.10` says 2 (and nothing about how old); `>=2.7` says nothing about 3 vs 2, so
    // it is read as its lower bound, which is also what the minor version is.
    if (operator === '<' || operator === '<=') return release(String(Number(major) - (operator === '<' && (minor === undefined || minor === '0') ? 1 : 0)), undefined);
    return release(major, minor);
  }
  return null;
}

function release(majorText: string, minorText: string | undefined): AirflowRelease | null {
  const major = Number(majorText);
  if (major === 2) return { major: 2, minor: minorText === undefined ? null : Number(minorText) };
  if (major >= 3) return { major: 3, minor: major === 3 && minorText !== undefined ? Number(minorText) : null };
  return null;
}
