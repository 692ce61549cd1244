// `dag-guard check --fix` as a user runs it: the bundled dist/cli.js on a project folder with a
// DAG factory (the incident), a connection, and an operator class in plugins/ that only the
// project index knows. The files are rewritten with the template fixes; a second run changes nothing.
// The imports the fixes leave unused (`from airflow.models import Variable`) go with them.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { readFixture } from '../helpers/engine';

const CLI = path.join(__dirname, '..', '..', 'dist', 'cli.js');

const PLUGIN = [
  'from airflow.models import BaseOperator',
  '',
  '',
  'class ReportOperator(BaseOperator):',
  '    template_fields = ("title", "recipients")',
  '',
  '    def __init__(self, title, recipients, **kwargs):',
  '        super().__init__(**kwargs)',
  '        self.title, self.recipients = title, recipients',
  '',
].join('\n');

const REPORT_DAG = [
  'from airflow import DAG',
  'from airflow.models import Variable',
  'from report_operator import ReportOperator',
  '',
  'with DAG("weekly_report", schedule="@weekly"):',
  '    ReportOperator(task_id="send", title="Weekly", recipients=[Variable.get("report_recipient")])',
  '',
].join('\n');

function run(cwd: string, ...args: string[]) {
  // Only the template rules: the fixtures also trip DG106 and DG205, which this test is not about.
  return spawnSync(process.execPath, [CLI, 'check', '--select', 'DG101,DG102', ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });
}

describe('dag-guard check --fix', () => {
  let project: string;
  before(() => {
    project = mkdtempSync(path.join(os.tmpdir(), 'dag-guard-fix-'));
    mkdirSync(path.join(project, 'dags'));
    mkdirSync(path.join(project, 'plugins'));
    writeFileSync(path.join(project, 'plugins', 'report_operator.py'), PLUGIN);
    writeFileSync(path.join(project, 'dags', 'batch.py'), readFixture('fixes', 'templates', 'variable-names.before.py'));
    writeFileSync(path.join(project, 'dags', 'load.py'), readFixture('fixes', 'templates', 'connection.before.py'));
    writeFileSync(path.join(project, 'dags', 'report.py'), REPORT_DAG);
  });
  after(() => rmSync(project, { recursive: true, force: true }));

  it('rewrites Variable.get and connections into templates, using plugins/ operators', () => {
    const first = run(project, '--fix', '--show-details', 'dags');
    assert.equal(first.status, 1, first.stdout + first.stderr);
    assert.match(first.stdout, /Fixed 11 findings/);
    // Left for the user: a value that Airflow would read as a script file name if it ended in .sh.
    const lines = first.stdout.split('\n');
    assert.deepEqual(
      lines.flatMap((line, i) =>
        line.startsWith('dags/') ? [`${line.replace(/ runs at every parse\.$/, '')}: ${lines[i + 1].replace(/^ {4}.* Fix: /, '')}`] : [],
      ),
      [
        'dags/batch.py:9:14: warning DG101 Variable.get("QUEUE"): the Jinja template, Airflow\'s recommended form; not marked safe, since it differs when the value ends in `.sh` or `.bash`, which BashOperator reads today as the name of a template file for bash_command.',
      ],
    );
    assert.equal(
      readFileSync(path.join(project, 'dags', 'batch.py'), 'utf8'),
      readFixture('fixes', 'templates', 'variable-names.after.py'),
    );
    assert.equal(readFileSync(path.join(project, 'dags', 'load.py'), 'utf8'), readFixture('fixes', 'templates', 'connection.after.py'));
    // The fix took the last use of Variable: its import went too.
    assert.equal(
      readFileSync(path.join(project, 'dags', 'report.py'), 'utf8'),
      REPORT_DAG.replace('from airflow.models import Variable\n', '').replace(
        '[Variable.get("report_recipient")]',
        '["{{ var.value.report_recipient }}"]',
      ),
    );
  });

  it('changes nothing the second time', () => {
    const texts = ['batch.py', 'load.py', 'report.py'].map((name) => readFileSync(path.join(project, 'dags', name), 'utf8'));
    const second = run(project, '--fix', 'dags');
    assert.equal(second.status, 1, second.stdout + second.stderr);
    assert.doesNotMatch(second.stdout, /Fixed/);
    assert.deepEqual(
      ['batch.py', 'load.py', 'report.py'].map((name) => readFileSync(path.join(project, 'dags', name), 'utf8')),
      texts,
    );
  });

  it('reports what it cannot fix, with the reason', () => {
    writeFileSync(
      path.join(project, 'dags', 'retries.py'),
      'from airflow import DAG\nfrom airflow.models import Variable\nfrom airflow.operators.bash import BashOperator\n\nwith DAG("r"):\n    BashOperator(task_id="t", bash_command="x", retries=Variable.get("retries"))\n',
    );
    const result = run(project, '--fix', '--show-details', 'dags');
    assert.equal(result.status, 1);
    assert.match(
      result.stdout,
      /dags\/retries\.py:6:57: warning DG101 Variable\.get\("retries"\) runs at every parse\.\n {4}.* No fix: `retries` is not a templated field of BashOperator \(line 6\)\./,
    );
  });
});

describe('dag-guard check --fix and the imports the fixes leave unused', () => {
  let project: string;
  before(() => {
    project = mkdtempSync(path.join(os.tmpdir(), 'dag-guard-fix-imports-'));
    writeFileSync(path.join(project, 'nightly.py'), readFixture('fixes', 'templates', 'imports-fix-all.before.py'));
    writeFileSync(path.join(project, 'retry.py'), readFixture('fixes', 'templates', 'imports-other-uses.before.py'));
  });
  after(() => rmSync(project, { recursive: true, force: true }));

  it('removes `Variable` and `BaseHook` once no use is left, keeps `Variable` where a use remains, and says so in its output', () => {
    const first = run(project, '--fix', '--show-details', '.');
    assert.equal(
      first.stdout,
      [
        'retry.py:8:78: warning DG101 Variable.get("retries") runs at every parse.',
        '    Each call queries the metadata database (or secrets backend). No fix: the value is passed to int() at line 8.',
        '',
        'Fixed 7 findings.',
        'Found 1 finding in 1 of 2 files.',
        '',
      ].join('\n'),
    );
    assert.equal(first.status, 1);
    assert.equal(readFileSync(path.join(project, 'nightly.py'), 'utf8'), readFixture('fixes', 'templates', 'imports-fix-all.after.py'));
    assert.equal(readFileSync(path.join(project, 'retry.py'), 'utf8'), readFixture('fixes', 'templates', 'imports-other-uses.after.py'));
    assert.doesNotMatch(readFileSync(path.join(project, 'nightly.py'), 'utf8'), /^from airflow\.(models|hooks\.base) import/m);
  });

  it('changes nothing the second time', () => {
    const second = run(project, '--fix', '.');
    assert.doesNotMatch(second.stdout, /Fixed/);
    assert.equal(readFileSync(path.join(project, 'nightly.py'), 'utf8'), readFixture('fixes', 'templates', 'imports-fix-all.after.py'));
  });
});
