// core/memo.ts: the per-file caches kept on their owners (instead of module-level WeakMaps) answer
// as a WeakMap keyed by the owner would: a value per owner and per key, absent until set; and the
// core keeps no module-level WeakMap keyed by what one file or one analysis makes.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { analyzePython } from '../../server/src/core/analyze';
import { Engine } from '../../server/src/core/engine';
import { type HasMemos, MemoKey } from '../../server/src/core/memo';
import { analysedModelOf } from '../../server/src/core/model/fileModel';
import { defaultSettings } from '../../server/src/core/settings/schema';

const owner = (): HasMemos => ({ memos: undefined });

describe('MemoKey', () => {
  it('keeps a value per owner and per key, as a WeakMap per key would', () => {
    const first = owner();
    const second = owner();
    const sites = new MemoKey<string[]>('sites');
    const scopes = new MemoKey<number>('scopes');
    const weak = new Map<MemoKey<unknown>, WeakMap<HasMemos, unknown>>([
      [sites, new WeakMap()],
      [scopes, new WeakMap()],
    ]);
    const writes: Array<[HasMemos, MemoKey<never>, unknown]> = [
      [first, sites as MemoKey<never>, ['a']],
      [second, scopes as MemoKey<never>, 0],
      [first, scopes as MemoKey<never>, 7],
      [first, sites as MemoKey<never>, ['b']],
    ];
    for (const [who, key, value] of writes) {
      key.set(who, value as never);
      weak.get(key)?.set(who, value);
      for (const reader of [first, second]) {
        for (const asked of [sites, scopes]) {
          assert.equal(asked.get(reader), weak.get(asked)?.get(reader));
          assert.equal(asked.has(reader), weak.get(asked)?.has(reader));
        }
      }
    }
    assert.deepEqual(sites.get(first), ['b']);
    assert.equal(sites.get(second), undefined);
    assert.equal(scopes.get(second), 0);
    assert.equal(scopes.has(second), true);
  });
});

/**
 * The module-level WeakMaps the core may keep: keyed by what outlives every file (the grammar, the
 * project), or by a small document whose entries hold none of an analysis. Why the others may not:
 * V8's young-generation collections keep an old WeakMap's entries, so a cache keyed by a file's
 * SourceFile, model or calls kept each analysed file alive until a full collection (issue 16:
 * 20,000 analyses with a project promoted 125 MB through the project caches, 3,000 analyses of a
 * 100-line file offering their model to the server 168 MB).
 */
const OUTLIVE_FILES: Record<string, string> = {
  'core/syntax/snapshot.ts Language': 'the grammar, loaded once',
  'core/model/source.ts readonly string[]': "the grammar's type names",
  'core/project/dagFileReach.ts ProjectModules': 'the project, shared by every DAG file',
  'core/rules/config/names.ts ConfigDocument': 'an airflow.cfg version; its index holds settings only',
};

describe('per-file caches', () => {
  it('are kept on their owners: no module-level WeakMap keyed by what a file or an analysis makes', () => {
    const core = path.join(__dirname, '..', '..', 'server', 'src', 'core');
    const found: string[] = [];
    for (const entry of readdirSync(core, { withFileTypes: true, recursive: true })) {
      if (!entry.isFile() || !entry.name.endsWith('.ts')) continue;
      const file = path.join(entry.parentPath, entry.name);
      const relative = path.relative(path.dirname(core), file).split(path.sep).join('/');
      for (const match of readFileSync(file, 'utf8').matchAll(/^const \w+ = new WeakMap<([^,]+),/gm)) found.push(`${relative} ${match[1]}`);
    }
    assert.deepEqual(
      found.filter((key) => !Object.hasOwn(OUTLIVE_FILES, key)),
      [],
      'a per-file cache belongs on its owner (core/memo.ts MemoKey)',
    );
    // The list stays true: each entry is still there.
    assert.deepEqual(found.filter((key) => Object.hasOwn(OUTLIVE_FILES, key)).sort(), Object.keys(OUTLIVE_FILES).sort());
  });
});

describe('the analysed model (model/fileModel.ts)', () => {
  it('is offered for its own text, once the analysis that asked to offer it finished', async () => {
    const engine = await Engine.create();
    const text = 'from airflow.models import Variable\nfrom airflow import DAG\nkey = Variable.get("k")\n';
    const settings = defaultSettings();
    engine.withSource('a.py', text, (offered) =>
      engine.withSource('a.py', text, (other) => {
        assert.equal(analysedModelOf(offered), undefined);
        analyzePython(offered, { settings, airflowVersion: 2, offerModel: true });
        analyzePython(other, { settings, airflowVersion: 2 });
        const model = analysedModelOf(offered);
        assert.ok(model);
        assert.equal(model.model.source, offered);
        assert.equal(analysedModelOf(other), undefined, 'not offered: the CLI and the bench keep none');
      }),
    );
  });
});
