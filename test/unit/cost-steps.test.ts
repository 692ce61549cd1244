// How finely the parse-cost count (core/cost/parseCost.ts parseCostSteps, which the code lens runs a
// slice at a time), the file's own module summary and its project reach (core/project/) pause, so
// that the language server answers requests in between; and that they count what one pass counts,
// also when other work reads the same model between their steps (the analysis does, in the server).
// Bounds are in work (field reads), never in time.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import type { Node } from '../../server/src/core/syntax/nodes';
import { analysisSteps } from '../../server/src/core/analyze';
import { AIRFLOW_DEFAULT_TIMINGS, parseCostOf, parseCostSteps, type ParseCost } from '../../server/src/core/cost/parseCost';
import { parseTimeExternalCalls } from '../../server/src/core/cost/externalCalls';
import { Engine } from '../../server/src/core/engine';
import { buildFileModel } from '../../server/src/core/model/fileModel';
import type { SourceFile } from '../../server/src/core/model/source';
import { dagFileReach, ownSummarySteps } from '../../server/src/core/project/dagFileReach';
import type { ProjectModules } from '../../server/src/core/project/modules';
import { defaultSettings } from '../../server/src/core/settings/schema';
import { runToEnd } from '../../server/src/core/steps';
import { generateLargeDag } from '../bench/generate';
import { fixturePath } from '../helpers/engine';
import { inMemoryProject, readProjectFiles } from '../helpers/projectModules';
import { RULE_FIXTURES, RULE_FIXTURES_DIR } from '../helpers/ruleFixtures';

const settings = defaultSettings();

/**
 * Field reads per step of `steps`, and their result (the tree's `childForFieldName` counted);
 * `afterStep` is told of each step's end.
 */
function fieldsPerStep<T>(
  source: SourceFile,
  steps: Generator<void, T>,
  afterStep: (fields: number) => void = () => undefined,
): { counts: number[]; result: T } {
  const node = Object.getPrototypeOf(source.root) as Node;
  const { childForFieldName } = node;
  let fields = 0;
  node.childForFieldName = function (this: Node, name: string) {
    fields++;
    return childForFieldName.call(this, name);
  };
  try {
    const counts: number[] = [];
    for (;;) {
      fields = 0;
      const step = steps.next();
      counts.push(fields);
      afterStep(fields);
      if (step.done) return { counts, result: step.value };
    }
  } finally {
    node.childForFieldName = childForFieldName;
  }
}

/**
 * The parse cost counted in steps while, halfway, what the analysis' rules ask of the same model
 * (the external calls, the project reach, the own summary) is built in one go; then finished.
 */
function interleaved(source: SourceFile, project: ProjectModules | null): ParseCost {
  const { model, imports, calls } = buildFileModel(source);
  const steps = parseCostSteps(model, settings, AIRFLOW_DEFAULT_TIMINGS, project);
  let paused = 0;
  for (let step = steps.next(); ; step = steps.next()) {
    if (step.done) return step.value;
    if (++paused === 3) {
      const context = { source, imports, calls, model, settings, project };
      parseTimeExternalCalls(model, settings);
      runToEnd(ownSummarySteps(context));
      dagFileReach(context);
    }
  }
}

/** The parse cost in one go, on a model of its own. */
function oneGo(source: SourceFile, project: ProjectModules | null): ParseCost {
  return parseCostOf(buildFileModel(source).model, settings, AIRFLOW_DEFAULT_TIMINGS, project);
}

describe('parse cost and project reach in steps', () => {
  let engine: Engine;
  const text = generateLargeDag(5000);
  before(async () => {
    engine = await Engine.create();
  });

  it('counts the parse cost of a 5,000-line file in steps of at most 1,000 field reads', async () => {
    // In one go the count reads 3,904 fields on this file (its external calls, its project reach,
    // its DAG-building calls), 25-35 ms in the server.
    const project = await inMemoryProject({});
    engine.withSource('dags/large_dag.py', text, (source) => {
      const { model } = buildFileModel(source);
      const { counts, result } = fieldsPerStep(source, parseCostSteps(model, settings, AIRFLOW_DEFAULT_TIMINGS, project));
      const total = counts.reduce((sum, count) => sum + count, 0);
      assert.ok(total > 3000, `the count reads ${total} fields`);
      for (const [index, count] of counts.entries()) assert.ok(count <= 1000, `step ${index} reads ${count} fields`);
      assert.equal(result.variableReads.count, 1);
      assert.equal(result.dags.count, 2);
    });
  });

  it('builds the own summary in steps of at most 1,000 field reads, its external calls too', async () => {
    // The file calls its own factory (build_0) at parse time: the analysis builds its summary before
    // the rules. Its external calls were one step of 1,594 field reads, its calls steps of 2,000.
    const project = await inMemoryProject({});
    engine.withSource('dags/large_dag.py', text, (source) => {
      const { model, imports, calls } = buildFileModel(source);
      const { counts } = fieldsPerStep(source, ownSummarySteps({ source, imports, calls, model, settings, project }));
      assert.ok(counts.length > 40, `${counts.length} steps`);
      for (const [index, count] of counts.entries()) assert.ok(count <= 1000, `step ${index} reads ${count} fields`);
    });
  });

  it('builds the project reach before the rules, in steps of at most 500 field reads', async () => {
    // Built on first use, it was a pass over every call inside DG101's step (2,063 field reads).
    const project = await inMemoryProject({});
    engine.withSource('dags/large_dag.py', text, (source) => {
      // Each step's counts go to the part whose timing report ends it (as test/bench/steps.ts names them).
      let ended: string | null = null;
      const perPart = new Map<string, number[]>();
      let pending: number[] = [];
      const steps = analysisSteps(source, { settings, airflowVersion: 2, project, onTiming: (part) => (ended = part) });
      fieldsPerStep(source, steps, (fields) => {
        pending.push(fields);
        if (!ended) return;
        perPart.set(ended, [...(perPart.get(ended) ?? []), ...pending]);
        pending = [];
        ended = null;
      });
      const reach = perPart.get('project reach') ?? [];
      assert.ok(reach.length > 20, `the project reach takes ${reach.length} steps`);
      for (const count of reach) assert.ok(count <= 500, `a step of the project reach reads ${count} fields`);
    });
  });

  it('counts the same in steps, with the rules reading the model between them, as in one go', async () => {
    const files: Array<{ name: string; text: string; path: string; project: () => Promise<ProjectModules | null> }> = [
      { name: 'large_dag.py', text, path: 'dags/large_dag.py', project: () => inMemoryProject({}) },
      { name: 'large_dag.py (no project)', text, path: 'dags/large_dag.py', project: async () => null },
    ];
    for (const file of RULE_FIXTURES.filter((name) => name.endsWith('.py'))) {
      const fixture = readFileSync(path.join(RULE_FIXTURES_DIR, file), 'utf8');
      files.push({ name: file, text: fixture, path: file, project: async () => null });
    }
    for (const name of ['factory_dag.py', 'quiet_dag.py']) {
      files.push({ name, text: readFileSync(fixturePath('cost', name), 'utf8'), path: name, project: async () => null });
    }
    for (const [folder, roots] of [
      ['project', ['dags']],
      ['project-factories', ['dags']],
    ] as const) {
      const modules = readProjectFiles(fixturePath(folder));
      for (const [file, moduleText] of modules) {
        files.push({ name: `${folder}/${file}`, text: moduleText, path: file, project: () => inMemoryProject(modules, [...roots]) });
      }
    }
    let counted = 0;
    for (const file of files) {
      // Each run with a project of its own: nothing summarised by one is reused by the other.
      const [first, second] = [await file.project(), await file.project()];
      const stepped = engine.withSource(file.path, file.text, (source) => interleaved(source, first));
      const whole = engine.withSource(file.path, file.text, (source) => oneGo(source, second));
      assert.deepEqual(stepped, whole, file.name);
      if (whole.metadataReads.count > 0 || whole.dags.count > 0) counted++;
    }
    assert.ok(counted > 30, `${counted} files count something`);
  });
});
