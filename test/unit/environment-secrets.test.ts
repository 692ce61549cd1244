// The environment variable DG101/DG102 name for a value the parse needs: Airflow's
// EnvironmentVariablesBackend reads AIRFLOW_VAR_ + key.upper() and AIRFLOW_CONN_ + conn_id.upper().
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { environmentVariableFor } from '../../server/src/core/airflow/environmentSecrets';
import { analyze } from '../helpers/engine';

describe('environment variables for Variables and connections', () => {
  it('upper-cases the key as Python does for ASCII keys', () => {
    assert.equal(environmentVariableFor('variable', 'regions'), 'AIRFLOW_VAR_REGIONS');
    assert.equal(environmentVariableFor('variable', 'etl.batch-size'), 'AIRFLOW_VAR_ETL.BATCH-SIZE');
    assert.equal(environmentVariableFor('connection', 'warehouse_db'), 'AIRFLOW_CONN_WAREHOUSE_DB');
  });

  it('shows a placeholder for a key that is not a literal or not ASCII', () => {
    assert.equal(environmentVariableFor('variable', null), 'AIRFLOW_VAR_<KEY>');
    assert.equal(environmentVariableFor('variable', 'straße'), 'AIRFLOW_VAR_<KEY>');
    assert.equal(environmentVariableFor('connection', null), 'AIRFLOW_CONN_<CONN_ID>');
  });

  it('is named only when the value shapes the DAG', async () => {
    const text = [
      'from airflow import DAG',
      'from airflow.models import Variable',
      'from airflow.operators.bash import BashOperator',
      'TABLES = Variable.get("tables", deserialize_json=True)',
      'HOST = Variable.get("host")',
      'with DAG("d", schedule=None):',
      '    for table in TABLES:',
      '        BashOperator(task_id=f"load_{table}", bash_command="load " + HOST)',
      '',
    ].join('\n');
    const details = (await analyze(text)).map((finding) => finding.detail ?? '');
    assert.equal(details.length, 2);
    assert.match(details[0], /the loop at line 7\. If it is fixed per deployment, an `AIRFLOW_VAR_TABLES` environment variable/);
    assert.doesNotMatch(details[1], /AIRFLOW_VAR_/);
  });
});
