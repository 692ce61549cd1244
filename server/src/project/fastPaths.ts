// path.relative and path.resolve for the paths a run passes around by the thousand: absolute and
// already normal (they come from path.resolve and path.join). Node's own functions resolve and
// normalise both arguments character by character on every call, which profiling showed costing
// a repeat `check` of 1,100 files about a fifth of its time; these answer the common case with a
// prefix test and fall back to Node's for anything else, so the answer is always Node's.
import path from 'node:path';

/** `/`-separated, absolute, and nothing for path.resolve to change: no `//`, `.` or `..` segment, no trailing `/`. */
const NOT_NORMAL = /\/\/|\/\.\.?(?:\/|$)/;

function isNormalAbsolute(file: string): boolean {
  return path.sep === '/' && file.charCodeAt(0) === 47 && !NOT_NORMAL.test(file) && (file.length === 1 || !file.endsWith('/'));
}

/** path.resolve(file) for one argument. */
export function fastResolve(file: string): string {
  return isNormalAbsolute(file) ? file : path.resolve(file);
}

/** path.relative(from, to). */
export function fastRelative(from: string, to: string): string {
  if (
    to.length > from.length + 1 &&
    to.startsWith(from) &&
    to.charCodeAt(from.length) === 47 &&
    from.length > 1 &&
    isNormalAbsolute(from) &&
    isNormalAbsolute(to)
  )
    return to.slice(from.length + 1);
  return path.relative(from, to);
}

/** path.join(folder, name) for a folder entry's name (no separator, not `.` or `..`). */
export function fastJoin(folder: string, name: string): string {
  if (name === '' || name === '.' || name === '..' || name.includes('/') || !isNormalAbsolute(folder)) return path.join(folder, name);
  return folder.length === 1 ? `/${name}` : `${folder}/${name}`;
}
