// The shared "does this value change at every parse" analysis (DG301 to DG303 ask it): each case
// passes `probe(<expression>)`; the test lists the sources the analysis finds in the expression.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ModuleBindings } from '../../server/src/core/model/bindings';
import { CallIndex } from '../../server/src/core/model/calls';
import { ImportMap } from '../../server/src/core/model/imports';
import { ParseTimeModel } from '../../server/src/core/model/parseTime';
import { RuntimeValues } from '../../server/src/core/model/runtimeValues';
import { field } from '../../server/src/core/syntax/nodes';
import { getEngine } from '../helpers/engine';

const HEADER = [
  'import datetime as dt',
  'import random',
  'import time',
  'import uuid',
  'from datetime import date, datetime, timedelta',
  'from pendulum import now as pendulum_now',
  'from airflow.utils.dates import days_ago',
  '',
].join('\n');

/** "kind display" of each source found in the argument of the last `probe(...)` call. */
async function sources(body: string): Promise<string[]> {
  const engine = await getEngine();
  return engine.withSource('dag.py', HEADER + body, (source) => {
    const imports = new ImportMap(source);
    const bindings = new ModuleBindings(source);
    const calls = new CallIndex(source, imports);
    const model = new ParseTimeModel(source, imports, bindings, calls);
    const probe = calls.all.filter((site) => site.text === 'probe').at(-1);
    assert.ok(probe, 'no probe(...) in the case');
    const argument = field(probe.node, 'arguments')?.namedChildren[0] ?? null;
    return new RuntimeValues(source, imports, bindings, model).sourcesOf(argument).map((found) => `${found.kind} ${found.display}`);
  });
}

describe('runtime values', () => {
  it('finds the clock, uuid and random through import aliases', async () => {
    assert.deepEqual(await sources('probe(dt.datetime.now())'), ['clock dt.datetime.now()']);
    assert.deepEqual(await sources('probe(pendulum_now("UTC"))'), ['clock pendulum_now("UTC")']);
    assert.deepEqual(await sources('probe(days_ago(1))'), ['clock days_ago(1)']);
    assert.deepEqual(await sources('probe([uuid.uuid4().hex, random.choice("ab"), time.time()])'), [
      'uuid uuid.uuid4()',
      'random random.choice("ab")',
      'clock time.time()',
    ]);
  });

  it('follows arithmetic, method chains, conversions, f-strings, conditionals and containers', async () => {
    assert.deepEqual(await sources('probe((datetime.now() - timedelta(days=1)).replace(hour=0))'), ['clock datetime.now()']);
    assert.deepEqual(await sources('probe(f"run_{int(time.time())}")'), ['clock time.time()']);
    assert.deepEqual(await sources('probe("-".join([str(date.today()), "x"]))'), ['clock date.today()']);
    assert.deepEqual(await sources('probe(None if random.random() > 0.5 else 1)'), ['random random.random()']);
    assert.deepEqual(await sources('probe({"k": {"nested": uuid.uuid1()}})'), ['uuid uuid.uuid1()']);
  });

  it('follows module-level names bound once, unless a function rebinds them', async () => {
    assert.deepEqual(await sources('STAMP = datetime.now()\nLABEL = f"v{STAMP:%Y}"\nprobe(LABEL)'), ['clock datetime.now()']);
    assert.deepEqual(await sources('STAMP = datetime.now()\nSTAMP = datetime(2024, 1, 1)\nprobe(STAMP)'), []);
    assert.deepEqual(await sources('STAMP = datetime.now()\ndef f(STAMP):\n    probe(STAMP)\nf(1)'), []);
    assert.deepEqual(await sources('STAMP = datetime.now()\ndef f():\n    STAMP = 1\n    probe(STAMP)\nf()'), []);
    assert.deepEqual(await sources('STAMP = datetime.now()\nprobe([f"v{STAMP}" for STAMP in ("a", "b")])'), []);
    assert.deepEqual(await sources('STAMP = datetime.now()\nprobe([f"v{STAMP}" for other in ("a", "b")])'), ['clock datetime.now()']);
  });

  it('stays silent on what does not change between parses, or runs later', async () => {
    for (const expression of [
      'datetime(2024, 1, 1)',
      'uuid.uuid5(uuid.NAMESPACE_DNS, "x")',
      'random.seed(1)',
      'time.strftime("%Y", (2024, 1, 1, 0, 0, 0, 0, 1, 0))',
      'lambda: datetime.now()',
      'make_value(datetime.now())',
      'datetime.now',
      '"datetime.now()"',
    ]) {
      assert.deepEqual(await sources(`probe(${expression})`), [], expression);
    }
  });

  it('only counts sources that run at parse time', async () => {
    assert.deepEqual(await sources('if __name__ == "__main__":\n    STAMP = datetime.now()\nprobe(STAMP)'), []);
  });
});
