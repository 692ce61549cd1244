"""Nightly batch jobs on EKS, one DAG per team, built by a factory.

The shape of the incident DAG Guard starts from: the account, region and cluster come from
Airflow Variables read at module level, so every parse of this file (every 30 s, per DAG
processor) queries the metadata database, and a slow database pushed the parse past
`dagbag_import_timeout`. DAG Guard's quick fix turns each `Variable.get` into the Jinja template
Airflow renders when the task runs: `account = "{{ var.value.aws_account_id }}"`, and the image
f-string below still builds the right text; so does `cluster_name`. `retries` is not templated:
no fix, and the message says so.
"""
from datetime import datetime

from airflow import DAG
from airflow.models import Variable
from airflow.providers.amazon.aws.operators.eks import EksPodOperator

account = Variable.get("aws_account_id")
region = Variable.get("aws_region", default_var="eu-west-1")
cluster = Variable.get("batch_eks_cluster")

TEAMS = ["sales", "marketing", "finance", "ops"]


def build_dag(team):
    with DAG(
        dag_id=f"batch_{team}",
        schedule="@daily",
        start_date=datetime(2024, 1, 1),
        catchup=False,
        tags=["batch", team],
    ) as dag:
        EksPodOperator(
            task_id="run_batch",
            cluster_name=cluster,
            namespace="batch",
            pod_name=f"batch-{team}",
            image=f"{account}.dkr.ecr.{region}.amazonaws.com/batch:1",
            cmds=["python", "-m", "batch.run"],
            arguments=["--team", team, "--date", "{{ ds }}"],
            # Not templated: no Jinja fix, the message says why.
            retries=int(Variable.get("batch_retries", default_var="2")),
            get_logs=True,
        )
    return dag


for team in TEAMS:
    globals()[f"batch_{team}"] = build_dag(team)
