// `check --diff`: the unified diff of what --fix would write, as `git diff` shows it (a/ and b/
// prefixes, 3 lines of context), made by the `diff` package.
import { createTwoFilesPatch } from 'diff';

export function unifiedDiff(display: string, before: string, after: string): string {
  if (before === after) return '';
  const patch = createTwoFilesPatch(`a/${display}`, `b/${display}`, before, after, undefined, undefined, { context: 3 });
  // Drop the "====" banner line the package starts with; keep ---/+++ and the hunks.
  return patch
    .split('\n')
    .filter((line, index) => !(index === 0 && line.startsWith('===')))
    .join('\n');
}
