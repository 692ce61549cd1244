// The parse-time model on the tricky cases: each case marks the node under test with a call to
// `probe("...")`; the test asks the model when that call runs and how many times per parse.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ModuleBindings } from '../../server/src/core/model/bindings';
import { CallIndex } from '../../server/src/core/model/calls';
import { ImportMap } from '../../server/src/core/model/imports';
import { describeMultiplicity } from '../../server/src/core/model/multiplicity';
import { ParseTimeModel, type Phase } from '../../server/src/core/model/parseTime';
import { getEngine } from '../helpers/engine';

const HEADER = 'from airflow import DAG\nfrom airflow.decorators import dag, task\nfrom airflow.operators.python import PythonOperator\n';

async function probe(body: string, label = 'x'): Promise<{ phase: Phase; runs: string }> {
  const engine = await getEngine();
  const text = HEADER + body;
  return engine.withSource('dag.py', text, (source) => {
    const imports = new ImportMap(source);
    const bindings = new ModuleBindings(source);
    const calls = new CallIndex(source, imports);
    const model = new ParseTimeModel(source, imports, bindings, calls);
    const call = calls.all.find((site) => site.text === 'probe' && site.node.text.includes(`"${label}"`));
    assert.ok(call, `no probe("${label}") in the case`);
    return { phase: model.phaseOf(call.node), runs: describeMultiplicity(model.multiplicityOf(call.node)) };
  });
}

describe('parse-time model', () => {
  it('module level, with and try blocks run at every parse', async () => {
    assert.deepEqual(await probe('with DAG("d") as d:\n    try:\n        probe("x")\n    finally:\n        pass\n'), {
      phase: 'parse',
      runs: 'at every parse',
    });
  });

  it('a factory called from the values of a dict runs once per call', async () => {
    const result = await probe('def make(name):\n    probe("x")\n\nDAGS = {"a": make("a"), "b": make("b"), "c": make("c")}\n');
    assert.deepEqual(result, { phase: 'parse', runs: '3x per parse: in make(), called from 3 places (lines 7)' });
  });

  it('a factory called from a comprehension over a module-level list', async () => {
    const result = await probe(
      'TEAMS = ["a", "b", "c", "d"]\n\ndef make(team):\n    probe("x")\n\nbuilt = [make(team) for team in TEAMS]\n',
    );
    assert.deepEqual(result, { phase: 'parse', runs: '4x per parse: in make(), called at line 9, inside the comprehension at line 9' });
  });

  it('factories follow transitively, multiplying the counts', async () => {
    const result = await probe(
      'def inner():\n    probe("x")\n\ndef outer():\n    for _ in range(2):\n        inner()\n\nfor _ in range(3):\n    outer()\n',
    );
    assert.equal(result.phase, 'parse');
    assert.match(
      result.runs,
      /^6x per parse: in inner\(\), called at line 9, inside the loop at line 8, in outer\(\), called at line 12, inside the loop at line 11$/,
    );
  });

  it('default values of parameters and decorator arguments run when the def runs', async () => {
    assert.equal((await probe('def f(value=probe("x")):\n    return value\n')).phase, 'parse');
    assert.equal((await probe('@dag(schedule=probe("x"))\ndef my_dag():\n    pass\n')).phase, 'parse');
  });

  it('a @dag function body runs at parse time when the file calls it, not otherwise', async () => {
    assert.equal((await probe('@dag()\ndef my_dag():\n    probe("x")\n\nmy_dag()\n')).phase, 'parse');
    assert.equal((await probe('@dag()\ndef my_dag():\n    probe("x")\n')).phase, 'unknown');
  });

  it('task bodies, callables, callbacks and lambdas run at run time', async () => {
    assert.equal((await probe('@task\ndef t():\n    probe("x")\n\nt()\n')).phase, 'run');
    assert.equal((await probe('@task.virtualenv(requirements=[])\ndef t():\n    probe("x")\n')).phase, 'run');
    assert.equal((await probe('def cb(context):\n    probe("x")\n\nwith DAG("d", on_failure_callback=cb):\n    pass\n')).phase, 'run');
    assert.equal((await probe('def f():\n    probe("x")\n\nPythonOperator(task_id="t", python_callable=f)\n')).phase, 'run');
    assert.equal((await probe('PythonOperator(task_id="t", python_callable=lambda: probe("x"))\n')).phase, 'run');
    assert.equal((await probe('DEFAULTS = {"on_retry_callback": notify}\n\ndef notify(context):\n    probe("x")\n')).phase, 'run');
  });

  it('operator and sensor methods run at run time; __init__ of an instantiated class at parse time', async () => {
    const cls =
      'class Op:\n    def __init__(self):\n        probe("init")\n    def execute(self, context):\n        probe("execute")\n\nOp()\n';
    assert.equal((await probe(cls, 'init')).phase, 'parse');
    assert.equal((await probe(cls, 'execute')).phase, 'run');
  });

  it('`if __name__ == "__main__":` and `if TYPE_CHECKING:` never run at parse time', async () => {
    assert.equal((await probe('if __name__ == "__main__":\n    probe("x")\n')).phase, 'never');
    assert.equal((await probe('def f():\n    probe("x")\n\nif __name__ == "__main__":\n    f()\n')).phase, 'unknown');
    assert.equal((await probe('from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    probe("x")\n')).phase, 'never');
  });

  it('a function never called in the file is unknown, and recursion has an unknown count', async () => {
    assert.equal((await probe('def helper():\n    probe("x")\n')).phase, 'unknown');
    const recursive = await probe('def walk(n):\n    probe("x")\n    walk(n - 1)\n\nwalk(3)\n');
    assert.equal(recursive.phase, 'parse');
    assert.match(recursive.runs, /^an unknown number of times per parse/);
  });

  it('loops over things the file does not spell out have an unknown count', async () => {
    assert.match(
      (await probe('import yaml\nfor cfg in yaml.safe_load(open("x.yml")):\n    probe("x")\n')).runs,
      /^an unknown number of times per parse: inside the loop at line 5$/,
    );
    assert.match(
      (await probe('while True:\n    probe("x")\n    break\n')).runs,
      /^an unknown number of times per parse: inside the while loop/,
    );
    assert.equal(
      (await probe('CONFIG = {"a": 1, "b": 2}\nfor name, value in CONFIG.items():\n    probe("x")\n')).runs,
      '2x per parse: inside the loop at line 5',
    );
    assert.equal(
      (await probe('for i, name in enumerate(["a", "b", "c"]):\n    if name:\n        probe("x")\n')).runs,
      'up to 3x per parse: inside the loop at line 4',
    );
  });

  it('survives syntax errors later in the file', async () => {
    const result = await probe('for team in ["a", "b"]:\n    probe("x")\n\ndef broken(:\n    with DAG(\n');
    assert.deepEqual(result, { phase: 'parse', runs: '2x per parse: inside the loop at line 4' });
  });

  it('is not confused by non-ASCII text before the node', async () => {
    const result = await probe('NOTE = "Überwachung 📈 des Exports"  # ünïcödé\nfor team in ("a", "b"):\n    probe("x")\n');
    assert.deepEqual(result, { phase: 'parse', runs: '2x per parse: inside the loop at line 5' });
  });
});
