// The imports the DG101/DG102 template fixes leave unused:
// - a single quick fix that takes the last use of `Variable` (or `BaseHook`, `Connection`) also
//   removes it from its import (test/fixtures/fixes/templates/imports-*.before.py / .after.py,
//   which template-fixes.test.ts also runs through fix-all);
// - fix-all, whose fixes each still see the others' uses, removes those imports after its passes;
// - what may still refer to the name keeps its import (the table of unusedImportRemovals cases);
// - every result parses (tree-sitter and python3's ast).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applySafeFixes, combineFixes } from '../../server/src/core/fixes/fixAll';
import { unusedImportRemovals } from '../../server/src/core/fixes/unusedImports';
import { ImportMap } from '../../server/src/core/model/imports';
import type { Finding } from '../../server/src/core/findings';
import { applyEdits } from '../../server/src/core/syntax/positions';
import { assertParses, pythonSyntaxError } from '../helpers/fixes';
import { getEngine, readFixture, settingsWith } from '../helpers/engine';

const OPTIONS = { settings: settingsWith(), airflowVersion: null };

async function templateFindings(text: string): Promise<Finding[]> {
  return (await getEngine()).analyzeText('dag.py', text, OPTIONS).filter((finding) => finding.code === 'DG101' || finding.code === 'DG102');
}

async function treeSitterErrors(text: string): Promise<number> {
  return (await getEngine()).withSource('dag.py', text, (source) => (source.root.hasError ? 1 : 0));
}

async function fixAll(text: string): Promise<string> {
  const engine = await getEngine();
  return applySafeFixes(
    text,
    (current) => engine.analyzeText('dag.py', current, OPTIONS),
    (current, use) => engine.withSource('dag.py', current, use),
  ).text;
}

/** Applies the only safe fix of the file on its own (what the light bulb's preferred quick fix does). */
async function applyOnlyFix(text: string): Promise<string> {
  const fixable = (await templateFindings(text)).filter((finding) => finding.fix?.safe);
  assert.equal(fixable.length, 1, `one safe fix, got ${fixable.length}`);
  return applyEdits(text, fixable[0].fix!.edits);
}

const pair = (name: string) => ({
  before: readFixture('fixes', 'templates', `${name}.before.py`),
  after: readFixture('fixes', 'templates', `${name}.after.py`),
});

describe('a single template fix and the import it leaves unused', () => {
  for (const name of ['imports-last-use', 'imports-other-uses', 'imports-multi-name', 'imports-unused-before', 'imports-all-export']) {
    it(`${name}: the one quick fix gives the after text, and applying it again is not possible`, async () => {
      const { before, after } = pair(name);
      const fixed = await applyOnlyFix(before);
      assert.equal(fixed, after);
      assertParses(fixed);
      assert.equal(await treeSitterErrors(fixed), 0);
      assert.deepEqual(
        (await templateFindings(fixed)).filter((finding) => finding.fix?.safe),
        [],
        'no safe fix is left to apply a second time',
      );
    });
  }

  it('imports-last-use: the import line goes, as a whole-line edit beside the template edit', async () => {
    const { before } = pair('imports-last-use');
    const [finding] = await templateFindings(before);
    assert.deepEqual(finding.fix?.releasedImports, ['Variable']);
    assert.deepEqual(finding.fix?.edits.at(-1), {
      range: { start: { line: 2, character: 0 }, end: { line: 3, character: 0 } },
      newText: '',
    });
  });

  it('imports-parenthesized: each fix alone takes its own line; the two import edits overlap, so fix-all applies them in two passes', async () => {
    const { before, after } = pair('imports-parenthesized');
    const findings = await templateFindings(before);
    const connection = findings.find((finding) => finding.code === 'DG102')!;
    const variable = findings.find((finding) => finding.code === 'DG101')!;
    const withoutConnection = applyEdits(before, connection.fix!.edits);
    assert.equal(withoutConnection.split('\n').slice(1, 5).join('\n'), 'from airflow.models import (\n    DAG,\n    Variable,\n)');
    const withoutVariable = applyEdits(before, variable.fix!.edits);
    assert.equal(
      withoutVariable.split('\n').slice(1, 6).join('\n'),
      'from airflow.models import (\n    DAG,\n    Connection,  # the warehouse\n)\nfrom airflow.operators.bash import BashOperator',
    );
    for (const text of [withoutConnection, withoutVariable]) assertParses(text);
    // Applied together they would leave `from airflow.models import (\n    DAG,\n)`, but two fixes that
    // both remove names of one import must never both land in one pass (all names could go).
    assert.equal(combineFixes([connection.fix!, variable.fix!]).applied.length, 1);
    assert.equal(await fixAll(before), after);
  });

  it('imports-parenthesized-all: the second fix, seeing the last name, removes the whole statement', async () => {
    const { before } = pair('imports-parenthesized-all');
    const once = await fixAll(before);
    assert.ok(!once.includes('airflow.models'), once);
    const findings = await templateFindings(before);
    const first = applyEdits(before, findings[0].fix!.edits);
    const [second] = (await templateFindings(first)).filter((finding) => finding.fix?.safe);
    const both = applyEdits(first, second.fix!.edits);
    assert.equal(both, once);
  });

  it('the fix of a connection fetch bound to a name removes BaseHook with the assignment', async () => {
    const text =
      'from airflow import DAG\nfrom airflow.hooks.base import BaseHook\nfrom airflow.operators.bash import BashOperator\n\nwarehouse = BaseHook.get_connection("warehouse")\n\nwith DAG("load"):\n    BashOperator(task_id="load", bash_command=f"load.sh --host {warehouse.host} --now")\n';
    assert.equal(
      await applyOnlyFix(text),
      'from airflow import DAG\nfrom airflow.operators.bash import BashOperator\n\n\nwith DAG("load"):\n    BashOperator(task_id="load", bash_command="load.sh --host {{ conn.warehouse.host }} --now")\n',
    );
  });

  it('a provider hook read for a connection: its import goes with its last use', async () => {
    const text =
      'from airflow import DAG\nfrom airflow.operators.bash import BashOperator\nfrom airflow.providers.postgres.hooks.postgres import PostgresHook\n\nwith DAG("load"):\n    BashOperator(task_id="load", bash_command=f"load.sh --host {PostgresHook.get_connection(\'pg\').host} --now")\n';
    assert.equal(
      await applyOnlyFix(text),
      'from airflow import DAG\nfrom airflow.operators.bash import BashOperator\n\nwith DAG("load"):\n    BashOperator(task_id="load", bash_command="load.sh --host {{ conn.pg.host }} --now")\n',
    );
  });

  it('a provider hook read for a connection: the hook import stays when the hook is also used', async () => {
    const text =
      'from airflow import DAG\nfrom airflow.operators.bash import BashOperator\nfrom airflow.providers.postgres.hooks.postgres import PostgresHook\n\nwith DAG("load"):\n    BashOperator(task_id="load", bash_command=f"load.sh --host {PostgresHook.get_connection(\'pg\').host} --now")\n\ndef rows():\n    return PostgresHook(postgres_conn_id="pg").get_records("SELECT 1")\n';
    const fixed = await applyOnlyFix(text);
    assert.ok(fixed.includes('from airflow.providers.postgres.hooks.postgres import PostgresHook\n'), fixed);
    assert.ok(fixed.includes('{{ conn.pg.host }}'), fixed);
  });

  it('`import airflow.models` binds `airflow`: the fix leaves it; `from airflow import models` goes with its last use', async () => {
    const body =
      '\nfrom airflow.operators.bash import BashOperator\n\nwith DAG("run"):\n    BashOperator(task_id="run", bash_command=f"run.sh {CALL} --now")\n';
    const plain = `from airflow import DAG\nimport airflow.models${body.replace('CALL', "airflow.models.Variable.get('k')")}`;
    assert.equal(await applyOnlyFix(plain), plain.replace(/f"run\.sh \{.*\} --now"/, '"run.sh {{ var.value.k }} --now"'));
    const module = `from airflow import DAG, models${body.replace('CALL', "models.Variable.get('k')")}`;
    assert.equal(
      await applyOnlyFix(module),
      'from airflow import DAG\nfrom airflow.operators.bash import BashOperator\n\nwith DAG("run"):\n    BashOperator(task_id="run", bash_command="run.sh {{ var.value.k }} --now")\n',
    );
  });

  it('the offered-only (unsafe) fix removes the import the same way', async () => {
    const text =
      'from airflow import DAG\nfrom airflow.models import Variable\nfrom airflow.operators.bash import BashOperator\n\nwith DAG("run"):\n    BashOperator(task_id="run", bash_command=Variable.get("script"))\n';
    const [finding] = await templateFindings(text);
    assert.deepEqual(finding.alternatives ?? [], []);
    const alternative = finding.fix!;
    assert.equal(alternative.safe, false);
    const fixed = applyEdits(text, alternative.edits);
    assert.equal(
      fixed,
      'from airflow import DAG\nfrom airflow.operators.bash import BashOperator\n\nwith DAG("run"):\n    BashOperator(task_id="run", bash_command="{{ var.value.script }}")\n',
    );
    assert.deepEqual(await templateFindings(fixed), []);
    assert.equal(await fixAll(text), text, 'fix-all applies no unsafe fix, and so removes no import');
  });

  it('two calls in one f-string: the first fix keeps the import (the second call still uses it), the second removes it', async () => {
    const text =
      'from airflow import DAG\nfrom airflow.models import Variable\nfrom airflow.operators.bash import BashOperator\n\nwith DAG("run"):\n    BashOperator(task_id="run", bash_command=f"run.sh {Variable.get(\'a\')} {Variable.get(\'b\')} --now")\n';
    const [first] = await templateFindings(text);
    assert.equal(first.fix?.edits.length, 1, 'only the f-string is rewritten: the other call in it is kept');
    const once = applyEdits(text, first.fix!.edits);
    assert.ok(once.includes('from airflow.models import Variable\n'));
    const [second] = await templateFindings(once);
    assert.equal(
      applyEdits(once, second.fix!.edits),
      'from airflow import DAG\nfrom airflow.operators.bash import BashOperator\n\nwith DAG("run"):\n    BashOperator(task_id="run", bash_command="run.sh {{ var.value.a }} {{ var.value.b }} --now")\n',
    );
  });
});

describe('fix-all and the imports its fixes leave unused', () => {
  it('imports-fix-all: no single fix removes an import, fix-all still ends without them', async () => {
    const { before, after } = pair('imports-fix-all');
    const findings = await templateFindings(before);
    assert.equal(findings.filter((finding) => finding.fix?.safe).length, 6);
    for (const finding of findings) {
      assert.ok(
        finding.fix!.edits.every((edit) => edit.range.start.line > 4),
        `${finding.fix!.title} touches the imports`,
      );
    }
    assert.equal(await fixAll(before), after);
    assert.equal(await fixAll(after), after);
    assert.ok(!/import (Variable|BaseHook)/.test(after));
  });

  it('keeps the import of a name a fix released when the name is still used after all fixes', async () => {
    const { before, after } = pair('imports-other-uses');
    assert.equal(await fixAll(before), after);
    assert.ok(after.includes('from airflow.models import Variable\n'));
  });

  it('a fix that removes both the import and the other statement of a block leaves `pass`', async () => {
    const text =
      'from airflow import DAG\nfrom airflow.operators.bash import BashOperator\n\nif True:\n    from airflow.hooks.base import BaseHook\n    warehouse = BaseHook.get_connection("warehouse")\n\nwith DAG("load"):\n    BashOperator(task_id="load", bash_command=f"load.sh --host {warehouse.host} --now")\n';
    const fixed = await applyOnlyFix(text);
    assert.equal(
      fixed,
      'from airflow import DAG\nfrom airflow.operators.bash import BashOperator\n\nif True:\n    pass\n\nwith DAG("load"):\n    BashOperator(task_id="load", bash_command="load.sh --host {{ conn.warehouse.host }} --now")\n',
    );
    assertParses(fixed);
    assert.equal(await fixAll(text), fixed);
  });

  it('two fixes that each remove one of the two statements of a block never land in one pass', async () => {
    const operators =
      '\nwith DAG("load"):\n    BashOperator(task_id="a", bash_command=f"load.sh --host {a.host} --now")\n    BashOperator(task_id="b", bash_command=f"load.sh --host {B} --now")\n';
    const fixedOperators = (b: string) =>
      `\nwith DAG("load"):\n    BashOperator(task_id="a", bash_command="load.sh --host {{ conn.a.host }} --now")\n    BashOperator(task_id="b", bash_command="load.sh --host ${b} --now")\n`;
    const cases: Array<[string, string]> = [
      // Two connection fetches bound to names, the block's only statements.
      [
        `from airflow import DAG\nfrom airflow.hooks.base import BaseHook\nfrom airflow.operators.bash import BashOperator\n\nif True:\n    a = BaseHook.get_connection("a")\n    b = BaseHook.get_connection("b")\n${operators.replace('{B}', '{b.host}')}`,
        `from airflow import DAG\nfrom airflow.operators.bash import BashOperator\n\nif True:\n    pass\n${fixedOperators('{{ conn.b.host }}')}`,
      ],
      // A fetch, and the import of Variable whose last use another fix takes.
      [
        `from airflow import DAG\nfrom airflow.hooks.base import BaseHook\nfrom airflow.operators.bash import BashOperator\n\nif True:\n    from airflow.models import Variable\n    a = BaseHook.get_connection("a")\n${operators.replace('{B}', "{Variable.get('b')}")}`,
        `from airflow import DAG\nfrom airflow.operators.bash import BashOperator\n\nif True:\n    pass\n${fixedOperators('{{ var.value.b }}')}`,
      ],
    ];
    for (const [text, expected] of cases) {
      const fixes = (await templateFindings(text)).map((finding) => finding.fix!).filter((fix) => fix?.safe);
      assert.equal(fixes.length, 2);
      for (const fix of fixes) assertParses(applyEdits(text, fix.edits));
      // Their edits do not overlap, yet together they would leave `if True:` with no body.
      assert.equal(combineFixes(fixes).applied.length, 2);
      assert.notDeepEqual(
        pythonSyntaxError([
          applyEdits(
            text,
            fixes.flatMap((fix) => fix.edits),
          ),
        ]),
        [null],
      );
      const fixed = await fixAll(text);
      assert.equal(fixed, expected);
      assertParses(fixed);
      assert.equal(await fixAll(fixed), fixed);
    }
  });

  it('works with CRLF line ends', async () => {
    for (const name of ['imports-fix-all', 'imports-parenthesized', 'imports-multi-name']) {
      const { before, after } = pair(name);
      assert.equal(await fixAll(before.replace(/\n/g, '\r\n')), after.replace(/\n/g, '\r\n'), name);
    }
  });
});

/** The text after removing the imports of `names` that nothing uses any more (fix-all's cleanup). */
async function cleaned(text: string, names: string[] = ['Variable'], path = 'dag.py'): Promise<string> {
  const engine = await getEngine();
  const edits = engine.withSource(path, text, (source) => unusedImportRemovals(source, new ImportMap(source), names));
  return applyEdits(text, edits);
}

describe('which imports go, and how', () => {
  const removed: Array<[string, string, string]> = [
    ['a whole statement', 'from airflow.models import Variable\nx = 1\n', 'x = 1\n'],
    ['the first name and its comma', 'from airflow.models import Variable, Pool\nPool\n', 'from airflow.models import Pool\nPool\n'],
    ['a middle name', 'from airflow.models import DAG, Variable, Pool\nDAG, Pool\n', 'from airflow.models import DAG, Pool\nDAG, Pool\n'],
    ['the last name and the comma before it', 'from airflow.models import DAG, Variable\nDAG\n', 'from airflow.models import DAG\nDAG\n'],
    ['an aliased name', 'from airflow.models import DAG, Variable as V\nDAG\n', 'from airflow.models import DAG\nDAG\n'],
    [
      'a name after a backslash continuation',
      'from airflow.models import DAG, \\\n    Variable\nDAG\n',
      'from airflow.models import DAG\nDAG\n',
    ],
    ['a parenthesized name on one line', 'from airflow.models import (DAG, Variable)\nDAG\n', 'from airflow.models import (DAG)\nDAG\n'],
    [
      'the last line of a parenthesized import without a trailing comma',
      'from airflow.models import (\n    DAG,\n    Variable\n)\nDAG\n',
      'from airflow.models import (\n    DAG,\n)\nDAG\n',
    ],
    [
      'the first line of a parenthesized import, with its comment',
      'from airflow.models import (\n    Variable,  # runtime values\n    DAG,\n)\nDAG\n',
      'from airflow.models import (\n    DAG,\n)\nDAG\n',
    ],
    ['a whole parenthesized import', 'from airflow.models import (\n    Variable,\n)\nx = 1\n', 'x = 1\n'],
    ['`import airflow.models as models`', 'import airflow.models as models\nx = 1\n', 'x = 1\n'],
    ['a function-level import', 'def f():\n    from airflow.models import Variable\n    return 1\n', 'def f():\n    return 1\n'],
    [
      "two imports that are a block's only statements: the second becomes `pass`",
      'from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from airflow.models import Variable\n    from airflow.hooks.base import BaseHook\n',
      'from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    pass\n',
    ],
    [
      'the only statement of a block: `pass` keeps it valid',
      'from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from airflow.models import Variable\n',
      'from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    pass\n',
    ],
    [
      'an import whose name only comments, docstrings and other strings mention',
      '"""Reads Variable values."""\nfrom airflow.models import Variable  # for Variable.get\nprint("Variable")\n',
      '"""Reads Variable values."""\nprint("Variable")\n',
    ],
    [
      'an import whose name appears only as an attribute or a keyword',
      'from airflow.models import Variable\nimport models\nmodels.Variable\ndict(Variable=1)\n',
      'import models\nmodels.Variable\ndict(Variable=1)\n',
    ],
    ['an import with a noqa for another code', 'from airflow.models import Variable  # noqa: E501\nx = 1\n', 'x = 1\n'],
    [
      'with CRLF line ends',
      'from airflow.models import (\r\n    DAG,\r\n    Variable,\r\n)\r\nDAG\r\n',
      'from airflow.models import (\r\n    DAG,\r\n)\r\nDAG\r\n',
    ],
  ];
  for (const [what, before, after] of removed) {
    it(`removes ${what}`, async () => {
      const names = before.includes('import airflow.models as models')
        ? ['models']
        : before.includes('Variable as V')
          ? ['V']
          : ['BaseHook', 'Variable'];
      const result = await cleaned(before, names);
      assert.equal(result, after);
      assert.deepEqual(pythonSyntaxError([result]), [null]);
      assert.equal(await cleaned(result, names), result, 'a second cleanup changes nothing');
    });
  }

  const kept: Array<[string, string]> = [
    ['a name still read', 'from airflow.models import Variable\nVariable.set("k", "v")\n'],
    ['a name re-exported through __all__', 'from airflow.models import Variable\n__all__ = ["Variable"]\n'],
    ['a name in an annotation', 'from airflow.models import Variable\ndef f(v: Variable) -> None:\n    pass\n'],
    ['a name in a string annotation', 'from airflow.models import Variable\ndef f(v: "Variable") -> None:\n    pass\n'],
    ['a name inside a string annotation', 'from airflow.models import Variable\nx: "Optional[Variable]" = None\n'],
    [
      'a TYPE_CHECKING import still named in an annotation',
      'from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from airflow.models import Variable\ndef f(v: "Variable") -> None:\n    pass\n',
    ],
    [
      'a name imported twice (the other import may be the one in use)',
      'try:\n    from airflow.sdk import Variable\nexcept ImportError:\n    from airflow.models import Variable\n',
    ],
    ['a name bound again', 'from airflow.models import Variable\nVariable = None\n'],
    ['`import airflow.models` (binds `airflow`, which any airflow.x reads)', 'import airflow.models\nx = 1\n'],
    ['an import from outside Airflow', 'from mycompany.config import Variable\nx = 1\n'],
    ['an import marked noqa', 'from airflow.models import Variable  # noqa\nx = 1\n'],
    ['an import marked noqa: F401', 'from airflow.models import Variable  # noqa: F401 re-exported\nx = 1\n'],
    ['an import sharing its line with other code', 'import os; from airflow.models import Variable\nos\n'],
    ['an import with a syntax error', 'from airflow.models import Variable,,\nx = 1\n'],
    ['a name given to cast() as a string', 'from typing import cast\nfrom airflow.models import Variable\nv = cast("Variable", None)\n'],
  ];
  for (const [what, text] of kept) {
    it(`keeps ${what}`, async () => {
      assert.equal(await cleaned(text, text.startsWith('import airflow') ? ['airflow'] : ['Variable']), text);
    });
  }

  it("keeps every import of a package's __init__.py (its imports are what others import from it)", async () => {
    const text = 'from airflow.models import Variable\nx = 1\n';
    assert.equal(await cleaned(text, ['Variable'], 'dags/common/__init__.py'), text);
    assert.equal(await cleaned(text, ['Variable'], 'file:///work/dags/common/__init__.py'), text);
    assert.equal(await cleaned(text, ['Variable'], 'dags/common/not__init__.py'), 'x = 1\n');
  });
});
