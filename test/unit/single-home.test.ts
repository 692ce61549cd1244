// One home per fact: a qualified name the analysis knows (`airflow.sdk.DAG`, `pendulum.today`,
// `airflow.utils.weight_rule.WeightRule`) is written in one source file, its catalogue, and read
// from there by rules, hover, completion and fixes. Two lists of the same names drift apart (DG201
// once missed `airflow.sdk.WeightRule`, which the hover knew; DG106 missed `airflow.models.dag.dag`,
// which the argument index knew). This test fails when a second file writes a name down again.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';

const SERVER = path.join(__dirname, '..', '..', 'server', 'src');

/** A quoted dotted Python name: 'airflow.models.Variable', "pendulum.today". */
const QUALIFIED = /(['"])([a-z][a-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)+)\1/g;

/**
 * Names written in more than one file on purpose: code that treats one function specially, not a
 * list of what the analysis knows. Each says where and why.
 */
const SPECIAL_CASES: Record<string, string> = {
  'time.sleep': 'an I/O call (catalogue/ioCalls.ts) that DG401 alone rewrites to asyncio.sleep',
  'subprocess.Popen': 'an I/O call (catalogue/ioCalls.ts) that DG401 alone knows returns at once',
  'time.strftime': 'formats the clock when given no time: the run-time model and the logical-date fix handle that one signature',
};

function sourceFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
    .map((entry) => path.join(entry.parentPath, entry.name));
}

/** Literal → the files (relative to server/src) that write it, outside comments. */
function qualifiedLiterals(): Map<string, Set<string>> {
  const found = new Map<string, Set<string>>();
  for (const file of sourceFiles(SERVER)) {
    // Comments name things freely; only code is a list. (Line comments and JSDoc blocks.)
    const code = readFileSync(file, 'utf8')
      .replace(/\/\*[\s\S]*?\*\//g, '')
      .replace(/^\s*\/\/.*$/gm, '');
    for (const match of code.matchAll(QUALIFIED)) {
      const name = match[2];
      // File names and extensions ('airflow.cfg', 'pyproject.toml') are not Python names.
      if (/\.(cfg|toml|py|json|ya?ml|txt|md|sql|sh|env)$/.test(name)) continue;
      const files = found.get(name) ?? new Set<string>();
      files.add(path.relative(SERVER, file));
      found.set(name, files);
    }
  }
  return found;
}

describe('one home per fact', () => {
  it('writes each qualified name the analysis knows in one source file', () => {
    const literals = qualifiedLiterals();
    assert.ok(literals.get('airflow.sdk.DAG')?.size === 1, 'the scan finds the DAG constructors');
    const twice = [...literals]
      .filter(([name, files]) => files.size > 1 && !(name in SPECIAL_CASES))
      .map(([name, files]) => `${name}: ${[...files].sort().join(', ')}`);
    assert.deepEqual(twice, [], `names written in several files (read them from one catalogue):\n${twice.join('\n')}`);
  });

  it('keeps the special cases true: each is written in exactly two files', () => {
    const literals = qualifiedLiterals();
    for (const name of Object.keys(SPECIAL_CASES))
      assert.equal(literals.get(name)?.size, 2, `${name}: ${[...(literals.get(name) ?? [])].join(', ')}`);
  });
});
