// `check --fix --unsafe-fixes` never picks among fixes that differ by a value only the user can
// choose: DG205 offers one "Add pool" fix per project pool in the editor, and the CLI applies none.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { main } from '../../server/src/cli/main';
import { tempFolder } from '../helpers/tempFolder';

const DAG = [
  'from airflow import DAG',
  'from airflow.providers.cncf.kubernetes.operators.pod import KubernetesPodOperator',
  '',
  'with DAG("train", schedule="@daily"):',
  '    KubernetesPodOperator(task_id="train", image="trainer:1.4")',
  '',
].join('\n');

async function run(args: string[], cwd: string): Promise<{ code: number; stdout: string }> {
  let stdout = '';
  const code = await main(args, { cwd, color: false, stdout: (text) => (stdout += text), stderr: () => {} });
  return { code, stdout };
}

describe('check --fix --unsafe-fixes and fixes that are a choice', () => {
  it('reports DG205 with its pool choices as not fixable, and writes no pool', async () => {
    const root = tempFolder({ 'pyproject.toml': '[tool.dag-guard]\n[tool.dag-guard.pools]\ngpu = 2\netl = 8\n', 'dags/train.py': DAG });
    const listed = await run(['check', 'dags', '--select', 'DG205', '--unsafe-fixes'], root);
    assert.match(listed.stdout, /^dags\/train\.py:5:5: hint DG205 /m);
    assert.doesNotMatch(listed.stdout, /\[\*\]/);
    const fixed = await run(['check', 'dags', '--select', 'DG205', '--fix', '--unsafe-fixes'], root);
    assert.equal(fixed.code, 0);
    assert.equal(readFileSync(path.join(root, 'dags/train.py'), 'utf8'), DAG);
  });
});
