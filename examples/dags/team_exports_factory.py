"""Nightly exports, one DAG per team.

Shows DG101 (Variable reads), DG103 (a hook called) and DG105 (pandas imported at module level)
inside a DAG factory, and DG106 (the factory loop has no get_parsing_context() guard).
"""
from datetime import datetime

import pandas as pd
from airflow import DAG
from airflow.decorators import task
from airflow.models import Variable
from airflow.providers.amazon.aws.hooks.s3 import S3Hook

TEAMS = ["sales", "marketing", "finance", "support", "ops", "legal", "hr", "it", "data", "security", "product", "design"]


@task
def export_team(team: str, bucket: str) -> int:
    """Write the team's rows to S3 as CSV."""
    frame = pd.DataFrame({"team": [team]})
    S3Hook(aws_conn_id="aws_exports").load_string(frame.to_csv(index=False), key=f"{team}.csv", bucket_name=bucket, replace=True)
    return len(frame)


def build_export_dag(team: str) -> DAG:
    bucket = Variable.get(f"{team}_export_bucket")
    existing = S3Hook(aws_conn_id="aws_exports").list_keys(bucket_name=bucket, prefix=f"{team}/")
    with DAG(
        dag_id=f"export_{team}",
        start_date=datetime(2024, 1, 1),
        schedule="@daily",
        catchup=False,
        tags=["exports", team],
        doc_md=f"Exports for {team}; {len(existing or [])} files so far.",
    ) as dag:
        export_team(team, bucket)
    return dag


for team in TEAMS:
    globals()[f"export_{team}"] = build_export_dag(team)
