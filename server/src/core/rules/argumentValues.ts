// What the argument rules (DG201-DG206) share: reading an argument's value through module-level
// constants, and the edits that replace a string's content or rename an argument.
import type { ArgumentEntry, ArgumentSite } from '../airflow/argumentSites';
import type { ModuleBindings } from '../model/bindings';
import type { SourceFile } from '../model/source';
import { children, field, intValue, stringValue, unparenthesize, type Node } from '../syntax/nodes';
import type { TextEdit } from '../syntax/positions';

export type ValueKind = 'int' | 'float' | 'string' | 'none' | 'other';

export interface ArgumentValue {
  /** The literal the value resolves to (the constant's value for `pool=POOL`). */
  node: Node;
  /** True when the value is a name bound to a module-level constant. */
  viaConstant: boolean;
  kind: ValueKind;
  int: number | null;
  string: string | null;
}

/** The value of an argument, seen through module-level constants. */
export function argumentValue(entry: ArgumentEntry, bindings: ModuleBindings): ArgumentValue {
  const written = unparenthesize(entry.value) ?? entry.value;
  const node = unparenthesize(bindings.resolveValue(written)) ?? written;
  const int = intValue(node);
  const string = stringValue(node);
  const kind: ValueKind =
    int !== null ? 'int' : string !== null ? 'string' : isFloat(node) ? 'float' : node.type === 'none' ? 'none' : 'other';
  return { node, viaConstant: node.id !== written.id, kind, int, string };
}

function isFloat(node: Node): boolean {
  if (node.type === 'float') return true;
  if (node.type === 'unary_operator') {
    const argument = unparenthesize(field(node, 'argument'));
    return argument?.type === 'float';
  }
  return false;
}

/** Replaces the content of a plain string literal, keeping its prefix and quotes. */
export function replaceStringContent(source: SourceFile, literal: Node, value: string): TextEdit | null {
  if (literal.type !== 'string') return null;
  const parts = children(literal);
  const start = parts.find((part) => part.type === 'string_start');
  const end = parts.find((part) => part.type === 'string_end');
  if (!start || !end || end.isMissing) return null;
  const quote = start.text.slice(-1);
  const escaped = value.replace(/\\/g, '\\\\').replace(new RegExp(quote, 'g'), `\\${quote}`);
  return { range: source.lines.rangeOf(start.endIndex, end.startIndex), newText: escaped };
}

/** Renames an argument: the keyword's name, or the content of the dict key. */
export function renameEdit(source: SourceFile, site: ArgumentSite, entry: ArgumentEntry, newName: string): TextEdit | null {
  if (site.style === 'keyword') return { range: source.rangeOf(entry.key), newText: newName };
  return replaceStringContent(source, entry.key, newName);
}

/** `weight_rule=` on a task, `"weight_rule":` in default_args: how a message names the argument. */
export function argumentLabel(site: ArgumentSite, name: string): string {
  return site.kind === 'defaultArgs' ? `default_args "${name}"` : name;
}

/** The sites whose arguments are task arguments: tasks and default_args dicts. */
export function taskArgumentSites(sites: readonly ArgumentSite[]): ArgumentSite[] {
  return sites.filter((site) => site.kind === 'task' || site.kind === 'defaultArgs');
}
