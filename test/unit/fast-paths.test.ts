// The run's fast path.relative / path.resolve give Node's answers, on the paths they shortcut and
// on every shape they must leave to Node (relative, `.`/`..` segments, doubled or trailing slashes);
// the file filter's glob test gives picomatch's.
import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import picomatch from 'picomatch';
import { fastJoin, fastRelative, fastResolve } from '../../server/src/project/fastPaths';
import { globMatcher } from '../../server/src/project/files';

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

  it('join a folder and an entry name as path.join does', () => {
    const names = ['a.py', '.hidden', '..x', 'with space', '', '.', '..', 'a/b', 'a\\b'];
    for (const folder of PATHS)
      for (const name of names) assert.equal(fastJoin(folder, name), path.join(folder, name), `${folder} + ${name}`);
  });

  it('relate as path.relative does', () => {
    for (const from of PATHS) for (const to of PATHS) assert.equal(fastRelative(from, to), path.relative(from, to), `${from} -> ${to}`);
  });
});

describe('globMatcher', () => {
  it('answers as picomatch(globs, { dot: true }) does', () => {
    const globs = [
      ['**/*.py'],
      ['**/.git/**', '**/node_modules/**', '**/.venv/**', '**/venv/**', '**/__pycache__/**', '**/site-packages/**'],
      ['dags/*.py', 'plugins/**', '!dags/keep.py'],
      ['dags/[ab]*.py', 'dags/{x,y}/**', 'exact/file.py', '*.py', 'dags/**/test_*.py'],
    ];
    const paths = [
      '',
      'a.py',
      'dags/a.py',
      'dags/b/c.py',
      'dags/.hidden/d.py',
      '.venv/lib/x.py',
      'src/node_modules/p/x.py',
      'x/__pycache__/m.py',
      'dags/keep.py',
      'dags/x/deep/e.py',
      'exact/file.py',
      'dags/sub/test_one.py',
      'plugins',
      'dags/x',
      '/abs/path/dags/a.py',
      'venv/x',
      'dags/a.pyc',
    ];
    for (const list of globs) {
      const expected = picomatch(list, { dot: true });
      const actual = globMatcher(list);
      for (const file of paths) assert.equal(actual(file), !!expected(file), `${list.join(',')} ${file}`);
    }
  });
});
