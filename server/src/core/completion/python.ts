// Completion in Python files: the values of `weight_rule`, the members of `WeightRule`, the
// known pools inside `pool="`, and inside `{{ ... }}` what completion/jinja.ts offers. It reads the text before the cursor (half-typed code has no useful
// tree: an unclosed string or call is an ERROR node) and uses the tree only to skip comments and
// to resolve `WeightRule` through the file's imports.
import { DEFAULT_POOL, poolNames, type KnownPools } from '../airflow/pools';
import { WEIGHT_RULES, WEIGHT_RULE_CLASSES } from '../airflow/weightRule';
import { ImportMap } from '../model/imports';
import type { SourceFile } from '../model/source';
import type { Range } from '../syntax/positions';
import type { KnownKeys } from '../airflow/exports';
import { jinjaCompletions, openTemplateExpression } from './jinja';

export interface CompletionEntry {
  label: string;
  kind: 'value' | 'enumMember' | 'variable' | 'function' | 'field';
  /** One line beside the label. */
  detail: string;
  /** Markdown. */
  documentation: string;
  /** Replaces `range`. */
  insertText: string;
  range: Range;
  sortText: string;
}

export interface CompletionInput {
  source: SourceFile;
  /** UTF-16 offset of the cursor. */
  offset: number;
  pools: KnownPools | null;
  /** For completion inside templates (absent: Airflow version unknown, no exports). */
  airflowVersion?: 2 | 3 | null;
  variables?: KnownKeys | null;
  connections?: KnownKeys | null;
}

/** `weight_rule="up` or `"weight_rule": "up` (keyword or default_args key), cursor inside the string. */
const WEIGHT_RULE_STRING = /(?:\bweight_rule\s*=\s*|["']weight_rule["']\s*:\s*)[rRuU]?["']([\w.-]*)$/;
const POOL_STRING = /(?:\bpool\s*=\s*|["']pool["']\s*:\s*)[rRuU]?["']([\w.\- ]*)$/;
const ENUM_MEMBER = /((?:[A-Za-z_]\w*\.)*WeightRule)\.(\w*)$/;

export const COMPLETION_TRIGGERS = ['"', "'", '.', '|', '{'];

export function pythonCompletions(input: CompletionInput): CompletionEntry[] {
  // Cheap tests first: this runs on every "." typed.
  const { source, offset } = input;
  if (!/airflow/i.test(source.text)) return [];
  const line = source.lines.positionAt(offset).line;
  const before = source.text.slice(source.lines.lineStart(line), offset);
  // The word being typed continues after the cursor up to the closing quote.
  const after = /^[\w.-]*/.exec(source.text.slice(offset, source.lines.lineEnd(line)))?.[0] ?? '';

  if (source.text.includes('{{') || source.text.includes('{%')) {
    const inTemplate = jinjaCompletions({
      source,
      offset,
      airflowVersion: input.airflowVersion ?? null,
      variables: input.variables ?? null,
      connections: input.connections ?? null,
    });
    if (inTemplate.length > 0 || openTemplateExpression(source.text, offset) !== null) return inTemplate;
  }
  const weightRule = WEIGHT_RULE_STRING.exec(before);
  const member = weightRule ? null : ENUM_MEMBER.exec(before);
  const pool = weightRule || member ? null : POOL_STRING.exec(before);
  if (!weightRule && !member && !pool) return [];
  if (inComment(source, offset)) return [];

  if (weightRule) {
    const range = source.lines.rangeOf(offset - weightRule[1].length, offset + after.length);
    return WEIGHT_RULES.map((rule, index) => ({
      label: rule.value,
      kind: 'value',
      detail: rule.value === 'downstream' ? 'weight rule (default)' : 'weight rule',
      documentation: rule.meaning,
      insertText: rule.value,
      range,
      sortText: String(index),
    }));
  }

  if (member) {
    if (!namesWeightRule(member[1], new ImportMap(source))) return [];
    const range = source.lines.rangeOf(offset - member[2].length, offset + /^\w*/.exec(after)![0].length);
    return WEIGHT_RULES.map((rule, index) => ({
      label: rule.member,
      kind: 'enumMember',
      detail: `WeightRule.${rule.member} = "${rule.value}"`,
      documentation: rule.meaning,
      insertText: rule.member,
      range,
      sortText: String(index),
    }));
  }

  if (pool) {
    const range = source.lines.rangeOf(offset - pool[1].length, offset + after.length);
    return poolNames(input.pools).map((name, index) => {
      const info = input.pools?.pools.get(name);
      const slots = info?.slots ?? null;
      const detail =
        slots !== null ? `pool, ${slots} slot${slots === 1 ? '' : 's'}` : name === DEFAULT_POOL ? "pool, Airflow's default" : 'pool';
      const documentation = [
        info?.description ??
          (name === DEFAULT_POOL
            ? 'The pool of every task that names none. Its size is `[core] default_pool_task_slot_count` (128 by default) when it is created.'
            : ''),
        input.pools && info ? `From ${input.pools.source}.` : '',
      ]
        .filter(Boolean)
        .join('\n\n');
      return {
        label: name,
        kind: 'value' as const,
        detail,
        documentation,
        insertText: name,
        range,
        sortText: String(index).padStart(4, '0'),
      };
    });
  }
  return [];
}

/** Is the cursor in a comment? (Asks the tree at one point: no index of the whole file.) */
function inComment(source: SourceFile, offset: number): boolean {
  if (offset === 0) return false;
  const node = source.root.descendantForIndex(offset - 1);
  return node?.type === 'comment';
}

/** `WeightRule` or `weight_rule.WeightRule` as the file imports it from Airflow. */
function namesWeightRule(dotted: string, imports: ImportMap): boolean {
  const [head, ...rest] = dotted.split('.');
  const binding = imports.binding(head);
  if (!binding) return false;
  return WEIGHT_RULE_CLASSES.has([binding.qualified, ...rest].join('.'));
}
