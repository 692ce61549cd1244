// Files the analysis does not take on (over the maxFileSize setting, or a parse that runs out of
// time) get one information finding, DG000, that says so and why, instead of a stall.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { main } from '../../server/src/cli/main';
import { oversizeReason, utf8Size } from '../../server/src/core/fileLimits';
import { parsePythonWithin } from '../../server/src/core/syntax/parser';
import { SHAPES } from '../bench/shapeGenerators';
import { getEngine } from '../helpers/engine';
import { tempFolder } from '../helpers/tempFolder';

const DAG = 'from airflow import DAG\nfrom airflow.models import Variable\n\nenv = Variable.get("env")\n';

async function check(cwd: string, args: string[] = []): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(['check', ...args], {
    cwd,
    color: false,
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
  });
  return { code, stdout, stderr };
}

describe('maxFileSize', () => {
  it('reports a file over the limit of pyproject.toml as not analysed, and analyses the others', async () => {
    const big = `${DAG}${'# padding\n'.repeat(150)}`;
    const cwd = tempFolder({ 'pyproject.toml': '[tool.dag-guard]\nmax-file-size = 1000\n', 'big.py': big, 'small.py': DAG });
    const { code, stdout, stderr } = await check(cwd);
    assert.equal(stderr, '');
    assert.equal(
      stdout.split('\n').find((line) => line.startsWith('big.py')),
      'big.py:1:1: information DG000 DAG Guard did not analyse this file: it is 1.59 kB, over the maxFileSize setting of 1 kB.',
    );
    assert.equal(stdout.split('\n').filter((line) => line.startsWith('big.py')).length, 1);
    assert.match(stdout, /^small\.py:4:7: warning DG101 /m);
    assert.equal(code, 1);
  });

  it('leaves files over 1.5 MB unanalysed by default', async () => {
    const big = `${DAG}${'x = 1\n'.repeat(260_000)}`;
    const { stdout } = await check(tempFolder({ 'big.py': big }), ['--format', 'json']);
    const [finding] = JSON.parse(stdout).files[0].diagnostics;
    assert.equal(finding.code, 'DG000');
    assert.equal(finding.severity, 'information');
    assert.equal(finding.message, 'DAG Guard did not analyse this file: it is 1.56 MB, over the maxFileSize setting of 1.5 MB.');
    assert.equal(finding.detail, 'The setting is `max-file-size` in pyproject.toml.');
    assert.deepEqual(finding.range, { start: { line: 0, character: 0 }, end: { line: 0, character: 23 } });
  });

  it('has no limit at 0', () => {
    assert.equal(oversizeReason('x = 1\n'.repeat(1_000), 0), null);
    assert.match(oversizeReason('x = 1\n'.repeat(1_000), 5_000) ?? '', /^it is 6 kB, over the maxFileSize setting of 5 kB/);
  });

  it('counts UTF-8 bytes, as the file holds them', () => {
    assert.equal(utf8Size('aé€😀'), 1 + 2 + 3 + 4);
  });
});

describe('a parse that runs out of time', () => {
  it('gives no tree, and the parser starts afresh on the next text', async () => {
    const { parser } = await getEngine();
    const slow = SHAPES.find((shape) => shape.name === 'continuations')!.make(4_000);
    const started = performance.now();
    assert.equal(parsePythonWithin(parser, slow, null, 20), null);
    assert.ok(performance.now() - started < 1_000, 'the parse was not cancelled');
    const tree = parsePythonWithin(parser, 'x = 1\n', null, 1_000);
    assert.equal(tree?.rootNode.toString(), '(module (expression_statement (assignment left: (identifier) right: (integer))))');
    tree?.delete();
  });
});
