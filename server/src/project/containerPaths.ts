// Where the container's paths are in the project. Airflow's config names container paths
// (`/opt/airflow/dags`); the project holds them as its own folders. They are mapped through the
// compose volumes and Dockerfile COPYs mounted on them (relative to their file's folder), else by
// their trailing components (`/opt/airflow/dags` is the project's `dags/`). AIRFLOW_HOME, when not
// set, is the official image's (/opt/airflow) or Astronomer Runtime's (/usr/local/airflow).
import { statSync } from 'node:fs';
import path from 'node:path';
import type { ConfigFile } from './airflowTimings';

/** The official image's and Astronomer Runtime's AIRFLOW_HOME. */
const IMAGE_HOMES: Array<[RegExp, string]> = [
  [/\bapache\/airflow\b/, '/opt/airflow'],
  [/\bastro-runtime\b|\bastronomer\/ap-airflow\b/, '/usr/local/airflow'],
];

export interface Mount {
  /** Absolute host folder. */
  source: string;
  /** Container path, `$AIRFLOW_HOME` expanded where known. */
  target: string;
}

/** `$AIRFLOW_HOME`, `${AIRFLOW_HOME}` and airflow.cfg's `{AIRFLOW_HOME}` replaced (Airflow expands variables in config values). */
export function expandHome(value: string, home: string | null): string {
  return value.replace(/\$\{AIRFLOW_HOME\}|\$AIRFLOW_HOME\b|\{AIRFLOW_HOME\}/g, home ?? '~/airflow');
}

export function imageHome(files: readonly ConfigFile[]): string | null {
  for (const [pattern, home] of IMAGE_HOMES)
    if (files.some((file) => /(compose|dockerfile)/i.test(file.path) && pattern.test(file.text))) return home;
  return null;
}

/** Compose volumes (short `host:container[:mode]` and long `source:` / `target:` forms) and Dockerfile COPY/ADD. */
export function readMounts(files: readonly ConfigFile[], filesRoot: string, expand: (value: string) => string): Mount[] {
  const mounts: Mount[] = [];
  const add = (file: ConfigFile, source: string, target: string) => {
    const host = substitute(source);
    const container = substitute(target);
    if (host === null || container === null || !container.startsWith('/')) return;
    const folder = path.dirname(path.join(filesRoot, file.path));
    mounts.push({ source: path.resolve(folder, host), target: expand(container).replace(/\/+$/, '') || '/' });
  };
  for (const file of files) {
    const name = path.posix.basename(file.path);
    const lines = file.text.split(/\r\n|\r|\n/);
    if (/compose.*\.ya?ml$/i.test(name)) {
      let source: string | null = null;
      for (const line of lines) {
        const item = /^\s*-\s+(['"]?)([^'"\s#][^'"\s]*)\1\s*(#.*)?$/.exec(line);
        const short = item ? /^([^:]+):(\/[^:]*)(?::[a-z,]+)?$/.exec(item[2].replace(/\$\{(\w+):?-([^}]*)\}/g, '$2')) : null;
        if (short) add(file, short[1], short[2]);
        if (/^\s*-\s/.test(line)) source = null;
        const long = /^\s*(?:-\s+)?(source|target):\s*(['"]?)([^'"\s#]+)\2\s*(#.*)?$/.exec(line);
        if (long?.[1] === 'source') source = long[3];
        else if (long?.[1] === 'target' && source) add(file, source, long[3]);
      }
    } else if (/^(Dockerfile.*|.*\.Dockerfile)$/i.test(name)) {
      for (const line of file.text.replace(/\\\r?\n/g, ' ').split(/\r\n|\r|\n/)) {
        const copy = /^\s*(?:COPY|ADD)\s+(?:--\S+\s+)*(\S+)\s+(\S+)\s*$/i.exec(line);
        if (copy && !copy[1].startsWith('[')) add(file, copy[1], copy[2]);
      }
      // Astronomer Runtime images copy the whole project into AIRFLOW_HOME (ONBUILD COPY . .).
      if (/^\s*FROM\s+\S*astro-runtime/im.test(file.text)) add(file, '.', '/usr/local/airflow');
    }
  }
  return mounts;
}

/** Compose's `${VAR:-default}` / `${VAR-default}` read as the default; another variable: unknown (null). */
function substitute(value: string): string | null {
  const text = value.replace(/\$\{\w+:?-([^}]*)\}/g, '$1');
  return /\$\{?(?!AIRFLOW_HOME\b)\w/.test(text) ? null : text;
}

/** The project folder holding what the container sees at `containerPath`, or null. */
export function hostFolderOf(containerPath: string, root: string, mounts: readonly Mount[]): string | null {
  const target = containerPath.replace(/\/+$/, '');
  const mounted = mounts
    .filter((mount) => target === mount.target || target.startsWith(mount.target === '/' ? '/' : `${mount.target}/`))
    .sort((a, b) => b.target.length - a.target.length);
  for (const mount of mounted) {
    const host = path.join(mount.source, target.slice(mount.target.length));
    if (isDirectory(host) && isInside(host, root)) return host;
  }
  if (path.isAbsolute(target) && isInside(target, root) && isDirectory(target)) return path.resolve(target);
  const parts = target.split('/').filter((part) => part && part !== '.' && part !== '..' && part !== '~');
  for (let start = 0; start < parts.length; start++) {
    const candidate = path.join(root, ...parts.slice(start));
    if (isDirectory(candidate)) return candidate;
  }
  // The project root is the folder itself (a workspace opened on dags/).
  return parts.length > 0 && path.basename(root) === parts[parts.length - 1] ? root : null;
}

function isInside(folder: string, root: string): boolean {
  const resolved = path.resolve(folder);
  return resolved === root || resolved.startsWith(root + path.sep);
}

export function isDirectory(folder: string): boolean {
  try {
    return statSync(folder).isDirectory();
  } catch {
    return false;
  }
}
