// Every rule's docs show what it reports: its "Example" gives a finding of the rule and its "Use
// instead" gives none, run through the engine. The docs feed the hover, `dag-guard explain` and
// docs/rules/, so an example the rule does not report is a wrong statement to every reader.
// A Python example is analysed as a DAG file of a project that has no other file
// (/project/dags/example.py; `from airflow import DAG` is implied when the example leaves it out);
// its comments `# pools.json: {...}` and `# variables.json: {...}` stand for the deployment's pools
// and Variables, for both texts. A config rule's texts are analysed as airflow.cfg.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeConfigText } from '../../server/src/core/analyzeConfig';
import type { AnalysisOptions } from '../../server/src/core/analyze';
import { combinePools, poolsFromObject } from '../../server/src/core/airflow/pools';
import { ALL_RULES } from '../../server/src/core/rules/registry';
import { type Finding } from '../../server/src/core/findings';
import { isConfigRule, type AnyRule } from '../../server/src/core/rules/rule';
import { analyze, settingsWith } from '../helpers/engine';

const PATH = '/project/dags/example.py';

/** The project an example stands in, from its `# pools.json:` and `# variables.json:` comments. */
function projectOf(example: string): Partial<AnalysisOptions> & { path: string } {
  const json = (name: string) => {
    const match = new RegExp(`^# ${name}: (.*)$`, 'm').exec(example);
    return match ? (JSON.parse(match[1]) as Record<string, unknown>) : null;
  };
  const pools = json('pools.json');
  const variables = json('variables.json');
  return {
    path: PATH,
    pools: pools ? combinePools([{ pools: poolsFromObject(pools).pools, source: 'pools.json' }]) : null,
    variables: variables ? { keys: new Set(Object.keys(variables)), source: 'variables.json' } : null,
    // Only the DAG file exists in the project; paths outside it are unknown.
    pathExists: (candidate: string) =>
      candidate.startsWith('/project/') ? candidate === PATH || PATH.startsWith(`${candidate}/`) : undefined,
  };
}

async function findingsOf(rule: AnyRule, text: string, example: string): Promise<Finding[]> {
  if (isConfigRule(rule)) {
    const errors: unknown[] = [];
    const findings = analyzeConfigText(text, 'airflow-cfg', {
      settings: settingsWith(),
      airflowVersion: null,
      onRuleError: (_rule, error) => errors.push(error),
    });
    if (errors.length > 0) throw errors[0];
    return findings.filter((finding) => finding.code === rule.code);
  }
  const dagFile = /^from airflow import (.*\b)?DAG\b/m.test(text) ? text : `from airflow import DAG\n${text}`;
  return (await analyze(dagFile, projectOf(example))).filter((finding) => finding.code === rule.code);
}

describe('rule docs', () => {
  for (const rule of ALL_RULES) {
    it(`${rule.code}: the Example is reported, Use instead is not`, async () => {
      const { example, useInstead } = rule.docs;
      const reported = await findingsOf(rule, example, example);
      assert.ok(reported.length > 0, `${rule.code}'s Example gives no ${rule.code} finding:\n${example}`);
      const silent = await findingsOf(rule, useInstead, example);
      assert.deepEqual(
        silent.map((finding) => `${finding.range.start.line + 1}: ${finding.message}`),
        [],
        `${rule.code}'s Use instead is reported:\n${useInstead}`,
      );
    });
  }
});
