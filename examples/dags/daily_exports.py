"""Nightly exports of the orders warehouse to the partners' bucket.

Shows the values that change at every parse (DG301, DG302, DG303) and a sensor that holds a
worker slot while it waits (DG402). `npm run check -- examples/dags` reports each of them.
"""
import uuid
from datetime import datetime, timedelta

from airflow import DAG
from airflow.operators.bash import BashOperator
from airflow.providers.amazon.aws.sensors.s3 import S3KeySensor
from airflow.providers.common.sql.operators.sql import SQLExecuteQueryOperator

EXPORT_BUCKET = "s3://partner-exports"
RUN_TAG = uuid.uuid4().hex[:8]  # meant to tell runs apart; in fact it changes at every parse

default_args = {
    "owner": "data-platform",
    "retries": 2,
    "retry_delay": timedelta(minutes=10),
}

with DAG(
    dag_id="daily_exports",
    schedule="0 3 * * *",
    # DG301: the start date moves with every parse.
    start_date=datetime.now() - timedelta(days=1),
    catchup=False,
    default_args=default_args,
    # DG302: a new serialized DAG at every parse.
    tags=["exports", f"build-{RUN_TAG}"],
) as dag:
    # DG402: waits up to 6 hours in poke mode, holding a worker slot all along.
    wait_for_orders = S3KeySensor(
        task_id="wait_for_orders",
        bucket_key="s3://warehouse/orders/_SUCCESS",
        poke_interval=5 * 60,
        timeout=6 * 60 * 60,
    )

    # DG303: the day of the last parse, not the run's logical date.
    stage = SQLExecuteQueryOperator(
        task_id="stage_orders",
        conn_id="warehouse",
        sql="INSERT INTO export_orders SELECT * FROM orders WHERE day = '" + datetime.now().strftime("%Y-%m-%d") + "'",
    )

    # DG303: also in an f-string.
    upload = BashOperator(
        task_id="upload",
        bash_command=f"aws s3 cp /tmp/orders.csv {EXPORT_BUCKET}/orders_{datetime.now():%Y%m%d}.csv",
    )

    # DG303: and in %-formatting.
    manifest = BashOperator(
        task_id="write_manifest",
        bash_command="manifest.sh %s/%s/" % (EXPORT_BUCKET, datetime.now().strftime("%Y-%m-%d")),
    )

    # Fine: rendered with the run's logical date.
    notify = BashOperator(task_id="notify", bash_command="notify.sh --day {{ ds }}")

    wait_for_orders >> stage >> upload >> manifest >> notify
