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
  const calls = binding;
  if (!calls) return null;
  const raw = cursor as RawCursor;
  const tree = raw.tree[0];
  for (let word = 0; word < CURSOR_WORDS; word++) calls.setValue(transferBuffer + 4 * word, raw[word] as number, 'i32');
  // Looked up per walk, not per process: tests count moves by wrapping these exports.
  const typeId = calls._ts_tree_cursor_current_node_type_id_wasm;
  const startIndex = calls._ts_tree_cursor_start_index_wasm;
  const endIndex = calls._ts_tree_cursor_end_index_wasm;
  const fieldId = calls._ts_tree_cursor_current_field_id_wasm;
  const isMissing = calls._ts_tree_cursor_current_node_is_missing_wasm;
  const firstChild = calls._ts_tree_cursor_goto_first_child_wasm;
  const nextSibling = calls._ts_tree_cursor_goto_next_sibling_wasm;
  const parent = calls._ts_tree_cursor_goto_parent_wasm;
  const descendantIndex = calls._ts_tree_cursor_current_descendant_index_wasm;
  return {
    typeId: () => typeId(tree),
    startIndex: () => startIndex(tree),
    endIndex: () => endIndex(tree),
    fieldId: () => fieldId(tree),
    isMissing: () => isMissing(tree) === 1,
    descendantIndex: () => descendantIndex(tree),
    gotoFirstChild: () => firstChild(tree) === 1,
    gotoNextSibling: () => nextSibling(tree) === 1,
    gotoParent: () => {
      parent(tree);
    },
    finish: () => {
      for (let word = 0; word < CURSOR_WORDS; word++) raw[word] = calls.getValue(transferBuffer + 4 * word, 'i32');
    },
  };
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
