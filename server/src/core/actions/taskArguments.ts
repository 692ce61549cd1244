// Refactorings on the arguments that decide when tasks run, offered on an operator call (and
// @task(...) decorator) and on a DAG's default_args dict, so that a whole DAG is set at once:
// "Add pool and pool_slots", "Set weight_rule to ..." (one per value), "Set priority_weight".
// Editors ask at every cursor move, so they are offered only with the cursor on the call's name or
// in its argument list (not inside another argument's value), and only when they change what the
// task gets: never the weight rule it has already (its own, from default_args, or Airflow's
// default), never a value that equals Airflow's default as plain text. A pool is never guessed:
// a snippet choice of the project's pools, or one action per pool for clients without snippets.
// The file's argument index is the analysis' own for the same text (airflow/argumentSites.ts).
// Pure: the protocol layer turns them into code actions.
import { DEFAULT_POOL, poolNames, type KnownPools } from '../airflow/pools';
import { WEIGHT_RULES, WEIGHT_RULE_CLASSES } from '../airflow/weightRule';
import { argumentIndexOf, ArgumentSites, type ArgumentIndex, type ArgumentSite } from '../airflow/argumentSites';
import { ModuleBindings } from '../model/bindings';
import { CallIndex } from '../model/calls';
import { ImportMap } from '../model/imports';
import type { SourceFile } from '../model/source';
import { field, namedChildren, parentOf, stringValue, unparenthesize, type Node } from '../syntax/nodes';
import type { TextEdit } from '../syntax/positions';
import { dictLiteral, pythonString, pythonStringContent, quoteOf, setArgumentEdits, type ArgumentSetting } from './argumentEdits';

export interface ArgumentAction {
  title: string;
  /** An LSP code action kind under `refactor`. */
  kind: string;
  edits: TextEdit[];
  /** The edits' texts are LSP snippets (only when asked for). */
  snippet: boolean;
}

export const ARGUMENT_ACTION_KIND = 'refactor.rewrite';

export interface ArgumentActionInput {
  source: SourceFile;
  pools: KnownPools | null;
  /** UTF-16 offset of the cursor (the start of the requested range). */
  offset: number;
  /** UTF-16 offset of the requested range's end (default: `offset`). */
  end?: number;
  /** The client applies snippet edits (tab stops). */
  snippets: boolean;
}

/** Clients without snippets get one action per pool: at most this many. */
export const MAX_POOL_ACTIONS = 5;
/** A snippet choice lists at most this many pools. */
const MAX_POOL_CHOICES = 20;
/** The arguments the actions write: the cursor may be inside their values. */
const ACTION_ARGUMENTS = new Set(['pool', 'pool_slots', 'weight_rule', 'priority_weight']);
/**
 * Airflow's defaults: DEFAULT_POOL_SLOTS = 1 and DEFAULT_PRIORITY_WEIGHT = 1 beside
 * DEFAULT_POOL_NAME = "default_pool" (task SDK's base operator, Airflow 3; airflow/models/
 * baseoperator.py in 2.x), the weight rule from `[core] default_task_weight_rule` (downstream).
 */
const DEFAULT_WEIGHT_RULE = 'downstream';
const DEFAULT_PRIORITY_WEIGHT = '1';
const DEFAULT_POOL_SLOTS = '1';
const MAX_CLIMB = 100;

/** The file's argument index: the analysis' own when it has built it for this text. */
function indexOf(source: SourceFile): ArgumentIndex {
  return argumentIndexOf(source, () => {
    const imports = new ImportMap(source);
    return { sites: new ArgumentSites(source, new ModuleBindings(source), new CallIndex(source, imports)), imports };
  });
}

/**
 * The site the cursor is on: the innermost task call, DAG or default_args dict around it, when the
 * cursor is on the call's name or in its argument list outside the values of other arguments. A
 * DAG stands for its default_args dict, or for itself when it has none (the actions then add
 * `default_args={...}`).
 */
function targetSite(sites: ArgumentSites, source: SourceFile, offset: number, end = offset): ArgumentSite | null {
  let site: ArgumentSite | undefined;
  // Climbing from the cursor (tree-sitter finds each parent by descending from the root: bounded,
  // and stopped at the statement, since no site holds a block).
  let levels = 0;
  for (let node: Node | null = source.root.descendantForIndex(offset); node && levels++ < MAX_CLIMB && !site; node = parentOf(node)) {
    if (node.type === 'block' || node.type === 'module') return null;
    site = sites.siteOf(node);
  }
  if (!site || site.kind === 'taskGroup' || end > site.node.endIndex || !onNameOrArguments(site, offset)) return null;
  if (site.kind === 'dag') {
    const value = site.entries.get('default_args')?.value;
    if (!value) return site;
    const dict = sites.defaultArgsOf(value);
    return dict === 'unknown' ? null : dict;
  }
  return site;
}

/** Is `offset` on the call's name, or between its brackets but not inside another argument's value? */
function onNameOrArguments(site: ArgumentSite, offset: number): boolean {
  const name = site.node.type === 'call' ? field(site.node, 'function') : null;
  if (name && name.startIndex <= offset && offset <= name.endIndex) return true;
  const container = site.container;
  if (!container || offset <= container.startIndex || offset >= container.endIndex) return false;
  for (const item of namedChildren(container)) {
    if (offset <= item.startIndex) break;
    const named = item.type === 'keyword_argument' || item.type === 'pair';
    const value = named ? field(item, 'value') : item;
    if (!value || offset <= value.startIndex || offset >= value.endIndex) continue;
    // Inside a value: only the values these actions write (`weight_rule="absolute"`) count.
    const key = named ? field(item, item.type === 'pair' ? 'key' : 'name') : null;
    const keyName = key ? (key.type === 'string' ? stringValue(key) : key.text) : null;
    return keyName !== null && ACTION_ARGUMENTS.has(keyName);
  }
  return true;
}

export function argumentActions(input: ArgumentActionInput): ArgumentAction[] {
  const { source, snippets } = input;
  // A call with a task_id in a file that never mentions Airflow is someone else's API.
  if (!/airflow/i.test(source.text)) return [];
  // Editors ask at every cursor move: a cursor outside every call and dict reads no index.
  if (!insideCallOrDict(source, input.offset)) return [];
  const { sites, imports } = indexOf(source);
  const site = targetSite(sites, source, input.offset, input.end);
  if (!site) return [];
  const where = site.kind === 'task' ? '' : ' in default_args';
  const actions: ArgumentAction[] = [];
  const push = (title: string, edits: TextEdit[] | null) => {
    if (edits && edits.length > 0) actions.push({ title, kind: ARGUMENT_ACTION_KIND, edits, snippet: snippets });
  };
  // Sets entries of the site, or, on a DAG without default_args, adds `default_args={...}` with them.
  const set = (values: ArgumentSetting[]) =>
    site.kind === 'dag'
      ? setArgumentEdits(
          source,
          site,
          [{ name: 'default_args', value: dictLiteral(values, quoteOf(source, site), snippets), raw: true }],
          snippets,
        )
      : setArgumentEdits(source, site, values, snippets);
  /** What the task gets for `name` today: its own literal, the one it inherits, Airflow's default, or null (not known). */
  const effective = (name: string, fallback: string, read: (value: Node) => string | null): string | null => {
    if (site.kind === 'dag') return fallback;
    const found = sites.lookup(site, name);
    if (found === 'unknown') return null;
    return found === 'absent' ? fallback : read(found.entry.value);
  };

  for (const pool of poolActions(
    source,
    site,
    input.pools,
    snippets,
    effective('pool', DEFAULT_POOL, (value) => stringValue(unparenthesize(value) ?? value)),
    set,
  ))
    push(`${pool.title}${where}`, pool.edits);

  const current = site.entries.get('weight_rule')?.value ?? null;
  const currentRule = effective('weight_rule', DEFAULT_WEIGHT_RULE, (value) => weightRuleOf(value, imports));
  const enumPrefix = current ? weightRuleEnumPrefix(current, imports) : null;
  for (const rule of WEIGHT_RULES) {
    if (currentRule === rule.value) continue;
    const value = enumPrefix ? `${enumPrefix}.${rule.member}` : pythonString(source, site, rule.value);
    push(`Set weight_rule to "${rule.value}"${where}`, set([{ name: 'weight_rule', value }]));
  }

  // A tab stop to type the weight into; as plain text, only where 1 changes what the task gets.
  const priority = effective('priority_weight', DEFAULT_PRIORITY_WEIGHT, (value) => value.text);
  if (!site.entries.has('priority_weight') && (snippets || priority !== DEFAULT_PRIORITY_WEIGHT)) {
    push(
      `Set priority_weight${where}`,
      set([{ name: 'priority_weight', value: DEFAULT_PRIORITY_WEIGHT, placeholder: true, keepExisting: true }]),
    );
  }
  return actions;
}

function insideCallOrDict(source: SourceFile, offset: number): boolean {
  // Tree-sitter finds each parent by descending from the root: in an expression nested thousands
  // deep (one long line of `a + b + ...`), climbing all the way would cost the square of the depth.
  let levels = 0;
  for (let node: Node | null = source.root.descendantForIndex(offset); node && levels++ < MAX_CLIMB; node = parentOf(node)) {
    if (node.type === 'call' || node.type === 'dictionary') return true;
    if (node.type === 'block' || node.type === 'module') return false;
  }
  return false;
}

/**
 * "Add pool and pool_slots" (or the one of the two that is missing) when the site sets no pool of
 * its own: with snippets, one action whose pool is a choice of the known pools (a tab stop on
 * default_pool when the project names none); without, one action per known pool other than the
 * one the task gets already (`currentPool`, null when unknown), at most MAX_POOL_ACTIONS.
 */
function poolActions(
  source: SourceFile,
  site: ArgumentSite,
  pools: KnownPools | null,
  snippets: boolean,
  currentPool: string | null,
  set: (values: ArgumentSetting[]) => TextEdit[] | null,
): Array<{ title: string; edits: TextEdit[] | null }> {
  const hasPool = site.entries.has('pool');
  const hasSlots = site.entries.has('pool_slots');
  if (hasPool && hasSlots) return [];
  const quote = quoteOf(source, site);
  const slots: ArgumentSetting = { name: 'pool_slots', value: DEFAULT_POOL_SLOTS, placeholder: true, keepExisting: true };
  if (hasPool) {
    // pool_slots=1 is Airflow's default: only a tab stop to type into changes something.
    return snippets ? [{ title: 'Add pool_slots', edits: set([slots]) }] : [];
  }
  const names = poolNames(pools);
  const title = (pool: string | null) => `Add pool${pool === null ? '' : ` "${pool}"`}${hasSlots ? '' : ' and pool_slots'}`;
  if (snippets) {
    const choices = names.length > 1 ? names.slice(0, MAX_POOL_CHOICES).map((name) => pythonStringContent(quote, name)) : undefined;
    return [
      {
        title: title(null),
        edits: set([{ name: 'pool', value: pythonString(source, site, names[0]), placeholder: true, choices }, slots]),
      },
    ];
  }
  return names
    .filter((name) => name !== currentPool)
    .slice(0, MAX_POOL_ACTIONS)
    .map((name) => ({ title: title(name), edits: set([{ name: 'pool', value: pythonString(source, site, name) }, slots]) }));
}

/** "Add pool "etl" and pool_slots" with the given pool, for DG205's fixes; null when the site sets a pool or cannot be edited. */
export function addPoolEdits(source: SourceFile, site: ArgumentSite, pool: string): { title: string; edits: TextEdit[] } | null {
  if (site.entries.has('pool')) return null;
  const edits = setArgumentEdits(
    source,
    site,
    [
      { name: 'pool', value: pythonString(source, site, pool) },
      { name: 'pool_slots', value: DEFAULT_POOL_SLOTS, keepExisting: true },
    ],
    false,
  );
  return edits && edits.length > 0
    ? { title: `Add pool "${pool}"${site.entries.has('pool_slots') ? '' : ' and pool_slots'}`, edits }
    : null;
}

/** The weight rule a value names ("upstream", WeightRule.UPSTREAM), if it is a literal one. */
function weightRuleOf(value: Node, imports: ImportMap): string | null {
  const node = unparenthesize(value);
  if (!node) return null;
  const text = stringValue(node);
  if (text !== null) return text;
  const prefix = weightRuleEnumPrefix(node, imports);
  const member = field(node, 'attribute')?.text;
  return prefix && member ? member.toLowerCase() : null;
}

/** `WeightRule` in `WeightRule.UPSTREAM` when it names Airflow's enum; null otherwise. */
function weightRuleEnumPrefix(value: Node, imports: ImportMap): string | null {
  const node = unparenthesize(value);
  if (node?.type !== 'attribute') return null;
  const object = field(node, 'object');
  const qualified = imports.resolve(object);
  return object && qualified && WEIGHT_RULE_CLASSES.has(qualified) ? object.text : null;
}
