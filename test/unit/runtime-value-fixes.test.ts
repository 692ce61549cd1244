// DG301 and DG303 fixes as before/after pairs: the text a user gets after choosing the quick fix.
// Today is TEST_TODAY (2025-03-14) in every test: the analysis takes its date as an option.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyFixAt, assertParses, findingsOf } from '../helpers/fixes';
import { analyze } from '../helpers/engine';

const lines = (...text: string[]) => text.join('\n') + '\n';

async function check(before: string, code: string, line: number, after: string, title?: string): Promise<void> {
  const fixed = await applyFixAt(before, code, line, title);
  assert.equal(fixed, after);
  assertParses(fixed);
  assert.equal((await findingsOf(fixed, code)).length, (await findingsOf(before, code)).length - 1, 'the fix removes its finding');
}

describe("DG301 fix: a fixed date in the file's style", () => {
  it('writes datetime(...) when the file uses the datetime class', async () => {
    await check(
      lines(
        'from datetime import datetime, timedelta',
        'from airflow import DAG',
        '',
        'dag = DAG("d", start_date=datetime.now() - timedelta(days=1))',
      ),
      'DG301',
      4,
      lines('from datetime import datetime, timedelta', 'from airflow import DAG', '', 'dag = DAG("d", start_date=datetime(2025, 3, 14))'),
    );
  });

  it('writes pendulum.datetime(...) when the file already writes its dates with pendulum', async () => {
    await check(
      lines(
        'import pendulum',
        'from airflow import DAG',
        'from airflow.utils.dates import days_ago',
        '',
        'a = DAG("a", start_date=pendulum.datetime(2024, 1, 1, tz="UTC"))',
        'b = DAG("b", start_date=days_ago(1))',
      ),
      'DG301',
      6,
      lines(
        'import pendulum',
        'from airflow import DAG',
        'from airflow.utils.dates import days_ago',
        '',
        'a = DAG("a", start_date=pendulum.datetime(2024, 1, 1, tz="UTC"))',
        'b = DAG("b", start_date=pendulum.datetime(2025, 3, 14, tz="UTC"))',
      ),
    );
  });

  it('keeps a module alias: dt.datetime(...)', async () => {
    await check(
      lines('import datetime as dt', 'from airflow import DAG', '', 'DAG("d", default_args={"start_date": dt.datetime.utcnow()})'),
      'DG301',
      4,
      lines('import datetime as dt', 'from airflow import DAG', '', 'DAG("d", default_args={"start_date": dt.datetime(2025, 3, 14)})'),
    );
  });

  it('adds `import pendulum` before the from-imports of its section when nothing is imported', async () => {
    await check(
      lines(
        '"""Exports."""',
        'import os',
        '',
        'from airflow import DAG',
        'from airflow.utils.dates import days_ago',
        '',
        'DAG("d", start_date=days_ago(2))',
      ),
      'DG301',
      7,
      lines(
        '"""Exports."""',
        'import os',
        '',
        'import pendulum',
        'from airflow import DAG',
        'from airflow.utils.dates import days_ago',
        '',
        'DAG("d", start_date=pendulum.datetime(2025, 3, 14, tz="UTC"))',
      ),
    );
  });

  it('adds `from datetime import datetime` among the standard-library imports for date.today()', async () => {
    await check(
      lines('import os', 'from datetime import date', '', 'from airflow import DAG', '', 'DAG("d", end_date=date.today())'),
      'DG301',
      6,
      lines(
        'import os',
        'from datetime import date',
        'from datetime import datetime',
        '',
        'from airflow import DAG',
        '',
        'DAG("d", end_date=datetime(2025, 3, 14))',
      ),
    );
  });

  it('offers to fix the module-level name a date comes from, as a second action', async () => {
    await check(
      lines(
        'from datetime import datetime, timedelta',
        'from airflow import DAG',
        '',
        'START = datetime.now() - timedelta(days=1)',
        'dag = DAG("d", start_date=START)',
      ),
      'DG301',
      5,
      lines(
        'from datetime import datetime, timedelta',
        'from airflow import DAG',
        '',
        'START = datetime(2025, 3, 14)',
        'dag = DAG("d", start_date=START)',
      ),
      'Give START a fixed date',
    );
  });

  it('keeps the timezone pendulum was given: a name, a literal, a keyword', async () => {
    await check(
      lines(
        'import pendulum',
        'from airflow import DAG',
        '',
        'TIMEZONE = "Europe/Berlin"',
        'DAG("d", start_date=pendulum.yesterday(TIMEZONE))',
      ),
      'DG301',
      5,
      lines(
        'import pendulum',
        'from airflow import DAG',
        '',
        'TIMEZONE = "Europe/Berlin"',
        'DAG("d", start_date=pendulum.datetime(2025, 3, 14, tz=TIMEZONE))',
      ),
    );
    await check(
      lines('import pendulum', 'from airflow import DAG', '', 'DAG("d", start_date=pendulum.today("Europe/Berlin").add(days=-1))'),
      'DG301',
      4,
      lines('import pendulum', 'from airflow import DAG', '', 'DAG("d", start_date=pendulum.datetime(2025, 3, 14, tz="Europe/Berlin"))'),
    );
    await check(
      lines(
        'import pendulum',
        'from airflow import DAG',
        '',
        'def build(tz):',
        '    return DAG("d", start_date=pendulum.now(tz=tz))',
        'build("UTC")',
      ),
      'DG301',
      5,
      lines(
        'import pendulum',
        'from airflow import DAG',
        '',
        'def build(tz):',
        '    return DAG("d", start_date=pendulum.datetime(2025, 3, 14, tz=tz))',
        'build("UTC")',
      ),
    );
  });

  it('writes pendulum, which takes a timezone name, when pendulum was given one, even in a file of datetime(...) dates', async () => {
    await check(
      lines(
        'from datetime import datetime',
        'import pendulum',
        'from airflow import DAG',
        '',
        'DAG("a", start_date=datetime(2024, 1, 1))',
        'DAG("d", start_date=pendulum.today("Asia/Tokyo"))',
      ),
      'DG301',
      6,
      lines(
        'from datetime import datetime',
        'import pendulum',
        'from airflow import DAG',
        '',
        'DAG("a", start_date=datetime(2024, 1, 1))',
        'DAG("d", start_date=pendulum.datetime(2025, 3, 14, tz="Asia/Tokyo"))',
      ),
    );
  });

  it('keeps datetime.now(tz=...) as tzinfo=', async () => {
    await check(
      lines('from datetime import datetime, timezone', 'from airflow import DAG', '', 'DAG("d", start_date=datetime.now(tz=timezone.utc))'),
      'DG301',
      4,
      lines(
        'from datetime import datetime, timezone',
        'from airflow import DAG',
        '',
        'DAG("d", start_date=datetime(2025, 3, 14, tzinfo=timezone.utc))',
      ),
    );
    await check(
      lines('from datetime import datetime, timezone', 'from airflow import DAG', '', 'DAG("d", start_date=datetime.now(timezone.utc))'),
      'DG301',
      4,
      lines(
        'from datetime import datetime, timezone',
        'from airflow import DAG',
        '',
        'DAG("d", start_date=datetime(2025, 3, 14, tzinfo=timezone.utc))',
      ),
    );
  });

  it('offers no fixed date when the clock reads name two different timezones', async () => {
    const [finding] = await findingsOf(
      lines('import pendulum', 'from airflow import DAG', 'DAG("d", start_date=max(pendulum.now("UTC"), pendulum.now("Europe/Berlin")))'),
      'DG301',
    );
    assert.equal(finding.fix, null);
  });

  it('is never safe (it picks a date)', async () => {
    const [finding] = await findingsOf(
      lines('from datetime import datetime', 'from airflow import DAG', 'DAG("d", start_date=datetime.now())'),
      'DG301',
    );
    assert.equal(finding.fix?.safe, false);
  });

  it('takes today from the analysis options', async () => {
    const text = lines('from datetime import datetime', 'from airflow import DAG', 'DAG("d", start_date=datetime.now())');
    const [finding] = (await analyze(text, { today: new Date(2031, 11, 31) })).filter((found) => found.code === 'DG301');
    assert.equal(finding.fix?.edits.at(-1)?.newText, 'datetime(2031, 12, 31)');
  });
});

describe("DG303 fix: the run's logical date in Jinja", () => {
  const head = [
    'from datetime import date, datetime',
    'from airflow.operators.bash import BashOperator',
    'from airflow.providers.common.sql.operators.sql import SQLExecuteQueryOperator',
    'from airflow import DAG',
    '',
  ];

  it('folds an f-string with a %Y-%m-%d format into a plain string with {{ ds }}', async () => {
    await check(
      lines(...head, 'BashOperator(task_id="t", bash_command=f"run.sh --day {datetime.now():%Y-%m-%d} {{literal}}")'),
      'DG303',
      6,
      lines(...head, 'BashOperator(task_id="t", bash_command="run.sh --day {{ ds }} {literal}")'),
    );
  });

  it('folds a concatenation with isoformat() of a date', async () => {
    await check(
      lines(...head, `SQLExecuteQueryOperator(task_id="t", sql="DELETE FROM t WHERE d = '" + date.today().isoformat() + "'")`),
      'DG303',
      6,
      lines(...head, `SQLExecuteQueryOperator(task_id="t", sql="DELETE FROM t WHERE d = '{{ ds }}'")`),
    );
  });

  it('uses {{ ds_nodash }} for %Y%m%d and logical_date.strftime for other formats', async () => {
    await check(
      lines(
        ...head,
        'BashOperator(task_id="t", bash_command="run.sh", env={"DAY": datetime.now().strftime("%Y%m%d"), "HOUR": f"{datetime.now():%H}"})',
      ),
      'DG303',
      6,
      lines(
        ...head,
        `BashOperator(task_id="t", bash_command="run.sh", env={"DAY": "{{ ds_nodash }}", "HOUR": "{{ logical_date.strftime('%H') }}"})`,
      ),
    );
  });

  it('keeps an f-string, with doubled Jinja braces, when another value stays interpolated', async () => {
    await check(
      lines(...head, 'TABLE = "events"', 'BashOperator(task_id="t", bash_command=f"load.sh {TABLE} {date.today()}")'),
      'DG303',
      7,
      lines(...head, 'TABLE = "events"', 'BashOperator(task_id="t", bash_command=f"load.sh {TABLE} {{{{ ds }}}}")'),
    );
  });

  it('turns a concatenation with another value into an f-string', async () => {
    await check(
      lines(...head, "BashOperator(task_id='t', bash_command='load.sh ' + TABLE + ' ' + date.today().strftime('%Y-%m-%d'))"),
      'DG303',
      6,
      lines(...head, "BashOperator(task_id='t', bash_command=f'load.sh {TABLE} {{{{ ds }}}}')"),
    );
  });

  it('writes the strftime format in the other quote inside single-quoted strings', async () => {
    await check(
      lines(...head, "BashOperator(task_id='t', bash_command='at ' + datetime.now().strftime('%H:%M'))"),
      'DG303',
      6,
      lines(...head, `BashOperator(task_id='t', bash_command='at {{ logical_date.strftime("%H:%M") }}')`),
    );
  });

  it('folds str.format with the clock in its arguments', async () => {
    await check(
      lines(...head, 'BashOperator(task_id="t", bash_command="run.sh --day {}".format(date.today()))'),
      'DG303',
      6,
      lines(...head, 'BashOperator(task_id="t", bash_command="run.sh --day {{ ds }}")'),
    );
    await check(
      lines(...head, 'BashOperator(task_id="t", bash_command="run.sh {{x}} {} --day {day:%Y%m%d}".format(TABLE, day=datetime.now()))'),
      'DG303',
      6,
      lines(...head, 'BashOperator(task_id="t", bash_command=f"run.sh {{x}} {TABLE} --day {{{{ ds_nodash }}}}")'),
    );
  });

  it('folds %-formatting of a strftime string or a date into a plain string', async () => {
    await check(
      lines(...head, 'BashOperator(task_id="t", bash_command="aws s3 ls s3://bucket/%s/" % datetime.now().strftime("%Y-%m-%d"))'),
      'DG303',
      6,
      lines(...head, 'BashOperator(task_id="t", bash_command="aws s3 ls s3://bucket/{{ ds }}/")'),
    );
    await check(
      lines(...head, `SQLExecuteQueryOperator(task_id="t", sql="SELECT * FROM t WHERE d = '%s' AND p LIKE 'a%%'" % (date.today(),))`),
      'DG303',
      6,
      lines(...head, `SQLExecuteQueryOperator(task_id="t", sql="SELECT * FROM t WHERE d = '{{ ds }}' AND p LIKE 'a%'")`),
    );
    await check(
      lines(
        ...head,
        'DAY = datetime.now().strftime("%Y%m%d")',
        'BashOperator(task_id="t", bash_command="run.sh %(day)s {x}" % {"day": DAY})',
      ),
      'DG303',
      7,
      lines(...head, 'DAY = datetime.now().strftime("%Y%m%d")', 'BashOperator(task_id="t", bash_command="run.sh {{ ds_nodash }} {x}")'),
    );
  });

  it('keeps the other operands of a %-format tuple interpolated in an f-string', async () => {
    await check(
      lines(...head, "TABLE = 'events'", "BashOperator(task_id='t', bash_command='load.sh {x} %s %s' % (TABLE, date.today()))"),
      'DG303',
      7,
      lines(...head, "TABLE = 'events'", "BashOperator(task_id='t', bash_command=f'load.sh {{x}} {TABLE} {{{{ ds }}}}')"),
    );
    await check(
      lines(...head, 'BashOperator(task_id="t", bash_command="load.sh %s %s" % (TABLE, date.today()) + SUFFIX)'),
      'DG303',
      6,
      lines(...head, 'BashOperator(task_id="t", bash_command=f"load.sh {TABLE} {{{{ ds }}}}{SUFFIX}")'),
    );
  });

  it('keeps UTF-16 columns right after non-ASCII text on the line', async () => {
    await check(
      lines(...head, 'BashOperator(task_id="tâche_☕", bash_command="écho 🚀 " + str(date.today()))'),
      'DG303',
      6,
      lines(...head, 'BashOperator(task_id="tâche_☕", bash_command="écho 🚀 {{ ds }}")'),
    );
  });

  it('offers no fix where no format of the logical date means the same', async () => {
    for (const value of [
      'f"run.sh {datetime.now().isoformat()}"',
      'f"run.sh {date.today():%H}"',
      '"run.sh " + str(datetime.now())',
      '"run.sh %s" % datetime.now()',
      '"run.sh %r" % date.today()',
      '"run.sh %d" % date.today().day',
      '"run.sh %10s" % date.today()',
      '"run.sh %s %s" % (date.today(),)',
      '"run.sh %s" % (date.today(), 1)',
      '"run.sh %s %s" % (ARGS, date.today())[0]',
      '"run.sh %s" % NAME + str(date.today())',
      '"run.sh \\x25s %s" % date.today()',
      'f"run.sh %s {TABLE}" % date.today()',
      '"run.sh %(day)s" % {"day": date.today(), **EXTRA}',
      '"run.sh %(day)s" % (date.today(),)',
      '"/scripts/export_%s.sh" % date.today()',
      'f"run.sh {date.today()!r}"',
      'f"/scripts/export_{date.today()}.sh"',
      '"run.sh {!r}".format(date.today())',
      '"run.sh {0.year}".format(date.today())',
    ]) {
      const [finding] = await findingsOf(lines(...head, `BashOperator(task_id="t", bash_command=${value})`), 'DG303');
      assert.ok(finding, value);
      assert.equal(finding.fix, null, value);
    }
  });

  it('is never safe (the value changes from the parse time to the logical date)', async () => {
    const [finding] = await findingsOf(lines(...head, 'BashOperator(task_id="t", bash_command=f"run.sh {date.today()}")'), 'DG303');
    assert.equal(finding.fix?.safe, false);
  });
});
