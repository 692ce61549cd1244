// The helper's end of cross-file findings: DAG files' findings whose first related entry is a
// hazard in a helper module become findings on the helper's line, naming the DAG files.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defaultSettings } from '../../server/src/core/settings/schema';
import { HelperUses, type CrossFileFinding } from '../../server/src/project/helperUses';
import type { LineSuppression } from '../../server/src/core/suppression';

const HELPER = '/project/dags/common/variables.py';
const range = (line: number, start: number, end: number) => ({ start: { line, character: start }, end: { line, character: end } });

function reaching(line: number, code = 'DG101', severity: CrossFileFinding['severity'] = 'warning'): CrossFileFinding {
  return {
    code,
    severity,
    message: 'read_export_vars() runs Variable.get 3x per parse',
    range: range(12, 14, 32),
    fix: null,
    related: [
      { path: HELPER, range: range(line, 9, 39), message: 'Variable.get(f"export_{name}")' },
      { path: HELPER, range: range(10, 18, 26), message: 'via read_var' },
    ],
  };
}

// Lines 5 and 7 (0-based) hold the hazards the findings below point at.
const TEXT = [
  'from airflow.models import Variable',
  '',
  '',
  'def read_export_vars():',
  '    return {',
  '    "a": Variable.get(f"export_{name}"),',
  '',
  '    "b": requests.get("https://example.com/a/rather/long/address/that/goes/on/and/on"),',
  '    }',
].join('\n');
const display = (file: string) => file.replace('/project/', '');
const none = new Map<number, LineSuppression>();

describe('helper uses', () => {
  it("says on the helper's line which DAG files run it at every parse", () => {
    const uses = new HelperUses();
    assert.deepEqual(uses.record('/project/dags/export_dag.py', [reaching(5), reaching(5)]), [HELPER]);
    uses.record('/project/dags/b_dag.py', [reaching(5, 'DG101', 'error')]);
    uses.record('/project/dags/c_dag.py', [reaching(5)]);
    uses.record('/project/dags/own.py', [{ code: 'DG101', severity: 'warning', message: 'x', range: range(1, 0, 1), fix: null }]);
    const findings = uses.findingsFor(HELPER, TEXT, defaultSettings(), none, display);
    assert.deepEqual(findings, [
      {
        code: 'DG101',
        severity: 'error',
        message: '`Variable.get(f"export_{name}")` runs at every parse of dags/b_dag.py and 2 more',
        // The message names the first; the detail all of them.
        detail: 'The DAG files that run it: dags/b_dag.py, dags/c_dag.py, dags/export_dag.py.',
        range: range(5, 9, 39),
        fix: null,
      },
    ]);
    assert.deepEqual(uses.usersOf(HELPER), ['/project/dags/b_dag.py', '/project/dags/c_dag.py', '/project/dags/export_dag.py']);
  });

  it('names one or two DAG files in full, and forgets a DAG file that no longer reaches the helper', () => {
    const uses = new HelperUses();
    uses.record('/project/dags/a.py', [reaching(5)]);
    assert.match(uses.findingsFor(HELPER, TEXT, defaultSettings(), none, display)[0].message, /runs at every parse of dags\/a\.py$/);
    uses.record('/project/dags/b.py', [reaching(5)]);
    assert.match(
      uses.findingsFor(HELPER, TEXT, defaultSettings(), none, display)[0].message,
      /runs at every parse of dags\/a\.py and dags\/b\.py$/,
    );
    // Unchanged findings: nothing to re-publish.
    assert.deepEqual(uses.record('/project/dags/b.py', [reaching(5)]), []);
    assert.deepEqual(uses.record('/project/dags/b.py', []), [HELPER]);
    assert.deepEqual(uses.forget('/project/dags/a.py'), [HELPER]);
    assert.deepEqual(uses.findingsFor(HELPER, TEXT, defaultSettings(), none, display), []);
  });

  it("takes every entry marked 'hazard', never the calls on the way ('via'), and shortens long hazards", () => {
    const uses = new HelperUses();
    const finding: CrossFileFinding = {
      ...reaching(5),
      related: [
        { path: HELPER, range: range(5, 9, 39), message: 'm', role: 'hazard' },
        { path: HELPER, range: range(7, 9, 86), message: 'm', role: 'hazard' },
        { path: HELPER, range: range(3, 4, 20), message: 'via read_export_vars()', role: 'via' },
      ],
    };
    uses.record('/project/dags/a.py', [finding]);
    assert.deepEqual(
      uses.findingsFor(HELPER, TEXT, defaultSettings(), none, display).map((found) => [found.range.start.line, found.message]),
      [
        [5, '`Variable.get(f"export_{name}")` runs at every parse of dags/a.py'],
        [7, '`requests.get("https://example.com/a/rather/long/address/t...` runs at every parse of dags/a.py'],
      ],
    );
  });

  it("joins the helper's own finding on the same hazard instead of a second finding on its range", () => {
    // Airflow parses the helper too (a module in the DAG folder that passes its safe-mode test).
    const uses = new HelperUses();
    uses.record('/project/dags/a.py', [reaching(5, 'DG101', 'error'), reaching(7, 'DG104')]);
    uses.record('/project/dags/b.py', [reaching(5)]);
    uses.record('/project/dags/c.py', [reaching(5)]);
    const own = {
      code: 'DG101',
      severity: 'warning' as const,
      message: 'Variable.get(f"export_{name}") runs at every parse.',
      detail: 'Each call queries the metadata database.',
      range: range(5, 9, 39),
      fix: null,
    };
    const other = {
      code: 'DG105',
      severity: 'warning' as const,
      message: 'import pandas runs at every parse.',
      range: range(0, 0, 6),
      fix: null,
    };
    assert.deepEqual(uses.findingsFor(HELPER, TEXT, defaultSettings(), none, display, [own, other]), [
      other,
      {
        ...own,
        // The more severe of the two: a DAG file runs it more than once a parse.
        severity: 'error',
        detail:
          'Each call queries the metadata database. It also runs at every parse of dags/a.py and 2 more, whose imports reach this module. The DAG files that run it: dags/a.py, dags/b.py, dags/c.py.',
      },
      {
        code: 'DG104',
        severity: 'warning',
        message: '`requests.get("https://example.` runs at every parse of dags/a.py',
        range: range(7, 9, 39),
        fix: null,
      },
    ]);
  });

  it("is silenced by a noqa on the helper's line and by the helper's settings", () => {
    const uses = new HelperUses();
    uses.record('/project/dags/a.py', [reaching(5), reaching(7, 'DG104')]);
    assert.deepEqual(
      uses.findingsFor(HELPER, TEXT, defaultSettings(), new Map([[5, new Set(['DG101'])]]), display).map((finding) => finding.code),
      ['DG104'],
    );
    assert.deepEqual(uses.findingsFor(HELPER, TEXT, { ...defaultSettings(), ignore: ['DG104'] }, new Map([[5, 'all']]), display), []);
  });
});
