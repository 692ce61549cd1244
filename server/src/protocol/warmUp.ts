// The start-up warm-up: the first analysis in a fresh process costs some 40 times a warm one (V8
// compiles the model and every rule on first use), so when no document comes soon after
// initialized, the server analyses a small built-in DAG once, in slices, and the first document
// opened later is analysed warm. When a document's own analysis starts, the warm-up stops at its
// next pause; when a document is already scheduled, there is no warm-up (its analysis warms the
// same code, and measured side by side a warm-up run before it only delayed it).
import type { Parser } from 'web-tree-sitter';
import { analysisSteps } from '../core/analyze';
import { SourceFile } from '../core/model/source';
import { defaultSettings } from '../core/settings/schema';
import { parsePython } from '../core/syntax/parser';
import { runInSlices, type AnalysisScheduler } from './analysisScheduler';

/** A small DAG that reaches the parse-time model, the value flow of the template fixes and most rules. */
export const WARM_UP_SAMPLE = `"""Warm-up sample (DAG Guard analyses it once at start-up)."""
import json
import random
import uuid
from datetime import datetime, timedelta

import pandas as pd
from airflow import DAG
from airflow.decorators import task
from airflow.hooks.base import BaseHook
from airflow.models import Variable
from airflow.operators.bash import BashOperator
from airflow.operators.python import PythonOperator
from airflow.providers.amazon.aws.hooks.s3 import S3Hook

CONFIG = json.loads(Variable.get("config"))
warehouse = BaseHook.get_connection("warehouse")
keys = S3Hook().list_keys("bucket")

default_args = {"retries": 2, "retry_delay": timedelta(minutes=5), "pool": "default_pool", "priority_weight": 3}

for team in ["sales", "ops"]:
    with DAG(
        dag_id=f"warm_up_{team}_{uuid.uuid4()}",
        schedule="@daily",
        start_date=datetime.now(),
        catchup=False,
        default_args=default_args,
    ) as dag:

        @task(pool="etl", weight_rule="downstream")
        def extract(day=None):
            return pd.DataFrame({"day": [day]})

        load = BashOperator(
            task_id=f"load_{random.randint(0, 9)}",
            bash_command=f"load.sh --host {warehouse.host} --key {Variable.get('key')} --day {{{{ ds | ds_add(1) }}}} {{{{ macros.ds_add(ds, 1) }}}}",
            env={"PASSWORD": warehouse.password},
        )
        report = PythonOperator(task_id="report", python_callable=lambda: print(CONFIG), op_kwargs={"day": "{{ ds }}"})
        extract() >> load >> report
`;

/** Analyses the sample in slices until done or until a document's analysis starts. */
export async function warmUp(parser: Parser, scheduler: AnalysisScheduler): Promise<void> {
  if (scheduler.analysed) return;
  let stopped = false;
  scheduler.onAnalysisStart = () => {
    stopped = true;
  };
  const tree = parsePython(parser, WARM_UP_SAMPLE);
  try {
    const source = new SourceFile('warm_up_sample.py', WARM_UP_SAMPLE, tree);
    // The tree stays alive until the steps end or are dropped: `finally` runs after either.
    await runInSlices(analysisSteps(source, { settings: defaultSettings(), airflowVersion: 2, parsedByAirflow: true }), () => stopped);
  } finally {
    scheduler.onAnalysisStart = () => undefined;
    tree.delete();
  }
}
