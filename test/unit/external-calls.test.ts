// parseTimeExternalCalls classifies only the calls that run at parse time (a speed-up, issue 16):
// its list equals the list of every external call of the file filtered by phase, for every rule
// fixture and example, with the same kinds, labels and order.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { externalCallsOf, parseTimeExternalCalls } from '../../server/src/core/cost/externalCalls';
import { buildFileModel } from '../../server/src/core/model/fileModel';
import { defaultSettings } from '../../server/src/core/settings/schema';
import { FIXTURES, getEngine } from '../helpers/engine';

function pythonFiles(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const file = path.join(folder, name);
    return statSync(file).isDirectory() ? pythonFiles(file) : file.endsWith('.py') ? [file] : [];
  });
}

describe('parseTimeExternalCalls', () => {
  it('equals every external call of the file that runs at parse time', async () => {
    const engine = await getEngine();
    const settings = { ...defaultSettings(), ioCalls: { 'mylib.fetch': 'network' as const } };
    let found = 0;
    for (const file of [...pythonFiles(FIXTURES), ...pythonFiles(path.join(__dirname, '../../examples'))]) {
      engine.withSource(file, readFileSync(file, 'utf8'), (source) => {
        const { model } = buildFileModel(source);
        const expected = externalCallsOf(model, settings)
          .filter(({ call }) => model.phaseOf(call) === 'parse')
          .map(({ call, kind, label }) => ({ at: call.startIndex, kind, label, multiplicity: model.multiplicityOf(call) }));
        const actual = parseTimeExternalCalls(model, settings).map(({ call, kind, label, multiplicity }) => ({
          at: call.startIndex,
          kind,
          label,
          multiplicity,
        }));
        assert.deepEqual(actual, expected, file);
        found += actual.length;
      });
    }
    assert.ok(found > 100, `${found} parse-time external calls`);
  });
});
