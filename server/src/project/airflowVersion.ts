// Which Airflow version a project targets, read from the files that pin it: requirements and
// constraints files, pyproject.toml dependencies (PEP 621, PEP 735 groups and Poetry, read as TOML),
// compose `image: apache/airflow:X.Y` and Dockerfile `FROM apache/airflow:X.Y` tags. When pins
// disagree the lowest release wins: code that must run on the oldest release a project may deploy
// is held to it. The major version picks rules' wording and severity; the minor version, when a
// pin gives a lower bound for it, decides whether a fix that needs a newer 2.x (DG206's
// `schedule`, 2.4) is safe.
import { parse as parseToml } from 'smol-toml';

export interface ProjectFile {
  /** File name (not path): "requirements.txt", "Dockerfile", "pyproject.toml", ... */
  name: string;
  text: string;
  /** Where the file is, relative to the project root ("src/requirements.txt"), for messages. */
  path?: string;
}

/** Files worth reading. */
export function isVersionFile(name: string): boolean {
  return (
    /^(requirements.*\.(txt|in)|constraints.*\.txt|pyproject\.toml|Dockerfile.*|.*\.Dockerfile|setup\.cfg)$/i.test(name) ||
    isComposeFile(name)
  );
}

function isComposeFile(name: string): boolean {
  return /^(docker-)?compose[\w.-]*\.ya?ml$/i.test(name);
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

/** One pin: the release it allows, the file it is in and the text that says so. */
export interface AirflowPin extends AirflowRelease {
  file: string;
  text: string;
}

export function detectAirflowRelease(files: readonly ProjectFile[]): AirflowRelease | null {
  const lowest = lowestPin(airflowPins(files));
  return lowest && { major: lowest.major, minor: lowest.minor };
}

/** Every pin of the files, in file order. */
export function airflowPins(files: readonly ProjectFile[]): AirflowPin[] {
  return files.flatMap((file) => releasesOf(file).map(({ major, minor, text }) => ({ major, minor, file: file.path ?? file.name, text })));
}

export function lowestPin(pins: readonly AirflowPin[]): AirflowPin | null {
  let lowest: AirflowPin | null = null;
  for (const pin of pins) if (!lowest || isLower(pin, lowest)) lowest = pin;
  return lowest;
}

const releaseName = (release: AirflowRelease) => `${release.major}${release.minor === null ? '' : `.${release.minor}`}`;

/**
 * Where the Airflow version came from, for the output channel and `--verbose`: the setting, or the
 * pin that won and the pins it won over ("the lowest of 3 pins wins").
 */
export function describeAirflowVersion(setting: string | null, pins: readonly AirflowPin[]): string {
  const lowest = lowestPin(pins);
  if (setting)
    return `Airflow ${setting}, from the airflowVersion setting${lowest ? ` (the project pins ${releaseName(lowest)} in ${lowest.file})` : ''}`;
  if (!lowest) return 'Airflow version unknown: no pin in requirements, constraints, pyproject.toml, compose files or Dockerfiles';
  const others = pins.filter((pin) => pin !== lowest);
  const disagree = others.filter((pin) => pin.major !== lowest.major || pin.minor !== lowest.minor);
  const from = `Airflow ${releaseName(lowest)}, from ${lowest.file} (${lowest.text})`;
  if (disagree.length === 0)
    return others.length === 0 ? from : `${from}; ${others.length} other pin${others.length === 1 ? ' agrees' : 's agree'}`;
  return `${from}: the lowest of ${pins.length} pins wins (also ${disagree.map((pin) => `${releaseName(pin)} in ${pin.file}`).join(', ')})`;
}

/** Lower major first; within a major, a minor the pin does not bound (null) may be any, so it is the lowest. */
function isLower(a: AirflowRelease, b: AirflowRelease): boolean {
  if (a.major !== b.major) return a.major < b.major;
  return (a.minor ?? -1) < (b.minor ?? -1);
}

type Found = AirflowRelease & { text: string };

function releasesOf(file: ProjectFile): Found[] {
  if (/dockerfile/i.test(file.name)) return present(fromDockerfile(file.text));
  if (isComposeFile(file.name)) return present(fromCompose(file.text));
  if (/^pyproject\.toml$/i.test(file.name)) return fromPyproject(file.text);
  return present(fromRequirements(file.text));
}

const present = (release: Found | null): Found[] => (release ? [release] : []);
const said = (release: AirflowRelease | null, text: string): Found | null => (release ? { ...release, text: text.trim() } : null);

function fromDockerfile(text: string): Found | null {
  for (const line of text.split(/\r?\n/)) {
    if (!/^\s*FROM\s/i.test(line)) continue;
    const match = IMAGE_TAG.exec(line);
    if (match) return said(release(match[1], match[2]), `FROM ${match[0]}`);
  }
  return null;
}

/** `image: apache/airflow:2.10.4`, also inside the official compose file's `${AIRFLOW_IMAGE_NAME:-...}`. */
function fromCompose(text: string): Found | null {
  for (const line of text.split(/\r?\n/)) {
    if (!/^\s*(?:-\s+)?image\s*:/.test(line)) continue;
    const match = IMAGE_TAG.exec(line);
    if (match) return said(release(match[1], match[2]), `image: ${match[0]}`);
  }
  return null;
}

/**
 * The pins of pyproject.toml's dependency lists: `[project] dependencies` and
 * `optional-dependencies`, `[dependency-groups]`, Poetry's `dependencies` and groups. Read as TOML,
 * so a comment or a description that names Airflow is not a pin; text that is not TOML is read
 * line by line as a requirements file.
 */
function fromPyproject(text: string): Found[] {
  let toml: Record<string, unknown>;
  try {
    toml = parseToml(text) as Record<string, unknown>;
  } catch {
    return present(fromRequirements(text));
  }
  const found: Found[] = [];
  const requirement = (value: unknown) => {
    if (typeof value === 'string') found.push(...present(fromRequirements(value)));
  };
  const project = table(toml.project);
  for (const value of list(project.dependencies)) requirement(value);
  for (const values of Object.values(table(project['optional-dependencies']))) for (const value of list(values)) requirement(value);
  for (const values of Object.values(table(toml['dependency-groups']))) for (const value of list(values)) requirement(value);
  const poetry = table(table(toml.tool).poetry);
  const poetryTables = [
    poetry.dependencies,
    poetry['dev-dependencies'],
    ...Object.values(table(poetry.group)).map((group) => table(group).dependencies),
  ];
  for (const dependencies of poetryTables) {
    for (const [name, spec] of Object.entries(table(dependencies))) {
      if (!/^apache[-_.]airflow$/i.test(name)) continue;
      for (const one of Array.isArray(spec) ? spec : [spec]) {
        const constraint = typeof one === 'string' ? one : table(one).version;
        if (typeof constraint === 'string') found.push(...present(said(fromPoetryConstraint(constraint), `${name} = "${constraint}"`)));
      }
    }
  }
  return found;
}

const table = (value: unknown): Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);

/** Poetry's constraints: `^2.7.1`, `~2.7`, `2.9.3`, `>=2.8,<3`, `*`: the lower bound where there is one. */
function fromPoetryConstraint(constraint: string): AirflowRelease | null {
  const parts = constraint.split(',').map((part) => part.trim());
  let upper: AirflowRelease | null = null;
  for (const part of parts) {
    const match = /^(\^|~=|~|===|==|=|>=|>|<=|<)?\s*v?(\d+)(?:\.(\d+))?/.exec(part);
    if (!match) continue;
    const [, operator = '', major, minor] = match;
    if (operator === '<' || operator === '<=') upper ??= fromUpperBound(operator, major, minor);
    else return release(major, minor);
  }
  return upper;
}

function fromRequirements(text: string): Found | null {
  const lines = text.split(/\r?\n/).filter((line) => !/^\s*#/.test(line));
  for (const line of lines) {
    const match = REQUIREMENT.exec(line);
    if (!match) continue;
    const [, operator, major, minor] = match;
    // `<3` or `<=2.10` says 2 (and nothing about how old); `>=2.7` says nothing about 3 vs 2, so
    // it is read as its lower bound, which is also what the minor version is.
    if (operator === '<' || operator === '<=') return said(fromUpperBound(operator, major, minor), line);
    return said(release(major, minor), line);
  }
  return null;
}

function fromUpperBound(operator: '<' | '<=' | string, major: string, minor: string | undefined): AirflowRelease | null {
  return release(String(Number(major) - (operator === '<' && (minor === undefined || minor === '0') ? 1 : 0)), undefined);
}

function release(majorText: string, minorText: string | undefined): AirflowRelease | null {
  const major = Number(majorText);
  if (major === 2) return { major: 2, minor: minorText === undefined ? null : Number(minorText) };
  if (major >= 3) return { major: 3, minor: major === 3 && minorText !== undefined ? Number(minorText) : null };
  return null;
}
