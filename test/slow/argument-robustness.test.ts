// Half-typed code: the argument rules, the refactorings and completion must answer (or stay
// silent) on every prefix of a real DAG file, the way text looks while someone types it.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { argumentActions } from '../../server/src/core/actions/taskArguments';
import { combinePools, poolsFromObject } from '../../server/src/core/airflow/pools';
import { pythonCompletions } from '../../server/src/core/completion/python';
import { PYTHON_RULES } from '../../server/src/core/rules/registry';
import { analyze, getEngine } from '../helpers/engine';

const EXAMPLE = readFileSync(path.join(__dirname, '..', '..', 'examples', 'dags', 'ml_training_pools.py'), 'utf8');
const POOLS = combinePools([{ pools: poolsFromObject({ gpu: 2, spark: 6 }).pools, source: 'test' }]);
const RULES = PYTHON_RULES.filter((rule) => rule.code.startsWith('DG2'));

describe('argument rules, actions and completion on half-typed code', () => {
  it('never throw on any prefix of a DAG file (every 9th character), with CRLF and tabs too', async () => {
    const engine = await getEngine();
    const variants = [EXAMPLE, EXAMPLE.replace(/\n/g, '\r\n'), EXAMPLE.replace(/ {4}/g, '\t')];
    let completions = 0;
    for (const text of variants) {
      for (let end = 0; end <= text.length; end += 9) {
        const prefix = text.slice(0, end);
        await analyze(prefix, { pools: POOLS, rules: RULES }); // rethrows a rule's error
        engine.withSource('dag.py', prefix, (source) => {
          for (const offset of [0, Math.floor(end / 2), end]) {
            for (const action of argumentActions({ source, pools: POOLS, offset, snippets: end % 2 === 0 })) {
              assert.ok(action.edits.length > 0);
            }
          }
          completions += pythonCompletions({ source, offset: end, pools: POOLS }).length;
        });
      }
    }
    // Some prefixes end inside `pool="` or `weight_rule=WeightRule.`: completion answered there.
    assert.ok(completions > 0);
  });
});
