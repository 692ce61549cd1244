// A parsed Python file and the index of the nodes the analysis looks at, collected in one pass
// that runs inside WASM (descendantsOfType): a JS-side walk of every node costs 5x more.
import type { Node, Tree } from 'web-tree-sitter';
import { LineIndex, type Range } from '../syntax/positions';

const INDEXED_TYPES = [
  'call',
  'function_definition',
  'class_definition',
  'lambda',
  'import_statement',
  'import_from_statement',
  'comment',
  'assignment',
  'keyword_argument',
  'for_statement',
  'list_comprehension',
  'set_comprehension',
  'dictionary_comprehension',
  'generator_expression',
  'augmented_assignment',
  'with_item',
  'global_statement',
  'named_expression',
  'decorated_definition',
  'while_statement',
  'if_statement',
  'except_clause',
  'conditional_expression',
  'boolean_operator',
] as const;

export type IndexedType = (typeof INDEXED_TYPES)[number];

export class SourceFile {
  readonly lines: LineIndex;
  private nodesByType?: Map<string, Node[]>;
  private identifiersByName?: Map<string, Node[]>;
  private wordOffsets?: Map<string, number[]>;

  constructor(
    /** Path or URI, only used for messages and path-based settings. */
    readonly path: string,
    readonly text: string,
    readonly tree: Tree,
  ) {
    this.lines = new LineIndex(text);
  }

  get root(): Node {
    return this.tree.rootNode;
  }

  /** Every node of `type` in document order. */
  nodes(type: IndexedType): readonly Node[] {
    if (!this.nodesByType) {
      this.nodesByType = new Map(INDEXED_TYPES.map((name) => [name, []]));
      for (const node of this.root.descendantsOfType([...INDEXED_TYPES])) {
        if (node) this.nodesByType.get(node.type)?.push(node);
      }
    }
    return this.nodesByType.get(type) ?? [];
  }

  /**
   * Every identifier spelled `name`, in document order. Only the value-flow analysis behind fixes
   * asks, for a few names: the words of the text are indexed once (in JS, cheap), and only the
   * places where `name` occurs are looked up in the tree (marshalling every identifier node of a
   * large file costs far more).
   */
  identifiers(name: string): readonly Node[] {
    let found = this.identifiersByName?.get(name);
    if (found) return found;
    if (!this.wordOffsets) {
      this.wordOffsets = new Map();
      for (const match of this.text.matchAll(/[\p{L}\p{Nl}_][\p{L}\p{Nl}\p{Mn}\p{Mc}\p{Nd}\p{Pc}]*/gu)) {
        const list = this.wordOffsets.get(match[0]);
        if (list) list.push(match.index);
        else this.wordOffsets.set(match[0], [match.index]);
      }
    }
    found = [];
    for (const offset of this.wordOffsets.get(name) ?? []) {
      const node = this.root.descendantForIndex(offset, offset + name.length);
      if (node?.type === 'identifier' && node.startIndex === offset && node.endIndex === offset + name.length) found.push(node);
    }
    (this.identifiersByName ??= new Map()).set(name, found);
    return found;
  }

  rangeOf(node: Node): Range {
    return this.lines.rangeOf(node.startIndex, node.endIndex);
  }

  textOf(node: Node): string {
    return this.text.slice(node.startIndex, node.endIndex);
  }
}
