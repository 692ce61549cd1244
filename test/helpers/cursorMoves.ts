// Counts the nodes tree-sitter's cursors move to (every move to a first child or a next sibling
// that lands on a node), for tests that bound how much of a tree a piece of work reads. The moves
// are counted in web-tree-sitter's WASM binding, which both its `TreeCursor` and the snapshot's
// walk (core/syntax/cursorCalls.ts) call.
import type { Tree } from 'web-tree-sitter';
import { cursorBinding } from '../../server/src/core/syntax/cursorCalls';

export interface CursorMoves {
  /** Moves counted since the start or the last `reset`. */
  readonly count: number;
  reset(): void;
  /** Puts the binding's functions back. */
  stop(): void;
}

const MOVES = ['_ts_tree_cursor_goto_first_child_wasm', '_ts_tree_cursor_goto_next_sibling_wasm'];

/** Starts counting the moves of every cursor (the binding is the process's, shared by all trees). */
export function countCursorMoves(_tree: Tree): CursorMoves {
  const binding = cursorBinding();
  if (!binding) throw new Error("web-tree-sitter's binding is not known: nothing to count moves in");
  const originals = MOVES.map((name) => binding[name] as (tree: number) => number);
  let count = 0;
  MOVES.forEach((name, index) => {
    const move = originals[index] as (tree: number) => number;
    binding[name] = (tree: number) => {
      const moved = move(tree);
      if (moved) count++;
      return moved;
    };
  });
  return {
    get count() {
      return count;
    },
    reset() {
      count = 0;
    },
    stop() {
      MOVES.forEach((name, index) => {
        binding[name] = originals[index];
      });
    },
  };
}
