// The tree snapshot (core/syntax/snapshot.ts) answers what web-tree-sitter's `Node`s of the same
// tree answer, for every node of every rule fixture and example, of prefixes of them (half-typed
// code, ERROR and MISSING nodes) and of hostile texts: types, offsets, texts, flags, positions,
// children, fields, parents, `descendantForIndex` and `descendantsOfType`. A snapshot built in
// small steps, or copied in part from the snapshot of the document's earlier text (after random
// edits, as the document store builds them), equals a fresh walk of the same tree.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import type { Node as TreeNode, Parser, TreeCursor } from 'web-tree-sitter';
import { INDEXED_TYPES, SourceFile } from '../../server/src/core/model/source';
import { createPythonParser, parsePython, parserText } from '../../server/src/core/syntax/parser';
import { bindingCursorCalls, type CursorCalls, cursorBinding, treeCursorCalls } from '../../server/src/core/syntax/cursorCalls';
import { readCursorsThrough, type SyntaxNode, snapshotSteps, snapshotTree, type TreeSnapshot } from '../../server/src/core/syntax/snapshot';
import { DocumentStore } from '../../server/src/protocol/documents';
import { generateLargeDag } from '../bench/generate';
import { countCursorMoves } from '../helpers/cursorMoves';
import { FIXTURES } from '../helpers/engine';
import { random, randomEdits } from '../helpers/randomEdits';

const ROOT = path.join(__dirname, '..', '..');

function files(): Array<{ name: string; text: string }> {
  const rules = path.join(FIXTURES, 'rules');
  const examples = path.join(ROOT, 'examples', 'dags');
  return [
    ...readdirSync(rules)
      .filter((name) => name.endsWith('.py'))
      .map((name) => path.join(rules, name)),
    ...readdirSync(examples)
      .filter((name) => name.endsWith('.py'))
      .map((name) => path.join(examples, name)),
  ]
    .sort()
    .map((file) => ({ name: path.relative(ROOT, file), text: readFileSync(file, 'utf8') }));
}

const HOSTILE = [
  'x = 1\r\ny = "é😀"\r\n',
  'x = 1\ry = 2\r',
  'def f(:\n\treturn [1, 2\n',
  'task = BashOperator(task_id="t", bash_command=f"{{ {x} }}"\n',
  '@dag(\nclass\n  """\n',
  '',
  '\n\n   ',
];

/** The texts checked: each file, every 211th prefix of it, and the hostile ones. */
function texts(): Array<{ name: string; text: string }> {
  const found: Array<{ name: string; text: string }> = [];
  for (const file of files()) {
    found.push(file);
    for (let end = 0; end < file.text.length; end += 211) found.push({ name: `${file.name}[:${end}]`, text: file.text.slice(0, end) });
  }
  for (const [index, text] of HOSTILE.entries()) found.push({ name: `hostile #${index}`, text });
  return found;
}

function describeNode(node: { type: string; startIndex: number; endIndex: number } | null): string {
  return node ? `${node.type}@${node.startIndex}-${node.endIndex}` : 'null';
}

/** Compares `node` with `expected` and their subtrees, iteratively; returns the number of nodes compared. */
function compareTrees(name: string, root: SyntaxNode, treeRoot: TreeNode, fields: readonly string[]): number {
  let compared = 0;
  const pending: Array<[SyntaxNode, TreeNode]> = [[root, treeRoot]];
  while (pending.length > 0) {
    const [node, expected] = pending.pop()!;
    const where = `${name}: ${describeNode(expected)}`;
    assert.equal(node.type, expected.type, where);
    assert.equal(node.startIndex, expected.startIndex, `${where} start`);
    assert.equal(node.endIndex, expected.endIndex, `${where} end`);
    assert.equal(node.text, expected.text, `${where} text`);
    assert.equal(node.isNamed, expected.isNamed, `${where} isNamed`);
    assert.equal(node.isMissing, expected.isMissing, `${where} isMissing`);
    assert.equal(node.isError, expected.isError, `${where} isError`);
    assert.equal(node.hasError, expected.hasError, `${where} hasError`);
    assert.deepEqual(node.startPosition, expected.startPosition, `${where} startPosition`);
    assert.equal(describeNode(node.parent), describeNode(expected.parent), `${where} parent`);
    assert.equal(describeNode(node.nextSibling), describeNode(expected.nextSibling), `${where} nextSibling`);
    assert.equal(describeNode(node.lastChild), describeNode(expected.lastChild), `${where} lastChild`);
    assert.equal(node.descendantCount, expected.descendantCount, `${where} descendantCount`);
    const children = node.children;
    const expectedChildren = expected.children.filter((child) => child !== null);
    assert.deepEqual(children.map(describeNode), expectedChildren.map(describeNode), `${where} children`);
    assert.deepEqual(
      node.namedChildren.map(describeNode),
      expected.namedChildren.filter((child) => child !== null).map(describeNode),
      `${where} namedChildren`,
    );
    assert.equal(describeNode(node.child(1)), describeNode(expected.child(1)), `${where} child(1)`);
    if (expectedChildren.length > 0) {
      for (const field of fields) {
        // tree-sitter also finds a match's `alternative` inside its block (a field inherited
        // through an aliased rule); no code asks a match statement for it.
        if (node.type === 'match_statement' && field === 'alternative') continue;
        assert.equal(
          describeNode(node.childForFieldName(field)),
          describeNode(expected.childForFieldName(field)),
          `${where} field ${field}`,
        );
      }
    }
    compared++;
    for (let index = children.length - 1; index >= 0; index--) pending.push([children[index], expectedChildren[index]]);
  }
  return compared;
}

describe('the tree snapshot', () => {
  let parser: Parser;
  const all = texts();

  it('has the nodes, fields and flags of the tree, on every fixture, example, prefix and hostile text', async () => {
    parser = await createPythonParser();
    const fields = (parser.language?.fields ?? []).filter((field): field is string => !!field);
    assert.ok(fields.includes('body') && fields.includes('arguments'), 'the grammar has fields');
    let compared = 0;
    let withErrors = 0;
    for (const { name, text } of all) {
      const tree = parsePython(parser, text);
      try {
        const snapshot = snapshotTree(tree, parserText(text));
        compared += compareTrees(name, snapshot.root, tree.rootNode, fields);
        if (tree.rootNode.hasError) withErrors++;
        // A SourceFile's snapshot reads positions from the file's own LineIndex (of the text before
        // lone "\r"s were read as "\n"): the same rows and columns.
        const viaSource = new SourceFile(name, text, tree).snapshot;
        for (let index = 0; index < snapshot.count; index++)
          assert.deepEqual(viaSource.node(index).startPosition, snapshot.node(index).startPosition, `${name}: node ${index} startPosition`);
      } finally {
        tree.delete();
      }
    }
    assert.ok(compared > 50_000, `compared ${compared} nodes`);
    assert.ok(withErrors > 100, `${withErrors} texts with ERROR or MISSING nodes`);
  });

  it('finds the node for an offset or a range as descendantForIndex does', async () => {
    parser ??= await createPythonParser();
    let asked = 0;
    for (const { name, text } of all.filter((_, index) => index % 7 === 0)) {
      const tree = parsePython(parser, text);
      try {
        const root = snapshotTree(tree, parserText(text)).root;
        for (let offset = 0; offset <= text.length; offset += 3) {
          for (const length of [0, 1, 5]) {
            const end = Math.min(text.length, offset + length);
            assert.equal(
              describeNode(root.descendantForIndex(offset, end)),
              describeNode(tree.rootNode.descendantForIndex(offset, end)),
              `${name}: descendantForIndex(${offset}, ${end})`,
            );
            asked++;
          }
        }
      } finally {
        tree.delete();
      }
    }
    assert.ok(asked > 10_000, `asked ${asked} ranges`);
  });

  it('lists the nodes of given types as descendantsOfType does, the node itself included', async () => {
    parser ??= await createPythonParser();
    const types = [...INDEXED_TYPES, 'identifier', 'block'];
    for (const { name, text } of all.filter((_, index) => index % 5 === 0)) {
      const tree = parsePython(parser, text);
      try {
        const root = snapshotTree(tree, parserText(text)).root;
        assert.deepEqual(
          root.descendantsOfType(types).map(describeNode),
          tree.rootNode.descendantsOfType(types).map(describeNode),
          `${name}: descendantsOfType`,
        );
        const block = root.descendantsOfType('block')[0];
        const treeBlock = tree.rootNode.descendantsOfType('block')[0];
        if (block && treeBlock) {
          assert.equal(block.descendantsOfType('block')[0]?.id, block.id, `${name}: the node itself`);
          assert.deepEqual(
            block.descendantsOfType(types).map(describeNode),
            treeBlock.descendantsOfType(types).map(describeNode),
            `${name}: in a block`,
          );
        }
      } finally {
        tree.delete();
      }
    }
  });

  it('gives every node an id of its own, also across snapshots', async () => {
    parser ??= await createPythonParser();
    const ids = new Set<number>();
    let count = 0;
    for (const text of ['x = 1\n', 'def f():\n    return g(1, 2)\n']) {
      const tree = parsePython(parser, text);
      const snapshot = snapshotTree(tree, text);
      tree.delete();
      for (let index = 0; index < snapshot.count; index++) ids.add(snapshot.node(index).id);
      count += snapshot.count;
    }
    assert.equal(ids.size, count);
  });
});

/** The snapshot's arrays up to its node count, for comparing two snapshots. */
function arrays(snapshot: TreeSnapshot) {
  const part = (array: ArrayLike<number> & { subarray(start: number, end: number): ArrayLike<number> }) =>
    Array.from(array.subarray(0, snapshot.count));
  return {
    count: snapshot.count,
    typeId: part(snapshot.typeId),
    fieldId: part(snapshot.fieldId),
    start: part(snapshot.start),
    end: part(snapshot.end),
    parent: part(snapshot.parent),
    after: part(snapshot.after),
    flags: part(snapshot.flags),
  };
}

describe("a snapshot's walk through the WASM binding", () => {
  it("equals a walk through web-tree-sitter's TreeCursor, and leaves the cursor as that walk does", async () => {
    const parser = await createPythonParser();
    assert.ok(cursorBinding(), 'the binding was adopted: the walks below take different paths');
    for (const { name, text } of [...texts(), { name: 'large', text: generateLargeDag(300) }]) {
      const tree = parsePython(parser, text);
      try {
        const throughBinding = snapshotTree(tree, parserText(text));
        const previous = readCursorsThrough('api');
        let throughCursor: TreeSnapshot;
        try {
          throughCursor = snapshotTree(tree, parserText(text));
        } finally {
          readCursorsThrough(previous);
        }
        assert.deepEqual(arrays(throughBinding), arrays(throughCursor), name);
      } finally {
        tree.delete();
      }
    }
  });

  it('hands the TreeCursor back the stack its walk grew, which delete then frees', async () => {
    const parser = await createPythonParser();
    // Nested calls: the cursor's stack of ancestors outgrows its first allocation.
    const text = `x = ${'f('.repeat(40)}1${')'.repeat(40)}\n`;
    const tree = parsePython(parser, text);
    /** Walks every node and back to the start; answers the cursor's words after `finish`. */
    const walk = (make: (cursor: TreeCursor) => CursorCalls | null) => {
      const cursor = tree.walk();
      const calls = make(cursor) as CursorCalls;
      let depth = 0;
      let deepest = 0;
      for (;;) {
        if (calls.gotoFirstChild()) deepest = Math.max(deepest, ++depth);
        else {
          while (depth > 0 && !calls.gotoNextSibling()) {
            calls.gotoParent();
            depth--;
          }
          if (depth === 0) break;
        }
      }
      calls.finish();
      const words = [1, 2, 3].map((word) => (cursor as unknown as Record<number, number>)[word]);
      const node = cursor.currentNode;
      const at = { type: node.type, startIndex: node.startIndex, endIndex: node.endIndex };
      cursor.delete();
      return { words, at, deepest };
    };
    try {
      const fresh = tree.walk();
      const firstCapacity = (fresh as unknown as Record<number, number>)[2];
      fresh.delete();
      const throughBinding = walk(bindingCursorCalls);
      const throughCursor = walk(treeCursorCalls);
      assert.ok(throughBinding.deepest > 40, `depth ${throughBinding.deepest}`);
      assert.ok((throughCursor.words[1] as number) > (firstCapacity as number), 'the stack grew');
      // Words 1-3: the stack's size and capacity, and the root's alias (word 0 is its address).
      assert.deepEqual(throughBinding, throughCursor);
    } finally {
      tree.delete();
    }
  });
});

describe('a snapshot built in steps or from an earlier one', () => {
  it('built in steps of a few nodes (large nodes copied alone, their children queued) equals one walk', async () => {
    const parser = await createPythonParser();
    let steps = 0;
    for (const { name, text } of texts().filter((_, index) => index % 3 === 0)) {
      const tree = parsePython(parser, text);
      try {
        const whole = snapshotTree(tree, parserText(text));
        const build = snapshotSteps(tree, parserText(text), undefined, 7);
        let step = build.next();
        for (; !step.done; step = build.next()) steps++;
        assert.deepEqual(arrays(step.value), arrays(whole), name);
      } finally {
        tree.delete();
      }
    }
    assert.ok(steps > 1000, `${steps} pauses`);
  });

  it('after every random edit, equals a fresh walk of the edited text, with statements copied', async () => {
    const parser = await createPythonParser();
    const samples = [
      { name: 'bench generator, 300 lines', text: generateLargeDag(300), edits: 60 },
      ...files().map((file) => ({ ...file, edits: 12 })),
    ];
    let copied = 0;
    let compared = 0;
    for (const [index, sample] of samples.entries()) {
      // Every other sample reads the tree through web-tree-sitter's TreeCursor, not the binding.
      const reads = readCursorsThrough(index % 2 === 1 ? 'api' : 'binding');
      try {
        copied += editedSnapshots(parser, index, sample, () => compared++);
      } finally {
        readCursorsThrough(reads);
      }
    }
    assert.ok(compared > 100 && copied > 100, `${compared} snapshots compared, ${copied} built from an earlier one`);
  });

  /** Edits `sample` at random, comparing snapshots as the store builds them to fresh walks; answers how many copied. */
  function editedSnapshots(
    parser: Parser,
    index: number,
    sample: { name: string; text: string; edits: number },
    compared: () => void,
  ): number {
    let copied = 0;
    {
      const store = new DocumentStore(parser);
      const uri = 'file:///edited/dag.py';
      let text = sample.text;
      const entry = store.open(uri, 'python', 1, text);
      store.sourceOf(entry)?.snapshot;
      const next = random(index + 7);
      const edits = randomEdits(text, next, sample.edits);
      let step = edits.next('');
      for (let version = 2; !step.done; version++) {
        const edit = step.value;
        const document = store.get(uri)!.document;
        const range = { start: document.positionAt(edit.start), end: document.positionAt(edit.end) };
        text = text.slice(0, edit.start) + edit.text + text.slice(edit.end);
        const changed = store.change(uri, version, [{ range, text: edit.text }])!;
        // Not every revision gets a snapshot (typing faster than the analysis): the base then
        // collects the edits of several revisions.
        if (next() < 0.6 && store.treeOf(changed)) {
          const source = store.sourceOf(changed)!;
          const before = snapshotTree(store.treeOf(changed)!, parserText(text));
          const reusedFrom = changed.base?.snapshot;
          assert.deepEqual(arrays(source.snapshot), arrays(before), `${sample.name}, edit ${version - 1}`);
          if (reusedFrom) copied++;
          compared();
        }
        step = edits.next(text);
      }
      store.dispose();
    }
    return copied;
  }

  it('copies the statements on either side of an edit between them, each moved by its own offset', async () => {
    const parser = await createPythonParser();
    const text = generateLargeDag(300);
    // A blank line between two top-level functions: the edit touches neither.
    const at = text.indexOf('\n\n\ndef ', text.length >> 1) + 1;
    for (const inserted of ['\n', '\n\n\n', '']) {
      const store = new DocumentStore(parser);
      const uri = 'file:///between/dag.py';
      const entry = store.open(uri, 'python', 1, text);
      store.sourceOf(entry)!.snapshot;
      const document = store.get(uri)!.document;
      const end = inserted ? at : at + 1;
      const changed = store.change(uri, 2, [{ range: { start: document.positionAt(at), end: document.positionAt(end) }, text: inserted }])!;
      const edited = changed.document.getText();
      assert.ok(changed.base, 'built from the earlier snapshot');
      assert.deepEqual(
        arrays(store.sourceOf(changed)!.snapshot),
        arrays(snapshotTree(store.treeOf(changed)!, parserText(edited))),
        JSON.stringify(inserted),
      );
      store.dispose();
    }
  });

  it('walks a child that the earlier snapshot holds with another node count (the last child too)', async () => {
    const parser = await createPythonParser();
    const text = generateLargeDag(300);
    const at = text.indexOf('bash_command=', text.length >> 1);
    const edited = `${text.slice(0, at)}x${text.slice(at)}`;
    for (const reads of ['binding', 'api'] as const) {
      const previousReads = readCursorsThrough(reads);
      const tree = parsePython(parser, text);
      let next: ReturnType<typeof parsePython> | undefined;
      try {
        const old = snapshotTree(tree, parserText(text));
        const point = (offset: number) => ({
          row: text.slice(0, offset).split('\n').length - 1,
          column: offset - text.lastIndexOf('\n', offset - 1) - 1,
        });
        tree.edit({
          startIndex: at,
          oldEndIndex: at,
          newEndIndex: at + 1,
          startPosition: point(at),
          oldEndPosition: point(at),
          newEndPosition: { ...point(at), column: point(at).column + 1 },
        });
        next = parsePython(parser, edited, tree);
        const changed = tree.getChangedRanges(next);
        // The first and the last top-level statement, unchanged by the edit, said to be one node:
        // copied on that word, the new snapshot would lose their children.
        const statements = [];
        for (let child = 1; child < old.count; child = old.after[child]) statements.push(child);
        for (const statement of [statements[0], statements[statements.length - 1]] as number[]) {
          assert.ok(old.after[statement] - statement > 1);
          old.after[statement] = statement + 1;
        }
        const built = snapshotTree(next, parserText(edited), {
          snapshot: old,
          edits: [{ startIndex: at, oldEndIndex: at, newEndIndex: at + 1 }],
          changed,
        });
        assert.deepEqual(arrays(built), arrays(snapshotTree(next, parserText(edited))), reads);
      } finally {
        readCursorsThrough(previousReads);
        tree.delete();
        next?.delete();
      }
    }
  });

  /** Types `x` at `at` in the store's copy of `text`; returns the nodes the new snapshot read from the tree and its size. */
  async function keystroke(text: string, at: number) {
    const parser = await createPythonParser();
    const store = new DocumentStore(parser);
    const uri = 'file:///large/dag.py';
    const entry = store.open(uri, 'python', 1, text);
    store.sourceOf(entry)!.snapshot;
    const document = store.get(uri)!.document;
    const changed = store.change(uri, 2, [{ range: { start: document.positionAt(at), end: document.positionAt(at) }, text: 'x' }])!;
    const tree = store.treeOf(changed)!;
    const moves = countCursorMoves(tree);
    let snapshot: TreeSnapshot;
    try {
      snapshot = store.sourceOf(changed)!.snapshot;
    } finally {
      moves.stop();
    }
    try {
      assert.deepEqual(arrays(snapshot), arrays(snapshotTree(tree, parserText(changed.document.getText()))));
      // Some nodes are read (the edited statement): the count sees the snapshot's walks.
      assert.ok(moves.count > 0, 'moves counted');
      return { read: moves.count, count: snapshot.count, rootChildren: tree.rootNode.childCount };
    } finally {
      store.dispose();
    }
  }

  it('reads little more than the edited statement after a keystroke in a large file', async () => {
    const text = generateLargeDag(2000);
    const { read, count } = await keystroke(text, text.lastIndexOf('bash_command=') + 'bash_command='.length);
    assert.ok(read < count / 40, `read ${read} of ${count} nodes`);
  });

  it('reads little of a large file that an earlier error made one ERROR node', async () => {
    // `withx DAG(` in the first factory: tree-sitter's recovery makes the rest of the module one
    // ERROR node of small children, which no top-level statement reuse could copy.
    const text = generateLargeDag(2000).replace('    with DAG(', '    withx DAG(');
    const { read, count, rootChildren } = await keystroke(text, text.lastIndexOf('bash_command=') + 'bash_command='.length);
    assert.equal(rootChildren, 1, 'the module is one ERROR node');
    assert.ok(read < count / 20, `read ${read} of ${count} nodes`);
  });
});
