// readRegularFile returns a file's bytes exactly: read in one go when its size is right, in further
// reads when the size reported is wrong (files under /proc report 0), and never past the cap.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { readRegularFile } from '../../server/src/project/readRegularFile';
import { tempDirectory } from '../helpers/tempFolder';

describe('readRegularFile', () => {
  const root = tempDirectory('dag-guard-read-');

  it('reads a file whole, empty or larger than one read', () => {
    for (const size of [0, 1, 4_096, 65_537, 200_000]) {
      const file = path.join(root, `f${size}.py`);
      const bytes = Buffer.alloc(size, 'ab\n');
      writeFileSync(file, bytes);
      const read = readRegularFile(file, 1_000_000);
      assert.ok(read.ok);
      assert.deepEqual(read.bytes, bytes, `${size} bytes`);
      assert.equal(read.stats.size, size);
    }
  });

  it('reads on past a size reported as 0', { skip: process.platform !== 'linux' }, () => {
    const read = readRegularFile('/proc/self/cmdline', 1_000_000);
    assert.ok(read.ok);
    assert.equal(read.stats.size, 0);
    assert.ok(read.bytes.length > 1);
    assert.deepEqual(read.bytes, readFileSync('/proc/self/cmdline'));
  });

  it('refuses a file over the cap, by what it reads', () => {
    const file = path.join(root, 'capped.py');
    writeFileSync(file, 'x'.repeat(100));
    assert.ok(readRegularFile(file, 100).ok);
    assert.deepEqual(readRegularFile(file, 99), { ok: false, reason: 'larger than 99 bytes' });
    const proc = readRegularFile('/proc/self/cmdline', 1);
    if (process.platform === 'linux') assert.deepEqual(proc, { ok: false, reason: 'larger than 1 bytes' });
  });
});
