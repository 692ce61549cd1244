"""Nightly exports of marketing data, one DAG per region.

Shows DG101: the Variable reads below run every time Airflow parses this file, once per
region for the ones inside the factory.
"""
from datetime import timedelta

import pendulum
from airflow import DAG
from airflow.models import Variable
from airflow.operators.bash import BashOperator
from airflow.operators.python import PythonOperator

EXPORT_BUCKET = Variable.get("marketing_export_bucket")
REGIONS = ["emea", "amer", "apac"]


def notify_on_failure(context):
    # Runs when a task fails, in the worker: reading a Variable here is fine.
    webhook = Variable.get("marketing_alerts_webhook")
    print(f"would post {context['task_instance'].task_id} to {webhook}")


def export_region(region):
    # A python_callable runs when the task runs, not at parse time.
    limit = int(Variable.get("marketing_export_row_limit", default_var="100000"))
    print(f"exporting {limit} rows for {region}")


def build_export_dag(region):
    owner = Variable.get(f"marketing_owner_{region}")
    with DAG(
        dag_id=f"marketing_export_{region}",
        schedule="0 3 * * *",
        start_date=pendulum.datetime(2024, 1, 1, tz="UTC"),
        catchup=False,
        default_args={"owner": owner, "retries": 2, "retry_delay": timedelta(minutes=10)},
        on_failure_callback=notify_on_failure,
    ) as dag:
        extract = PythonOperator(task_id="extract", python_callable=export_region, op_args=[region])
        upload = BashOperator(
            task_id="upload",
            bash_command=f"aws s3 cp /tmp/{region}.csv s3://{EXPORT_BUCKET}/{region}/",
        )
        extract >> upload
    return dag


for region in REGIONS:
    globals()[f"marketing_export_{region}"] = build_export_dag(region)
