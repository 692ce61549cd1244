// The Jinja reader (server/src/core/jinja/) against Jinja2 itself: every template below is read by
// both, and both must agree on whether Jinja refuses it and on the line of the error. Jinja2 runs
// through python3 with the environment Airflow builds (jinja2.ext.do, Airflow's five filters);
// the comparison is skipped where python3 has no jinja2. The columns are DAG Guard's own (Jinja
// reports lines only) and are pinned by the cases at the end.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { readTemplate } from '../../server/src/core/jinja/parser';
import { templateProblems } from '../../server/src/core/jinja/problems';

const ACCEPTED = [
  '{{ ds }}',
  'run.sh {{ ds }} {{ ds_nodash }}',
  '{{ var.value.env }}/{{ var.json.cfg.bucket }}',
  '{{ var.value.get("my.key", "fallback") }}',
  '{{ conn.my_db.host }}:{{ conn.my_db.port }}',
  '{{ macros.ds_add(ds, 7) }}',
  '{{ data_interval_end | ds }}',
  '{{ logical_date.strftime("%Y/%m/%d") }}',
  '{{ ti.xcom_pull(task_ids="extract", key="rows") | tojson }}',
  '{{ params.table ~ "_staging" }}',
  '{{ (logical_date - macros.timedelta(days=1)) | ds_nodash }}',
  '{% if params.full %}FULL{% else %}DELTA{% endif %}',
  '{% if a %}x{% elif b %}y{% endif %}',
  '{% for t in params.tables %}{{ t }}{% if not loop.last %},{% endif %}{% endfor %}',
  '{% for k, v in params.items() %}{{ k }}={{ v }} {% else %}none{% endfor %}',
  '{% set day = ds %}{{ day }}',
  '{% set x %}block{% endset %}{{ x }}',
  '{% macro q(name, default="x") %}"{{ name }}"{% endmacro %}{{ q("a") }}',
  '{% raw %}{{ not rendered {% if %}{% endraw %}',
  '{# a comment {{ x }} #}{{ ds }}',
  '{%- if x -%} a {%- endif -%}',
  '{{- ds -}}',
  '{% do params.update({"a": 1}) %}',
  '{{ [1, 2, 3][1:] }}',
  '{{ {"a": 1}["a"] }}',
  '{{ x if y else z }}',
  '{{ a is defined and b is not none }}',
  '{{ a is divisibleby 3 }}',
  '{{ "%s-%s" | format(a, b) }}',
  '{{ a not in b }}',
  '{% with x = 1 %}{{ x }}{% endwith %}',
  '{% filter upper %}text{% endfilter %}',
  '{{ 1_000 + 0x1F + 1.5e3 }}',
  'echo {{ ds }} # not a comment }}',
  "SELECT * FROM t WHERE d = '{{ ds }}'",
  'plain text with } and { and %}',
  '{{ ns.x }}{% set ns = namespace(x=1) %}{% set ns.x = 2 %}',
  '{% call m() %}body{% endcall %}',
  '{{ a.0 }}',
  '{{ f(*args, **kwargs) }}',
];

const REFUSED = [
  '{{ ds }',
  '{{ ds',
  '{{ }}',
  '{{ ds | }}',
  '{{ ds | nodash }}',
  '{{ ds | ds_nodahs }}',
  '{% if params.full %}FULL',
  '{% if x %}a{% endfor %}',
  '{% for x in y %}a{% endif %}',
  '{% endif %}',
  '{% fi x %}',
  '{% if %}a{% endif %}',
  '{{ a is odd2 }}',
  '{# unclosed',
  '{% raw %} unclosed',
  '{{ (a }}',
  '{{ a) }}',
  '{{ a ! b }}',
  '{% set 1 = 2 %}',
  '{% for in x %}{% endfor %}',
  'line one\n{{ ds }}\n{% if x %}\nline four',
  '{{ f(a=1, 2) }}',
  '{% macro m(a=1, b) %}{% endmacro %}',
  '{{ a.( }}',
  '{% set x = %}',
  '{{ a is b is c }}',
  '{% block my-block %}{% endblock %}',
];

const JINJA_SCRIPT = `
import json, sys
try:
    import jinja2
except ImportError:
    print("null"); sys.exit(0)
env = jinja2.Environment(extensions=["jinja2.ext.do"])
env.filters.update({name: (lambda v: v) for name in ["ds", "ds_nodash", "ts", "ts_nodash", "ts_nodash_with_tz"]})
out = []
for text in json.load(sys.stdin):
    try:
        env.from_string(text)
        out.append(None)
    except jinja2.TemplateSyntaxError as error:
        out.append({"line": error.lineno, "message": error.message})
print(json.dumps(out))
`;

function jinja2Verdicts(templates: string[]): Array<{ line: number; message: string } | null> | null {
  const result = spawnSync('python3', ['-c', JINJA_SCRIPT], { input: JSON.stringify(templates), encoding: 'utf8' });
  if (result.status !== 0) return null;
  return JSON.parse(result.stdout);
}

function ours(text: string): { line: number; message: string } | null {
  const [problem] = templateProblems(readTemplate(text), { extraFilters: false });
  return problem ? { line: text.slice(0, problem.start).split('\n').length, message: problem.message } : null;
}

describe('Jinja reader agrees with Jinja2', () => {
  const templates = [...ACCEPTED, ...REFUSED];
  const verdicts = jinja2Verdicts(templates);

  it('accepts what Jinja2 accepts and refuses what it refuses (our own lists)', () => {
    for (const text of ACCEPTED) assert.equal(ours(text), null, `refused: ${text}`);
    for (const text of REFUSED) assert.notEqual(ours(text), null, `accepted: ${text}`);
  });

  it('gives the verdict and line Jinja2 gives', { skip: verdicts === null ? 'python3 has no jinja2' : false }, () => {
    templates.forEach((text, index) => {
      const theirs = verdicts![index];
      const mine = ours(text);
      assert.equal(
        mine === null,
        theirs === null,
        `${JSON.stringify(text)}: Jinja2 says ${theirs ? theirs.message : 'fine'}, DAG Guard ${mine ? mine.message : 'fine'}`,
      );
      if (theirs && mine) assert.equal(mine.line, theirs.line, `${JSON.stringify(text)}: line (Jinja2: ${theirs.message})`);
    });
  });
});

describe('Jinja reader: where the error is', () => {
  const at = (text: string) => {
    const [problem] = templateProblems(readTemplate(text), { extraFilters: false });
    return problem ? text.slice(problem.start, problem.end) + '@' + problem.start : null;
  };
  it('points at the unknown filter, with a guess', () => {
    assert.equal(at('x {{ ds | ds_nodahs }}'), 'ds_nodahs@10');
    assert.match(templateProblems(readTemplate('{{ ds | ds_nodahs }}'), { extraFilters: false })[0].message, /did you mean `ds_nodash`/);
  });
  it('points at the opening of an unclosed block', () => {
    assert.equal(at('a {% if x %}b'), 'if@5');
  });
  it('points at a stray `}`', () => {
    assert.equal(at('{{ ds }'), '}@6');
  });
  it('points at the end tag that closes the wrong block', () => {
    assert.equal(at('{% if x %}a{% endfor %}'), 'endfor@14');
  });
  it('knows no filter when the DAG adds its own', () => {
    assert.deepEqual(templateProblems(readTemplate('{{ ds | mine }}'), { extraFilters: true }), []);
  });
});

describe('Jinja reader: robustness', () => {
  it('gives up, without throwing, on nesting deeper than the stack', () => {
    const reading = readTemplate(`{{ ${'('.repeat(20000)}1${')'.repeat(20000)} }}`);
    assert.equal(reading.error, null);
    assert.equal(reading.opaque, true);
  });
});
