// The nested regions of a file that change when or how often code runs: function and lambda
// bodies (scopes), loop bodies, comprehensions, conditional branches, and blocks that never run
// at parse time (`if __name__ == "__main__":`, `if TYPE_CHECKING:`). Built once from the node
// index, they answer "what encloses this node" with offsets and a parent chain in JS, instead of
// climbing `node.parent` (which tree-sitter computes by descending from the root each time).
import { dottedText, field, namedChildren, stringValue, unparenthesize, type Node } from '../syntax/nodes';
import type { SourceFile } from './source';

export type RegionKind = 'scope' | 'loop' | 'while' | 'comprehension' | 'conditional' | 'never';

export interface Region {
  kind: RegionKind;
  start: number;
  end: number;
  /** The node that makes the region: function_definition, lambda, for_statement, comprehension, ... */
  node: Node;
  /** Loops: the iterable. Comprehensions: each for clause's iterable, in order. */
  iterables: Node[];
  /** Comprehensions: the first clause's iterable runs once, outside the region's repetition. */
  excluded?: { start: number; end: number } | undefined;
  /** Comprehensions with an `if` clause repeat their body conditionally. */
  filtered?: boolean;
  parent: Region | null;
}

const COMPREHENSIONS = ['list_comprehension', 'set_comprehension', 'dictionary_comprehension', 'generator_expression'] as const;

export class Regions {
  private readonly sorted: Region[];

  constructor(source: SourceFile) {
    const regions: Region[] = [];
    const add = (kind: RegionKind, node: Node, range: Node | null, extra: Partial<Region> = {}) => {
      if (!range || range.endIndex <= range.startIndex) return;
      regions.push({ kind, node, start: range.startIndex, end: range.endIndex, iterables: [], parent: null, ...extra });
    };
    for (const node of source.nodes('function_definition')) add('scope', node, field(node, 'body'));
    for (const node of source.nodes('lambda')) add('scope', node, field(node, 'body'));
    for (const node of source.nodes('for_statement')) {
      const iterable = field(node, 'right');
      add('loop', node, field(node, 'body'), { iterables: iterable ? [iterable] : [] });
      add('conditional', node, field(node, 'alternative'));
    }
    for (const node of source.nodes('while_statement')) {
      add('while', node, field(node, 'body'));
      add('conditional', node, field(node, 'alternative'));
    }
    for (const type of COMPREHENSIONS) {
      for (const node of source.nodes(type)) {
        const children = namedChildren(node);
        const clauses = children.filter((child) => child.type === 'for_in_clause');
        const iterables = clauses.map((clause) => field(clause, 'right')).filter((right): right is Node => right !== null);
        const first = iterables[0];
        add('comprehension', node, node, {
          iterables,
          excluded: first ? { start: first.startIndex, end: first.endIndex } : undefined,
          filtered: children.some((child) => child.type === 'if_clause'),
        });
      }
    }
    for (const node of source.nodes('if_statement')) {
      const consequence = field(node, 'consequence');
      add(isNeverCondition(field(node, 'condition')) ? 'never' : 'conditional', node, consequence);
      for (const child of namedChildren(node)) {
        if (child.type === 'elif_clause' || child.type === 'else_clause') add('conditional', node, child);
      }
    }
    for (const node of source.nodes('except_clause')) add('conditional', node, node);
    for (const node of source.nodes('conditional_expression')) {
      const [consequence, , alternative] = namedChildren(node);
      add('conditional', node, consequence ?? null);
      add('conditional', node, alternative ?? null);
    }
    for (const node of source.nodes('boolean_operator')) add('conditional', node, field(node, 'right'));

    // Outer regions first at equal starts, so that the stack sweep nests them correctly.
    regions.sort((a, b) => a.start - b.start || b.end - a.end);
    const stack: Region[] = [];
    for (const region of regions) {
      while (stack.length > 0 && stack[stack.length - 1].end < region.end) stack.pop();
      while (stack.length > 0 && !(stack[stack.length - 1].start <= region.start && region.end <= stack[stack.length - 1].end)) stack.pop();
      region.parent = stack[stack.length - 1] ?? null;
      stack.push(region);
    }
    this.sorted = regions;
  }

  /** The innermost function or lambda body containing the range, or null (module level). */
  scopeRegion(start: number, end: number): Region | null {
    return this.first(start, end, 'scope');
  }

  /** The innermost region of `kind` containing the range (no array: asked per node by the model). */
  first(start: number, end: number, kind: RegionKind): Region | null {
    for (let region = this.innermost(start, end); region; region = outerContaining(region, start, end)) {
      if (region.kind === kind) return region;
    }
    return null;
  }

  /** The innermost region that contains [start, end), or null; `outerContaining` climbs from it. */
  innermost(start: number, end: number): Region | null {
    let low = 0;
    let high = this.sorted.length - 1;
    let candidate = -1;
    while (low <= high) {
      const mid = (low + high) >> 1;
      if (this.sorted[mid].start <= start) {
        candidate = mid;
        low = mid + 1;
      } else {
        high = mid - 1;
      }
    }
    const region = candidate >= 0 ? this.sorted[candidate] : null;
    return region && region.start <= start && end <= region.end ? region : outerContaining(region, start, end);
  }
}

/** The nearest region around `region` (exclusive) that contains [start, end), or null. */
export function outerContaining(region: Region | null, start: number, end: number): Region | null {
  for (let outer = region?.parent ?? null; outer; outer = outer.parent) {
    if (outer.start <= start && end <= outer.end) return outer;
  }
  return null;
}

/** `__name__ == "__main__"` or `TYPE_CHECKING`: the block never runs when Airflow imports the file. */
function isNeverCondition(condition: Node | null): boolean {
  const node = unparenthesize(condition);
  if (!node) return false;
  const text = dottedText(node);
  if (text === 'TYPE_CHECKING' || text === 'typing.TYPE_CHECKING') return true;
  if (node.type !== 'comparison_operator') return false;
  const operands = namedChildren(node);
  if (operands.length !== 2 || !node.children.some((child) => child?.type === '==')) return false;
  const [a, b] = operands;
  return (a.text === '__name__' && stringValue(b) === '__main__') || (b.text === '__name__' && stringValue(a) === '__main__');
}
