// The calls that read the current time, by qualified name, with what each returns: the one list
// that DG301 (a start date that moves), the run-time value model (DG302/DG303) and the logical-date
// fix (which Jinja replaces the call) read. Sources: CPython's datetime and time modules; pendulum
// 2.x/3.x (`pendulum.today()` is the start of today; `DateTime.today()` is `now()`, as in
// datetime); airflow/utils/timezone.py and airflow/utils/dates.py (2.x: `days_ago` is midnight
// UTC n days back, removed in 3.0), task-sdk's airflow/sdk/timezone.py (3.x).

/**
 * What a clock call returns:
 * - 'now': the current date and time (it changes at every parse);
 * - 'midnight': the start of today (it changes once a day);
 * - 'midnight-offset': the start of another day counted from today (`yesterday()`, `days_ago(n)`);
 * - 'date': today's date, without a time (once a day);
 * - 'epoch': seconds since 1970 (`time.time()`), at every parse.
 */
export type ClockKind = 'now' | 'midnight' | 'midnight-offset' | 'date' | 'epoch';

export const CLOCK_CALLS: ReadonlyMap<string, ClockKind> = new Map<string, ClockKind>([
  ['datetime.datetime.now', 'now'],
  ['datetime.datetime.utcnow', 'now'],
  ['datetime.datetime.today', 'now'],
  ['datetime.date.today', 'date'],
  ['pendulum.now', 'now'],
  ['pendulum.today', 'midnight'],
  ['pendulum.yesterday', 'midnight-offset'],
  ['pendulum.tomorrow', 'midnight-offset'],
  ['pendulum.DateTime.now', 'now'],
  ['pendulum.DateTime.utcnow', 'now'],
  ['pendulum.DateTime.today', 'now'],
  ['pendulum.Date.today', 'date'],
  ['airflow.utils.dates.days_ago', 'midnight-offset'],
  ['airflow.utils.timezone.utcnow', 'now'],
  ['airflow.sdk.timezone.utcnow', 'now'],
  ['time.time', 'epoch'],
  ['time.time_ns', 'epoch'],
]);

/** The clock calls that take a timezone, first positional or `tz=` (pendulum's and datetime's `now`). */
export const TAKES_TIMEZONE: ReadonlySet<string> = new Set([
  'pendulum.now',
  'pendulum.today',
  'pendulum.yesterday',
  'pendulum.tomorrow',
  'pendulum.DateTime.now',
  'datetime.datetime.now',
]);

/** `days_ago`, which DG301 says more about (deprecated in 2.x, gone in 3.0). */
export const DAYS_AGO = 'airflow.utils.dates.days_ago';

/** The clock calls whose value changes once a day, not at every parse. */
export function changesDaily(qualified: string): boolean {
  const kind = CLOCK_CALLS.get(qualified);
  return kind === 'midnight' || kind === 'midnight-offset' || kind === 'date';
}
