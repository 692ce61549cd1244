// Reading configuration documents: the airflow.cfg reader (ConfigParser semantics, exact UTF-16
// offsets with CRLF, tabs and non-ASCII), the AIRFLOW__ scanner's values per file syntax, the
// Helm config block, and document kinds by name, language id and content.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readConfigDocument } from '../../server/src/core/config/document';
import { parseIni } from '../../server/src/core/config/ini';
import { documentKind } from '../../server/src/core/documentKind';

describe('airflow.cfg reader', () => {
  it('reads sections, both separators, comments and continuation lines', () => {
    // An indented line after an option continues it, even when it looks like a header.
    const text =
      'top = 1\n[core]\n# comment\n; other comment\nParallelism = 32\nexecutor: CeleryExecutor\nsecret_key =\nlog_format = a\n    b\n    [x]\n[ scheduler ]\nnum_runs=-1';
    const ini = parseIni(text);
    assert.deepEqual(
      ini.sections.map((section) => [section.name, section.line]),
      [
        ['core', 1],
        [' scheduler ', 10],
      ],
    );
    assert.deepEqual(
      ini.options.map((option) => [option.section, option.key, option.value, option.line]),
      [
        [null, 'top', '1', 0],
        ['core', 'parallelism', '32', 4],
        ['core', 'executor', 'CeleryExecutor', 5],
        ['core', 'secret_key', '', 6],
        ['core', 'log_format', 'a\nb\n[x]', 7],
        [' scheduler ', 'num_runs', '-1', 11],
      ],
    );
    const scheduler = ini.sections[1];
    assert.equal(text.slice(scheduler.nameStart, scheduler.nameEnd), ' scheduler ');
  });

  it('gives exact UTF-16 offsets with CRLF, tabs and non-ASCII', () => {
    const text = '[core]\r\n# ünïcödé 🚀\r\n\tdags_folder = /opt/🚀/dags\r\nparallelism = 32\r\n';
    const document = readConfigDocument(text, 'airflow-cfg');
    const [dags, parallelism] = document.settings;
    assert.equal(text.slice(dags.nameStart, dags.nameEnd), 'dags_folder');
    assert.equal(text.slice(dags.valueStart, dags.valueEnd), '/opt/🚀/dags');
    assert.deepEqual(document.lines.rangeOf(dags.valueStart, dags.valueEnd), {
      start: { line: 2, character: 15 },
      end: { line: 2, character: 27 },
    });
    assert.deepEqual(document.lines.rangeOf(parallelism.nameStart, parallelism.nameEnd), {
      start: { line: 3, character: 0 },
      end: { line: 3, character: 11 },
    });
  });

  it('never fails on junk', () => {
    for (const text of ['', '[', ']]]', '= value', '[core', '\n\n\r\r', 'key', '[core]\n  indented first\n=\n:', '\u0000\uffff']) {
      assert.doesNotThrow(() => readConfigDocument(text, 'airflow-cfg'));
    }
  });
});

describe('AIRFLOW__ variables in other files', () => {
  const valuesOf = (text: string, kind: Parameters<typeof readConfigDocument>[1]) =>
    readConfigDocument(text, kind).settings.map((setting) => [
      `${setting.section}.${setting.key}`,
      setting.value,
      setting.value === null ? null : text.slice(setting.valueStart, setting.valueEnd),
    ]);

  it('reads literal values per syntax, and none built from other variables', () => {
    assert.deepEqual(
      valuesOf(
        'AIRFLOW__CORE__PARALLELISM=64\nAIRFLOW__CORE__LOAD_EXAMPLES="False"  # comment\nAIRFLOW__CORE__EXECUTOR=${EXECUTOR}\n',
        'dotenv',
      ),
      [
        ['core.parallelism', '64', '64'],
        ['core.load_examples', 'False', 'False'],
        ['core.executor', null, null],
      ],
    );
    assert.deepEqual(
      valuesOf('environment:\n  AIRFLOW__CORE__PARALLELISM: 64\n  - "AIRFLOW__CORE__LOAD_EXAMPLES=false"\n', 'docker-compose'),
      [
        ['core.parallelism', '64', '64'],
        ['core.load_examples', 'false', 'false'],
      ],
    );
    assert.deepEqual(
      valuesOf(
        'ENV AIRFLOW__CORE__PARALLELISM 8\nENV A=1 AIRFLOW__CORE__LOAD_EXAMPLES=no B=2\nRUN echo $AIRFLOW__CORE__PARALLELISM AIRFLOW__CORE__X y\n',
        'dockerfile',
      ),
      [
        ['core.parallelism', '8', '8'],
        ['core.load_examples', 'no', 'no'],
        ['core.parallelism', null, null],
        ['core.x', null, null],
      ],
    );
    assert.deepEqual(
      valuesOf(
        'env:\n  - name: AIRFLOW__CORE__PARALLELISM\n    value: "8"\n  - name: "AIRFLOW__CORE__LOAD_EXAMPLES"\n    valueFrom: {}\n',
        'kubernetes',
      ),
      [
        ['core.parallelism', '8', '8'],
        ['core.load_examples', null, null],
      ],
    );
    // A name in a comment is no setting.
    assert.deepEqual(valuesOf('# set AIRFLOW__CORE__PARALLELISM=3 for tests\n', 'shell'), []);
  });

  it("reads the Helm chart's config block and nothing outside it", () => {
    const text =
      'config:\n  core:\n    parallelism: 64\n    load_examples: "False"\n  celery:\n    worker_concurrency: 8\nworkers:\n  parallelism: 3\n';
    assert.deepEqual(valuesOf(text, 'helm-values'), [
      ['core.parallelism', '64', '64'],
      ['core.load_examples', 'False', 'False'],
      ['celery.worker_concurrency', '8', '8'],
    ]);
  });
});

describe('document kinds', () => {
  it('by name first, then content, then language id', () => {
    const cases: Array<[string, string | undefined, string | undefined, string]> = [
      ['/x/dags/report.py', undefined, undefined, 'python'],
      ['file:///x/airflow.cfg', 'plaintext', undefined, 'airflow-cfg'],
      ['/x/airflow-prod.cfg', undefined, '[core]\nparallelism = 3\n', 'airflow-cfg'],
      ['/x/setup.cfg', undefined, '[metadata]\nname = x\n', 'other'],
      ['/x/.env', 'plaintext', undefined, 'dotenv'],
      ['/x/prod.env', undefined, undefined, 'dotenv'],
      ['/x/.env.local', undefined, undefined, 'dotenv'],
      ['/x/docker-compose.override.yml', 'yaml', undefined, 'docker-compose'],
      ['/x/compose.yaml', undefined, undefined, 'docker-compose'],
      ['/x/Dockerfile', undefined, undefined, 'dockerfile'],
      ['/x/airflow.Dockerfile', undefined, undefined, 'dockerfile'],
      ['/x/chart/values-prod.yaml', undefined, undefined, 'helm-values'],
      ['/x/entrypoint.sh', undefined, undefined, 'shell'],
      ['/x/k8s/scheduler.yaml', 'yaml', 'apiVersion: v1\nkind: Pod\n', 'kubernetes'],
      ['/x/other.yaml', 'yaml', 'a: 1\n', 'yaml'],
      ['untitled:values.yaml', 'yaml', '', 'helm-values'],
      ['/x/README.md', 'markdown', undefined, 'other'],
    ];
    for (const [path, languageId, text, kind] of cases) assert.equal(documentKind(path, languageId, text), kind, path);
  });
});

describe('config hover, core side', () => {
  it('AIRFLOW_VAR_ and AIRFLOW_CONN_ names say what they define', async () => {
    const { configHover } = await import('../../server/src/core/hover/config');
    const text = 'AIRFLOW_VAR_REGION=eu-west-1\nexport AIRFLOW_CONN_WAREHOUSE=postgres://u@h/db\n';
    const document = readConfigDocument(text, 'dotenv');
    const variable = configHover(document, 3)!;
    assert.deepEqual(variable.range, { start: { line: 0, character: 0 }, end: { line: 0, character: 18 } });
    assert.match(
      variable.markdown,
      /^\*\*Airflow Variable `region`\*\* \(from the environment\)\n\n`Variable\.get\("region"\)` and `\{\{ var\.value\.region \}\}` read it/,
    );
    const connection = configHover(document, text.indexOf('CONN') + 2)!;
    assert.deepEqual(connection.range, { start: { line: 1, character: 7 }, end: { line: 1, character: 29 } });
    assert.match(connection.markdown, /^\*\*Airflow connection `warehouse`\*\*/);
    assert.equal(configHover(document, text.indexOf('eu-west')), null);
  });
});
