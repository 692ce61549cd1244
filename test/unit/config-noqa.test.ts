// The "suppress with # noqa" edit on config findings, as before/after texts: the form each kind of
// file takes without changing a value, the code merged into a noqa that is already there, nothing
// when the noqa covers the code, and no edit where a comment would land inside a value.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { blankMarkers, fixturePath } from '../helpers/engine';
import { analyzeConfigText } from '../../server/src/core/analyzeConfig';
import { readConfigDocument } from '../../server/src/core/config/document';
import type { DocumentKind } from '../../server/src/core/documentKind';
import { configNoqaEdit } from '../../server/src/core/fixes/configNoqa';
import { applyEdits } from '../../server/src/core/syntax/positions';
import { settingsWith } from '../helpers/engine';
import { fixtureDocumentKind, fixtureOptions } from '../helpers/fixtureHeaders';

const CONFIG_FIXTURES = readdirSync(fixturePath('rules'))
  .filter((name) => /^DG5/.test(name))
  .sort();

const findingsOf = (text: string, kind: DocumentKind) => analyzeConfigText(text, kind, { settings: settingsWith(), airflowVersion: null });

/** Suppresses the finding with `code` on `line` (0-based); checks it is gone after and that a second suppression edits nothing. */
function suppress(before: string, kind: DocumentKind, code: string, line: number): string {
  const finding = findingsOf(before, kind).find((candidate) => candidate.code === code && candidate.range.start.line === line);
  assert.ok(finding, `no ${code} on line ${line + 1} of:\n${before}`);
  const edit = configNoqaEdit(readConfigDocument(before, kind), code, line);
  assert.ok(edit, `no noqa edit for ${code} on line ${line + 1}`);
  const after = applyEdits(before, [edit]);
  const left = findingsOf(after, kind).filter((candidate) => candidate.code === code && candidate.message === finding.message);
  assert.deepEqual(left, [], `still reported after the edit:\n${after}`);
  const movedLine = after.split(/\r\n|\r|\n/).length > before.split(/\r\n|\r|\n/).length ? line + 1 : line;
  assert.equal(configNoqaEdit(readConfigDocument(after, kind), code, movedLine), null, `a second edit on:\n${after}`);
  return after;
}

const noEdit = (text: string, kind: DocumentKind, code: string, line: number) => {
  assert.ok(
    findingsOf(text, kind).some((finding) => finding.code === code && finding.range.start.line === line),
    `no ${code} on line ${line + 1}`,
  );
  assert.equal(configNoqaEdit(readConfigDocument(text, kind), code, line), null);
};

describe('config noqa quick fix', () => {
  it('airflow.cfg: a comment line above the key, with its indentation (CRLF kept)', () => {
    assert.equal(suppress('[core]\nparalellism = 128\n', 'airflow-cfg', 'DG502', 1), '[core]\n# noqa: DG502\nparalellism = 128\n');
    assert.equal(
      suppress('[core]\r\n  paralellism = 128\r\n', 'airflow-cfg', 'DG502', 1),
      '[core]\r\n  # noqa: DG502\r\n  paralellism = 128\r\n',
    );
    assert.equal(
      suppress('[sheduler]\nparsing_processes = 4', 'airflow-cfg', 'DG502', 0),
      '# noqa: DG502\n[sheduler]\nparsing_processes = 4',
    );
  });

  it('airflow.cfg: a trailing comment is part of the value, so the line above is used', () => {
    assert.equal(
      suppress('[core]\nparallelism = 32  # noqa: DG504\n', 'airflow-cfg', 'DG504', 1),
      '[core]\n# noqa: DG504\nparallelism = 32  # noqa: DG504\n',
    );
  });

  it('adds the code to the noqa above (# or ;), or to the trailing one', () => {
    assert.equal(
      suppress('[core]\n# noqa: DG501\nparalellism = 128\n', 'airflow-cfg', 'DG502', 2),
      '[core]\n# noqa: DG501, DG502\nparalellism = 128\n',
    );
    assert.equal(
      suppress('[core]\n; noqa:E501\nload_examples = yes\n', 'airflow-cfg', 'DG504', 2),
      '[core]\n; noqa:E501, DG504\nload_examples = yes\n',
    );
    assert.equal(
      suppress('x:\n  AIRFLOW__CORE__PARALELLISM: 64  # noqa: DG501 (old name)\n', 'docker-compose', 'DG502', 1),
      'x:\n  AIRFLOW__CORE__PARALELLISM: 64  # noqa: DG501, DG502 (old name)\n',
    );
    assert.equal(
      suppress('# noqa: DG501\nexport AIRFLOW__CORE__PARALELLISM=3\n', 'shell', 'DG502', 1),
      '# noqa: DG501, DG502\nexport AIRFLOW__CORE__PARALELLISM=3\n',
    );
  });

  it('.env and Dockerfile: the line above (docker run --env-file and ENV keep text after the value)', () => {
    assert.equal(
      suppress('A=1\nAIRFLOW__CORE__PARALELLISM=3\n', 'dotenv', 'DG502', 1),
      'A=1\n# noqa: DG502\nAIRFLOW__CORE__PARALELLISM=3\n',
    );
    assert.equal(
      suppress('FROM apache/airflow:2.10.4\nENV AIRFLOW__CORE__LOAD_EXAMPLES=yes\n', 'dockerfile', 'DG504', 1),
      'FROM apache/airflow:2.10.4\n# noqa: DG504\nENV AIRFLOW__CORE__LOAD_EXAMPLES=yes\n',
    );
    // Docker removes comment lines inside `\` continuations before it runs the instruction.
    assert.equal(
      suppress('FROM x\nENV A=1 \\\n    AIRFLOW__CORE__PARALELLISM=3\n', 'dockerfile', 'DG502', 2),
      'FROM x\nENV A=1 \\\n    # noqa: DG502\n    AIRFLOW__CORE__PARALELLISM=3\n',
    );
  });

  it('YAML and shell: the end of the line, after a comment that is already there', () => {
    assert.equal(
      suppress('services:\n  s:\n    environment:\n      - AIRFLOW__CORE__LOAD_EXAMPLES=yes   \n', 'docker-compose', 'DG504', 3),
      'services:\n  s:\n    environment:\n      - AIRFLOW__CORE__LOAD_EXAMPLES=yes  # noqa: DG504\n',
    );
    assert.equal(
      suppress('config:\n  core:\n    paralellism: 64  # tuned in May\n', 'helm-values', 'DG502', 2),
      'config:\n  core:\n    paralellism: 64  # tuned in May  # noqa: DG502\n',
    );
    assert.equal(
      suppress('export AIRFLOW__CORE__PARALELLISM="3"\n', 'shell', 'DG502', 0),
      'export AIRFLOW__CORE__PARALELLISM="3"  # noqa: DG502\n',
    );
    assert.equal(
      suppress('env:\n  - name: AIRFLOW__CORE__LOAD_EXAMPLES\n    value: "yes"\n', 'kubernetes', 'DG504', 2),
      'env:\n  - name: AIRFLOW__CORE__LOAD_EXAMPLES\n    value: "yes"  # noqa: DG504\n',
    );
  });

  it('shell: a line continued with `\\` takes the noqa on the line above, unless that line is continued too', () => {
    const text = 'docker run -e AIRFLOW__CORE__LOAD_EXAMPLES=yes \\\n  -e AIRFLOW__CORE__PARALELLISM=4 \\\n  image\n';
    assert.equal(suppress(text, 'shell', 'DG504', 0), `# noqa: DG504\n${text}`);
    noEdit(text, 'shell', 'DG502', 1);
  });

  it('nothing inside a heredoc, a YAML block scalar or a multi-line string', () => {
    noEdit('cat > .env <<-EOF\nAIRFLOW__CORE__PARALELLISM=5\nEOF\n', 'shell', 'DG502', 1);
    noEdit('x:\n  command:\n    - |\n      export AIRFLOW__CORE__PARALELLISM=3\n', 'docker-compose', 'DG502', 3);
    noEdit('x: "abc\n  AIRFLOW__CORE__PARALELLISM=3 def"\n', 'yaml', 'DG502', 1);
    noEdit('FROM x\nRUN <<EOF\nexport AIRFLOW__CORE__PARALELLISM=3\nEOF\n', 'dockerfile', 'DG502', 2);
  });

  it('after a heredoc or a block scalar, lines take comments again', () => {
    assert.equal(
      suppress('cat > .env <<EOF\nA=1\nEOF\nexport AIRFLOW__CORE__PARALELLISM=3\n', 'shell', 'DG502', 3),
      'cat > .env <<EOF\nA=1\nEOF\nexport AIRFLOW__CORE__PARALELLISM=3  # noqa: DG502\n',
    );
    assert.equal(
      suppress(
        'x:\n  command: >\n    airflow scheduler\n  environment:\n    AIRFLOW__CORE__PARALELLISM: 3\n',
        'docker-compose',
        'DG502',
        4,
      ),
      'x:\n  command: >\n    airflow scheduler\n  environment:\n    AIRFLOW__CORE__PARALELLISM: 3  # noqa: DG502\n',
    );
  });

  it('nothing when a noqa already covers the code (bare or listed, above or trailing)', () => {
    assert.equal(configNoqaEdit(readConfigDocument('[core]\n# noqa\nparalellism = 1\n', 'airflow-cfg'), 'DG502', 2), null);
    assert.equal(configNoqaEdit(readConfigDocument('AIRFLOW__CORE__PARALELLISM=3 # noqa: DG502\n', 'dotenv'), 'DG502', 0), null);
    assert.equal(configNoqaEdit(readConfigDocument('[core]\nparalellism = 1\n', 'airflow-cfg'), 'DG502', 7), null);
  });

  // The comment must never change what a file sets: every other finding stays exactly as it was.
  for (const name of CONFIG_FIXTURES) {
    it(`${name} (LF and CRLF): each edit silences its finding and changes no other`, () => {
      const raw = blankMarkers(readFileSync(fixturePath('rules', name), 'utf8'));
      const kind = fixtureDocumentKind(name, raw);
      const { airflowVersion } = fixtureOptions(name, raw);
      for (const text of [raw, raw.replace(/\n/g, '\r\n')]) {
        const findings = analyzeConfigText(text, kind, { settings: settingsWith(), airflowVersion });
        const described = (list: typeof findings) => list.map((finding) => `${finding.code} ${finding.message}`).sort();
        for (const finding of findings) {
          const edit = configNoqaEdit(readConfigDocument(text, kind), finding.code, finding.range.start.line);
          if (!edit) continue;
          const after = analyzeConfigText(applyEdits(text, [edit]), kind, { settings: settingsWith(), airflowVersion });
          const expected = described(findings);
          expected.splice(expected.indexOf(`${finding.code} ${finding.message}`), 1);
          assert.deepEqual(described(after), expected, `${finding.code} on line ${finding.range.start.line + 1}`);
        }
      }
    });
  }
});
