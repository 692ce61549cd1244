// The Jinja environment Airflow renders task templates in: Jinja2's built-in filters and tests
// (3.1, jinja2/filters.py FILTERS and jinja2/tests.py TESTS), the filters Airflow adds
// (airflow/templates.py FILTERS: ds, ds_nodash, ts, ts_nodash, ts_nodash_with_tz) and the `do` tag
// (DAG.get_template_env loads jinja2.ext.do, airflow/models/dag.py, 2.x and 3.x). A DAG can add
// filters (`user_defined_filters`) and change the syntax (`jinja_environment_kwargs`).

export const JINJA_FILTERS: ReadonlySet<string> = new Set(
  (
    'abs attr batch capitalize center count d default dictsort e escape filesizeformat first float forceescape format groupby indent int items join ' +
    'last length list lower map max min pprint random reject rejectattr replace reverse round safe select selectattr slice sort string striptags ' +
    'sum title tojson trim truncate unique upper urlencode urlize wordcount wordwrap xmlattr'
  ).split(' '),
);

/** Airflow's own filters, with what they write. */
export const AIRFLOW_FILTERS: Readonly<Record<string, string>> = {
  ds: 'A date as `YYYY-MM-DD` (`{{ data_interval_end | ds }}`).',
  ds_nodash: 'A date as `YYYYMMDD`.',
  ts: 'A date and time in ISO 8601 (`2024-01-31T00:00:00+00:00`).',
  ts_nodash: 'A date and time as `YYYYMMDDTHHMMSS`.',
  ts_nodash_with_tz: 'A date and time as `YYYYMMDDTHHMMSS+0000`.',
};

export const JINJA_TESTS: ReadonlySet<string> = new Set(
  (
    '!= < <= == > >= boolean callable defined divisibleby eq equalto escaped even false filter float ge greaterthan gt in integer iterable le ' +
    'lessthan lower lt mapping ne none number odd sameas sequence string test true undefined upper'
  ).split(' '),
);

/** Names every Jinja template can read besides the task's context (Jinja's DEFAULT_NAMESPACE). */
export const JINJA_GLOBALS: ReadonlySet<string> = new Set(['range', 'dict', 'lipsum', 'cycler', 'joiner', 'namespace']);

export function isKnownFilter(name: string): boolean {
  return JINJA_FILTERS.has(name) || name in AIRFLOW_FILTERS;
}

export function isKnownTest(name: string): boolean {
  return JINJA_TESTS.has(name);
}
