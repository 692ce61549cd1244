// Refactorings on the arguments that decide when tasks run, offered on any operator call (and
// @task(...) decorator) and on a DAG's default_args dict, so that a whole DAG is set at once:
// "Add pool and pool_slots", "Set weight_rule to ..." (one per value), "Set priority_weight".
// Pure: the protocol layer turns them into code actions.
import { offeredPool, type KnownPools } from '../airflow/pools';
import { WEIGHT_RULES, WEIGHT_RULE_CLASSES } from '../airflow/weightRule';
import { ArgumentSites, type ArgumentSite } from '../model/argumentSites';
import { ModuleBindings } from '../model/bindings';
import { CallIndex } from '../model/calls';
import { ImportMap } from '../model/imports';
import type { SourceFile } from '../model/source';
import { field, parentOf, stringValue, unparenthesize, type Node } from '../syntax/nodes';
import type { TextEdit } from '../syntax/positions';
import { dictLiteral, pythonString, quoteOf, setArgumentEdits, type ArgumentSetting } from './argumentEdits';

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
  /** The client applies snippet edits (tab stops). */
  snippets: boolean;
}

/**
 * The site the cursor is in: the innermost task call or default_args dict. A DAG stands for its
 * default_args dict, or for itself when it has none (the actions then add `default_args={...}`).
 */
export function targetSite(sites: ArgumentSites, offset: number): ArgumentSite | null {
  let best: ArgumentSite | null = null;
  for (const site of sites.sites) {
    if (site.kind === 'taskGroup') continue;
    if (site.node.startIndex <= offset && offset <= site.node.endIndex && (!best || site.node.startIndex >= best.node.startIndex)) best = site;
  }
  if (best?.kind === 'dag') {
    const value = best.entries.get('default_args')?.value;
    if (!value) return best;
    const dict = sites.defaultArgsOf(value);
    return dict === 'unknown' ? null : dict;
  }
  return best;
}

export function argumentActions(input: ArgumentActionInput): ArgumentAction[] {
  // A call with a task_id in a file that never mentions Airflow is someone else's API.
  if (!/airflow/i.test(input.source.text)) return [];
  // Editors ask at every cursor move: only index the file's arguments when the cursor is in a call or dict.
  if (!insideCallOrDict(input.source, input.offset)) return [];
  const imports = new ImportMap(input.source);
  const sites = new ArgumentSites(input.source, new ModuleBindings(input.source), new CallIndex(input.source, imports));
  const site = targetSite(sites, input.offset);
  if (!site) return [];
  const where = site.kind === 'task' ? '' : ' in default_args';
  const actions: ArgumentAction[] = [];
  const push = (title: string, edits: TextEdit[] | null) => {
    if (edits && edits.length > 0) actions.push({ title, kind: ARGUMENT_ACTION_KIND, edits, snippet: input.snippets });
  };
  // Sets entries of the site, or, on a DAG without default_args, adds `default_args={...}` with them.
  const set = (values: ArgumentSetting[]) =>
    site.kind === 'dag'
      ? setArgumentEdits(input.source, site, [{ name: 'default_args', value: dictLiteral(values, quoteOf(input.source, site), input.snippets), raw: true }], input.snippets)
      : setArgumentEdits(input.source, site, values, input.snippets);

  const pool = site.kind === 'dag' ? { title: 'Add pool and pool_slots', edits: set(poolSettings(input.source, site, input.pools)) } : addPoolEdits(input.source, site, input.pools, input.snippets);
  if (pool) push(`${pool.title}${where}`, pool.edits);

  const current = site.entries.get('weight_rule')?.value ?? null;
  const currentValue = current ? weightRuleOf(current, imports) : null;
  const enumPrefix = current ? weightRuleEnumPrefix(current, imports) : null;
  for (const rule of WEIGHT_RULES) {
    if (currentValue === rule.value) continue;
    const value = enumPrefix ? `${enumPrefix}.${rule.member}` : pythonString(input.source, site, rule.value);
    push(`Set weight_rule to "${rule.value}"${where}`, set([{ name: 'weight_rule', value }]));
  }

  push(`Set priority_weight${where}`, set([{ name: 'priority_weight', value: '1', placeholder: true, keepExisting: true }]));
  return actions;
}

const MAX_CLIMB = 100;

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

/** "Add pool and pool_slots" (or the one of the two that is missing); null when both are there. */
export function addPoolEdits(source: SourceFile, site: ArgumentSite, pools: KnownPools | null, snippets: boolean): { title: string; edits: TextEdit[] } | null {
  const hasPool = site.entries.has('pool');
  const hasSlots = site.entries.has('pool_slots');
  if (hasPool && hasSlots) return null;
  const title = hasPool ? 'Add pool_slots' : hasSlots ? 'Add pool' : 'Add pool and pool_slots';
  const edits = setArgumentEdits(source, site, poolSettings(source, site, pools), snippets);
  return edits && edits.length > 0 ? { title, edits } : null;
}

function poolSettings(source: SourceFile, site: ArgumentSite, pools: KnownPools | null): ArgumentSetting[] {
  return [
    { name: 'pool', value: pythonString(source, site, offeredPool(pools)), placeholder: true, keepExisting: true },
    { name: 'pool_slots', value: '1', placeholder: true, keepExisting: true },
  ];
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
