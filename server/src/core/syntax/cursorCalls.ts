// The calls a snapshot's walk makes into tree-sitter, straight to web-tree-sitter's WASM binding
// rather than through its `TreeCursor`. Why: each `TreeCursor` getter or move first writes the
// cursor's four words into the binding's transfer buffer, and each move reads them back, in
// JavaScript (`setValue`/`getValue` through a DataView): that copying was about half of the walk
// (issue 16). The binding's own functions read the cursor from the transfer buffer and every move
// writes it back there (lib/binding_web/lib/tree-sitter.c, tree-sitter 0.25), so a walk that makes
// no other call into the binding meanwhile can leave the cursor in the buffer: write it once at
// the start, read it back into the `TreeCursor` at the end (so that `delete` frees the right stack).
//
// The binding is the Emscripten module object, which is the options object given to
// `Parser.init` (Emscripten fills it in); core/syntax/parser.ts hands it over. When it lacks one of
// the calls (another web-tree-sitter), `bindingCursorCalls` answers null and the walk goes through
// `TreeCursor`. test/unit/tree-snapshot.test.ts holds both walks equal, and the snapshot equal to
// web-tree-sitter's `Node`s.
import type { TreeCursor } from 'web-tree-sitter';

/** The cursor functions of web-tree-sitter 0.25's binding, each taking the tree's address. */
interface BindingExports {
  _ts_init(): number;
  _ts_tree_cursor_current_node_type_id_wasm(tree: number): number;
  _ts_tree_cursor_start_index_wasm(tree: number): number;
  _ts_tree_cursor_end_index_wasm(tree: number): number;
  _ts_tree_cursor_current_field_id_wasm(tree: number): number;
  _ts_tree_cursor_current_node_is_missing_wasm(tree: number): number;
  _ts_tree_cursor_goto_first_child_wasm(tree: number): number;
  _ts_tree_cursor_goto_next_sibling_wasm(tree: number): number;
  _ts_tree_cursor_goto_parent_wasm(tree: number): number;
  _ts_tree_cursor_current_descendant_index_wasm(tree: number): number;
  getValue(address: number, type: 'i32'): number;
  setValue(address: number, value: number, type: 'i32'): void;
}

const NEEDED: ReadonlyArray<keyof BindingExports> = [
  '_ts_init',
  '_ts_tree_cursor_current_node_type_id_wasm',
  '_ts_tree_cursor_start_index_wasm',
  '_ts_tree_cursor_end_index_wasm',
  '_ts_tree_cursor_current_field_id_wasm',
  '_ts_tree_cursor_current_node_is_missing_wasm',
  '_ts_tree_cursor_goto_first_child_wasm',
  '_ts_tree_cursor_goto_next_sibling_wasm',
  '_ts_tree_cursor_goto_parent_wasm',
  '_ts_tree_cursor_current_descendant_index_wasm',
  'getValue',
  'setValue',
];

/** The four words of a cursor in the transfer buffer (web-tree-sitter's SIZE_OF_CURSOR). */
const CURSOR_WORDS = 4;

let binding: BindingExports | null = null;
let transferBuffer = 0;

/** Called once web-tree-sitter is initialised, with the object given to `Parser.init`. */
export function adoptBinding(module: object): void {
  const candidate = module as Partial<BindingExports>;
  if (!NEEDED.every((name) => typeof candidate[name] === 'function')) return;
  binding = candidate as BindingExports;
  // `ts_init` only writes the language versions into the buffer and answers its address.
  transferBuffer = binding._ts_init();
}

/**
 * The binding's functions, as an object whose cursor moves a test may wrap to count them (both
 * `TreeCursor` and `bindingCursorCalls` call through it); null when not known.
 */
export function cursorBinding(): Record<string, unknown> | null {
  return binding as unknown as Record<string, unknown> | null;
}

/** What a walk reads of the cursor's node, and its moves (true when the cursor moved). */
export interface CursorCalls {
  typeId(): number;
  startIndex(): number;
  endIndex(): number;
  fieldId(): number;
  isMissing(): boolean;
  /** The node's position in the pre-order of the cursor's first node (that node: 0). */
  descendantIndex(): number;
  gotoFirstChild(): boolean;
  gotoNextSibling(): boolean;
  gotoParent(): void;
  /** Ends the walk: the `TreeCursor` holds where the calls left the cursor. */
  finish(): void;
}

/** Internal fields of web-tree-sitter's TreeCursor and Tree (typed private in its .d.ts). */
type RawCursor = TreeCursor & { [word: number]: number; tree: { 0: number } };

/**
 * Calls on `cursor` through the binding, or null when the binding is not known. No other call
 * into web-tree-sitter may be made until `finish`: it would overwrite the transfer buffer.
 */
export function bindingCursorCalls(cursor: TreeCursor): CursorCalls | null {
  return binding ? new BindingCursor(binding, cursor as RawCursor) : null;
}

/**
 * The cursor in the transfer buffer, read through the binding's functions. A class rather than an
 * object of closures: a snapshot makes one per walk, several per file, and V8 shares the methods.
 */
class BindingCursor implements CursorCalls {
  private readonly tree: number;
  // Looked up per walk, not per process: tests count moves by wrapping these exports.
  private readonly typeIdOf: BindingExports['_ts_tree_cursor_current_node_type_id_wasm'];
  private readonly startOf: BindingExports['_ts_tree_cursor_start_index_wasm'];
  private readonly endOf: BindingExports['_ts_tree_cursor_end_index_wasm'];
  private readonly fieldOf: BindingExports['_ts_tree_cursor_current_field_id_wasm'];
  private readonly missing: BindingExports['_ts_tree_cursor_current_node_is_missing_wasm'];
  private readonly descendantOf: BindingExports['_ts_tree_cursor_current_descendant_index_wasm'];
  private readonly firstChild: BindingExports['_ts_tree_cursor_goto_first_child_wasm'];
  private readonly nextSibling: BindingExports['_ts_tree_cursor_goto_next_sibling_wasm'];
  private readonly parent: BindingExports['_ts_tree_cursor_goto_parent_wasm'];

  constructor(
    private readonly calls: BindingExports,
    private readonly raw: RawCursor,
  ) {
    this.tree = raw.tree[0];
    for (let word = 0; word < CURSOR_WORDS; word++) calls.setValue(transferBuffer + 4 * word, raw[word] as number, 'i32');
    this.typeIdOf = calls._ts_tree_cursor_current_node_type_id_wasm;
    this.startOf = calls._ts_tree_cursor_start_index_wasm;
    this.endOf = calls._ts_tree_cursor_end_index_wasm;
    this.fieldOf = calls._ts_tree_cursor_current_field_id_wasm;
    this.missing = calls._ts_tree_cursor_current_node_is_missing_wasm;
    this.descendantOf = calls._ts_tree_cursor_current_descendant_index_wasm;
    this.firstChild = calls._ts_tree_cursor_goto_first_child_wasm;
    this.nextSibling = calls._ts_tree_cursor_goto_next_sibling_wasm;
    this.parent = calls._ts_tree_cursor_goto_parent_wasm;
  }

  typeId(): number {
    return this.typeIdOf(this.tree);
  }

  startIndex(): number {
    return this.startOf(this.tree);
  }

  endIndex(): number {
    return this.endOf(this.tree);
  }

  fieldId(): number {
    return this.fieldOf(this.tree);
  }

  isMissing(): boolean {
    return this.missing(this.tree) === 1;
  }

  descendantIndex(): number {
    return this.descendantOf(this.tree);
  }

  gotoFirstChild(): boolean {
    return this.firstChild(this.tree) === 1;
  }

  gotoNextSibling(): boolean {
    return this.nextSibling(this.tree) === 1;
  }

  gotoParent(): void {
    this.parent(this.tree);
  }

  finish(): void {
    for (let word = 0; word < CURSOR_WORDS; word++) this.raw[word] = this.calls.getValue(transferBuffer + 4 * word, 'i32');
  }
}

/** The same calls through web-tree-sitter's `TreeCursor` (its public API). */
export function treeCursorCalls(cursor: TreeCursor): CursorCalls {
  return {
    typeId: () => cursor.nodeTypeId,
    startIndex: () => cursor.startIndex,
    endIndex: () => cursor.endIndex,
    fieldId: () => cursor.currentFieldId,
    isMissing: () => cursor.nodeIsMissing,
    descendantIndex: () => cursor.currentDescendantIndex,
    gotoFirstChild: () => cursor.gotoFirstChild(),
    gotoNextSibling: () => cursor.gotoNextSibling(),
    gotoParent: () => {
      cursor.gotoParent();
    },
    finish: () => {},
  };
}
