// Durations in seconds, as the file writes them: numbers (`300`, `60 * 60`, `2.5`), `timedelta(...)`
// (also `datetime.timedelta`), `pendulum.duration(...)`, and module-level names bound once to one of
// those. Null when the value cannot be read from the file.
import { callArguments, field, intValue, unparenthesize, type Node } from '../syntax/nodes';
import type { ModuleBindings } from './bindings';
import type { ImportMap } from './imports';
import { ownEntry } from '../ownEntry';

const TIMEDELTA_POSITIONAL = ['days', 'seconds', 'microseconds', 'milliseconds', 'minutes', 'hours', 'weeks'];
const UNIT_SECONDS: Record<string, number> = {
  weeks: 604800,
  days: 86400,
  hours: 3600,
  minutes: 60,
  seconds: 1,
  milliseconds: 0.001,
  microseconds: 0.000001,
};
const DURATION_CALLS = new Set(['datetime.timedelta', 'pendulum.duration', 'pendulum.Duration']);

export function secondsOf(node: Node | null, imports: ImportMap, bindings: ModuleBindings, depth = 0): number | null {
  const target = bindings.resolveValue(unparenthesize(node));
  if (!target || depth > 16) return null;
  const recurse = (child: Node | null) => secondsOf(child, imports, bindings, depth + 1);
  switch (target.type) {
    case 'integer':
      return intValue(target);
    case 'float': {
      const value = Number(target.text.replace(/_/g, ''));
      return Number.isFinite(value) ? value : null;
    }
    case 'unary_operator': {
      const inner = recurse(field(target, 'argument'));
      const operator = target.child(0)?.type;
      return inner === null ? null : operator === '-' ? -inner : operator === '+' ? inner : null;
    }
    case 'binary_operator': {
      const left = recurse(field(target, 'left'));
      const right = recurse(field(target, 'right'));
      if (left === null || right === null) return null;
      switch (field(target, 'operator')?.type) {
        case '+':
          return left + right;
        case '-':
          return left - right;
        case '*':
          return left * right;
        case '/':
          return right === 0 ? null : left / right;
        case '//':
          return right === 0 ? null : Math.floor(left / right);
        default:
          return null;
      }
    }
    case 'call': {
      const qualified = imports.resolve(field(target, 'function'));
      if (!qualified || !DURATION_CALLS.has(qualified)) return null;
      const args = callArguments(target);
      if (args.hasSplat || (qualified !== 'datetime.timedelta' && args.positional.length > 0)) return null;
      let total = 0;
      const add = (unit: string | undefined, value: Node) => {
        const amount = recurse(value);
        const scale = unit ? ownEntry(UNIT_SECONDS, unit) : undefined;
        if (amount === null || scale === undefined) return false;
        total += amount * scale;
        return true;
      };
      if (!args.positional.every((value, index) => add(TIMEDELTA_POSITIONAL[index], value))) return null;
      for (const [name, value] of args.keywords) if (!add(name, value)) return null;
      return total;
    }
    default:
      return null;
  }
}

/** "90 s", "10 min", "2 h", "7 days". */
export function describeSeconds(seconds: number): string {
  if (seconds >= 86400 && seconds % 86400 === 0) return `${seconds / 86400} day${seconds === 86400 ? '' : 's'}`;
  if (seconds >= 3600 && seconds % 3600 === 0) return `${seconds / 3600} h`;
  if (seconds >= 60 && seconds % 60 === 0) return `${seconds / 60} min`;
  return `${Math.round(seconds * 1000) / 1000} s`;
}
