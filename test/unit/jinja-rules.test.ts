// Where the template rules underline: the exact range inside the Python string, through escapes,
// prefixes, implicit concatenation, triple quotes and characters outside the BMP (UTF-16 columns).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze } from '../helpers/engine';

const HEAD =
  'from airflow import DAG\nfrom airflow.operators.bash import BashOperator\nfrom airflow.providers.common.sql.operators.sql import SQLExecuteQueryOperator\n';

/** The text each finding of `code` underlines, with its 0-based line and UTF-16 column. */
async function underlined(body: string, code: string, options: { airflowVersion?: 2 | 3 } = {}): Promise<string[]> {
  const text = HEAD + body;
  const lines = text.split('\n');
  return (await analyze(text, options))
    .filter((finding) => finding.code === code)
    .map(({ range }) => {
      const covered =
        range.start.line === range.end.line
          ? lines[range.start.line].slice(range.start.character, range.end.character)
          : `${lines[range.start.line].slice(range.start.character)}...`;
      return `${range.start.line - 3}:${range.start.character} ${covered}`;
    });
}

describe('DG604 template-syntax-error: the column inside the string', () => {
  it('underlines the unknown filter after an escape sequence', async () => {
    assert.deepEqual(await underlined('BashOperator(task_id="t", bash_command="\\techo {{ ds | nodash }}")\n', 'DG604'), ['0:55 nodash']);
  });

  it('counts UTF-16 code units: a character outside the BMP takes two', async () => {
    assert.deepEqual(await underlined('BashOperator(task_id="t", bash_command="echo 🚀 {{ ds | nodash }}")\n', 'DG604'), ['0:56 nodash']);
  });

  it('finds the line inside a triple-quoted string', async () => {
    const body = 'SQLExecuteQueryOperator(task_id="t", conn_id="db", sql="""\n    SELECT *\n    FROM t WHERE day = \'{{ ds }\'\n""")\n';
    assert.deepEqual(await underlined(body, 'DG604'), ['2:30 }']);
  });

  it('underlines the opening of a block that is never closed, in the second part of a concatenation', async () => {
    assert.deepEqual(await underlined('BashOperator(task_id="t", bash_command="run.sh " r"{% if params.full %}--full")\n', 'DG604'), [
      '0:54 if',
    ]);
  });

  it('says what Jinja says, and guesses the filter', async () => {
    const findings = (await analyze(HEAD + 'BashOperator(task_id="t", bash_command="echo {{ ds | ds_nodahs }}")\n')).filter(
      (finding) => finding.code === 'DG604',
    );
    assert.equal(findings.length, 1);
    assert.match(findings[0].message, /No filter named `ds_nodahs`: did you mean `ds_nodash`\?/);
    assert.equal(findings[0].severity, 'error');
  });
});

describe('DG601 template-in-non-templated-field: the range', () => {
  it('underlines the template inside the string', async () => {
    assert.deepEqual(await underlined('BashOperator(task_id="export_{{ ds }}", bash_command="run.sh")\n', 'DG601'), ['0:29 {{ ds }}']);
  });
});
