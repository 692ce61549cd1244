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

/** One operator class and one factory that uses it, about 30 lines; `_N` is replaced by a number. */
const OPERATOR_BLOCK = `

class Export_N(BaseOperator):
    template_fields = ("sql", "target")

    def __init__(self, sql, target, retries_n=2, **kwargs):
        super().__init__(**kwargs)
        self.sql = sql
        self.target = target
        self.retries_n = retries_n + 1

    def execute(self, context):
        return self.sql


def build_N(team):
    with DAG(dag_id=f"export_N_{team}", schedule="@daily", catchup=False) as dag:
        Export_N(
            task_id="export",
            sql="SELECT * FROM t WHERE ds = '{{ ds }}'",
            target=Variable.get("target_N"),
            retries_n=3,
        )
    return dag


for team in ["a", "b"]:
    globals()[f"export_N_{team}"] = build_N(team)
`;

function lines(count: number, line: (index: number) => string): string {
  return Array.from({ length: count }, (_, index) => line(index)).join('\n') + '\n';
}

export const SHAPES: Shape[] = [
  {
    // Operator classes with an `__init__` and DAG factories, repeated under new names: each class's
    // `__init__` was read by filtering every assignment and call of the file (issue 16).
    name: 'operators',
    sizes: [5_000, 20_000, 50_000],
    make: (size) =>
      'from airflow import DAG\nfrom airflow.models import BaseOperator, Variable\n' +
      Array.from({ length: Math.max(1, Math.round(size / OPERATOR_BLOCK.split('\n').length)) }, (_, index) =>
        OPERATOR_BLOCK.replaceAll('_N', `_${index}`),
      ).join(''),
  },
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
    make: (size) =>
      HEADER +
      lines(size, (index) =>
        index === size - 1 ? `def f${index}():\n    return Variable.get("k")\n` : `def f${index}():\n    return f${index + 1}()\n`,
      ) +
      'f0()\n',
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
