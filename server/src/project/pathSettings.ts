// Where a path setting may point. `pools-file` (any setting marked `path` in the schema) is read
// by the tool on its own, so a repository that sets it could make the tool read any file the user
// can: `/proc/self/environ`, `~/.aws/credentials`. Set in a repository's files, a path must stay
// inside the folder those settings govern (pyproject.toml: its project; a workspace's settings:
// the workspace folder), symlinks followed; only the user's own settings (user-level editor
// settings) may point elsewhere.
import { realpathSync } from 'node:fs';
import path from 'node:path';

/** The folder a path setting must stay inside, and whose settings set it (for the message). */
export interface PathConfinement {
  folder: string;
  /** "project folder", "workspace folder" */
  folderName: string;
  /** "pyproject.toml", "the workspace settings" */
  setIn: string;
}

export type ResolvedPath = { ok: true; file: string } | { ok: false; file: string; reason: string };

/** `value` resolved against `root`; refused when `confinement` is given and the file (its real path) lies outside it. */
export function resolvePathSetting(root: string, value: string, confinement: PathConfinement | null): ResolvedPath {
  const file = path.resolve(root, value);
  if (!confinement) return { ok: true, file };
  const folder = realPath(path.resolve(confinement.folder));
  const real = realPath(file);
  if (real === folder || real.startsWith(folder.endsWith(path.sep) ? folder : folder + path.sep)) return { ok: true, file };
  return {
    ok: false,
    file,
    reason: `outside the ${confinement.folderName} ${confinement.folder}: a path set in ${confinement.setIn} must stay inside it (only your user settings may point elsewhere)`,
  };
}

/** The real path (symlinks resolved); for a file that does not exist, its folder's real path joined with its name. */
function realPath(file: string): string {
  try {
    return realpathSync(file);
  } catch {
    const parent = path.dirname(file);
    return parent === file ? file : path.join(realPath(parent), path.basename(file));
  }
}
