// The string literals of a DAG file that hold Jinja, and where their values go: what DG601 to
// DG604 share per analysis. Where a value lands is the Variable.get fix's value flow
// (templating/valueFlow.ts): operator keyword arguments, dict and list values, names, f-strings.
import { MemoKey } from '../memo';
import type { RuleContext } from '../ruleContext';
import type { Node } from '../syntax/nodes';
import { templatingContext } from '../templating/context';
import { endingOf, followValue, type Flow } from '../templating/valueFlow';
import { readTemplate, type TemplateReading } from './parser';
import { templateLiterals, templateTextOf, type TemplateText } from './pythonLiteral';

export interface TemplateString {
  literal: Node;
  text: TemplateText;
}

const stringsCache = new MemoKey<TemplateString[]>('template strings');
const flowCache = new MemoKey<Map<number, Flow>>('template flows');
const readingCache = new MemoKey<Map<number, TemplateReading>>('template readings');

/** Every string literal of the file with `{{`, `{%` or `{#` in its source text. */
export function templateStrings(context: RuleContext): TemplateString[] {
  let strings = stringsCache.get(context.model);
  if (!strings) {
    strings = [];
    for (const literal of templateLiterals(context.source)) {
      const text = templateTextOf(context.source, literal);
      if (text) strings.push({ literal, text });
    }
    stringsCache.set(context.model, strings);
  }
  return strings;
}

/** Where the literal's value lands (every use, or the first use the value flow cannot follow). */
export function whereItLands(context: RuleContext, literal: Node): Flow {
  let flows = flowCache.get(context.model);
  if (!flows) flowCache.set(context.model, (flows = new Map()));
  let flow = flows.get(literal.id);
  if (!flow) {
    flow = followValue(literal, templatingContext(context), 0, false, endingOf(literal));
    flows.set(literal.id, flow);
  }
  return flow;
}

/** Every use of the value is a templated field of a known operator. */
export function landsInTemplatedFields(flow: Flow): boolean {
  return flow.ok && flow.landings.length > 0;
}

/**
 * Airflow renders the literal as a template: every use is a templated field of a known operator,
 * and none reads it as the name of a template file (a value ending in the operator's template_ext).
 */
export function isRendered(flow: Flow): boolean {
  return flow.ok && flow.landings.length > 0 && flow.landings.every((landing) => landing.fileNameRisk === 'none');
}

/** The template read once per analysis. */
export function readingOf(context: RuleContext, string: TemplateString): TemplateReading {
  let readings = readingCache.get(context.model);
  if (!readings) readingCache.set(context.model, (readings = new Map()));
  let reading = readings.get(string.literal.id);
  if (!reading) {
    reading = readTemplate(string.text.value);
    readings.set(string.literal.id, reading);
  }
  return reading;
}

/** `{{ name ... }}` or `{% word ... %}`: Jinja by shape, not a brace that happens to be doubled. */
const TEMPLATE_SHAPE = /\{\{-?\s*[A-Za-z_("'[][\s\S]*?\}\}|\{%-?\s*[a-z]+\b[\s\S]*?%\}/;

/** The first place in `value` that is a template by its shape, or null. */
export function templateShapeAt(value: string): { start: number; end: number } | null {
  const match = TEMPLATE_SHAPE.exec(value);
  return match ? { start: match.index, end: match.index + match[0].length } : null;
}
