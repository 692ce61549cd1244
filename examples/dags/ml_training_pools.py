"""Nightly model training: features on Spark, training on the GPU nodes, scoring into the warehouse.

Shows the pool, priority and weight rules (DG201-DG205), with the pools of ../pools.json, and what
Airflow 3 renamed or removed (DG206, DG207).
"""
from datetime import datetime, timedelta

from airflow import DAG
from airflow.decorators import task
from airflow.operators.dummy_operator import DummyOperator  # DG207: removed in Airflow 3 (now EmptyOperator)
from airflow.providers.apache.spark.operators.spark_submit import SparkSubmitOperator
from airflow.providers.cncf.kubernetes.operators.pod import KubernetesPodOperator
from airflow.providers.common.sql.operators.sql import SQLExecuteQueryOperator
from airflow.utils.weight_rule import WeightRule

TRAINING_IMAGE = "registry.example.com/ml/trainer:2.3.1"
GPU_POOL = "gpu_pool"

default_args = {
    "owner": "ml-platform",
    "retries": 2,
    "retry_delay": timedelta(minutes=10),
    "weight_rule": "upstrem",  # DG201: a typo, the file does not import
    "task_concurrency": 1,  # DG206: renamed max_active_tis_per_dag
}

with DAG(
    dag_id="ml_training_nightly",
    start_date=datetime(2024, 1, 1),
    schedule_interval="0 2 * * *",  # DG206: renamed schedule
    concurrency=4,  # DG206: renamed max_active_tasks
    catchup=False,
    default_args=default_args,
) as dag:
    # DG205: a Spark job with no pool, neither here nor in default_args.
    features = SparkSubmitOperator(
        task_id="build_features",
        application="/opt/jobs/features.py",
        conn_id="spark_default",
    )

    train = KubernetesPodOperator(
        task_id="train_model",
        name="train-model",
        image=TRAINING_IMAGE,
        cmds=["python", "-m", "trainer", "--date", "{{ ds }}"],
        pool=GPU_POOL,  # DG203: there is no pool "gpu_pool" (did you mean "gpu"?)
        priority_weight=10,
    )

    evaluate = KubernetesPodOperator(
        task_id="evaluate_model",
        name="evaluate-model",
        image=TRAINING_IMAGE,
        cmds=["python", "-m", "trainer.evaluate"],
        pool="gpu",
        pool_slots=4,  # DG204: the gpu pool has 2 slots, the task never starts
    )

    publish = SQLExecuteQueryOperator(
        task_id="publish_scores",
        conn_id="snowflake_default",
        sql="CALL ml.publish_scores('{{ ds }}')",
        pool="warehouse",
        pool_slots=0,  # DG202: below 1
        weight_rule=WeightRule.ABSOLUTE,
    )

    # DG205: the decorator form counts too: @task.kubernetes runs as a KubernetesPodOperator.
    @task.kubernetes(image=TRAINING_IMAGE, name="export-model")
    def export_model():
        from trainer import export

        export.run()

    done = DummyOperator(task_id="done")

    features >> train >> evaluate >> publish >> export_model() >> done
