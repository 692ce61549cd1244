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

  rangeOf(node: Node): Range {
    return this.lines.rangeOf(node.startIndex, node.endIndex);
  }

  textOf(node: Node): string {
    return this.text.slice(node.startIndex, node.endIndex);
  }
}
