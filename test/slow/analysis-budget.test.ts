// The analysis never hangs: files that once looped for ever finish, and every analysis runs under a
// time budget that skips a rule which overruns it (logged, the other rules still report).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, it } from 'node:test';
import { analyzePython } from '../../server/src/core/analyze';
import { SourceFile } from '../../server/src/core/model/source';
import { SyntaxNode } from '../../server/src/core/syntax/snapshot';
import { PYTHON_RULES } from '../../server/src/core/rules/registry';
import type { PythonRule } from '../../server/src/core/rules/rule';
import { SHAPES } from '../bench/shapeGenerators';
import { getEngine, settingsWith, TEST_TODAY } from '../helpers/engine';
import { tempFolder } from '../helpers/tempFolder';

const ROOT = path.resolve(__dirname, '../..');

/** Runs `dag-guard check` from the sources in a child process, killed after `seconds`. */
function checkInChild(
  cwd: string,
  args: string[],
  seconds = 20,
): { status: number | null; stdout: string; stderr: string; timedOut: boolean } {
  const script = `import(${JSON.stringify(path.join(ROOT, 'server/src/cli/main.ts'))}).then(async (m) => { process.exitCode = await (m.main ?? m.default.main)(${JSON.stringify(['check', ...args])}, { cwd: ${JSON.stringify(cwd)}, color: false }); });`;
  const result = spawnSync(process.execPath, ['--import', 'tsx', '-e', script], { cwd: ROOT, timeout: seconds * 1000, encoding: 'utf8' });
  return {
    status: result.status,
    stdout: result.stdout,
    stderr: result.stderr,
    timedOut: result.error !== undefined || result.signal !== null,
  };
}

// A tree whose root is an ERROR node: the scope climb of the parse-time model once never ended.
const ERROR_ROOT = 'def outer():\n    def extract():\n        pass\n\n\nextract()\nG(n,t=S(",y=f/{K\n';

describe('files that once hung the analysis', () => {
  it('finishes `dag-guard check` on a file whose tree root is an ERROR node', () => {
    const cwd = tempFolder({
      'broken.py': ERROR_ROOT,
      'broken_dag.py': `# airflow DAG\n${ERROR_ROOT}`,
      'dag.py': 'from airflow import DAG\nfrom airflow.models import Variable\n\nenv = Variable.get("env")\n',
    });
    const result = checkInChild(cwd, ['broken.py', 'broken_dag.py', 'dag.py']);
    assert.equal(result.timedOut, false, 'dag-guard check did not finish');
    assert.equal(result.stderr, '');
    // The broken DAG file is a finding of its own (DG001), and the analysis still finishes.
    assert.match(result.stdout, /^broken_dag\.py:8:10: error DG001 Syntax error \("string_end" expected\)/m);
    assert.match(result.stdout, /^dag\.py:4:7: warning DG101 Variable\.get\("env"\) runs at every parse/m);
    assert.match(result.stdout, /Found 2 findings in 2 of 3 files\./);
    assert.equal(result.status, 1);
  });
});

/** A rule that never ends on its own: it asks the model about the same node for ever. */
const ENDLESS: PythonRule = {
  code: 'DG999',
  name: 'endless',
  defaultSeverity: 'warning',
  docs: { summary: '', whatItDoes: '', whyBad: '', example: '', useInstead: '' },
  needsDagFile: false,
  check(context) {
    for (;;) context.model.phaseOf(context.source.root);
  },
};

describe('the analysis budget', () => {
  it("stops a rule that runs over its time, logs it, and keeps the other rules' findings", async () => {
    const engine = await getEngine();
    const text = 'from airflow import DAG\nfrom airflow.models import Variable\n\nenv = Variable.get("env")\n';
    const errors: string[] = [];
    const started = performance.now();
    const dg101 = PYTHON_RULES.find((rule) => rule.code === 'DG101')!;
    const findings = engine.withSource('dag.py', text, (source) =>
      analyzePython(source, {
        settings: settingsWith(),
        airflowVersion: 2,
        today: TEST_TODAY,
        rules: [ENDLESS, dg101],
        budget: { fileMilliseconds: 10_000, ruleMilliseconds: 100 },
        onRuleError: (rule, error) => errors.push(`${rule.code}: ${(error as Error).message}`),
      }),
    );
    assert.ok(performance.now() - started < 5_000, 'the endless rule was not stopped');
    assert.deepEqual(errors, ['DG999: rule DG999 took longer than 100 ms (the time budget of one rule) and was stopped']);
    assert.deepEqual(
      findings.map((finding) => finding.code),
      ['DG101'],
    );
  });

  it("skips the rules left once the file's budget is spent", async () => {
    const engine = await getEngine();
    const errors: string[] = [];
    const dg101 = PYTHON_RULES.find((rule) => rule.code === 'DG101')!;
    const findings = engine.withSource('dag.py', 'from airflow.models import Variable\nx = Variable.get("k")  # dag\n', (source) =>
      analyzePython(source, {
        settings: settingsWith(),
        airflowVersion: 2,
        rules: [ENDLESS, dg101],
        budget: { fileMilliseconds: 100, ruleMilliseconds: 10_000 },
        onRuleError: (rule, error) => errors.push(`${rule.code}: ${(error as Error).message}`),
      }),
    );
    assert.deepEqual(findings, []);
    assert.equal(errors.length, 2);
    assert.match(errors[0], /^DG999: the analysis of this file took longer than 100 ms \(the time budget of one file\); stopped at DG999$/);
    assert.match(errors[1], /^DG101: the analysis of this file took longer than 100 ms/);
  });
});

/** Parses and analyses a file of `shape` at `size`; the milliseconds the analysis took. */
async function analysisTime(shape: string, size: number): Promise<{ milliseconds: number; codes: string[] }> {
  const engine = await getEngine();
  const text = SHAPES.find((candidate) => candidate.name === shape)!.make(size);
  return engine.withSource('shape.py', text, (source: SourceFile) => {
    const started = performance.now();
    const findings = analyzePython(source, {
      settings: settingsWith(),
      airflowVersion: 2,
      today: TEST_TODAY,
      onRuleError: (rule, error) => assert.fail(`${rule.code}: ${(error as Error).message}`),
    });
    return { milliseconds: performance.now() - started, codes: [...new Set(findings.map((finding) => finding.code))] };
  });
}

/** How many times the analysis of a file of `shape` at `size` reads a node's end offset. */
async function endOffsetReads(shape: string, size: number): Promise<{ reads: number; codes: string[] }> {
  const engine = await getEngine();
  const text = SHAPES.find((candidate) => candidate.name === shape)!.make(size);
  const getter = Object.getOwnPropertyDescriptor(SyntaxNode.prototype, 'endIndex')!;
  let reads = 0;
  Object.defineProperty(SyntaxNode.prototype, 'endIndex', {
    ...getter,
    get() {
      reads++;
      return getter.get!.call(this);
    },
  });
  try {
    return engine.withSource('shape.py', text, (source: SourceFile) => {
      const findings = analyzePython(source, {
        settings: settingsWith(),
        airflowVersion: 2,
        today: TEST_TODAY,
        onRuleError: (rule, error) => assert.fail(`${rule.code}: ${(error as Error).message}`),
      });
      return { reads, codes: [...new Set(findings.map((finding) => finding.code))].sort() };
    });
  } finally {
    Object.defineProperty(SyntaxNode.prototype, 'endIndex', getter);
  }
}

// Sizes at which the quadratic versions took 10 s or more and the linear ones take a few hundred
// milliseconds; the budgets leave room for a loaded machine (load 9 on 2 cores triples times).
describe('shapes that were super-linear', () => {
  it('analyses a chain of 10,000 factories in well under a second', async () => {
    const { milliseconds, codes } = await analysisTime('factory-chain', 10_000);
    assert.ok(milliseconds < 5_000, `${milliseconds.toFixed(0)} ms`);
    assert.deepEqual(codes, ['DG101']);
  });

  it('analyses a value nested in 12,000 dicts in well under a second', async () => {
    const { milliseconds, codes } = await analysisTime('nested-dicts', 12_000);
    assert.ok(milliseconds < 5_000, `${milliseconds.toFixed(0)} ms`);
    assert.deepEqual(codes, ['DG101']);
  });

  it('reads node end offsets in proportion to the size of a file of operator classes and factories', async () => {
    // Each class's __init__ and each loop body were read against every assignment, call and
    // globals() write of the file (issue 16): the end offset (then a call into WASM) was read
    // classes x nodes times. Counting the reads makes the test independent of the machine's load.
    const small = await endOffsetReads('operators', 2_500);
    const large = await endOffsetReads('operators', 10_000);
    assert.ok(large.reads < small.reads * 4 * 1.25, `${small.reads} reads at 2,500 lines, ${large.reads} at 10,000`);
    assert.deepEqual(large.codes, ['DG101', 'DG106']);
  });

  it('finds the identifiers of 40,000 names in a 40,000-line file in well under a second', async () => {
    const engine = await getEngine();
    const text = SHAPES.find((candidate) => candidate.name === 'variable-gets')!.make(40_000);
    engine.withSource('shape.py', text, (source) => {
      const started = performance.now();
      for (let index = 0; index < 40_000; index++) assert.equal(source.identifiers(`x${index}`).length, 1);
      const milliseconds = performance.now() - started;
      assert.ok(milliseconds < 5_000, `${milliseconds.toFixed(0)} ms`);
    });
  });
});

describe('deep nesting', () => {
  const HEADER = 'from airflow import DAG\nfrom airflow.models import Variable\nfrom airflow.operators.python import PythonOperator\n';
  const DEPTH = 12_000;

  async function ruleErrors(text: string): Promise<string[]> {
    const errors: string[] = [];
    const engine = await getEngine();
    engine.analyzeText('deep.py', text, {
      settings: settingsWith(),
      airflowVersion: 2,
      today: TEST_TODAY,
      onRuleError: (rule, error) => errors.push(`${rule.code}: ${(error as Error).message}`),
      onAnalysisError: (error) => errors.push(`model: ${(error as Error).message}`),
    });
    return errors;
  }

  it('walks assignment targets, callables and loop bodies nested 12,000 deep without running out of stack', async () => {
    assert.deepEqual(await ruleErrors(`${HEADER}def f():\n    ${'['.repeat(DEPTH)}a${']'.repeat(DEPTH)} = g()\n`), []);
    assert.deepEqual(
      await ruleErrors(`${HEADER}PythonOperator(task_id="a", python_callable=${'['.repeat(DEPTH)}f${']'.repeat(DEPTH)})\n`),
      [],
    );
    assert.deepEqual(
      await ruleErrors(`${HEADER}for t in ["a", "b"]:\n    with DAG(t) as dag:\n        x = ${'('.repeat(DEPTH)}1${')'.repeat(DEPTH)}\n`),
      [],
    );
  });
});
