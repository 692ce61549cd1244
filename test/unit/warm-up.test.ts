// The start-up warm-up (server/src/protocol/warmUp.ts): its sample reaches the rules it is meant to
// warm, it runs through the sliced analysis to the end, and it stops when a document's analysis
// starts, never holding up real work.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzePython, analysisSteps } from '../../server/src/core/analyze';
import { SourceFile } from '../../server/src/core/model/source';
import { defaultSettings } from '../../server/src/core/settings/schema';
import { createPythonParser, parsePython } from '../../server/src/core/syntax/parser';
import { AnalysisScheduler } from '../../server/src/protocol/analysisScheduler';
import { warmUp, WARM_UP_SAMPLE } from '../../server/src/protocol/warmUp';

const idleHost = {
  revisionOf: () => undefined,
  cached: () => undefined,
  analysisSteps: () => null,
  ready: async () => undefined,
  publish: () => undefined,
  log: () => undefined,
};

describe('start-up warm-up', () => {
  it('its sample gives findings of the parse-time, template and argument rules', async () => {
    const parser = await createPythonParser();
    const tree = parsePython(parser, WARM_UP_SAMPLE);
    const source = new SourceFile('warm_up_sample.py', WARM_UP_SAMPLE, tree);
    const codes = new Set(
      analyzePython(source, { settings: defaultSettings(), airflowVersion: 2, parsedByAirflow: true }).map((finding) => finding.code),
    );
    tree.delete();
    for (const code of ['DG101', 'DG102', 'DG103', 'DG105', 'DG106', 'DG301', 'DG302'])
      assert.ok(codes.has(code), `${code} missing from ${[...codes].join(', ')}`);
  });

  it('analysisSteps pauses between rules and ends with the findings analyzePython gives', async () => {
    const parser = await createPythonParser();
    const tree = parsePython(parser, WARM_UP_SAMPLE);
    const source = new SourceFile('warm_up_sample.py', WARM_UP_SAMPLE, tree);
    const options = { settings: defaultSettings(), airflowVersion: 2 as const, parsedByAirflow: true, today: new Date(2025, 0, 1) };
    const steps = analysisSteps(source, options);
    let pauses = 0;
    let step = steps.next();
    for (; !step.done; step = steps.next()) pauses++;
    assert.ok(pauses > 10, `only ${pauses} pauses`);
    assert.deepEqual(step.value, analyzePython(source, options));
    tree.delete();
  });

  it('stops when a document analysis starts, and hands the hook back', async () => {
    const parser = await createPythonParser();
    const scheduler = new AnalysisScheduler(idleHost);
    const idle = scheduler.onAnalysisStart;
    const warming = warmUp(parser, scheduler);
    const stop = scheduler.onAnalysisStart;
    assert.notEqual(stop, idle);
    stop();
    await warming;
    assert.notEqual(scheduler.onAnalysisStart, stop);
  });

  it('does not start once a document has been analysed', async () => {
    const parser = await createPythonParser();
    const scheduler = new AnalysisScheduler(idleHost);
    scheduler.analysed = true;
    const idle = scheduler.onAnalysisStart;
    const warming = warmUp(parser, scheduler);
    assert.equal(scheduler.onAnalysisStart, idle);
    await warming;
  });
});
