// Settings combined from the project's files as Airflow combines them: environment variables
// (compose `environment:` over the env files compose loads) over airflow.cfg over the default.
// What the user sees: the timing's source file (the code lens), DG503 across two files, and the
// hover's effective value with the file it comes from.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeConfigText } from '../../server/src/core/analyzeConfig';
import { readConfigDocument } from '../../server/src/core/config/document';
import { effectiveValue } from '../../server/src/core/config/effective';
import { configHover } from '../../server/src/core/hover/config';
import { configLayers, resolveTimings, type ConfigFile } from '../../server/src/project/airflowTimings';
import { settingsWith } from '../helpers/engine';

const CFG = '[core]\ndag_file_processor_timeout = 50\n';

function dg503(files: ConfigFile[], file: string, airflowVersion: 2 | 3 | null = 2) {
  const text = files.find((candidate) => candidate.path === file)!.text;
  const kind = file.endsWith('airflow.cfg') ? 'airflow-cfg' : 'dotenv';
  return analyzeConfigText(text, kind, {
    settings: settingsWith(),
    airflowVersion,
    configProject: { path: file, layers: configLayers(files) },
  }).filter((finding) => finding.code === 'DG503');
}

describe('config values combined across files', () => {
  it('reads the env file compose loads (env_file:), not another .env, and names it', () => {
    const files: ConfigFile[] = [
      { path: '.env', text: 'AIRFLOW__CORE__DAGBAG_IMPORT_TIMEOUT=20\n' },
      {
        path: 'deploy/docker-compose.yaml',
        text: 'services:\n  scheduler:\n    image: apache/airflow:2.10.4\n    env_file:\n      - path: ./airflow.env\n        required: false\n',
      },
      { path: 'deploy/airflow.env', text: 'AIRFLOW__CORE__DAGBAG_IMPORT_TIMEOUT=60\n' },
    ];
    assert.deepEqual(resolveTimings(files, 2).dagbagImportTimeout, {
      seconds: 60,
      source: 'deploy/airflow.env',
      key: 'AIRFLOW__CORE__DAGBAG_IMPORT_TIMEOUT',
    });
    // Without an env_file entry, the .env files are read (the one next to compose is the shallowest here).
    const plain: ConfigFile[] = [
      { path: 'docker/.env', text: 'AIRFLOW__CORE__DAGBAG_IMPORT_TIMEOUT=45\n' },
      { path: 'docker/compose.yml', text: 'services:\n  web:\n    image: apache/airflow:2.10.4\n' },
    ];
    assert.equal(resolveTimings(plain, 2).dagbagImportTimeout.source, 'docker/.env');
  });

  it("compose's environment: wins over the env files it loads", () => {
    const files: ConfigFile[] = [
      {
        path: 'docker-compose.yaml',
        text: 'services:\n  scheduler:\n    env_file: [.env]\n    environment:\n      AIRFLOW__CORE__DAGBAG_IMPORT_TIMEOUT: 90\n',
      },
      { path: '.env', text: 'AIRFLOW__CORE__DAGBAG_IMPORT_TIMEOUT=60\n' },
    ];
    assert.deepEqual(resolveTimings(files, 2).dagbagImportTimeout, {
      seconds: 90,
      source: 'docker-compose.yaml',
      key: 'AIRFLOW__CORE__DAGBAG_IMPORT_TIMEOUT',
    });
  });

  it('DG503 fires when .env raises the import timeout past the processor timeout of airflow.cfg', () => {
    const files: ConfigFile[] = [
      { path: '.env', text: 'AIRFLOW__CORE__DAGBAG_IMPORT_TIMEOUT=60\n' },
      { path: 'airflow.cfg', text: CFG },
    ];
    const [inCfg] = dg503(files, 'airflow.cfg');
    assert.equal(inCfg.message, '[core] dag_file_processor_timeout (50) is not larger than the import timeout (60, from .env).');
    assert.equal(inCfg.detail?.split('. ')[0], 'The import timeout is AIRFLOW__CORE__DAGBAG_IMPORT_TIMEOUT (60, from .env)');
    assert.deepEqual(inCfg.range, { start: { line: 1, character: 0 }, end: { line: 1, character: 26 } });
    const [inEnv] = dg503(files, '.env');
    assert.equal(
      inEnv.message,
      'AIRFLOW__CORE__DAGBAG_IMPORT_TIMEOUT (60) is not smaller than the processor timeout (50, from airflow.cfg).',
    );
    assert.equal(inEnv.detail?.split('. ')[0], 'The processor timeout is [core] dag_file_processor_timeout (50, from airflow.cfg)');
    // Look-alikes: the .env compose does not load changes nothing; an environment variable that
    // overrides the processor timeout makes the pair right again.
    const unloaded: ConfigFile[] = [
      { path: 'compose.yml', text: 'services:\n  s:\n    env_file: airflow.env\n' },
      { path: 'airflow.env', text: '' },
      ...files,
    ];
    assert.deepEqual(dg503(unloaded, 'airflow.cfg'), []);
    const overridden: ConfigFile[] = [
      { path: '.env', text: 'AIRFLOW__CORE__DAGBAG_IMPORT_TIMEOUT=60\nAIRFLOW__CORE__DAG_FILE_PROCESSOR_TIMEOUT=120\n' },
      { path: 'airflow.cfg', text: CFG },
    ];
    assert.deepEqual(dg503(overridden, 'airflow.cfg'), []);
    assert.deepEqual(dg503(overridden, '.env'), []);
  });

  it('DG503: an airflow.cfg pair that the environment overrides is not reported there', () => {
    const files: ConfigFile[] = [
      { path: '.env', text: 'AIRFLOW__CORE__DAGBAG_IMPORT_TIMEOUT=20\n' },
      { path: 'airflow.cfg', text: '[core]\ndagbag_import_timeout = 120\ndag_file_processor_timeout = 60\n' },
    ];
    assert.deepEqual(dg503(files, 'airflow.cfg'), []);
  });

  it('effective values follow renamed keys and fall back to the default', () => {
    const layers = configLayers([
      { path: '.env', text: 'AIRFLOW__CORE__DAG_CONCURRENCY="8"\n' },
      { path: 'airflow.cfg', text: '[core]\nmax_active_tasks_per_dag = 4\n' },
    ]);
    assert.deepEqual(effectiveValue(layers, 'core', 'max_active_tasks_per_dag', 2), {
      value: '8',
      source: '.env',
      name: 'AIRFLOW__CORE__DAG_CONCURRENCY',
    });
    assert.deepEqual(effectiveValue(layers, 'core', 'parallelism', 2), { value: '32', source: null, name: '[core] parallelism' });
    assert.deepEqual(effectiveValue(layers, 'scheduler', 'catchup_by_default', 3), {
      value: 'False',
      source: null,
      name: '[scheduler] catchup_by_default',
    });
  });

  it('the hover on a key shows the effective value and where it comes from', () => {
    const files: ConfigFile[] = [
      { path: 'docker/.env', text: 'AIRFLOW__CORE__DAGBAG_IMPORT_TIMEOUT=60\n' },
      { path: 'airflow.cfg', text: '[core]\ndagbag_import_timeout = 45\nparallelism = 8\n' },
    ];
    const document = readConfigDocument(files[1].text, 'airflow-cfg');
    const project = { path: 'airflow.cfg', layers: configLayers(files), airflowVersion: 2 as const };
    const overridden = configHover(document, 10, project)!.markdown;
    assert.match(
      overridden,
      /In effect: `60`, from `AIRFLOW__CORE__DAGBAG_IMPORT_TIMEOUT` in docker\/\.env \(the environment wins over airflow\.cfg: this line has no effect\)/,
    );
    const own = configHover(document, document.text.indexOf('parallelism') + 2, project)!.markdown;
    assert.match(own, /In effect: `8`, from this line/);
    // A name in a comment: not a setting, but the hover still says what is in effect.
    const text = '# AIRFLOW__CORE__LOAD_EXAMPLES stays at its default\nAIRFLOW__CORE__PARALLELISM=8\n';
    const env = readConfigDocument(text, 'dotenv');
    const envProject = { path: '.env', layers: configLayers([{ path: '.env', text }]), airflowVersion: 2 as const };
    assert.match(configHover(env, 12, envProject)!.markdown, /In effect: `True` \(Airflow's default: no project file sets it\)/);
    // Without a project (an untitled file), no line about the value in effect.
    assert.doesNotMatch(configHover(env, 12)!.markdown, /In effect/);
  });

  it('the hover on a moved or removed key names the Airflow file that records it', () => {
    const document = readConfigDocument('[core]\nworker_precheck = True\ncheck_slas = False\n', 'airflow-cfg');
    assert.match(
      configHover(document, 10)!.markdown,
      /Moved to `\[celery\] worker_precheck` in Airflow 2\.0 \(airflow\/configuration\.py deprecated_options/,
    );
    assert.match(
      configHover(document, document.text.indexOf('check_slas') + 1)!.markdown,
      /Removed in Airflow 3\.0: the SLA feature is gone \(airflow-core\/src\/airflow\/cli\/commands\/config_command\.py CONFIGS_CHANGES/,
    );
  });
});
