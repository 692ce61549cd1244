// Files of the shapes an outside stress test found slow or stack-hungry (issue 12, item 10), made at
// any size: shared by `npm run bench:shapes` (figures), `npm run fuzz` (under a time budget) and the
// unit tests (small sizes that must stay fast).
import { readFileSync } from 'node:fs';
import path from 'node:path';

export interface Shape {
  name: string;
  /** Sizes `npm run bench:shapes` measures, each twice the one before. */
  sizes: number[];
  make(size: number): string;
}

const HEADER = 'from airflow import DAG\nfrom airflow.models import Variable\n';
const REALISTIC = readFileSync(path.resolve(__dirname, '../../examples/dags/warehouse_load.py'), 'utf8');

function lines(count: number, line: (index: number) => string): string {
  return Array.from({ length: count }, (_, index) => line(index)).join('\n') + '\n';
}

export const SHAPES: Shape[] = [
  {
    // A real DAG file repeated (the realistic large file of the soak).
    name: 'realistic',
    sizes: [5_000, 10_000, 20_000],
    make: (size) => {
      const copies = Math.max(1, Math.round(size / REALISTIC.split('\n').length));
      return Array.from({ length: copies }, () => REALISTIC).join('\n');
    },
  },
  {
    // One assigned name per line: each name was searched in the whole text.
    name: 'variable-gets',
    sizes: [5_000, 10_000, 20_000],
    make: (size) => HEADER + lines(size, (index) => `x${index} = Variable.get("key_${index}")`),
  },
  {
    // One line of one long expression.
    name: 'one-line',
    sizes: [100_000, 200_000, 400_000],
    make: (size) => `${HEADER}total = ${Array.from({ length: Math.ceil(size / 4) }, (_, index) => `a${index % 10}`).join(' + ')}\n`,
  },
  {
    // Functions that call each other in a ring, the first called at module level.
    name: 'recursion-ring',
    sizes: [500, 1_000, 2_000],
    make: (size) => HEADER + lines(size, (index) => `def f${index}():\n    return f${(index + 1) % size}()\n`) + 'f0()\n',
  },
  {
    // Each factory calls the next: a call chain as deep as the file is long.
    name: 'factory-chain',
    sizes: [2_500, 5_000, 10_000],
    make: (size) => HEADER + lines(size, (index) => (index === size - 1 ? `def f${index}():\n    return Variable.get("k")\n` : `def f${index}():\n    return f${index + 1}()\n`)) + 'f0()\n',
  },
  {
    // Dicts nested inside each other.
    name: 'nested-dicts',
    sizes: [1_000, 2_000, 4_000],
    make: (size) => `${HEADER}config = ${'{"a": '.repeat(size)}Variable.get("k")${'}'.repeat(size)}\n`,
  },
  {
    // A `# noqa` comment on every line.
    name: 'noqa-lines',
    sizes: [12_500, 25_000, 50_000],
    make: (size) => HEADER + lines(size, (index) => `x${index} = ${index}  # noqa: DG101`),
  },
  {
    // Backslash continuations, one after the other: the grammar's own cost.
    name: 'continuations',
    sizes: [1_000, 2_000, 4_000],
    make: (size) => `${HEADER}x = (\n${lines(size, () => 'a = 1 \\')}`,
  },
];
