// How finely the analysis pauses (core/analyze.ts analysisSteps), so that the language server,
// running it a slice at a time, answers requests in between: after each part of the parse-time
// model (the node index, imports and bindings, calls, the model's regions, definitions and call
// edges) and after each DG101 finding (its remedy follows the value through the file).
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { analysisSteps, analyzePython } from '../../server/src/core/analyze';
import { Engine } from '../../server/src/core/engine';
import { dg101 } from '../../server/src/core/rules/python/dg101-variable-get-at-parse-time';
import type { PythonRule } from '../../server/src/core/rules/rule';
import { defaultSettings } from '../../server/src/core/settings/schema';

const dagWithLookups = (count: number) =>
  [
    'from airflow import DAG',
    'from airflow.models import Variable',
    '',
    ...Array.from({ length: count }, (_, n) => `VALUE_${n} = Variable.get("key_${n}")`),
    '',
    'with DAG("d") as dag:',
    '    pass',
    '',
  ].join('\n');

const NO_OP: PythonRule = { ...dg101, code: 'DG999', check: () => undefined };

describe('analysis steps', () => {
  let engine: Engine;
  before(async () => {
    engine = await Engine.create();
  });

  /** How many times the analysis pauses, and its findings. */
  const pauses = (text: string, rules: PythonRule[]) =>
    engine.withSource('dag.py', text, (source) => {
      const steps = analysisSteps(source, { settings: defaultSettings(), airflowVersion: 2, rules });
      let count = 0;
      for (let step = steps.next(); !step.done; step = steps.next()) count++;
      return count;
    });

  it('pauses after each part of the model, the parse-time model in three', () => {
    // Index, imports and bindings, calls, regions, definitions, call edges and phases; then the rule.
    assert.equal(pauses(dagWithLookups(1), [NO_OP]), 7);
  });

  it('pauses after each DG101 finding, with the same findings as a run without pauses', () => {
    const few = pauses(dagWithLookups(1), [dg101]);
    const many = pauses(dagWithLookups(6), [dg101]);
    assert.equal(many - few, 5);
    const findings = engine.withSource('dag.py', dagWithLookups(6), (source) =>
      analyzePython(source, { settings: defaultSettings(), airflowVersion: 2, rules: [dg101] }),
    );
    assert.deepEqual(
      findings.map((finding) => [finding.code, finding.range.start.line]),
      [3, 4, 5, 6, 7, 8].map((line) => ['DG101', line]),
    );
  });
});
