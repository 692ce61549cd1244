// Which Airflow major version a project targets, read from the files that pin it: requirements
// and constraints files, pyproject.toml dependencies, and Dockerfile `FROM apache/airflow:X` tags.
// The first file that names a version decides; the order is the one below.

export interface ProjectFile {
  /** File name (not path): "requirements.txt", "Dockerfile", "pyproject.toml", ... */
  name: string;
  text: string;
}

/** Files worth reading, in the order they are trusted. */
export function isVersionFile(name: string): boolean {
  return /^(requirements.*\.(txt|in)|constraints.*\.txt|pyproject\.toml|Dockerfile.*|.*\.Dockerfile|setup\.cfg)$/i.test(name);
}

const IMAGE_TAG = /apache\/airflow:(?:slim-)?v?(\d+)(?:\.\d+)*/i;
// apache-airflow==2.9.3, apache-airflow>=3.0, apache-airflow[celery]~=2.10, "apache-airflow (>=2.7)"
const REQUIREMENT = /(?:^|["'\s,\[])apache[-_]airflow(?:\[[^\]]*\])?\s*\(?\s*(==|~=|>=|>|===|<=|<)\s*v?(\d+)(?:\.(\d+))?/im;

export function detectAirflowVersion(files: readonly ProjectFile[]): 2 | 3 | null {
  const ordered = [...files].sort((a, b) => rank(a.name) - rank(b.name));
  for (const file of ordered) {
    const version = /dockerfile/i.test(file.name) ? fromDockerfile(file.text) : fromRequirements(file.text);
    if (version) return version;
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

function fromDockerfile(text: string): 2 | 3 | null {
  for (const line of text.split(/\r?\n/)) {
    if (!/^\s*FROM\s/i.test(line)) continue;
    const match = IMAGE_TAG.exec(line);
    if (match) return toMajor(match[1]);
  }
  return null;
}

function fromRequirements(text: string): 2 | 3 | null {
  const lines = text.split(/\r?\n/).filter((line) => !/^\s*#/.test(line));
  for (const line of lines) {
    const match = REQUIREMENT.exec(line);
    if (!match) continue;
    const [, operator, major] = match;
    // `<3` or `<=2.10` says 2; `>=2.7` says nothing about 3 vs 2, so it is read as its lower bound.
    if (operator === '<') return toMajor(String(Number(major) - (match[3] === undefined || match[3] === '0' ? 1 : 0)));
    return toMajor(major);
  }
  return null;
}

function toMajor(text: string): 2 | 3 | null {
  const major = Number(text);
  if (major === 2) return 2;
  if (major >= 3) return 3;
  return null;
}
