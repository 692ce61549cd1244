// How finely the analysis pauses (core/analyze.ts analysisSteps), so that the language server,
// running it a slice at a time, answers requests in between: inside the tree's snapshot every
// SNAPSHOT_STEP_NODES nodes read from the tree, inside the node index every INDEX_STEP_NODES,
// after each other part of the parse-time model (imports, bindings, calls, the model's regions, definitions and call edges), inside the argument sites, and after each DG101
// finding (its remedy follows the value through the file). Bounds are in work (nodes walked, field
// reads), never in time.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import type { Node } from '../../server/src/core/syntax/nodes';
import { analysisSteps, analyzePython } from '../../server/src/core/analyze';
import { ArgumentSites, SITES_STEP_ITEMS } from '../../server/src/core/airflow/argumentSites';
import { Engine } from '../../server/src/core/engine';
import { ModuleBindings } from '../../server/src/core/model/bindings';
import { CallIndex } from '../../server/src/core/model/calls';
import { ImportMap } from '../../server/src/core/model/imports';
import { INDEXED_TYPES } from '../../server/src/core/model/source';
import { SNAPSHOT_STEP_NODES, SyntaxNode } from '../../server/src/core/syntax/snapshot';
import { dg101 } from '../../server/src/core/rules/python/dg101-variable-get-at-parse-time';
import { PYTHON_RULES } from '../../server/src/core/rules/registry';
import type { PythonRule } from '../../server/src/core/rules/rule';
import { defaultSettings } from '../../server/src/core/settings/schema';
import { generateLargeDag } from '../bench/generate';
import { countCursorMoves } from '../helpers/cursorMoves';
import { inMemoryProject } from '../helpers/projectModules';
import type { ProjectModules } from '../../server/src/core/project/modules';
import { fixtureOptions } from '../helpers/fixtureHeaders';
import { RULE_FIXTURES, RULE_FIXTURES_DIR } from '../helpers/ruleFixtures';

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
    // Index, imports, bindings, calls, regions, definitions, call edges and phases; then the rule.
    assert.equal(pauses(dagWithLookups(1), [NO_OP]), 8);
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

  describe('on a 5,000-line file', () => {
    const text = generateLargeDag(5000);

    /**
     * Runs the analysis with every default rule, counting per step (between two pauses) the nodes
     * of the tree that the snapshot's cursors read and the fields read; returns the counts and the findings.
     */
    const countedSteps = (sourceText: string, rules?: PythonRule[], project?: ProjectModules) =>
      engine.withSource('large_dag.py', sourceText, (source) => {
        // Not `source.root`'s prototype: reading the root builds the snapshot before the steps.
        const node = SyntaxNode.prototype;
        const { childForFieldName } = node;
        let fields = 0;
        const moves = countCursorMoves(source.tree);
        node.childForFieldName = function (this: Node, name: string) {
          fields++;
          return childForFieldName.call(this, name);
        };
        try {
          const steps = analysisSteps(source, { settings: defaultSettings(), airflowVersion: 2, rules, project });
          const counts: Array<{ walked: number; fields: number }> = [];
          for (;;) {
            moves.reset();
            fields = 0;
            const step = steps.next();
            counts.push({ walked: moves.count, fields });
            if (step.done) return { counts, findings: step.value };
          }
        } finally {
          moves.stop();
          node.childForFieldName = childForFieldName;
        }
      });

    it('reads at most about SNAPSHOT_STEP_NODES nodes of the tree per step, the snapshot in many steps', () => {
      const { counts, findings } = countedSteps(text);
      const total = counts.reduce((sum, count) => sum + count.walked, 0);
      assert.ok(total > 40_000, `the file has ${total} nodes`);
      for (const [index, count] of counts.entries()) {
        // A step ends once it has read SNAPSHOT_STEP_NODES; its last subtree has at most as many.
        assert.ok(count.walked <= 4000 && count.walked <= 2 * SNAPSHOT_STEP_NODES, `step ${index} walks ${count.walked} nodes`);
        // The most: DG101's first step, which builds the file's scope table (name bindings).
        assert.ok(count.fields <= 2500, `step ${index} reads ${count.fields} fields`);
      }
      // The same findings as the analysis in one go.
      const whole = engine.withSource('large_dag.py', text, (source) =>
        analyzePython(source, { settings: defaultSettings(), airflowVersion: 2 }),
      );
      assert.ok(whole.length > 0);
      assert.deepEqual(findings, whole);
    });

    it("pauses while DG101 follows a value through a name's reads, 16 reads a step", () => {
      // REGION = Variable.get("region") is read in each of the file's 230 factories.
      const reads = text.split('{REGION}').length - 1;
      assert.ok(reads > 200);
      const inDg101 = pauses(text, [dg101]) - pauses(text, [NO_OP]);
      assert.ok(inDg101 >= reads / 16, `DG101 pauses ${inDg101} times`);
    });

    it('pauses every 100 calls while DG103 lists the external calls that DG104 and the parse cost share', () => {
      const dg103 = PYTHON_RULES.find((rule) => rule.code === 'DG103')!;
      const calls = engine.withSource('large_dag.py', text, (source) => source.nodes('call').length);
      assert.ok(calls > 1000, `${calls} calls`);
      const inDg103 = pauses(text, [dg103]) - pauses(text, [NO_OP]);
      assert.ok(inDg103 >= Math.floor(calls / 100), `DG103 pauses ${inDg103} times`);
    });

    it("builds the file's own module summary in steps before the rules, when a project is read", async () => {
      // The file calls its own factory (build_0) at parse time: DG206 follows the factory's
      // arguments through the file's own summary, a pass over all its calls.
      const project = await inMemoryProject({});
      const { counts, findings } = countedSteps(text, undefined, project);
      for (const [index, count] of counts.entries()) {
        assert.ok(count.fields <= 2500, `step ${index} reads ${count.fields} fields`);
      }
      const whole = engine.withSource('large_dag.py', text, (source) =>
        analyzePython(source, { settings: defaultSettings(), airflowVersion: 2, project }),
      );
      assert.deepEqual(findings, whole);
    });

    it('builds the argument sites in steps of their own, before the rules', () => {
      // One argument rule: the steps left are the model's, the sites' and the rule's own.
      const counts = countedSteps(text, [PYTHON_RULES.find((rule) => rule.code === 'DG201')!]).counts;
      const most = Math.max(...counts.map((count) => count.fields));
      // Built in one step, they read 5,453 fields on this file; the largest model step reads 1,138.
      assert.ok(most <= 1500, `a step reads ${most} fields`);
    });

    it('builds the same argument sites in steps as in one go, pausing every SITES_STEP_ITEMS items', () => {
      engine.withSource('large_dag.py', text, (source) => {
        const imports = new ImportMap(source);
        const bindings = new ModuleBindings(source);
        const calls = new CallIndex(source, imports);
        const steps = ArgumentSites.steps(source, bindings, calls);
        let pauses = 0;
        let step = steps.next();
        for (; !step.done; step = steps.next()) pauses++;
        assert.ok(pauses >= calls.all.length / SITES_STEP_ITEMS, `${pauses} pauses for ${calls.all.length} calls`);
        const whole = new ArgumentSites(source, bindings, calls);
        const shape = (sites: ArgumentSites) =>
          sites.sites.map((site) => [site.kind, site.node.id, site.open, site.operator, [...site.entries.keys()]]);
        assert.ok(whole.sites.length > 500);
        assert.deepEqual(shape(step.value), shape(whole));
      });
    });

    it('indexes the same nodes in the same order as one descendantsOfType of the root', () => {
      const fixtures = RULE_FIXTURES.filter((file) => file.endsWith('.py'));
      for (const [name, sourceText] of [
        ['large_dag.py', text],
        ...fixtures.map((file) => [file, readFileSync(path.join(RULE_FIXTURES_DIR, file), 'utf8')]),
      ]) {
        engine.withSource(name, sourceText, (source) => {
          for (const type of INDEXED_TYPES) {
            // web-tree-sitter's own walk of the tree, which the index once was.
            const expected = source.tree.rootNode
              .descendantsOfType(type)
              .map((node) => `${node?.type}@${node?.startIndex}-${node?.endIndex}`);
            assert.deepEqual(
              source.nodes(type).map((node) => `${node.type}@${node.startIndex}-${node.endIndex}`),
              expected,
              `${name}: ${type}`,
            );
          }
        });
      }
    });

    it('has every rule that reads the argument sites say so', async () => {
      for (const file of RULE_FIXTURES.filter((name) => name.endsWith('.py'))) {
        const fixture = readFileSync(path.join(RULE_FIXTURES_DIR, file), 'utf8');
        const options = fixtureOptions(file, fixture);
        for (const rule of PYTHON_RULES) {
          let built = false;
          engine.withSource(file, fixture, (source) =>
            analyzePython(source, {
              ...options,
              settings: options.settings ?? defaultSettings(),
              rules: [rule],
              onTiming: (part) => {
                if (part === 'argument sites') built = true;
              },
            }),
          );
          assert.ok(!built || rule.readsArgumentSites, `${rule.code} reads context.sites on ${file}: declare readsArgumentSites`);
        }
      }
    });
  });
});
