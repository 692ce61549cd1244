"""Builds the daily revenue report and publishes it.

Every template in this file has a mistake that only shows when the task runs, usually at night:
a typo in a context name, an f-string that eats Jinja's braces, an `{% if %}` left open, a SQL
file that is not where Airflow looks, a Variable key that the deployment does not have, and a
template in an argument Airflow never renders. DAG Guard reads the templates the way Jinja does
(DG601 to DG606).
"""
from datetime import datetime

from airflow import DAG
from airflow.operators.bash import BashOperator
from airflow.providers.common.sql.operators.sql import SQLExecuteQueryOperator

ENV = "prod"

with DAG(
    dag_id="revenue_report",
    schedule="@daily",
    start_date=datetime(2024, 1, 1),
    catchup=False,
    params={"full_refresh": False},
) as dag:
    daily = SQLExecuteQueryOperator(
        task_id="daily_revenue",
        conn_id="warehouse",
        sql="sql/daily_revenue.sql",
    )
    weekly = SQLExecuteQueryOperator(
        task_id="weekly_revenue",
        conn_id="warehouse",
        sql="sql/weekly_revenue.sql",
    )
    export = BashOperator(
        task_id="export_report",
        bash_command="export_report.sh --day {{ ds_nodahs }} --bucket {{ var.value.report_bucket }}",
        retries="{{ var.value.report_retries }}",
    )
    publish = BashOperator(
        task_id="publish_report",
        bash_command=f"publish.sh --day {{ ds }} --env {ENV}",
    )
    cleanup = BashOperator(
        task_id="cleanup",
        bash_command="cleanup.sh {% if params.full_refresh %}--all",
    )
    [daily, weekly] >> export >> publish >> cleanup
