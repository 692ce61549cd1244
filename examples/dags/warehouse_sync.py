"""Syncs warehouse tables listed by the config service.

Shows DG104: a request to the config service, boto3 calls (also through a session), a database
connection and a sleep, all at module level, so they run each time Airflow parses this file.
DG105: numpy is used at module level, so the import cannot simply move.
"""
import time
from datetime import datetime

import boto3
import numpy as np
import psycopg2
import requests
from airflow import DAG
from airflow.operators.bash import BashOperator
from airflow.providers.common.sql.operators.sql import SQLExecuteQueryOperator

CONFIG_URL = "https://config.internal.example.com/warehouse/tables"

tables = requests.get(CONFIG_URL, timeout=10).json()
s3 = boto3.client("s3")
manifests = s3.list_objects_v2(Bucket="warehouse-manifests", Prefix="daily/")
archive = boto3.Session(profile_name="archive").client("s3")
retention = archive.get_bucket_lifecycle_configuration(Bucket="warehouse-archive")
with psycopg2.connect("dbname=warehouse host=db.internal") as connection:
    row_counts = dict(connection.cursor().execute("SELECT name, rows FROM table_stats").fetchall() or [])
time.sleep(1)  # give the config service a moment between deploys

batch_size = int(np.ceil(len(tables) / 4))

with DAG(
    dag_id="warehouse_sync",
    start_date=datetime(2024, 1, 1),
    schedule="@hourly",
    catchup=False,
) as dag:
    for table in tables:
        SQLExecuteQueryOperator(
            task_id=f"sync_{table}",
            conn_id="warehouse",
            sql=f"CALL sync_table('{table}', {batch_size})",
        )
    BashOperator(task_id="notify", bash_command="echo synced {{ ds }}")
