// The project's module index: imports resolved as Python's path finder would against the layout's
// import roots, and each module summarised once per content.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import { Engine } from '../../server/src/core/engine';
import type { ProjectLayout } from '../../server/src/project/layout';
import { rootOnlyLayout } from '../../server/src/project/layout';
import { ProjectIndex } from '../../server/src/project/projectIndex';
import { tempFolder } from '../helpers/tempFolder';

let engine: Engine;
before(async () => {
  engine = await Engine.create();
});

const VARIABLES = 'from airflow.models import Variable\n\n\ndef read_var(name):\n    return Variable.get(name)\n';

function layoutOf(root: string, importRoots: string[]): ProjectLayout {
  return { ...rootOnlyLayout(root), importRoots: importRoots.map((folder) => path.join(root, folder)) };
}

describe('project index: resolution', () => {
  const root = tempFolder({
    'dags/export_dag.py': 'from common.export import read_export_vars\n',
    'dags/team/report_dag.py': 'from . import local\n',
    'dags/team/local.py': '',
    'dags/common/__init__.py': 'import os\n',
    'dags/common/variables.py': VARIABLES,
    'dags/common/export.py': 'from .variables import read_var\nfrom . import variables\nfrom .. import outside\n',
    'dags/common/sub/deep.py': 'from ..variables import read_var\n',
    'dags/helpers.py': 'import json\n',
    'dags/ns/tools.py': 'import pendulum\n',
    'dags/logging/__init__.py': '',
    'dags/pandas.py': '',
    'include/shared.py': 'X = 1\n',
    'include/helpers.py': 'SHADOWED = 1\n',
  });
  const index = () => new ProjectIndex(layoutOf(root, ['dags', '.']), engine);
  const dag = path.join(root, 'dags', 'export_dag.py');
  const file = (...parts: string[]) => path.join(root, ...parts);

  it('resolves an absolute import to a module file, with the module summarised', () => {
    const summary = index().resolve(dag, 'common.variables', 0);
    assert.equal(summary?.path, file('dags', 'common', 'variables.py'));
    assert.deepEqual(
      summary?.imports.map(({ module, level, names }) => ({ module, level, names })),
      [{ module: 'airflow.models', level: 0, names: ['Variable'] }],
    );
  });

  it("resolves a package to its __init__.py, and `from pkg import mod`'s submodule as pkg.mod", () => {
    const modules = index();
    assert.equal(modules.resolve(dag, 'common', 0)?.path, file('dags', 'common', '__init__.py'));
    assert.equal(modules.resolve(dag, 'common.export', 0)?.path, file('dags', 'common', 'export.py'));
  });

  it('resolves against the import roots in order: the first that has the name wins', () => {
    const modules = index();
    assert.equal(modules.resolve(dag, 'helpers', 0)?.path, file('dags', 'helpers.py'));
    assert.equal(modules.resolve(dag, 'include.shared', 0)?.path, file('include', 'shared.py'));
    assert.equal(modules.resolve(dag, 'shared', 0), null);
  });

  it('resolves relative imports from a module of a package, never beyond its import root', () => {
    const modules = index();
    // Found through `common.export`, so its package is `common` under the DAG folder.
    const exporter = modules.resolve(dag, 'common.export', 0)!.path;
    assert.equal(modules.resolve(exporter, 'variables', 1)?.path, file('dags', 'common', 'variables.py'));
    assert.equal(modules.resolve(exporter, '', 1)?.path, file('dags', 'common', '__init__.py'));
    assert.equal(modules.resolve(exporter, 'outside', 2), null);
    const deep = modules.resolve(dag, 'common.sub.deep', 0)!.path;
    assert.equal(modules.resolve(deep, 'variables', 2)?.path, file('dags', 'common', 'variables.py'));
    assert.equal(modules.resolve(deep, 'common', 3), null);
  });

  it('gives a DAG file at the top of the DAG folder no package (Airflow loads it under a dotless name)', () => {
    assert.equal(index().resolve(dag, 'helpers', 1), null);
    assert.equal(index().resolve(file('dags', 'team', 'report_dag.py'), 'local', 1)?.path, file('dags', 'team', 'local.py'));
  });

  it('resolves through a namespace package (a folder without __init__.py)', () => {
    const modules = index();
    const tools = modules.resolve(dag, 'ns.tools', 0);
    assert.equal(tools?.path, file('dags', 'ns', 'tools.py'));
    assert.deepEqual(
      tools?.imports.map(({ module, level, names }) => ({ module, level, names })),
      [{ module: 'pendulum', level: 0, names: [] }],
    );
    const namespace = modules.resolve(dag, 'ns', 0);
    assert.equal(namespace?.path, file('dags', 'ns'));
    assert.deepEqual(namespace?.imports, []);
  });

  it('returns null for modules outside the project: site-packages, the standard library, Airflow', () => {
    const modules = index();
    for (const name of [
      'requests',
      'airflow.models',
      'os.path',
      'json',
      'logging',
      'pandas',
      'common.missing',
      'common.variables.read_var',
      'not-a.name',
    ]) {
      assert.equal(modules.resolve(dag, name, 0), null, name);
    }
  });
});

describe('project index: summaries once per content', () => {
  it('summarises a module once, again only when its content changed on disk', () => {
    const root = tempFolder({ 'dags/dag.py': '', 'dags/common/variables.py': VARIABLES });
    const dag = path.join(root, 'dags', 'dag.py');
    const helper = path.join(root, 'dags', 'common', 'variables.py');
    const modules = new ProjectIndex(layoutOf(root, ['dags']), engine);
    modules.resolve(dag, 'common.variables', 0);
    modules.resolve(dag, 'common.variables', 0);
    assert.equal(modules.summaryBuilds, 1);
    assert.equal(modules.fileReads, 1);

    // Told it changed, but the content is the same: read again, not summarised again.
    modules.fileChanged(helper);
    modules.resolve(dag, 'common.variables', 0);
    assert.equal(modules.fileReads, 2);
    assert.equal(modules.summaryBuilds, 1);

    writeFileSync(helper, `${VARIABLES}import pandas\n`);
    modules.fileChanged(helper);
    assert.deepEqual(
      modules
        .resolve(dag, 'common.variables', 0)
        ?.imports.map((entry) => entry.module)
        .sort(),
      ['airflow.models', 'pandas'],
    );
    assert.equal(modules.summaryBuilds, 2);
  });

  it("prefers an open document's text over the disk, and reuses the disk summary when it closes", () => {
    const root = tempFolder({ 'dags/dag.py': '', 'dags/helper.py': 'import os\n' });
    const dag = path.join(root, 'dags', 'dag.py');
    const helper = path.join(root, 'dags', 'helper.py');
    const modules = new ProjectIndex(layoutOf(root, ['dags']), engine);
    assert.deepEqual(
      modules.resolve(dag, 'helper', 0)?.imports.map((entry) => entry.module),
      ['os'],
    );
    modules.setOverlay(helper, 'import numpy\n');
    assert.deepEqual(
      modules.resolve(dag, 'helper', 0)?.imports.map((entry) => entry.module),
      ['numpy'],
    );
    modules.clearOverlay(helper);
    assert.deepEqual(
      modules.resolve(dag, 'helper', 0)?.imports.map((entry) => entry.module),
      ['os'],
    );
    assert.equal(modules.summaryBuilds, 2);
    assert.equal(modules.fileReads, 2);
  });

  it('notices a change on disk by itself when asked to verify (a client without file watching)', () => {
    const root = tempFolder({ 'dags/dag.py': '', 'dags/helper.py': 'import os\n' });
    const dag = path.join(root, 'dags', 'dag.py');
    const modules = new ProjectIndex(layoutOf(root, ['dags']), engine, { verifyDisk: true });
    modules.resolve(dag, 'helper', 0);
    writeFileSync(path.join(root, 'dags', 'helper.py'), 'import sys, json  # longer\n');
    assert.deepEqual(
      modules.resolve(dag, 'helper', 0)?.imports.map((entry) => entry.module),
      ['sys', 'json'],
    );
  });

  it('sees a module created after a failed resolve once told of the creation', () => {
    const root = tempFolder({ 'dags/dag.py': '' });
    const dag = path.join(root, 'dags', 'dag.py');
    const modules = new ProjectIndex(layoutOf(root, ['dags']), engine);
    assert.equal(modules.resolve(dag, 'late', 0), null);
    writeFileSync(path.join(root, 'dags', 'late.py'), 'import os\n');
    modules.fileCreatedOrDeleted(path.join(root, 'dags', 'late.py'));
    assert.equal(modules.resolve(dag, 'late', 0)?.path, path.join(root, 'dags', 'late.py'));
  });

  it('reads only regular files of a bounded size', () => {
    const root = tempFolder({ 'dags/dag.py': '', 'dags/huge.py': `X = 1\n${'#'.repeat(2_000_000)}\n` });
    symlinkSync('/dev/zero', path.join(root, 'dags', 'device.py'));
    execFileSync('mkfifo', [path.join(root, 'dags', 'fifo.py')]);
    const modules = new ProjectIndex(layoutOf(root, ['dags']), engine);
    const dag = path.join(root, 'dags', 'dag.py');
    assert.equal(modules.resolve(dag, 'huge', 0), null);
    assert.equal(modules.resolve(dag, 'device', 0), null);
    assert.equal(modules.resolve(dag, 'fifo', 0), null);
    assert.equal(modules.fileReads, 0);
  });

  it('remembers which modules each tracked analysis read, through other modules too', () => {
    const root = tempFolder({
      'dags/a.py': '',
      'dags/b.py': '',
      'dags/common/__init__.py': '',
      'dags/common/export.py': '',
      'dags/common/variables.py': VARIABLES,
    });
    const modules = new ProjectIndex(layoutOf(root, ['dags']), engine);
    const a = path.join(root, 'dags', 'a.py');
    const b = path.join(root, 'dags', 'b.py');
    modules.track(a, () => {
      const exporter = modules.resolve(a, 'common.export', 0)!;
      modules.resolve(exporter.path, 'variables', 1);
    });
    modules.track(b, () => modules.resolve(b, 'common.export', 0));
    assert.deepEqual(modules.dependentsOf(path.join(root, 'dags', 'common', 'variables.py')), [a]);
    assert.deepEqual(modules.dependentsOf(path.join(root, 'dags', 'common', 'export.py')).sort(), [a, b].sort());
    // A new analysis of b replaces what it read before.
    modules.track(b, () => null);
    assert.deepEqual(modules.dependentsOf(path.join(root, 'dags', 'common', 'export.py')), [a]);
  });
});
