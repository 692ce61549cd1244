"""Pulls the day's orders from a partner's API.

The API's address is read with `Variable.get` at module level, so each parse of this file queries
the metadata database, although only the task's callable and the failure callback use it. DAG
Guard (DG101) says so and offers to move the lookup into those functions, where it runs when the
task runs. `partner_api_page_size` shapes the DAG (one task per page) and stays: the remedy there
is Airflow's secrets cache, the edit in deploy/airflow.cfg that the editor offers as a quick fix.
"""
from datetime import datetime

import requests
from airflow import DAG
from airflow.models import Variable
from airflow.operators.python import PythonOperator

PARTNER_API = Variable.get("partner_api_url")
PAGES = int(Variable.get("partner_api_pages", default_var="4"))


def fetch_orders(page, ds=None):
    """Fetch one page of the day's orders."""
    response = requests.get(f"{PARTNER_API}/orders", params={"day": ds, "page": page}, timeout=30)
    response.raise_for_status()
    return response.json()


def report_failure(context):
    requests.post(f"{PARTNER_API}/alerts", json={"task": context["task_instance"].task_id}, timeout=10)


default_args = {"owner": "partners", "retries": 2, "on_failure_callback": report_failure}

with DAG(
    dag_id="partner_api_ingest",
    schedule="@daily",
    start_date=datetime(2024, 1, 1),
    catchup=False,
    default_args=default_args,
) as dag:
    for page in range(PAGES):
        PythonOperator(task_id=f"fetch_page_{page}", python_callable=fetch_orders, op_kwargs={"page": page})
