// What counts as an Airflow hook: any class imported from an `airflow...hooks...` module, or any
// class whose name ends in "Hook" (the file's own hooks and company-internal ones included).
import { CONNECTION_CLASS_LOOKUPS } from './names';

/** `qualified` is the resolved name (`airflow.providers.amazon.aws.hooks.s3.S3Hook`) or the text. */
export function isHookClass(qualified: string): boolean {
  const parts = qualified.split('.');
  const last = parts[parts.length - 1];
  if (!/^[A-Z]/.test(last)) return false;
  if (/Hook$/.test(last)) return true;
  return parts[0] === 'airflow' && parts.slice(1, -1).some((part) => part === 'hooks' || part.endsWith('_hooks'));
}

const GET_CONNECTION = '.get_connection';

/** Class methods that look a connection up: `BaseHook.get_connection("x")`. */
export function isConnectionLookup(qualified: string): boolean {
  // Asked of every parse-time call: the method's name first, the owner's parts only for it.
  if (qualified.endsWith(GET_CONNECTION) && isHookClass(qualified.slice(0, -GET_CONNECTION.length))) return true;
  return CONNECTION_CLASS_LOOKUPS.has(qualified);
}

/** `BaseHook.get_hook("conn")` and `Connection.get_hook()` return a hook instance. */
export function isHookFactory(qualified: string): boolean {
  const parts = qualified.split('.');
  if (parts[parts.length - 1] !== 'get_hook') return false;
  const owner = parts.slice(0, -1).join('.');
  return isHookClass(owner) || /(^|\.)Connection$/.test(owner);
}
