// Configuration files are read line by line with patterns; a pattern that can backtrack over a
// run of spaces (`\s+#.*$` unanchored, `(.*?)\s*[=:]`, `(.*?)\1\s*(#.*)?$`) costs N² on a line of N
// spaces: a one-line .env file of 20,000 spaces took 2 s, one of 1 MB would take hours. Every
// shape here is a 1 MB line (or 1 MB of lines) that each reader must get through within a
// generous budget: the project's readers (timings and deployment: entriesOf) and the core's
// (readConfigDocument and the config rules: analyzeConfigText), and the kind sniffing.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeConfigText } from '../../server/src/core/analyzeConfig';
import { documentKind, type DocumentKind } from '../../server/src/core/documentKind';
import { defaultSettings } from '../../server/src/core/settings/schema';
import { entriesOf } from '../../server/src/project/airflowTimings';
import { detectAirflowRelease } from '../../server/src/project/airflowVersion';

const SIZE = 1_000_000;
/** Linear work on 1 MB takes tens of milliseconds; the budget leaves room for a slow, shared machine. */
const BUDGET_MS = 3_000;
const spaces = ' '.repeat(SIZE);

const FILES: Array<[string, DocumentKind]> = [
  ['.env', 'dotenv'],
  ['docker-compose.yaml', 'docker-compose'],
  ['values.yaml', 'helm-values'],
  ['Dockerfile', 'dockerfile'],
  ['airflow.cfg', 'airflow-cfg'],
  ['entrypoint.sh', 'shell'],
  ['deployment.yaml', 'kubernetes'],
];

const SHAPES: Record<string, string> = {
  'a value with a run of spaces and no comment': `AIRFLOW__CORE__PARALLELISM=1${spaces}x\n`,
  'a value with a run of spaces before a backslash': `AIRFLOW__CORE__PARALLELISM=1${spaces}x\\${spaces}y\n`,
  'a quote left open before a run of spaces': `AIRFLOW__CORE__PARALLELISM='${spaces}\n`,
  'a compose list item with a run of spaces': `services:\n  x:\n    environment:\n      - AIRFLOW__CORE__PARALLELISM=${spaces}x\n`,
  'a quoted compose list item with a run of spaces': `services:\n  x:\n    environment:\n      - "AIRFLOW__CORE__PARALLELISM=${spaces}x\n`,
  'an airflow.cfg line of spaces without a separator': `[core]\nparallelism${spaces}x\n`,
  'an airflow.cfg key with a run of spaces': `[core]\na${spaces}b = 1\n`,
  'a Helm config entry with a run of spaces': `config:\n  core:\n    parallelism:${spaces}x\n`,
  'a Helm config value with a run of spaces inside': `config:\n  core:\n    parallelism: 1${spaces}x\n`,
  'a Dockerfile ENV word without =': `ENV ${'a'.repeat(SIZE)}\n`,
  'a run of spaces and hashes': `AIRFLOW__CORE__PARALLELISM=1${' #'.repeat(SIZE / 2)}\n`,
  'a cfg number of a megabyte of digits': `[scheduler]\nmin_file_process_interval = ${'1'.repeat(SIZE)}x\nparsing_processes = ${'1'.repeat(SIZE)}x\n`,
  'an environment number of a megabyte of digits': `AIRFLOW__SCHEDULER__MIN_FILE_PROCESS_INTERVAL=${'1'.repeat(SIZE)}x\n`,
  'a megabyte of blank lines': `${'\n'.repeat(SIZE)}[core]\n`,
};

function timed(run: () => unknown): number {
  const started = performance.now();
  run();
  return performance.now() - started;
}

describe('configuration files are read in linear time', () => {
  for (const [shape, text] of Object.entries(SHAPES)) {
    it(shape, () => {
      const slow: string[] = [];
      for (const [name, kind] of FILES) {
        const project = timed(() => entriesOf({ path: name, text }));
        const core = timed(() => analyzeConfigText(text, kind, { settings: defaultSettings(), airflowVersion: null }));
        const sniff = timed(() => documentKind(name.replace('airflow.cfg', 'renamed.cfg'), undefined, text));
        for (const [part, ms] of [
          ['project', project],
          ['core', core],
          ['kind', sniff],
        ] as const) {
          if (ms > BUDGET_MS) slow.push(`${name} ${part}: ${ms.toFixed(0)} ms`);
        }
      }
      assert.deepEqual(slow, []);
    });
  }
});

describe('version pins are read in linear time', () => {
  for (const [name, text] of [
    ['requirements.txt', `apache-airflow${spaces}x\n`],
    ['pyproject.toml', `dependencies = ["apache-airflow (${spaces}"]\n`],
    ['Dockerfile', `FROM ${'apache/airflow'.repeat(SIZE / 14)}\n`],
  ]) {
    it(`a ${name} line of a megabyte`, () => {
      assert.ok(timed(() => detectAirflowRelease([{ name, text }])) < BUDGET_MS);
    });
  }
});
