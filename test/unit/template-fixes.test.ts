// The Jinja template fixes of DG101 and DG102, judged by the text they produce:
// - every test/fixtures/fixes/templates/NAME.before.py, fixed with fix-all, equals NAME.after.py, and what
//   is left unfixed is what the fixture marks (`# DG101 Fix: ...; not marked safe, ...`);
// - fixing twice equals fixing once; each safe fix applied on its own still gives valid Python;
// - every fixed text parses without new tree-sitter errors, and with python3's ast where it exists;
// - the refusal fixtures (rules/DG10x-refusals.py) are left as they are by fix-all.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import type { AnalysisOptions } from '../../server/src/core/analyze';
import { applySafeFixes, wholeTextEdit } from '../../server/src/core/fixes/fixAll';
import { dg101 } from '../../server/src/core/rules/python/dg101-variable-get-at-parse-time';
import { dg102 } from '../../server/src/core/rules/python/dg102-connection-at-parse-time';
import type { Finding } from '../../server/src/core/findings';
import { applyEdits } from '../../server/src/core/syntax/positions';
import { readOperatorClasses, type OperatorClassSpec } from '../../server/src/core/templating/operatorClassReader';
import { expectedMarkers, fixturePath, getEngine, readFixture, settingsWith } from '../helpers/engine';
import { fixtureOptions } from '../helpers/fixtureHeaders';
import { pythonSyntaxErrors } from '../helpers/pythonChecker';
import { said } from '../helpers/said';

const HAS_PYTHON = spawnSync('python3', ['--version']).status === 0;

/** The analysis options a text's fixture header asks for (test/helpers/fixtureHeaders.ts), analysed as dag.py. */
function optionsFor(text: string, extra: Partial<AnalysisOptions> = {}): AnalysisOptions {
  const { path: _path, ...headers } = fixtureOptions('dag.py', text);
  return { settings: settingsWith(), ...headers, airflowVersion: headers.airflowVersion, ...extra };
}

async function fixAll(text: string, extra: Partial<AnalysisOptions> = {}): Promise<string> {
  const engine = await getEngine();
  return applySafeFixes(
    text,
    (current) => engine.analyzeText('dag.py', current, optionsFor(text, extra)),
    (current, use) => engine.withSource('dag.py', current, use),
  ).text;
}

async function findings(text: string, extra: Partial<AnalysisOptions> = {}): Promise<Finding[]> {
  return (await getEngine()).analyzeText('dag.py', text, optionsFor(text, extra));
}

async function syntaxErrors(text: string): Promise<number> {
  return (await getEngine()).withSource(
    'dag.py',
    text,
    (source) => source.root.descendantsOfType(['ERROR']).length + (source.root.hasError ? 1 : 0),
  );
}

/** python3's ast as a second judge, for many texts in one process: the texts it rejects, with why. */
function pythonRejects(texts: ReadonlyArray<{ what: string; text: string }>): string[] {
  if (!HAS_PYTHON || texts.length === 0) return [];
  const errors = pythonSyntaxErrors(texts.map((item) => item.text));
  return texts.flatMap((item, index) => (errors[index] === null ? [] : [`${item.what}: ${errors[index]}`]));
}

function assertPythonParses(text: string, what: string): void {
  assert.deepEqual(pythonRejects([{ what, text }]), []);
}

async function assertValidFix(before: string, after: string, what: string): Promise<void> {
  assert.ok((await syntaxErrors(after)) <= (await syntaxErrors(before)), `${what}: the fix added tree-sitter errors`);
  assertPythonParses(after, what);
}

const pairs = readdirSync(fixturePath('fixes', 'templates'))
  .filter((name) => name.endsWith('.before.py'))
  .sort();

describe('template fixes: before/after pairs', () => {
  for (const name of pairs) {
    it(name.replace('.before.py', ''), async () => {
      const before = readFixture('fixes', 'templates', name);
      const expected = readFixture('fixes', 'templates', name.replace('.before.py', '.after.py'));
      const after = await fixAll(before);
      assert.equal(after, expected);
      assert.equal(await fixAll(after), after, 'fixing twice changes more than fixing once');
      await assertValidFix(before, after, name);
      // What is left is exactly what the fixture marks (`# DG101 Fix: ...; not marked safe, ...`), with that message.
      const left = (await findings(after)).filter((finding) => finding.code === 'DG101' || finding.code === 'DG102');
      const markers = expectedMarkers(after);
      assert.deepEqual(
        left.map((finding) => `${finding.range.start.line + 1}: ${finding.code}`),
        markers.map((marker) => `${marker.line + 1}: ${marker.code}`),
      );
      for (const [index, marker] of markers.entries())
        assert.ok(said(left[index]).includes(marker.fragment ?? ''), `${said(left[index])} lacks ${marker.fragment}`);
    });
  }

  it('each fix applied on its own gives valid Python', async () => {
    const fixed: Array<{ what: string; text: string }> = [];
    for (const name of pairs) {
      const before = readFixture('fixes', 'templates', name);
      for (const finding of await findings(before)) {
        for (const fix of [finding.fix, ...(finding.alternatives ?? [])]) {
          if (!fix) continue;
          const what = `${name} line ${finding.range.start.line + 1}: ${fix.title}`;
          const after = applyEdits(before, fix.edits);
          assert.ok((await syntaxErrors(after)) <= (await syntaxErrors(before)), `${what}: the fix added tree-sitter errors`);
          assert.equal(fix.preferred ?? false, fix.safe, `${what}: a template fix is preferred exactly when it is safe`);
          fixed.push({ what, text: after });
        }
      }
    }
    assert.ok(fixed.length > 40, `only ${fixed.length} fixes were tried`);
    assert.deepEqual(pythonRejects(fixed), []);
  });
});

describe('template fixes: refusals and rule fixtures', () => {
  const ruleFixtures = readdirSync(fixturePath('rules'))
    .filter((name) => /^DG10[12].*\.py$/.test(name))
    .sort();
  for (const name of ruleFixtures) {
    it(`${name}: fix-all is idempotent and keeps the file valid`, async () => {
      const before = readFixture('rules', name);
      const after = await fixAll(before);
      if (name.includes('refusals') || name.includes('native')) assert.equal(after, before, 'a refusal fixture must stay as it is');
      assert.equal(await fixAll(after), after);
      await assertValidFix(before, after, name);
    });
  }

  const examples = path.join(__dirname, '..', '..', 'examples', 'dags');
  for (const name of readdirSync(examples)
    .filter((file) => file.endsWith('.py'))
    .sort()) {
    it(`examples/dags/${name}: the template fixes are idempotent and keep the file valid`, async () => {
      const before = readFileSync(path.join(examples, name), 'utf8');
      const rules = { rules: [dg101, dg102] };
      const after = await fixAll(before, rules);
      assert.equal(await fixAll(after, rules), after);
      await assertValidFix(before, after, name);
    });
  }

  it('the incident example: the account, region and cluster move into templates, the image f-string stays', async () => {
    const before = readFileSync(path.join(examples, 'team_batch_factory.py'), 'utf8');
    const after = await fixAll(before, { rules: [dg101] });
    const changed = after.split('\n').filter((line, index) => line !== before.split('\n')[index]);
    assert.deepEqual(changed, [
      'account = "{{ var.value.aws_account_id }}"',
      "region = \"{{ var.value.get('aws_region', 'eu-west-1') }}\"",
      'cluster = "{{ var.value.batch_eks_cluster }}"',
    ]);
    assert.match(after, /image=f"\{account\}\.dkr\.ecr\.\{region\}\.amazonaws\.com\/batch:1"/);
  });

  it('offers the JSON subscript rewrite only as an unsafe fix, with its conditions', async () => {
    const text = readFixture('rules', 'DG101-refusals.py');
    const finding = (await findings(text)).find((candidate) => candidate.message.includes('Variable.get("cfg")'));
    assert.equal(finding?.alternatives?.length ?? 0, 0);
    assert.equal(finding?.fix?.safe, false);
    assert.equal(finding?.fix?.condition, 'if the JSON value is a string, if the value does not end in `.sh` or `.bash`');
    assert.equal(
      applyEdits(text, finding!.fix!.edits).split('\n')[46],
      '    BashOperator(task_id="json_key", bash_command="{{ var.json.cfg.cmd }}")  # DG101 Fix: the Jinja template, Airflow\'s recommended form; not marked safe, since it differs when the JSON value is not a string, which a template renders as text',
    );
    assert.equal(
      finding!.fix!.title,
      'Use Jinja template {{ var.json.cfg.cmd }} (if the JSON value is a string, if the value does not end in `.sh` or `.bash`)',
    );
  });
});

describe('template fixes on awkward text', () => {
  it('keeps CRLF line ends, and deletes a CRLF line whole', async () => {
    for (const name of ['variable-names', 'connection']) {
      const before = readFixture('fixes', 'templates', `${name}.before.py`).replace(/\n/g, '\r\n');
      const expected = readFixture('fixes', 'templates', `${name}.after.py`).replace(/\n/g, '\r\n');
      assert.equal(await fixAll(before), expected, name);
    }
  });

  it('counts columns in UTF-16 units around non-ASCII text', async () => {
    const text =
      'from airflow import DAG\nfrom airflow.models import Variable\nfrom airflow.operators.bash import BashOperator\n\nwith DAG("café"):\n    BashOperator(task_id="café_😀", bash_command=f"echo 😀 {Variable.get(\'grüße\')} {{{{ ds }}}}")\n';
    const after = await fixAll(text);
    // The fix takes the last use of Variable, so its import goes too.
    assert.equal(
      after,
      `from airflow import DAG\nfrom airflow.operators.bash import BashOperator\n\nwith DAG("café"):\n    BashOperator(task_id="café_😀", bash_command="echo 😀 {{ var.value.get('grüße') }} {{ ds }}")\n`,
    );
  });

  it('reads a key written with escapes as Python does, and writes it back escaped for Jinja', async () => {
    const text = String.raw`from airflow import DAG
from airflow.models import Variable
from airflow.operators.python import PythonOperator

with DAG("escapes"):
    PythonOperator(task_id="a", python_callable=print, op_kwargs={"team": Variable.get("team\x2da")})
    PythonOperator(task_id="b", python_callable=print, op_kwargs={"owner": Variable.get('it\'s')})
    PythonOperator(task_id="c", python_callable=print, op_kwargs={"dir": Variable.get("C:\\jobs")})
`;
    const after = await fixAll(text);
    assert.equal(
      after.slice(after.indexOf('with DAG')),
      String.raw`with DAG("escapes"):
    PythonOperator(task_id="a", python_callable=print, op_kwargs={"team": "{{ var.value.get('team-a') }}"})
    PythonOperator(task_id="b", python_callable=print, op_kwargs={"owner": "{{ var.value.get('it\\'s') }}"})
    PythonOperator(task_id="c", python_callable=print, op_kwargs={"dir": "{{ var.value.get('C:\\\\jobs') }}"})
`,
    );
  });

  it('offers no fix in a statement with a syntax error', async () => {
    const text =
      'from airflow import DAG\nfrom airflow.models import Variable\nfrom airflow.operators.bash import BashOperator\n\nwith DAG("broken"):\n    BashOperator(task_id="t", bash_command=Variable.get("k"), retries=)\n';
    const [finding] = await findings(text);
    assert.equal(finding.fix, null);
    assert.match(said(finding), /No fix: line 6 is inside a syntax error\.$/);
  });
});

describe('fix-all as one edit', () => {
  it('covers only the changed span, never splitting a surrogate pair or a CRLF', () => {
    const cases: Array<[string, string]> = [
      ['a = Variable.get("k")\r\nb = 1\r\n', 'a = "{{ var.value.k }}"\r\nb = 1\r\n'],
      ['x = "😀"\n', 'x = "😃"\n'],
      ['a\r\nb\r\n', 'a\r\n\r\nb\r\n'],
      ['same', 'same'],
      ['', 'new'],
    ];
    for (const [before, after] of cases) {
      const edit = wholeTextEdit(before, after);
      assert.equal(applyEdits(before, [edit]), after);
      assert.ok(!/^[\udc00-\udfff]/.test(edit.newText) && !/[\ud800-\udbff]$/.test(edit.newText), JSON.stringify(edit));
    }
    assert.deepEqual(wholeTextEdit('a = Variable.get("k")\nb = 1\n', 'a = "{{ var.value.k }}"\nb = 1\n'), {
      range: { start: { line: 0, character: 4 }, end: { line: 0, character: 21 } },
      newText: '"{{ var.value.k }}"',
    });
  });
});

describe('template fields of project operator classes', () => {
  const plugin = [
    'from airflow.models import BaseOperator',
    'from airflow.providers.cncf.kubernetes.operators.pod import KubernetesPodOperator',
    '',
    'class ReportOperator(BaseOperator):',
    '    template_fields = ["title", "recipients"]',
    '',
    'class TeamReportOperator(ReportOperator):',
    '    template_fields = ReportOperator.template_fields + ("team",)',
    '',
    'class TeamPod(KubernetesPodOperator):',
    '    pass',
    '',
    'class Unreadable(BaseOperator):',
    '    template_fields = compute_fields()',
  ].join('\n');
  const dag = [
    'from airflow import DAG',
    'from airflow.models import Variable',
    'from company.operators import ReportOperator, TeamReportOperator, TeamPod, Unreadable',
    '',
    'with DAG("reports", schedule=None):',
    '    ReportOperator(task_id="a", title=Variable.get("title"))',
    '    TeamReportOperator(task_id="b", team=Variable.get("team"))',
    '    TeamPod(task_id="c", name="c", image=f"{Variable.get(\'registry\')}/app:1")',
    '    Unreadable(task_id="d", title=Variable.get("unreadable"))',
    '    ReportOperator(task_id="e", title="x", retries=Variable.get("retries"))',
    '',
  ].join('\n');

  it('reads template_fields: lists, `Parent.template_fields + (...)`, inheritance, unreadable values', async () => {
    const specs = (await getEngine()).withSource('plugins/operators.py', plugin, readOperatorClasses);
    assert.deepEqual(specs, [
      { name: 'ReportOperator', bases: ['BaseOperator'], fields: ['title', 'recipients'], spliced: [], unreadable: false },
      { name: 'TeamReportOperator', bases: ['ReportOperator'], fields: ['team'], spliced: ['ReportOperator'], unreadable: false },
      { name: 'TeamPod', bases: ['KubernetesPodOperator'], fields: null, spliced: [], unreadable: false },
      { name: 'Unreadable', bases: ['BaseOperator'], fields: [], spliced: [], unreadable: true },
    ]);
  });

  it('fixes calls of project operators passed through AnalysisOptions.operatorClasses', async () => {
    const operatorClasses: OperatorClassSpec[] = (await getEngine()).withSource('plugins/operators.py', plugin, readOperatorClasses);
    const messages = (await findings(dag, { operatorClasses })).map(
      (finding) => `${finding.range.start.line + 1}: ${finding.fix?.safe ? 'fix' : said(finding).replace(/.*\. /, '')}`,
    );
    assert.deepEqual(messages, [
      '6: fix',
      '7: fix',
      '8: fix',
      '9: No fix: the template_fields of Unreadable (line 9) are unknown.',
      '10: No fix: `retries` is not a templated field of ReportOperator (line 10).',
    ]);
    const withoutIndex = await findings(dag);
    assert.ok(
      withoutIndex.every((finding) => finding.fix === null && /template_fields of \w+ \(line \d+\) are unknown/.test(said(finding))),
    );
  });
});
