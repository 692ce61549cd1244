// A parsed Python file: its text, a plain-data snapshot of its tree (core/syntax/snapshot.ts) and
// the index of the nodes the analysis looks at.
import type { MemoKey } from '../memo';
import type { Tree } from 'web-tree-sitter';
import type { Node } from '../syntax/nodes';
import { parserText } from '../syntax/parser';
import { LineIndex, type Range } from '../syntax/positions';
import { type PreviousSnapshot, snapshotSteps, type TreeSnapshot } from '../syntax/snapshot';
import { runToEnd } from '../steps';

export const INDEXED_TYPES = [
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

/**
 * Per type id of a grammar, the position of its type's name in INDEXED_TYPES, or -1. By name, not
 * id: the keyword `lambda` is a token of the type it names, and descendantsOfType matches both.
 * (A plain array indexed by type id, filled up to ERROR's 0xffff, fell into a slow dictionary mode.)
 */
const indexSlots = new WeakMap<readonly string[], Int8Array>();

function indexSlotsOf(types: readonly string[]): Int8Array {
  let slots = indexSlots.get(types);
  if (!slots) {
    const positions = new Map<string, number>(INDEXED_TYPES.map((name, slot) => [name, slot]));
    slots = new Int8Array(types.length).map((_, id) => positions.get(types[id] as string) ?? -1);
    indexSlots.set(types, slots);
  }
  return slots;
}

/** The position of each type in INDEXED_TYPES. */
const INDEXED_SLOTS = new Map<string, number>(INDEXED_TYPES.map((name, slot) => [name, slot]));

/** What `nodes` answers for a type the file does not have (frozen: shared by every file). */
const NO_NODES: readonly Node[] = Object.freeze([]);

/** Nodes the index covers between two pauses of its build. */
export const INDEX_STEP_NODES = 2000;

export class SourceFile {
  /** Caches of what rules derive from it (core/memo.ts). */
  memos: Map<MemoKey<unknown>, unknown> | undefined = undefined;
  readonly lines: LineIndex;
  /** Per position in INDEXED_TYPES, its nodes in document order (undefined: none). */
  private nodesBySlot?: (Node[] | undefined)[];
  private indexBuild?: Generator<void, void>;
  private identifiersByName?: Map<string, Node[]>;
  private namesAsked = 0;
  private wordIndex?: Map<string, number[]>;

  constructor(
    /** Path or URI, only used for messages and path-based settings. */
    readonly path: string,
    readonly text: string,
    readonly tree: Tree,
    /** The snapshot of the document's earlier text, to copy what the parse reused (protocol/documents.ts). */
    private previous?: PreviousSnapshot,
  ) {
    this.lines = new LineIndex(text);
  }

  private treeSnapshot?: TreeSnapshot;
  private snapshotBuild?: Generator<void, TreeSnapshot>;

  /** The tree as plain data; finishes the build the analysis started in steps (`indexSteps`). */
  get snapshot(): TreeSnapshot {
    return (this.treeSnapshot ??= this.adopt(runToEnd(this.snapshotSteps())));
  }

  /** The snapshot if it is built (the document store keeps it for the next revision's build). */
  get builtSnapshot(): TreeSnapshot | undefined {
    return this.treeSnapshot;
  }

  /** A finished snapshot, given this file's LineIndex for its node positions (one per text, not two). */
  private adopt(snapshot: TreeSnapshot): TreeSnapshot {
    snapshot.shareLines(this.lines);
    return snapshot;
  }

  private snapshotSteps(): Generator<void, TreeSnapshot> {
    if (!this.snapshotBuild) {
      this.snapshotBuild = snapshotSteps(this.tree, parserText(this.text), this.previous);
      this.previous = undefined; // the build holds it until it ends: then the old snapshot can go
    }
    return this.snapshotBuild;
  }

  /** The tree's root. */
  get root(): Node {
    return this.snapshot.root;
  }

  /** Every node of `type` in document order. */
  nodes(type: IndexedType): readonly Node[] {
    if (!this.nodesBySlot) {
      // Finishes the build an analysis started (a request may ask between two of its steps).
      runToEnd((this.indexBuild ??= this.buildIndex()));
    }
    return this.nodesBySlot?.[INDEXED_SLOTS.get(type) as number] ?? NO_NODES;
  }

  /**
   * The snapshot, then the node index, built in steps (the analysis' first steps: core/model/fileModel.ts), pausing
   * after every INDEX_STEP_NODES nodes or so; `nodes` finishes it when asked before the end.
   */
  *indexSteps(): Generator<void, void> {
    while (!this.treeSnapshot) {
      const step = this.snapshotSteps().next();
      if (step.done) this.treeSnapshot = this.adopt(step.value);
      else yield;
    }
    while (!this.nodesBySlot) {
      if (!(this.indexBuild ??= this.buildIndex()).next().done) yield;
    }
  }

  /**
   * The index, in document order, from the snapshot's arrays; a pause after every
   * INDEX_STEP_NODES nodes. The same nodes in the same order as one descendantsOfType of the root
   * (test/unit/analysis-steps.test.ts).
   */
  private *buildIndex(): Generator<void, void> {
    const snapshot = this.snapshot;
    // A list only for the types the file has (24 empty arrays and a Map per file were garbage).
    const lists = new Array<Node[] | undefined>(INDEXED_TYPES.length);
    const slots = indexSlotsOf(snapshot.grammar.types);
    const typeIds = snapshot.typeId;
    const count = snapshot.count;
    for (let index = 0; index < count; index++) {
      // An ERROR node's id (0xffff) lies past the grammar's types: indexed under no type.
      const typeId = typeIds[index];
      const slot = typeId < slots.length ? slots[typeId] : -1;
      if (slot >= 0) (lists[slot] ??= []).push(snapshot.node(index));
      if (index % INDEX_STEP_NODES === INDEX_STEP_NODES - 1 && index + 1 < count) yield;
    }
    this.nodesBySlot = lists;
  }

  /**
   * Every identifier spelled `name`, in document order. Only the value-flow analysis behind fixes
   * asks, for a few names: the places where `name` occurs as a word of the text are found by a
   * text search (cheap), and only those are looked up in the tree (marshalling every identifier
   * node of a large file costs far more).
   */
  identifiers(name: string): readonly Node[] {
    let found = this.identifiersByName?.get(name);
    if (found) return found;
    found = [];
    // A few names: a text search each. Past that, one pass that indexes every word of the text:
    // a search per name is a pass over the whole text per name (100k assigned names, 100k passes).
    if (++this.namesAsked > WORD_INDEX_AFTER) this.wordIndex ??= indexWords(this.text);
    for (const offset of this.wordIndex ? (this.wordIndex.get(name) ?? []) : wordOffsets(this.text, name)) {
      const node = this.identifierAt(offset, offset + name.length);
      if (node) found.push(node);
    }
    (this.identifiersByName ??= new Map()).set(name, found);
    return found;
  }

  /**
   * The identifier spanning exactly [start, end), if `root.descendantForIndex(start, end)` is one.
   * Found by a binary search on the snapshot's start offsets instead of that descent, which reads
   * every child before the one that holds the offset at each level (thousands, once an error has
   * made the module one flat ERROR node). The same node: a tree's siblings never overlap, so the
   * descent ends at the deepest node holding the range; a leaf that spans it exactly is the last
   * node in document order that starts at or before `start` (anything after it starts past its
   * end). A node with children falls back to the descent (test/slow/tree-access.test.ts).
   */
  private identifierAt(start: number, end: number): Node | null {
    const snapshot = this.snapshot;
    const starts = snapshot.start;
    let low = 0;
    let high = snapshot.count;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (starts[middle] <= start) low = middle + 1;
      else high = middle;
    }
    const last = low - 1;
    if (last < 0 || starts[last] !== start || snapshot.end[last] !== end) return null;
    const node = snapshot.after[last] === last + 1 ? snapshot.node(last) : this.root.descendantForIndex(start, end);
    return node.type === 'identifier' && node.startIndex === start && node.endIndex === end ? node : null;
  }

  rangeOf(node: Node): Range {
    return this.lines.rangeOf(node.startIndex, node.endIndex);
  }

  textOf(node: Node): string {
    return this.text.slice(node.startIndex, node.endIndex);
  }
}

const WORD_START = /[\p{L}\p{Nl}_]/u;
const WORD_PART = /[\p{L}\p{Nl}\p{Mn}\p{Mc}\p{Nd}\p{Pc}]/u;
const WORD = /^[\p{L}\p{Nl}_][\p{L}\p{Nl}\p{Mn}\p{Mc}\p{Nd}\p{Pc}]*$/u;

/** The character (code point) that ends just before `offset`, and where it starts. */
function characterBefore(text: string, offset: number): { char: string; start: number } | null {
  if (offset <= 0) return null;
  const low = text.charCodeAt(offset - 1);
  const start = low >= 0xdc00 && low <= 0xdfff && offset >= 2 && /[\ud800-\udbff]/.test(text[offset - 2]) ? offset - 2 : offset - 1;
  return { char: text.slice(start, offset), start };
}

/** After this many names asked of `identifiers`, index every word once instead of searching. */
const WORD_INDEX_AFTER = 16;
const WORD_RUN = /[\p{L}\p{Nl}\p{Mn}\p{Mc}\p{Nd}\p{Pc}]+/gu;
const FIRST_WORD_START = /[\p{L}\p{Nl}_]/u;

/**
 * Every word of `text` with the offsets where it occurs, in one pass: what `wordOffsets` answers
 * for each name. A run of word characters holds one word, from its first letter or underscore to
 * the run's end (`1name` holds `name`; `x1name` holds `x1name`).
 */
export function indexWords(text: string): Map<string, number[]> {
  const words = new Map<string, number[]>();
  for (const match of text.matchAll(WORD_RUN)) {
    const run = match[0];
    const start = run.search(FIRST_WORD_START);
    if (start < 0) continue;
    const word = start === 0 ? run : run.slice(start);
    const offsets = words.get(word);
    if (offsets) offsets.push(match.index + start);
    else words.set(word, [match.index + start]);
  }
  return words;
}

/**
 * Where `name` occurs in `text` as a whole word, a word being a run of letters, digits and
 * underscores that starts with a letter or underscore (Unicode classes, as Python's identifiers).
 */
export function wordOffsets(text: string, name: string): number[] {
  if (!WORD.test(name)) return [];
  const offsets: number[] = [];
  for (let offset = text.indexOf(name); offset >= 0; offset = text.indexOf(name, offset + 1)) {
    const after = text.codePointAt(offset + name.length);
    if (after !== undefined && WORD_PART.test(String.fromCodePoint(after))) continue;
    // A word starts here unless the run of word characters before it holds a word start
    // (`x1name` is one word; in `1name`, the digit starts none, and `name` is a word).
    let startsWord = true;
    for (let before = characterBefore(text, offset); before && WORD_PART.test(before.char); before = characterBefore(text, before.start)) {
      if (WORD_START.test(before.char)) {
        startsWord = false;
        break;
      }
    }
    if (startsWord) offsets.push(offset);
  }
  return offsets;
}
