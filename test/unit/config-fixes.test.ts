// The config rules' fixes as before/after texts: applying the fix removes the finding, adds no
// other, and leaves nothing more to fix (idempotent). None is safe: each changes what Airflow reads.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeConfigText } from '../../server/src/core/analyzeConfig';
import type { DocumentKind } from '../../server/src/core/documentKind';
import { applyEdits } from '../../server/src/core/syntax/positions';
import { settingsWith } from '../helpers/engine';

function fixOnce(text: string, kind: DocumentKind, code: string, airflowVersion: 2 | 3 | null = null): string {
  const findings = analyzeConfigText(text, kind, { settings: settingsWith(), airflowVersion }).filter((finding) => finding.code === code);
  assert.equal(findings.length, 1, `expected one ${code} in:\n${text}\ngot ${JSON.stringify(findings)}`);
  const fix = findings[0].fix;
  assert.ok(fix, `${code} has no fix`);
  assert.equal(fix.safe, false);
  const after = applyEdits(text, fix.edits);
  const left = analyzeConfigText(after, kind, { settings: settingsWith(), airflowVersion });
  assert.deepEqual(
    left.map((finding) => `${finding.code} ${finding.message}`),
    [],
    `findings after the fix:\n${after}`,
  );
  return after;
}

const cfg = (...lines: string[]) => lines.join('\n');

describe('config fixes', () => {
  it('DG501 moves an option under its existing new section', () => {
    const before = cfg(
      '[core]',
      'sql_alchemy_conn = postgresql://db',
      'parallelism = 32',
      '',
      '[database]',
      'sql_alchemy_pool_size = 5',
      '',
    );
    assert.equal(
      fixOnce(before, 'airflow-cfg', 'DG501'),
      cfg('[core]', 'parallelism = 32', '', '[database]', 'sql_alchemy_conn = postgresql://db', 'sql_alchemy_pool_size = 5', ''),
    );
  });

  it('DG501 adds the new section when the file lacks it (CRLF kept)', () => {
    const before = '[scheduler]\r\ndag_dir_list_interval = 600\r\nnum_runs = -1\r\n';
    assert.equal(
      fixOnce(before, 'airflow-cfg', 'DG501', 3),
      '[scheduler]\r\nnum_runs = -1\r\n\r\n[dag_processor]\r\nrefresh_interval = 600\r\n',
    );
  });

  it('DG501 deletes the old line when the new name is set too (airflow.cfg and .env), and a key Airflow 3 removed', () => {
    assert.equal(
      fixOnce(cfg('[core]', 'dag_concurrency = 8', 'max_active_tasks_per_dag = 16', ''), 'airflow-cfg', 'DG501'),
      cfg('[core]', 'max_active_tasks_per_dag = 16', ''),
    );
    assert.equal(
      fixOnce('AIRFLOW__CORE__DAG_CONCURRENCY=8\nAIRFLOW__CORE__MAX_ACTIVE_TASKS_PER_DAG=16\n', 'dotenv', 'DG501'),
      'AIRFLOW__CORE__MAX_ACTIVE_TASKS_PER_DAG=16\n',
    );
    assert.equal(
      fixOnce(cfg('[core]', 'check_slas = False', 'parallelism = 8'), 'airflow-cfg', 'DG501', 3),
      cfg('[core]', 'parallelism = 8'),
    );
    // In a compose file the variable shares its block with others: no line deletion offered.
    const compose = [
      'services:',
      '  scheduler:',
      '    environment:',
      '      AIRFLOW__CORE__DAG_CONCURRENCY: 8',
      '      AIRFLOW__CORE__MAX_ACTIVE_TASKS_PER_DAG: 16',
      '',
    ].join('\n');
    const [finding] = analyzeConfigText(compose, 'docker-compose', { settings: settingsWith(), airflowVersion: null }).filter(
      (candidate) => candidate.code === 'DG501',
    );
    assert.equal(finding.message, 'AIRFLOW__CORE__DAG_CONCURRENCY is ignored: its new name is also set.');
    assert.equal(finding.detail, 'AIRFLOW__CORE__MAX_ACTIVE_TASKS_PER_DAG is also set and wins. Airflow 2.2 renamed it; delete this line.');
    assert.equal(finding.fix, null);
  });

  it('DG501 renames in place within a section, and renames environment variables', () => {
    assert.equal(fixOnce(cfg('[core]', 'dag_concurrency = 8'), 'airflow-cfg', 'DG501'), cfg('[core]', 'max_active_tasks_per_dag = 8'));
    assert.equal(fixOnce('AIRFLOW__SCHEDULER__MAX_THREADS=4\n', 'dotenv', 'DG501'), 'AIRFLOW__SCHEDULER__PARSING_PROCESSES=4\n');
    assert.equal(
      fixOnce('ENV AIRFLOW__CORE__SQL_ALCHEMY_CONN_CMD="cat /db"\n', 'dockerfile', 'DG501'),
      'ENV AIRFLOW__DATABASE__SQL_ALCHEMY_CONN_CMD="cat /db"\n',
    );
  });

  it('DG501 removes the old line when the new name is already set', () => {
    const before = cfg('[core]', 'dag_concurrency = 8', 'max_active_tasks_per_dag = 8', '');
    assert.equal(fixOnce(before, 'airflow-cfg', 'DG501'), cfg('[core]', 'max_active_tasks_per_dag = 8', ''));
  });

  it('DG502 renames a misspelt key, variable or section', () => {
    assert.equal(fixOnce(cfg('[core]', 'paralellism = 8'), 'airflow-cfg', 'DG502'), cfg('[core]', 'parallelism = 8'));
    assert.equal(fixOnce('AIRFLOW__CORE__PARALELLISM: 8\n', 'docker-compose', 'DG502'), 'AIRFLOW__CORE__PARALLELISM: 8\n');
    assert.equal(fixOnce(cfg('[Core]', 'parallelism = 8'), 'airflow-cfg', 'DG502'), cfg('[core]', 'parallelism = 8'));
  });

  it('DG504 writes yes/no/on/off as True/False', () => {
    assert.equal(fixOnce(cfg('[core]', 'load_examples = no'), 'airflow-cfg', 'DG504'), cfg('[core]', 'load_examples = False'));
    assert.equal(
      fixOnce('export AIRFLOW__LOGGING__REMOTE_LOGGING=on\n', 'shell', 'DG504'),
      'export AIRFLOW__LOGGING__REMOTE_LOGGING=True\n',
    );
  });
});
