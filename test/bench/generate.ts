// Generates realistic DAG text for benchmarks: a factory module with many DAGs and tasks.
export function generateLargeDag(targetLines: number): string {
  const header = [
    'import pendulum',
    'from airflow import DAG',
    'from airflow.decorators import task',
    'from airflow.models import Variable',
    'from airflow.operators.bash import BashOperator',
    'from airflow.operators.python import PythonOperator',
    '',
    'REGION = Variable.get("region")',
    '',
  ];
  const lines = [...header];
  for (let i = 0; lines.length < targetLines; i++) {
    lines.push(
      `def build_${i}(team):`,
      `    """Builds the DAG of pipeline ${i} for a team."""`,
      `    with DAG(`,
      `        dag_id=f"pipeline_${i}_{team}",`,
      `        schedule="@daily",`,
      `        start_date=pendulum.datetime(2024, 1, 1, tz="UTC"),`,
      `        catchup=False,`,
      `        default_args={"retries": 2, "owner": "data"},`,
      `    ) as dag:`,
      `        @task`,
      `        def extract_${i}():`,
      `            return Variable.get("source_${i}")`,
      ``,
      `        load = BashOperator(`,
      `            task_id="load_${i}",`,
      `            bash_command=f"load.sh --region {REGION} --part ${i}",`,
      `            env={"TEAM": team},`,
      `        )`,
      `        extract_${i}() >> load`,
      `    return dag`,
      ``,
      ``,
    );
  }
  lines.push('for team in ["sales", "ops"]:', '    globals()[f"dag_{team}"] = build_0(team)', '');
  return lines.join('\n');
}
