"""The analytics team's DAG factory: the defaults every regional DAG shares, in one place."""
from datetime import timedelta

from airflow import DAG
from airflow.utils.dates import days_ago


def get_default_args():
    return {
        "owner": "analytics",
        "start_date": days_ago(1),
        "retries": 2,
        "retry_delay": timedelta(minutes=10),
    }


def create_dag(default_args=None, **kwargs):
    if default_args is None:
        default_args = get_default_args()
    return DAG(default_args=default_args, catchup=False, **kwargs)
