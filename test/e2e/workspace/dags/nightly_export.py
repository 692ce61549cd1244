"""Nightly export of the warehouse tables to the team's bucket.

The task's arguments read the bucket from a Variable at every parse, a database query each time;
a Jinja template reads it when the task runs instead (DAG Guard's safe fix, applied by fix all).
"""
from datetime import datetime

from airflow import DAG
from airflow.models import Variable
from airflow.operators.python import PythonOperator


def export(bucket: str) -> None:
    print(f"exporting to {bucket}")


with DAG(dag_id="nightly_export", schedule="@daily", start_date=datetime(2024, 1, 1), catchup=False) as dag:
    PythonOperator(task_id="export", python_callable=export, op_args=[Variable.get("EXPORT_BUCKET")])
