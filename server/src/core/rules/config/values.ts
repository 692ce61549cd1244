// How Airflow reads typed values (AirflowConfigParser.getint / getfloat / getboolean), so DG503 and
// DG504 agree with Airflow on what a value means.

/** Python's int(): optional sign, digits with single underscores between them. */
const INTEGER = /^[+-]?\d+(?:_\d+)*$/;
/**
 * Python's float(): decimals, exponents, inf and nan. Each run of digits can be matched one way
 * only (`(\d+)?\.?\d+` split a run of N digits N ways: N² on a long number).
 */
const FLOAT =
  /^[+-]?(?:\d+(?:_\d+)*(?:\.\d+(?:_\d+)*)?(?:[eE][+-]?\d+)?|\.\d+(?:_\d+)*(?:[eE][+-]?\d+)?|\d+(?:_\d+)*\.|inf|infinity|nan)$/i;

export function isInteger(value: string): boolean {
  return INTEGER.test(value.trim());
}

export function isFloat(value: string): boolean {
  return FLOAT.test(value.trim());
}

/** getboolean: "t", "true", "1" / "f", "false", "0" (any case), a `#` comment cut off. */
export function booleanValue(value: string): boolean | null {
  const cleaned = value.split('#')[0].trim().toLowerCase();
  if (cleaned === 't' || cleaned === 'true' || cleaned === '1') return true;
  if (cleaned === 'f' || cleaned === 'false' || cleaned === '0') return false;
  return null;
}

export function parseNumber(value: string | null): number | null {
  if (value === null || !isFloat(value)) return null;
  const number = Number(value.trim().replace(/_/g, ''));
  return Number.isFinite(number) ? number : null;
}
