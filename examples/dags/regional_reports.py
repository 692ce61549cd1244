"""Regional revenue reports: one DAG per region, built by the team's factory in common/.

What the factory does runs here at every parse, and DAG Guard follows it into common/dag_factory.py:
the loop builds every region's DAG, though a task run needs only its own (DG106); the factory's
default start date moves with the clock (DG301, reported at the call, with the factory's line); and
`schedule_interval` reaches DAG() through `**kwargs` under its deprecated name (DG206: the rename
is safe, since the keyword goes through unchanged).
"""
from airflow.operators.bash import BashOperator

from common.dag_factory import create_dag

REGIONS = ["emea", "apac", "americas"]

for region in REGIONS:
    with create_dag(dag_id=f"regional_report_{region}", schedule_interval="@daily", tags=["reports", region]) as dag:
        BashOperator(task_id="report", bash_command=f"report.sh {region}")
