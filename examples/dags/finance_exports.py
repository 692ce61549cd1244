"""Nightly finance exports. Their settings come from a helper module shared with other DAGs."""
import pendulum
from airflow import DAG
from airflow.operators.bash import BashOperator

from common.export_settings import export_settings

settings = export_settings("finance")

with DAG(
    dag_id="finance_exports",
    start_date=pendulum.datetime(2025, 1, 1, tz="UTC"),
    schedule="@daily",
    catchup=False,
    tags=["finance"],
) as dag:
    BashOperator(
        task_id="export_ledger",
        bash_command=f"export_ledger.sh s3://{settings['bucket']}/{settings['prefix']}/{{{{ ds }}}}",
    )
