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

/**
 * A repository of `dagFiles` DAG files in `dags/` sharing `helpers` helper modules in
 * `dags/common/`: each helper reads Variables, an even-numbered one also through the next helper
 * (a pair of modules), and each DAG file calls two helpers at module level and imports a third.
 * Paths relative to the root.
 */
export function generateProject(dagFiles: number, helpers: number): Record<string, string> {
  const files: Record<string, string> = { 'dags/common/__init__.py': '' };
  for (let h = 0; h < helpers; h++) {
    // Even helpers call into the next one; odd ones (and the last) read only their own Variables.
    const next = h % 2 === 0 && h + 1 < helpers ? h + 1 : h;
    files[`dags/common/helper_${h}.py`] = [
      'import json',
      '',
      'from airflow.models import Variable',
      '',
      ...(next === h ? [] : [`from .helper_${next} import read_setting_${next}`, '']),
      `SETTINGS_${h} = {"name": "helper_${h}"}`,
      '',
      '',
      `def read_setting_${h}(name):`,
      `    return Variable.get(f"helper_${h}_{name}")`,
      '',
      '',
      `def read_all_${h}():`,
      `    return {key: read_setting_${h}(key) for key in ["a", "b", "c"]}`,
      '',
      '',
      `def chained_${h}():`,
      `    return read_setting_${next}("chained")`,
      '',
      '',
      `def in_task_${h}(path):`,
      '    with open(path) as handle:',
      '        return json.load(handle)',
      '',
    ].join('\n');
  }
  for (let d = 0; d < dagFiles; d++) {
    const [a, b, c] = [d % helpers, (d * 7 + 3) % helpers, (d * 13 + 5) % helpers];
    files[`dags/dag_${d}.py`] = [
      'import pendulum',
      'from airflow import DAG',
      'from airflow.operators.python import PythonOperator',
      '',
      `from common.helper_${a} import read_all_${a}`,
      `from common.helper_${b} import chained_${b}`,
      `import common.helper_${c}`,
      '',
      `SETTINGS = read_all_${a}()`,
      `CHAINED = chained_${b}()`,
      '',
      'with DAG(',
      `    dag_id="generated_${d}",`,
      '    schedule="@daily",',
      '    start_date=pendulum.datetime(2024, 1, 1, tz="UTC"),',
      '    catchup=False,',
      ') as dag:',
      '    PythonOperator(',
      `        task_id="load_${d}",`,
      `        python_callable=common.helper_${c}.in_task_${c},`,
      '        op_args=["/tmp/input.json"],',
      '    )',
      '',
    ].join('\n');
  }
  return files;
}
