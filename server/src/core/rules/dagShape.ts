// What a value read at parse time shapes in the DAG file: "the loop at line 38", "the task ids",
// "the schedule". DG101/DG102 say it when no template can take the lookup's place, so that the
// message names why the value is needed when the file is parsed (and the secrets cache, not a
// template, is the remedy). Followed from the lookup through the module-level names it is bound
// to (`PAGES = int(Variable.get(...))`, read in `range(PAGES)`), a few hops at most.
import type { ParseTimeModel } from '../model/parseTime';
import { field, lineNumber, parentOf, type Node } from '../syntax/nodes';
import type { TemplatingContext } from '../templating/context';
import { readsOfAssignment } from '../templating/valueFlow';

const ARGUMENTS = new Map([
  ['task_id', 'the task ids'],
  ['dag_id', 'the DAG id'],
  ['group_id', 'the task group ids'],
  ['schedule', 'the schedule'],
  ['schedule_interval', 'the schedule'],
  ['timetable', 'the schedule'],
  ['start_date', 'the start date'],
]);

const MAX_HOPS = 3;
const MAX_LEVELS = 60;
const MAX_SHAPES = 3;

/** What the value of `expression` shapes at parse time, in file order, at most three; [] when nothing known. */
export function dagShapes(expression: Node, context: TemplatingContext): string[] {
  const found: Array<{ at: number; text: string }> = [];
  collect(expression, context, context.rule.model, 0, found, new Set());
  const sorted = found.sort((a, b) => a.at - b.at).map((shape) => shape.text);
  return [...new Set(sorted)].slice(0, MAX_SHAPES);
}

function collect(
  expression: Node,
  context: TemplatingContext,
  model: ParseTimeModel,
  hops: number,
  found: Array<{ at: number; text: string }>,
  seen: Set<number>,
): void {
  let node = expression;
  for (let parent = parentOf(node), levels = 0; parent && levels < MAX_LEVELS; node = parent, parent = parentOf(parent), levels++) {
    switch (parent.type) {
      case 'keyword_argument': {
        if (field(parent, 'value')?.id !== node.id) return;
        const shape = ARGUMENTS.get(field(parent, 'name')?.text ?? '');
        if (shape) found.push({ at: parent.startIndex, text: shape });
        if (shape) return;
        continue;
      }
      case 'for_statement':
      case 'for_in_clause':
        if (field(parent, 'right')?.id === node.id)
          found.push({
            at: parent.startIndex,
            text: `the ${parent.type === 'for_statement' ? 'loop' : 'comprehension'} at line ${lineNumber(parent)}`,
          });
        return;
      case 'while_statement':
      case 'if_statement':
      case 'elif_clause':
        if (field(parent, 'condition')?.id === node.id)
          found.push({
            at: parent.startIndex,
            text: `the ${parent.type === 'while_statement' ? 'loop' : 'branch'} at line ${lineNumber(parent)}`,
          });
        return;
      case 'assignment': {
        if (field(parent, 'right')?.id !== node.id || hops >= MAX_HOPS || seen.has(parent.id)) return;
        seen.add(parent.id);
        const bound = readsOfAssignment(parent, context);
        if (!bound.ok) return;
        for (const read of bound.reads) if (model.phaseOf(read) === 'parse') collect(read, context, model, hops + 1, found, seen);
        return;
      }
      case 'block':
      case 'module':
      case 'expression_statement':
      case 'return_statement':
      case 'function_definition':
      case 'class_definition':
      case 'lambda':
        return;
      default:
        continue;
    }
  }
}
