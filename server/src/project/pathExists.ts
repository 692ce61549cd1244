// Whether a path exists, for the core's DG605 (template files): answered from disk for paths inside
// the project folder only, so that the analysis never reads, or reports on, the rest of the machine.
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { PathExists } from '../core/jinja/templateFiles';

export function projectPathExists(root: string): PathExists {
  const base = path.resolve(root);
  return (candidate) => {
    const resolved = path.resolve(candidate);
    if (resolved !== base && !resolved.startsWith(base + path.sep)) return undefined;
    try {
      return existsSync(resolved);
    } catch {
      return undefined;
    }
  };
}
