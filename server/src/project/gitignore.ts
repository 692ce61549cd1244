// The .gitignore files of a git repository, as git reads them: each file's patterns apply to the
// paths under its folder, deeper files win, and a folder that is ignored hides everything in it.
// Outside a repository (no `.git` at or above the path) nothing is ignored, as with git itself.
// Patterns are matched by the `ignore` package (git's own semantics, negations included).
import { existsSync } from 'node:fs';
import path from 'node:path';
import ignore, { type Ignore } from 'ignore';
import { readRegularText } from './readRegularFile';
import { fastResolve } from './fastPaths';

export class GitIgnores {
  private readonly perFolder = new Map<string, Ignore | null>();
  private readonly repoRoots = new Map<string, string | null>();

  /** Is `file` (absolute) ignored by a .gitignore between its repository's root and itself? */
  ignores(file: string, isFolder = false): boolean {
    const absolute = fastResolve(file);
    const root = this.repoRootOf(path.dirname(absolute));
    if (!root || absolute === root) return false;
    // Each folder on the way down: an ignored folder hides what is under it (git never looks inside).
    const parts = path.relative(root, absolute).split(path.sep);
    for (let depth = 1; depth <= parts.length; depth++) {
      const target = path.join(root, ...parts.slice(0, depth));
      const folder = depth < parts.length || isFolder;
      if (this.matchedByAncestors(root, target, folder)) return true;
    }
    return false;
  }

  private matchedByAncestors(root: string, target: string, folder: boolean): boolean {
    // Deepest .gitignore first: the first one with an opinion (ignored or re-included) decides.
    for (let base = path.dirname(target); ; base = path.dirname(base)) {
      const rules = this.rulesOf(base);
      if (rules) {
        const relative = path.relative(base, target).split(path.sep).join('/') + (folder ? '/' : '');
        const verdict = rules.test(relative);
        if (verdict.ignored) return true;
        if (verdict.unignored) return false;
      }
      if (base === root || path.dirname(base) === base) return false;
    }
  }

  private rulesOf(folder: string): Ignore | null {
    if (!this.perFolder.has(folder)) {
      // No .gitignore here (or not a regular file, or unreadable): nothing to add.
      const read = readRegularText(path.join(folder, '.gitignore'));
      this.perFolder.set(folder, read.ok ? ignore().add(read.text) : null);
    }
    return this.perFolder.get(folder) ?? null;
  }

  private repoRootOf(folder: string): string | null {
    return gitRepositoryRoot(folder, this.repoRoots);
  }
}

/**
 * The root of the git repository that holds `folder` (the nearest folder at or above it with a
 * `.git`), or null outside one. `memo` keeps the answer of every folder on the way up.
 */
export function gitRepositoryRoot(folder: string, memo?: Map<string, string | null>): string | null {
  const known = memo?.get(folder);
  if (known !== undefined) return known;
  const parent = path.dirname(folder);
  const root = existsSync(path.join(folder, '.git')) ? folder : parent === folder ? null : gitRepositoryRoot(parent, memo);
  memo?.set(folder, root);
  return root;
}
