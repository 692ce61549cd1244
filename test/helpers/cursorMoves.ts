// Counts the nodes web-tree-sitter's cursors move to (every gotoFirstChild and gotoNextSibling
// that lands on a node), for tests that bound how much of a tree a piece of work reads.
import type { Tree, TreeCursor } from 'web-tree-sitter';

export interface CursorMoves {
  /** Moves counted since the start or the last `reset`. */
  readonly count: number;
  reset(): void;
  /** Puts the cursor methods back. */
  stop(): void;
}

/** Starts counting the moves of every cursor (the methods are the class's, shared by all trees). */
export function countCursorMoves(tree: Tree): CursorMoves {
  const probe = tree.walk();
  const cursor = Object.getPrototypeOf(probe) as TreeCursor;
  probe.delete();
  const { gotoFirstChild, gotoNextSibling } = cursor;
  let count = 0;
  cursor.gotoFirstChild = function (this: TreeCursor) {
    const moved = gotoFirstChild.call(this);
    if (moved) count++;
    return moved;
  };
  cursor.gotoNextSibling = function (this: TreeCursor) {
    const moved = gotoNextSibling.call(this);
    if (moved) count++;
    return moved;
  };
  return {
    get count() {
      return count;
    },
    reset() {
      count = 0;
    },
    stop() {
      cursor.gotoFirstChild = gotoFirstChild;
      cursor.gotoNextSibling = gotoNextSibling;
    },
  };
}
