"""One batch DAG per team, built by a factory, each running the team's job on EKS.

The shape of the incident DAG Guard starts from: two module-level Variable.get calls (a database
query each, at every parse) feed the image name of every task through an f-string.
"""
from datetime import datetime

from airflow import DAG
from airflow.models import Variable
from airflow.providers.amazon.aws.operators.eks import EksPodOperator

account = Variable.get("ACCOUNT")
region = Variable.get("REGION")

TEAMS = ["search", "ads", "payments"]


def build_dag(team: str) -> DAG:
    with DAG(
        dag_id=f"batch_{team}",
        schedule="@hourly",
        start_date=datetime(2024, 1, 1),
        catchup=False,
        tags=["batch", team],
    ) as dag:
        EksPodOperator(
            task_id="run_batch",
            cluster_name="batch",
            pod_name=f"batch-{team}",
            image=f"{account}.dkr.ecr.{region}.amazonaws.com/batch:1",
            cmds=["python", "-m", "batch", "--team", team],
            pool="batch",
            pool_slots=2,
        )
    return dag


for team in TEAMS:
    globals()[f"batch_{team}"] = build_dag(team)
