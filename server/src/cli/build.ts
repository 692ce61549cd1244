// Which build of DAG Guard is running, for the results cache: the bundle's build stamp, or, run
// from sources (tests under tsx), a digest of the sources' sizes and times, so that a cache never
// serves the findings of code that has since changed.
import { createHash } from 'node:crypto';
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { BUILD, VERSION } from '../version';

let fromSources: string | undefined;

export function buildIdentity(): string {
  if (BUILD) return `${VERSION}-${BUILD}`;
  fromSources ??= `${VERSION}-src-${sourcesDigest(path.join(__dirname, '..'))}`;
  return fromSources;
}

function sourcesDigest(folder: string): string {
  const hash = createHash('sha1');
  const files = readdirSync(folder, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && /\.(ts|json)$/.test(entry.name))
    .map((entry) => path.join(entry.parentPath, entry.name))
    .sort();
  for (const file of files) {
    const stats = statSync(file);
    hash.update(`${file}\0${stats.size}\0${stats.mtimeMs}\n`);
  }
  return hash.digest('hex').slice(0, 12);
}
