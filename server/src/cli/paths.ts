// Paths as the CLI prints them.
import path from 'node:path';
import { fastRelative } from '../project/fastPaths';

/** Relative to the current folder with forward slashes; absolute when outside it. */
export function relativePath(cwd: string, file: string): string {
  const relative = fastRelative(cwd, file);
  return (relative.startsWith('..') || path.isAbsolute(relative) ? file : relative).split(path.sep).join('/');
}
