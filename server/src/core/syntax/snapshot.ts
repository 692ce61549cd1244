// A plain-data copy of a tree-sitter tree: one walk per parse through a TreeCursor into typed
// arrays, in document order (pre-order), which the analysis reads instead of web-tree-sitter's
// `Node`s. Why: every `Node` getter (type, endIndex, a field, the parent) is a call into WASM that
// marshals the node first, and an analysis of a 5,000-line file made about 70,000 of them and
// built tens of thousands of `Node` objects for the collector (issue 16). A snapshot also outlives
// its tree, so what is derived from it can be kept across edits.
//
// `SyntaxNode` answers the part of web-tree-sitter's `Node` API that DAG Guard uses, with the same
// answers (test/unit/tree-snapshot.test.ts compares them on every fixture and its prefixes).
import type { Language, Node as TreeNode, Tree, TreeCursor } from 'web-tree-sitter';
import { runToEnd } from '../steps';
import { bindingCursorCalls, type CursorCalls, treeCursorCalls } from './cursorCalls';
import { LineIndex } from './positions';
import { ANONYMOUS_WITH_CHILDREN, FIELDLESS_TYPES, LEAF_TYPES } from './grammarShape';

/** tree-sitter's symbol for ERROR nodes (`ts_builtin_sym_error`). */
const ERROR_SYMBOL = 0xffff;

const NAMED = 1;
const MISSING = 2;
const HAS_ERROR = 4;

/** The grammar's tables a snapshot reads, computed once per language. */
interface Grammar {
  types: readonly string[];
  fields: readonly (string | null)[];
  named: Uint8Array;
  /** Per type id: LEAF (never has children), FIELDLESS (no child has a field); see grammarShape.ts. */
  shape: Uint8Array;
}

const LEAF = 1;
const FIELDLESS = 2;

const grammars = new WeakMap<Language, Grammar>();

function grammarOf(language: Language): Grammar {
  let grammar = grammars.get(language);
  if (!grammar) {
    const types = language.types;
    const named = new Uint8Array(types.length);
    const shape = new Uint8Array(types.length);
    const leaves = new Set(LEAF_TYPES);
    const composite = new Set(ANONYMOUS_WITH_CHILDREN);
    const fieldless = new Set(FIELDLESS_TYPES);
    for (let id = 0; id < types.length; id++) {
      named[id] = language.nodeTypeIsNamed(id) ? 1 : 0;
      const type = types[id] as string;
      // Anonymous types are the grammar's keywords and punctuation: tokens. (ERROR, 0xffff, is neither.)
      if (named[id] ? leaves.has(type) : !composite.has(type)) shape[id] |= LEAF;
      if (named[id] && fieldless.has(type)) shape[id] |= FIELDLESS;
    }
    grammar = { types, fields: language.fields, named, shape };
    grammars.set(language, grammar);
  }
  return grammar;
}

/** Node ids are unique across the snapshots of a process, as web-tree-sitter's are across live trees. */
let nextIdBase = 1;

const OBJECT_CHUNK_BITS = 10;
const OBJECT_CHUNK = 1 << OBJECT_CHUNK_BITS;

/**
 * A snapshot's seven arrays for `capacity` nodes, views of one ArrayBuffer: each buffer is an
 * allocation outside the JS heap that the collector tracks and sweeps, seven per parse before.
 * (The 4-byte arrays come first, so that every view starts aligned.)
 */
function nodeArrays(capacity: number) {
  const buffer = new ArrayBuffer(capacity * 21);
  return {
    start: new Uint32Array(buffer, 0, capacity),
    end: new Uint32Array(buffer, 4 * capacity, capacity),
    parent: new Int32Array(buffer, 8 * capacity, capacity),
    after: new Int32Array(buffer, 12 * capacity, capacity),
    typeId: new Uint16Array(buffer, 16 * capacity, capacity),
    fieldId: new Uint16Array(buffer, 18 * capacity, capacity),
    flags: new Uint8Array(buffer, 20 * capacity, capacity),
  };
}

export class TreeSnapshot {
  /** Number of nodes; node 0 is the root. */
  count = 0;
  typeId: Uint16Array;
  fieldId: Uint16Array;
  start: Uint32Array;
  end: Uint32Array;
  parent: Int32Array;
  /** One past the index of the node's last descendant: its subtree is [index, after[index]). */
  after: Int32Array;
  flags: Uint8Array;
  readonly idBase: number;
  /**
   * One object per node, made when first asked, in chunks of OBJECT_CHUNK slots made as needed
   * (one array as long as the tree, written out of order, was 10% of the CPU per edit).
   */
  private readonly objects: (SyntaxNode | undefined)[][] = [];
  private lineIndex?: LineIndex;

  constructor(
    /** The text the parser read (core/syntax/parser.ts: lone "\r" read as "\n"); node texts are its slices. */
    readonly text: string,
    readonly grammar: Grammar,
    /** The tree's node count (the arrays grow if it was short). */
    capacity: number,
  ) {
    const arrays = nodeArrays(capacity);
    this.typeId = arrays.typeId;
    this.fieldId = arrays.fieldId;
    this.start = arrays.start;
    this.end = arrays.end;
    this.parent = arrays.parent;
    this.after = arrays.after;
    this.flags = arrays.flags;
    this.idBase = nextIdBase;
  }

  /** The object for node `index` (one per node, made when first asked). */
  node(index: number): SyntaxNode {
    // The last chunk only as long as the tree needs (most files have fewer nodes than a chunk).
    const chunk = (this.objects[index >> OBJECT_CHUNK_BITS] ??= new Array<SyntaxNode | undefined>(
      Math.min(OBJECT_CHUNK, this.typeId.length - (index & ~(OBJECT_CHUNK - 1))),
    ));
    let node = chunk[index & (OBJECT_CHUNK - 1)];
    if (!node) chunk[index & (OBJECT_CHUNK - 1)] = node = new SyntaxNode(this, index);
    return node;
  }

  get root(): SyntaxNode {
    return this.node(0);
  }

  typeOf(index: number): string {
    const id = this.typeId[index];
    return id === ERROR_SYMBOL ? 'ERROR' : (this.grammar.types[id] ?? 'ERROR');
  }

  /** Index of the first child of `index` with field `fieldId`, or -1. */
  childWithField(index: number, fieldId: number): number {
    const end = this.after[index];
    for (let child = index + 1; child < end; child = this.after[child]) {
      if (this.fieldId[child] === fieldId) return child;
    }
    return -1;
  }

  /**
   * Lines of the parser's text, for node positions (read for messages only, so made when first
   * asked). Its lines are tree-sitter's rows: the parser reads each lone "\r" as "\n".
   */
  get lines(): LineIndex {
    return (this.lineIndex ??= new LineIndex(this.text));
  }

  /**
   * Uses `lines`, a LineIndex of the text this snapshot's text was made from (before lone "\r"s
   * were read as "\n"), instead of making one: LineIndex ends lines at a lone "\r" too, so both
   * texts have the same lines at the same offsets.
   */
  shareLines(lines: LineIndex): void {
    this.lineIndex = lines;
  }

  /** Makes room for `more` nodes after the last. */
  reserve(more: number): void {
    while (this.count + more > this.typeId.length) this.grow();
  }

  /** Appends a node; returns its index. Grows the arrays as needed. */
  push(typeId: number, fieldId: number, start: number, end: number, parent: number, flags: number): number {
    const index = this.count++;
    if (index === this.typeId.length) this.grow();
    this.typeId[index] = typeId;
    this.fieldId[index] = fieldId;
    this.start[index] = start;
    this.end[index] = end;
    this.parent[index] = parent;
    this.flags[index] = flags;
    return index;
  }

  private grow(): void {
    const grown = nodeArrays(this.typeId.length * 2);
    grown.typeId.set(this.typeId);
    grown.fieldId.set(this.fieldId);
    grown.start.set(this.start);
    grown.end.set(this.end);
    grown.parent.set(this.parent);
    grown.after.set(this.after);
    grown.flags.set(this.flags);
    this.typeId = grown.typeId;
    this.fieldId = grown.fieldId;
    this.start = grown.start;
    this.end = grown.end;
    this.parent = grown.parent;
    this.after = grown.after;
    this.flags = grown.flags;
  }

  /** Reserves the ids of this snapshot's nodes (called once the walk is done). */
  seal(): void {
    nextIdBase += this.count;
  }
}

/** Nodes a step of `snapshotSteps` covers before it pauses (about 1 ms of walk). */
export const SNAPSHOT_STEP_NODES = 2000;

/** An edit of the text, in the offsets of the text before it (as the tree was told of it). */
export interface TextEditSpan {
  startIndex: number;
  oldEndIndex: number;
  newEndIndex: number;
}

/**
 * The snapshot of an earlier text of the same document, for a snapshot that copies what the parse
 * reused: the edits made since (in order), and the ranges whose syntax changed
 * (`oldTree.getChangedRanges(newTree)`, with the old tree edited as the text was).
 */
export interface PreviousSnapshot {
  snapshot: TreeSnapshot;
  edits: readonly TextEditSpan[];
  changed: ReadonlyArray<{ startIndex: number; endIndex: number }>;
}

type Copy = { kind: 'copy'; from: number; delta: number; parent: number; fieldId: number };

type Task = { kind: 'walk'; node: TreeNode; parent: number; fieldId: number } | Copy | { kind: 'close'; index: number };

/** The whole snapshot at once (the CLI, tests). */
export function snapshotTree(tree: Tree, text: string, previous?: PreviousSnapshot): TreeSnapshot {
  return runToEnd(snapshotSteps(tree, text, previous));
}

/**
 * The snapshot in steps of about `stepNodes` nodes, so that a request waits for one step at
 * most. A subtree of at most `stepNodes` nodes is copied in one cursor walk (a cursor per step:
 * a paused build holds none); a larger node is copied alone and its children queued. With a
 * previous snapshot, a subtree that the edits did not touch and whose syntax did not change is
 * copied from it, offsets shifted, instead of walked (the build descends to it through the nodes
 * of REUSE_MIN_NODES or more): typing in one statement walks little more than that statement
 * (test/unit/tree-snapshot.test.ts holds the result equal to a fresh walk after random edits).
 */
export function* snapshotSteps(
  tree: Tree,
  text: string,
  previous?: PreviousSnapshot,
  stepNodes = SNAPSHOT_STEP_NODES,
): Generator<void, TreeSnapshot> {
  const root = tree.rootNode;
  // Sized once: growing by doubling left as much garbage as the snapshot, outside the JS heap.
  const snapshot = new TreeSnapshot(text, grammarOf(tree.language), Math.max(1, root.descendantCount));
  const reusable = previous ? reusableNodes(previous) : null;
  const pending: Task[] = [{ kind: 'walk', node: root, parent: -1, fieldId: 0 }];
  let covered = 0;
  while (pending.length > 0) {
    const task = pending.pop() as Task;
    if (task.kind === 'close') {
      closeNode(snapshot, task.index);
      continue;
    }
    if (task.kind === 'copy') {
      covered += copySubtrees(snapshot, (previous as PreviousSnapshot).snapshot, task, pending, stepNodes);
    } else {
      const size = task.node.descendantCount;
      if (size <= stepNodes && !(reusable && size >= REUSE_MIN_NODES)) {
        const cursor = task.node.walk();
        try {
          walkInto(snapshot, cursor, task.parent, task.fieldId);
        } finally {
          cursor.delete();
        }
        covered += size;
      } else {
        covered += expand(snapshot, task, size, pending, reusable);
      }
    }
    if (covered >= stepNodes && pending.length > 0) {
      covered = 0;
      yield;
    }
  }
  snapshot.seal();
  return snapshot;
}

/**
 * Copies a node alone (`size`: its descendant count) and queues its children (with a close task
 * after them); a child that `reusable` finds in the previous snapshot is queued as a copy. Returns
 * the number of nodes read. The children are read through the cursor calls (the binding's where
 * known), a child's size as the difference of two descendant indices: the copies, most of the
 * children after an edit, make no `Node` (web-tree-sitter marshals the cursor, then the node, for
 * each getter); only the children to walk do.
 */
function expand(
  snapshot: TreeSnapshot,
  task: Extract<Task, { kind: 'walk' }>,
  size: number,
  pending: Task[],
  reusable: Reuse | null,
): number {
  const cursor = task.node.walk();
  let calls = cursorCallsOf(cursor);
  // The cursor's Node (with `back`, its previous sibling's), read through web-tree-sitter's own
  // cursor: the calls hand the cursor back first and take it again after.
  const currentNode = (back: boolean): TreeNode => {
    calls.finish();
    if (back) cursor.gotoPreviousSibling();
    const node = cursor.currentNode;
    if (back) cursor.gotoNextSibling();
    calls = cursorCallsOf(cursor);
    return node;
  };
  const children: Task[] = [];
  try {
    const index = pushCurrent(snapshot, calls, task.parent, task.fieldId);
    pending.push({ kind: 'close', index });
    if (calls.gotoFirstChild()) {
      // The copy queued last, and its descendant index: its size is known at the next child's.
      let copy: Copy | null = null;
      let copyAt = 0;
      for (;;) {
        const at = calls.descendantIndex();
        // Not the old subtree after all: walked. (The cursor goes back to it for its Node.)
        if (copy && !fits(copy, at - copyAt, reusable as Reuse))
          children[children.length - 1] = { kind: 'walk', node: currentNode(true), parent: index, fieldId: copy.fieldId };
        copy = null;
        const start = calls.startIndex();
        const end = calls.endIndex();
        const from = reusable ? reusable.find(calls.typeId(), start, end) : -1;
        // The field is the new parent's: a reused subtree may sit under a changed parent.
        const fieldId = calls.fieldId();
        if (from >= 0) {
          copy = { kind: 'copy', from, delta: start - (reusable as Reuse).old.start[from], parent: index, fieldId };
          copyAt = at;
          children.push(copy);
        } else {
          children.push({ kind: 'walk', node: currentNode(false), parent: index, fieldId });
        }
        if (!calls.gotoNextSibling()) break;
      }
      // The last child: its size is what is left of the node's.
      if (copy && !fits(copy, size - copyAt, reusable as Reuse))
        children[children.length - 1] = { kind: 'walk', node: currentNode(false), parent: index, fieldId: copy.fieldId };
    }
  } finally {
    calls.finish();
    cursor.delete();
  }
  for (let child = children.length - 1; child >= 0; child--) pending.push(children[child] as Task);
  return children.length + 1;
}

/** Whether the old subtree a copy would take has the new subtree's `size`. */
function fits(copy: Copy, size: number, reusable: Reuse): boolean {
  return reusable.old.after[copy.from] - copy.from === size;
}

/** Copies the cursor's node (without its children); returns its index. */
function pushCurrent(snapshot: TreeSnapshot, cursor: CursorCalls, parent: number, fieldId: number): number {
  const typeId = cursor.typeId();
  const start = cursor.startIndex();
  const end = cursor.endIndex();
  let flags = typeId === ERROR_SYMBOL ? NAMED | HAS_ERROR : snapshot.grammar.named[typeId] ? NAMED : 0;
  if (start === end && cursor.isMissing()) flags |= MISSING | HAS_ERROR;
  return snapshot.push(typeId, fieldId, start, end, parent, flags);
}

/** How walks read their cursor: through the binding where it is known (the tests also ask for 'api'). */
export type CursorReads = 'binding' | 'api';

let cursorReads: CursorReads = 'binding';

/** Sets how later walks read their cursor; answers the previous setting. For tests. */
export function readCursorsThrough(reads: CursorReads): CursorReads {
  const previous = cursorReads;
  cursorReads = reads;
  return previous;
}

/** The calls a walk reads `cursor` through (see `cursorReads`); no other call on it until their `finish`. */
function cursorCallsOf(cursor: TreeCursor): CursorCalls {
  return (cursorReads === 'binding' && bindingCursorCalls(cursor)) || treeCursorCalls(cursor);
}

/**
 * Copies the cursor's node and its subtree under `parent` (the node's field is `fieldId`: a
 * cursor made on a node does not know its field); the cursor ends where it began.
 */
function walkInto(snapshot: TreeSnapshot, cursor: TreeCursor, parent: number, fieldId: number): void {
  const calls = cursorCallsOf(cursor);
  try {
    walkWith(snapshot, calls, parent, fieldId);
  } finally {
    calls.finish();
  }
}

function walkWith(snapshot: TreeSnapshot, cursor: CursorCalls, parent: number, fieldId: number): void {
  const shape = snapshot.grammar.shape;
  const open: number[] = [];
  let current = parent;
  let field = fieldId;
  for (;;) {
    const index = pushCurrent(snapshot, cursor, current, field);
    // Two fewer calls into WASM where the grammar answers: a token has no child to go to, and
    // the children of some types have no field.
    if (!(shape[snapshot.typeId[index]] & LEAF) && cursor.gotoFirstChild()) {
      open.push(current);
      current = index;
    } else {
      snapshot.after[index] = index + 1;
      for (;;) {
        if (open.length === 0) return;
        if (cursor.gotoNextSibling()) break;
        cursor.gotoParent();
        closeNode(snapshot, current);
        current = open.pop() as number;
      }
    }
    field = shape[snapshot.typeId[current]] & FIELDLESS ? 0 : cursor.fieldId();
  }
}

/**
 * Copies node `from` of `old` and its subtree under `parent`, offsets moved by `delta`, and the
 * copies queued right after it that continue it in `old` with the same move (the unchanged
 * statements before or after an edit), up to about `stepNodes` nodes, as one run; returns the
 * number of nodes copied.
 */
function copySubtrees(snapshot: TreeSnapshot, old: TreeSnapshot, first: Copy, pending: Task[], stepNodes: number): number {
  const { from, delta } = first;
  const base = snapshot.count;
  const shift = base - from;
  let end = old.after[from];
  const roots: Copy[] = [];
  for (let next = pending[pending.length - 1]; next?.kind === 'copy' && next.from === end && next.delta === delta; ) {
    if (end - from >= stepNodes) break;
    roots.push(pending.pop() as Copy);
    end = old.after[next.from];
    next = pending[pending.length - 1];
  }
  const size = end - from;
  snapshot.reserve(size);
  snapshot.typeId.set(old.typeId.subarray(from, end), base);
  snapshot.flags.set(old.flags.subarray(from, end), base);
  copyMoved(snapshot.start, old.start, from, end, base, delta);
  copyMoved(snapshot.end, old.end, from, end, base, delta);
  copyMoved(snapshot.parent, old.parent, from, end, base, shift);
  copyMoved(snapshot.after, old.after, from, end, base, shift);
  snapshot.fieldId.set(old.fieldId.subarray(from, end), base);
  // Each subtree's root under its new parent, with its field there.
  snapshot.parent[base] = first.parent;
  snapshot.fieldId[base] = first.fieldId;
  for (const root of roots) {
    snapshot.parent[root.from + shift] = root.parent;
    snapshot.fieldId[root.from + shift] = root.fieldId;
  }
  snapshot.count += size;
  return size;
}

/**
 * `from[start..end]` into `to` at `at`, each value moved by `by`: one block copy where nothing
 * moves it (before the edit: the same offsets; typing in a name: the same node count), which is
 * most of a file after a keystroke.
 */
function copyMoved(to: Uint32Array | Int32Array, from: Uint32Array | Int32Array, start: number, end: number, at: number, by: number): void {
  if (by === 0) {
    to.set(from.subarray(start, end), at);
    return;
  }
  for (let index = start; index < end; index++) to[at + index - start] = from[index] + by;
}

/**
 * Nodes of this many or more are not walked whole when a previous snapshot exists: their
 * children are read one by one and looked up in it, so that an edit inside re-reads little more
 * than the path to it.
 */
const REUSE_MIN_NODES = 48;

interface Reuse {
  old: TreeSnapshot;
  /** The old node with this type, start and end in the new text that can be copied, or -1. */
  find(typeId: number, start: number, end: number): number;
}

/**
 * Finds old nodes that can be copied: no edit touched them (an edit at either end may have grown
 * them), and no range whose syntax changed meets them (tree-sitter: outside the changed ranges,
 * every character has the same ancestors in both trees). A lookup maps the new start back
 * through the edits and searches the old starts (in document order, so sorted) for it: the
 * outermost old node there with the type and the mapped end. The caller also checks node counts.
 */
function reusableNodes(previous: PreviousSnapshot): Reuse {
  const old = previous.snapshot;
  const { edits, changed } = previous;
  /** Whether old node `node` lies, untouched by every edit, at [start, end] of the new text. */
  const movedTo = (node: number, start: number, end: number): boolean => {
    let from = old.start[node];
    let to = old.end[node];
    for (const edit of edits) {
      if (to < edit.startIndex) continue;
      if (from <= edit.oldEndIndex) return false;
      const delta = edit.newEndIndex - edit.oldEndIndex;
      from += delta;
      to += delta;
    }
    return from === start && to === end;
  };
  /** Where a new offset was in the old text, or -1 if it lies in or at an edit. */
  const backward = (offset: number): number => {
    let at = offset;
    for (let index = edits.length - 1; index >= 0; index--) {
      const edit = edits[index] as TextEditSpan;
      if (at < edit.startIndex) continue;
      if (at > edit.newEndIndex) at -= edit.newEndIndex - edit.oldEndIndex;
      else return -1;
    }
    return at;
  };
  const find = (typeId: number, start: number, end: number): number => {
    if (changed.some((range) => range.startIndex <= end && range.endIndex >= start)) return -1;
    const oldStart = backward(start);
    if (oldStart < 0) return -1;
    let low = 0;
    let high = old.count;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (old.start[middle] < oldStart) low = middle + 1;
      else high = middle;
    }
    for (let node = low; node < old.count && old.start[node] === oldStart; node++) {
      if (old.typeId[node] === typeId && movedTo(node, start, end)) return node;
    }
    return -1;
  };
  return { old, find };
}

/** Ends node `index` once its subtree is copied: where it ends, and whether it holds an error. */
function closeNode(snapshot: TreeSnapshot, index: number): void {
  const after = snapshot.count;
  snapshot.after[index] = after;
  if (snapshot.flags[index] & HAS_ERROR) return;
  for (let child = index + 1; child < after; child = snapshot.after[child]) {
    if (snapshot.flags[child] & HAS_ERROR) {
      snapshot.flags[index] |= HAS_ERROR;
      return;
    }
  }
}

export interface Point {
  row: number;
  column: number;
}

/** A node of a snapshot, with web-tree-sitter's `Node` API as DAG Guard reads it. */
export class SyntaxNode {
  constructor(
    readonly snapshot: TreeSnapshot,
    readonly index: number,
  ) {}

  get id(): number {
    return this.snapshot.idBase + this.index;
  }

  get type(): string {
    return this.snapshot.typeOf(this.index);
  }

  get startIndex(): number {
    return this.snapshot.start[this.index];
  }

  get endIndex(): number {
    return this.snapshot.end[this.index];
  }

  get startPosition(): Point {
    const { line, character } = this.snapshot.lines.positionAt(this.startIndex);
    return { row: line, column: character };
  }

  get text(): string {
    return this.snapshot.text.slice(this.startIndex, this.endIndex);
  }

  get isNamed(): boolean {
    return (this.snapshot.flags[this.index] & NAMED) !== 0;
  }

  get isMissing(): boolean {
    return (this.snapshot.flags[this.index] & MISSING) !== 0;
  }

  get isError(): boolean {
    return this.snapshot.typeId[this.index] === ERROR_SYMBOL;
  }

  get hasError(): boolean {
    return (this.snapshot.flags[this.index] & HAS_ERROR) !== 0;
  }

  get parent(): SyntaxNode | null {
    const parent = this.snapshot.parent[this.index];
    return parent < 0 ? null : this.snapshot.node(parent);
  }

  get childCount(): number {
    let count = 0;
    const end = this.snapshot.after[this.index];
    for (let child = this.index + 1; child < end; child = this.snapshot.after[child]) count++;
    return count;
  }

  /** Nodes in the subtree, the node itself included (web-tree-sitter's count). */
  get descendantCount(): number {
    return this.snapshot.after[this.index] - this.index;
  }

  /** A new array at each read (callers may change it). */
  get children(): SyntaxNode[] {
    const snapshot = this.snapshot;
    const found: SyntaxNode[] = [];
    const end = snapshot.after[this.index];
    for (let child = this.index + 1; child < end; child = snapshot.after[child]) found.push(snapshot.node(child));
    return found;
  }

  get namedChildren(): SyntaxNode[] {
    const snapshot = this.snapshot;
    const found: SyntaxNode[] = [];
    const end = snapshot.after[this.index];
    for (let child = this.index + 1; child < end; child = snapshot.after[child]) {
      if (snapshot.flags[child] & NAMED) found.push(snapshot.node(child));
    }
    return found;
  }

  child(position: number): SyntaxNode | null {
    const snapshot = this.snapshot;
    const end = snapshot.after[this.index];
    let seen = 0;
    for (let child = this.index + 1; child < end; child = snapshot.after[child]) {
      if (seen++ === position) return snapshot.node(child);
    }
    return null;
  }

  get lastChild(): SyntaxNode | null {
    const snapshot = this.snapshot;
    const end = snapshot.after[this.index];
    let last = -1;
    for (let child = this.index + 1; child < end; child = snapshot.after[child]) last = child;
    return last < 0 ? null : snapshot.node(last);
  }

  /**
   * The next child of the parent that ends after this node ends, as tree-sitter 0.25's
   * `ts_node_next_sibling` finds it (an empty node right after this one, such as the empty block
   * after an ERROR at the end of a file, is passed over).
   */
  get nextSibling(): SyntaxNode | null {
    const snapshot = this.snapshot;
    const parent = snapshot.parent[this.index];
    if (parent < 0) return null;
    const start = snapshot.start[this.index];
    const end = snapshot.end[this.index];
    const last = snapshot.after[parent];
    for (let child = snapshot.after[this.index]; child < last; child = snapshot.after[child]) {
      if (snapshot.end[child] <= end) continue;
      if (start === end ? snapshot.start[child] < start : snapshot.start[child] <= start) continue;
      return snapshot.node(child);
    }
    return null;
  }

  /**
   * The first child with the field `name`. (tree-sitter also finds a match statement's
   * `alternative` inside its block, a field inherited through an aliased rule; DAG Guard never
   * asks for it.)
   */
  childForFieldName(name: string): SyntaxNode | null {
    const fieldId = this.snapshot.grammar.fields.indexOf(name);
    if (fieldId <= 0) return null;
    const child = this.snapshot.childWithField(this.index, fieldId);
    return child < 0 ? null : this.snapshot.node(child);
  }

  equals(other: SyntaxNode | null | undefined): boolean {
    return !!other && other.snapshot === this.snapshot && other.index === this.index;
  }

  /**
   * The smallest node that spans [start, end], as tree-sitter 0.25's
   * `ts_node_descendant_for_byte_range` finds it: descend into the first child that ends at or
   * after `end` and after `start`, unless it starts after `start`.
   */
  descendantForIndex(start: number, end = start): SyntaxNode {
    const snapshot = this.snapshot;
    let node = this.index;
    for (let descended = true; descended; ) {
      descended = false;
      const last = snapshot.after[node];
      for (let child = node + 1; child < last; child = snapshot.after[child]) {
        const childEnd = snapshot.end[child];
        if (childEnd < end || childEnd <= start) continue;
        if (start < snapshot.start[child]) break;
        node = child;
        descended = true;
        break;
      }
    }
    return snapshot.node(node);
  }

  /** Every node in the subtree (the node itself included) whose type is one of `types`, in document order. */
  descendantsOfType(types: string | readonly string[]): SyntaxNode[] {
    const wanted = new Set(typeof types === 'string' ? [types] : types);
    const snapshot = this.snapshot;
    const found: SyntaxNode[] = [];
    const end = snapshot.after[this.index];
    for (let index = this.index; index < end; index++) {
      if (wanted.has(snapshot.typeOf(index))) found.push(snapshot.node(index));
    }
    return found;
  }
}
