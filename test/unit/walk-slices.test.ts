// The folder walks run to the end at once (CLI) or in slices (server) and find the same files;
// a walk in slices stops when cancelled; discovery says when the cap left files out.
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { findConfigFiles, findConfigFilesInSlices } from '../../server/src/project/airflowTimings';
import { discoverPythonFiles, discoverPythonFilesInSlices, FileFilter } from '../../server/src/project/files';
import { FolderListings } from '../../server/src/project/slices';
import { settingsWith } from '../helpers/engine';
import { tempFolder } from '../helpers/tempFolder';

const files: Record<string, string> = { 'airflow.cfg': '[core]\n', 'deploy/.env': 'A=1\n', 'deploy/docker-compose.yaml': 'x: 1\n' };
for (let i = 0; i < 60; i++) files[`dags/team${i % 7}/dag${i}.py`] = 'import os\n';

describe('walks in slices', () => {
  const root = tempFolder(files);
  const filter = new FileFilter(root, settingsWith());

  it('finds what the walk at once finds', async () => {
    assert.deepEqual(await discoverPythonFilesInSlices([root], filter, {}, {}), discoverPythonFiles([root], filter));
    assert.deepEqual(await findConfigFilesInSlices(root, {}), findConfigFiles(root));
    assert.equal(discoverPythonFiles([root], filter).files.length, 63);
  });

  it('says when the cap left files out', () => {
    assert.equal(discoverPythonFiles([root], filter).truncated, false);
    assert.equal(discoverPythonFiles([root], filter, { limit: 63 }).truncated, false);
    const capped = discoverPythonFiles([root], filter, { limit: 10 });
    assert.equal(capped.files.length, 10);
    assert.equal(capped.truncated, true);
  });

  it('keeps, under the cap, the files first in code-unit order, whatever the locale', () => {
    // A collator (en, de, sv, ...) puts `_setup.py` and `alpha.py` before `Zeta.py`; code units do not.
    const mixed = tempFolder({ 'dags/alpha.py': '', 'dags/Zeta.py': '', 'dags/_setup.py': '', 'dags/Äpfel.py': '', 'dags/beta.py': '' });
    const mixedFilter = new FileFilter(mixed, settingsWith());
    const names = (limit: number) => discoverPythonFiles([mixed], mixedFilter, { limit }).files.map((file) => file.slice(mixed.length + 1));
    assert.deepEqual(names(2), ['dags/Zeta.py', 'dags/_setup.py']);
    assert.deepEqual(names(5), ['dags/Zeta.py', 'dags/_setup.py', 'dags/alpha.py', 'dags/beta.py', 'dags/Äpfel.py']);
  });

  it("shares one CLI run's folder reads between its walks: each folder is read once", () => {
    const tree = tempFolder({ 'airflow.cfg': '[core]\n', 'dags/a.py': '', 'dags/sub/b.py': '' });
    const treeFilter = new FileFilter(tree, settingsWith());
    const listings = new FolderListings();
    const first = discoverPythonFiles([tree], treeFilter, { listings });
    assert.deepEqual(first, discoverPythonFiles([tree], treeFilter));
    // Gone from disk after the first walk: the run's other walks still see the folders as read.
    rmSync(path.join(tree, 'dags', 'sub'), { recursive: true });
    assert.deepEqual(discoverPythonFiles([tree], treeFilter, { listings }), first);
    assert.deepEqual(
      findConfigFiles(tree, listings).map((file) => file.path),
      ['airflow.cfg'],
    );
    assert.deepEqual(
      discoverPythonFiles([tree], treeFilter).files,
      first.files.filter((file) => !file.includes('sub')),
      'without the listings, read afresh',
    );
  });

  it("hands a large folder's entries over in parts, each a chance to run other work or stop", async () => {
    const big: Record<string, string> = {};
    for (let i = 0; i < 1_000; i++) big[`dags/dag_${String(i).padStart(4, '0')}.py`] = 'import os\n';
    const bigRoot = tempFolder(big);
    const bigFilter = new FileFilter(bigRoot, settingsWith());
    let asked = 0;
    const found = await discoverPythonFilesInSlices([bigRoot], bigFilter, {}, { cancelled: () => (asked++, false) });
    assert.deepEqual(found, discoverPythonFiles([bigRoot], bigFilter));
    assert.equal(found?.files.length, 1_000);
    // Two folders read, and a pause after each 200 of the 1,000 entries of dags/.
    assert.equal(asked, 2 + 4);
    let turns = 0;
    assert.equal(await discoverPythonFilesInSlices([bigRoot], bigFilter, {}, { cancelled: () => ++turns > 3 }), null);
    assert.equal(turns, 4, 'stopped amid the folder, at its second pause');
  });

  it('stops when cancelled', async () => {
    let turns = 0;
    assert.equal(await discoverPythonFilesInSlices([root], filter, {}, { cancelled: () => ++turns > 2 }), null);
    assert.equal(turns, 3);
  });
});
