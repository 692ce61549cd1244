// The run's fast path.relative / path.resolve give Node's answers, on the paths they shortcut and
// on every shape they must leave to Node (relative, `.`/`..` segments, doubled or trailing slashes).
import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import { fastRelative, fastResolve } from '../../server/src/project/fastPaths';

const PATHS = [
  '/',
  '/repo',
  '/repo/',
  '/repo/dags',
  '/repo/dags/',
  '/repo/dags/a.py',
  '/repo/dags/sub/b.py',
  '/repo/dags/./a.py',
  '/repo/dags/../a.py',
  '/repo/dags/..',
  '/repo/dags/.',
  '/repo//dags/a.py',
  '/repo/dags/.hidden/c.py',
  '/repo/dags/..x/c.py',
  '/repo/dagsx/a.py',
  '/repository/a.py',
  '/other/a.py',
  'dags/a.py',
  './dags/a.py',
  '../repo/dags/a.py',
  '',
];

describe('fast paths', () => {
  it('resolve as path.resolve does', () => {
    for (const file of PATHS) assert.equal(fastResolve(file), path.resolve(file), file);
  });

  it('relate as path.relative does', () => {
    for (const from of PATHS) for (const to of PATHS) assert.equal(fastRelative(from, to), path.relative(from, to), `${from} -> ${to}`);
  });
});
