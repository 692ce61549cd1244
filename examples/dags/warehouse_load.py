"""Loads the day's orders into the warehouse.

The warehouse connection is fetched at module level, so each parse of this file asks the
secrets backend for it. DAG Guard's fix (DG102) replaces each attribute with the template
Airflow renders when the task runs (`{{ conn.warehouse.host }}`) and removes the fetch.
"""
from datetime import datetime

from airflow import DAG
from airflow.hooks.base import BaseHook
from airflow.operators.bash import BashOperator
from airflow.providers.common.sql.operators.sql import SQLExecuteQueryOperator

warehouse = BaseHook.get_connection("warehouse")

with DAG(
    dag_id="warehouse_load",
    schedule="@daily",
    start_date=datetime(2024, 1, 1),
    catchup=False,
) as dag:
    extract = BashOperator(
        task_id="extract_orders",
        bash_command=f"extract_orders.sh --host {warehouse.host} --port {warehouse.port} --user {warehouse.login} --day {{{{ ds }}}}",
        env={"PGPASSWORD": warehouse.password},
    )
    merge = SQLExecuteQueryOperator(
        task_id="merge_orders",
        conn_id="warehouse",
        sql="CALL merge_orders('{{ ds }}')",
        database=warehouse.schema,
    )
    extract >> merge
