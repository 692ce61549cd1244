// `# noqa` suppression as ruff users write it, and the "suppress with # noqa" edit.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { noqaEdit } from '../../server/src/core/fixes/noqa';
import { applyEdits } from '../../server/src/core/syntax/positions';
import { analyze, getEngine } from '../helpers/engine';

const HEAD = 'from airflow import DAG\nfrom airflow.models import Variable\n';

async function codesOn(line: string): Promise<string[]> {
  return (await analyze(`${HEAD}${line}\n`)).map((finding) => finding.code);
}

async function suppressed(text: string, line: number): Promise<string> {
  const engine = await getEngine();
  return engine.withSource('dag.py', text, (source) => {
    const edit = noqaEdit(source, 'DG101', line, line);
    return edit ? applyEdits(text, [edit]) : text;
  });
}

describe('noqa', () => {
  it('a bare # noqa and a list with the code suppress; other codes and strings do not', async () => {
    assert.deepEqual(await codesOn('x = Variable.get("a")  # noqa'), []);
    assert.deepEqual(await codesOn('x = Variable.get("a")  # noqa: DG101'), []);
    assert.deepEqual(await codesOn('x = Variable.get("a")  # NOQA:E501,dg101'), []);
    assert.deepEqual(await codesOn('x = Variable.get("a")  # noqa: DG102, E501'), ['DG101']);
    assert.deepEqual(await codesOn('x = Variable.get("# noqa")'), ['DG101']);
  });

  it('a multi-line call is suppressed by a noqa on its first or last line', async () => {
    assert.deepEqual(await codesOn('x = Variable.get(  # noqa: DG101\n    "a",\n)'), []);
    assert.deepEqual(await codesOn('x = Variable.get(\n    "a",\n)  # noqa: DG101'), []);
  });

  it('appends a noqa comment, or merges into an existing one', async () => {
    const text = `${HEAD}x = Variable.get("a")   \n`;
    assert.equal(await suppressed(text, 2), `${HEAD}x = Variable.get("a")  # noqa: DG101\n`);
    const listed = `${HEAD}x = Variable.get("a")  # noqa: E501\n`;
    assert.equal(await suppressed(listed, 2), `${HEAD}x = Variable.get("a")  # noqa: E501, DG101\n`);
    const commented = `${HEAD}x = Variable.get("a")  # the environment\n`;
    assert.equal(await suppressed(commented, 2), `${HEAD}x = Variable.get("a")  # the environment  # noqa: DG101\n`);
  });

  it('never writes a comment inside a multi-line string or after a backslash', async () => {
    const inString = `${HEAD}x = f"""{Variable.get("a")}\nmore"""\n`;
    assert.equal(await suppressed(inString, 2), inString);
    const continued = `${HEAD}x = Variable.get("a") + \\\n    "b"\n`;
    assert.equal(await suppressed(continued, 2), continued);
  });
});
