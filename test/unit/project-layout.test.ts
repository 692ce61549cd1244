// Where a project's DAG folder is, read from what the project itself says: the dagsFolder setting,
// [core] dags_folder in airflow.cfg, AIRFLOW__CORE__DAGS_FOLDER in .env / compose / Dockerfiles,
// compose volume mounts onto the container's DAG folder; a container path is matched to the
// project's folders by its trailing components. And which folders go on sys.path (import roots).
import assert from 'node:assert/strict';
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { parsedByAirflow, readProjectLayout } from '../../server/src/project/layout';
import { tempFolder } from '../helpers/tempFolder';

const roots: string[] = [];
after(() => {
  for (const root of roots) rmSync(root, { recursive: true, force: true });
});

function project(files: Record<string, string>, folders: string[] = []): string {
  const root = tempFolder(files, 'dag-guard-layout-');
  for (const folder of folders) mkdirSync(path.join(root, folder), { recursive: true });
  roots.push(root);
  return root;
}

const NO_SETTINGS = { dagsFolder: '', pythonPath: [] as string[] };

describe('the DAG folder', () => {
  it('is unknown when nothing names it: every file is left to the safe-mode test, as before', () => {
    const root = project({ 'dags/a.py': '', 'scripts/ci.py': '' });
    const layout = readProjectLayout(root, NO_SETTINGS, { airflowVersion: null });
    assert.deepEqual(layout.dagsFolders, []);
    assert.equal(layout.isParsedByAirflow(path.join(root, 'scripts', 'ci.py')), null);
    assert.equal(layout.isParsedByAirflow(path.join(root, 'dags', 'a.py')), null);
  });

  it("still applies the conventional dags/ folder's .airflowignore when nothing names the folder", () => {
    // Wherever the DAG folder is, Airflow either walks through dags/ (reading its .airflowignore
    // files) or never reaches dags/ at all: a file those files hide is not parsed either way.
    const root = project({
      'dags/.airflowignore': 'mlops_lib/\n',
      'dags/mlops_lib/dp/build.py': '',
      'dags/pipelines/e2e.py': '',
      'scripts/mlops_lib/x.py': '',
    });
    const layout = readProjectLayout(root, NO_SETTINGS, { airflowVersion: null });
    assert.deepEqual(layout.dagsFolders, []);
    assert.equal(layout.isParsedByAirflow(path.join(root, 'dags', 'mlops_lib', 'dp', 'build.py')), false);
    assert.equal(layout.isParsedByAirflow(path.join(root, 'dags', 'pipelines', 'e2e.py')), null);
    assert.equal(layout.isParsedByAirflow(path.join(root, 'scripts', 'mlops_lib', 'x.py')), null);
    // A pattern the two syntaxes read differently hides nothing while the syntax is unknown.
    const dotted = project({ 'dags/.airflowignore': 'a.b\n', 'dags/axb.py': '' });
    assert.equal(
      readProjectLayout(dotted, NO_SETTINGS, { airflowVersion: null }).isParsedByAirflow(path.join(dotted, 'dags', 'axb.py')),
      null,
    );
  });

  it('comes from [core] dags_folder in airflow.cfg, a container path matched by its last components', () => {
    const root = project({ 'airflow.cfg': '[core]\ndags_folder = /opt/airflow/dags\n', 'dags/a.py': '', 'scripts/ci.py': '' });
    const layout = readProjectLayout(root, NO_SETTINGS, { airflowVersion: 2 });
    assert.deepEqual(layout.dagsFolders, [path.join(root, 'dags')]);
    assert.equal(layout.isParsedByAirflow(path.join(root, 'dags', 'a.py')), true);
    assert.equal(layout.isParsedByAirflow(path.join(root, 'scripts', 'ci.py')), false);
  });

  it('matches the longest trailing part of the container path that the project has', () => {
    const root = project({ 'deploy/airflow.cfg': '[core]\ndags_folder = /opt/airflow/dags/team\n' }, ['dags/team', 'team']);
    assert.deepEqual(readProjectLayout(root, NO_SETTINGS, { airflowVersion: 2 }).dagsFolders, [path.join(root, 'dags', 'team')]);
  });

  it('comes from AIRFLOW__CORE__DAGS_FOLDER in .env, winning over airflow.cfg', () => {
    const root = project(
      { '.env': 'AIRFLOW__CORE__DAGS_FOLDER=/usr/local/airflow/pipelines\n', 'airflow.cfg': '[core]\ndags_folder = /opt/airflow/dags\n' },
      ['pipelines', 'dags'],
    );
    assert.deepEqual(readProjectLayout(root, NO_SETTINGS, { airflowVersion: 2 }).dagsFolders, [path.join(root, 'pipelines')]);
  });

  it('comes from the environment of a compose file (list form)', () => {
    const compose = ['services:', '  scheduler:', '    environment:', '      - AIRFLOW__CORE__DAGS_FOLDER=/srv/airflow/flows', ''].join(
      '\n',
    );
    const root = project({ 'docker-compose.yaml': compose }, ['flows']);
    assert.deepEqual(readProjectLayout(root, NO_SETTINGS, { airflowVersion: 2 }).dagsFolders, [path.join(root, 'flows')]);
  });

  it('expands $AIRFLOW_HOME and follows a volume mounted on the result', () => {
    const compose = [
      'services:',
      '  scheduler:',
      '    environment:',
      '      AIRFLOW_HOME: /app',
      '    volumes:',
      '      - "./code/pipelines:/app/dags:ro"',
      '',
    ].join('\n');
    const root = project({ 'docker-compose.yml': compose, 'airflow.cfg': '[core]\ndags_folder = $AIRFLOW_HOME/dags\n' }, [
      'code/pipelines',
    ]);
    assert.deepEqual(readProjectLayout(root, NO_SETTINGS, { airflowVersion: 2 }).dagsFolders, [path.join(root, 'code', 'pipelines')]);
  });

  it("comes from a compose volume mounted on the image's default DAG folder ($AIRFLOW_HOME/dags)", () => {
    const compose = [
      'x-airflow-common: &airflow-common',
      '  image: ${AIRFLOW_IMAGE_NAME:-apache/airflow:2.10.4}',
      '  volumes:',
      '    - ${AIRFLOW_PROJ_DIR:-.}/airflow/dags:/opt/airflow/dags',
      '    - ./logs:/opt/airflow/logs',
      'services:',
      '  scheduler:',
      '    <<: *airflow-common',
      '',
    ].join('\n');
    const root = project({ 'docker-compose.yaml': compose }, ['airflow/dags', 'dags']);
    assert.deepEqual(readProjectLayout(root, NO_SETTINGS, { airflowVersion: 2 }).dagsFolders, [path.join(root, 'airflow', 'dags')]);
  });

  it('reads the long form of a compose volume, relative to the compose file', () => {
    const compose = [
      'services:',
      '  scheduler:',
      '    image: apache/airflow:3.0.2',
      '    volumes:',
      '      - type: bind',
      '        source: ../src/dags',
      '        target: /opt/airflow/dags',
      '',
    ].join('\n');
    const root = project({ 'deploy/compose.yaml': compose }, ['src/dags']);
    assert.deepEqual(readProjectLayout(root, NO_SETTINGS, { airflowVersion: 3 }).dagsFolders, [path.join(root, 'src', 'dags')]);
  });

  it('is the setting when there is one, whatever the config files say', () => {
    const root = project({ 'airflow.cfg': '[core]\ndags_folder = /opt/airflow/dags\n' }, ['dags', 'flows']);
    const layout = readProjectLayout(root, { dagsFolder: 'flows', pythonPath: [] }, { airflowVersion: 2 });
    assert.deepEqual(layout.dagsFolders, [path.join(root, 'flows')]);
    assert.equal(layout.isParsedByAirflow(path.join(root, 'dags', 'a.py')), false);
  });

  it('stays unknown when the named folder is not in the project', () => {
    const root = project({ 'airflow.cfg': '[core]\ndags_folder = /opt/airflow/pipelines\n' }, ['dags']);
    assert.deepEqual(readProjectLayout(root, NO_SETTINGS, { airflowVersion: 2 }).dagsFolders, []);
  });

  it('applies .airflowignore with the syntax the config names, else the version default', () => {
    const files = {
      'airflow.cfg': '[core]\ndags_folder = /opt/airflow/dags\n',
      'dags/.airflowignore': 'helpers/\n',
      'dags/helpers/x.py': '',
      'dags/a.py': '',
    };
    // Airflow 2 reads "helpers/" as a regular expression: it matches "helpers/x.py" (the folder itself is "helpers").
    const regexp = project(files);
    assert.equal(
      readProjectLayout(regexp, NO_SETTINGS, { airflowVersion: 2 }).isParsedByAirflow(path.join(regexp, 'dags', 'helpers', 'x.py')),
      false,
    );
    const glob = project({ ...files, 'airflow.cfg': '[core]\ndags_folder = /opt/airflow/dags\ndag_ignore_file_syntax = glob\n' });
    const layout = readProjectLayout(glob, NO_SETTINGS, { airflowVersion: 2 });
    assert.equal(layout.ignoreSyntax, 'glob');
    assert.equal(layout.isParsedByAirflow(path.join(glob, 'dags', 'helpers', 'x.py')), false);
    assert.equal(layout.isParsedByAirflow(path.join(glob, 'dags', 'a.py')), true);
    assert.equal(readProjectLayout(regexp, NO_SETTINGS, { airflowVersion: 3 }).ignoreSyntax, 'glob');
    assert.equal(readProjectLayout(regexp, NO_SETTINGS, { airflowVersion: null }).ignoreSyntax, 'either');
  });
});

describe('Airflow 3 DAG bundles ([dag_processor] dag_bundle_config_list)', () => {
  const bundles = (list: unknown[]) => `AIRFLOW__DAG_PROCESSOR__DAG_BUNDLE_CONFIG_LIST='${JSON.stringify(list)}'\n`;
  const local = (name: string, kwargs: Record<string, string> = {}) => ({
    name,
    classpath: 'airflow.dag_processing.bundles.local.LocalDagBundle',
    kwargs,
  });

  it('takes the path of each local bundle; a file is parsed when one of them parses it', () => {
    const root = project({
      '.env': bundles([local('dags-folder', { path: '/opt/airflow/dags' }), local('team', { path: '/opt/airflow/team_dags' })]),
      'dags/a.py': '',
      'team_dags/b.py': '',
      'scripts/c.py': '',
    });
    const layout = readProjectLayout(root, NO_SETTINGS, { airflowVersion: 3 });
    assert.deepEqual(layout.dagsFolders, [path.join(root, 'dags'), path.join(root, 'team_dags')]);
    assert.equal(layout.isParsedByAirflow(path.join(root, 'team_dags', 'b.py')), true);
    assert.equal(layout.isParsedByAirflow(path.join(root, 'scripts', 'c.py')), false);
    // Each bundle's folder is on sys.path while its files are parsed.
    assert.deepEqual(layout.importRoots, [path.join(root, 'dags'), path.join(root, 'team_dags'), root]);
  });

  it('reads the default dags-folder bundle (no path) as [core] dags_folder', () => {
    const root = project({ '.env': `${bundles([local('dags-folder')])}AIRFLOW__CORE__DAGS_FOLDER=/opt/airflow/flows\n` }, ['flows']);
    assert.deepEqual(readProjectLayout(root, NO_SETTINGS, { airflowVersion: 3 }).dagsFolders, [path.join(root, 'flows')]);
  });

  it('takes the subdir of a git bundle in the project', () => {
    const git = {
      name: 'repo',
      classpath: 'airflow.providers.git.bundles.git.GitDagBundle',
      kwargs: { git_conn_id: 'git', tracking_ref: 'main', subdir: 'pipelines' },
    };
    const root = project({ '.env': `${bundles([git])}AIRFLOW__CORE__DAGS_FOLDER=/opt/airflow/dags\n` }, ['pipelines', 'dags']);
    assert.deepEqual(readProjectLayout(root, NO_SETTINGS, { airflowVersion: 3 }).dagsFolders, [path.join(root, 'pipelines')]);
  });

  it('leaves the DAG folder unknown when a bundle is not in the project, or the list cannot be read', () => {
    const s3 = { name: 's3', classpath: 'airflow.providers.amazon.aws.bundles.s3.S3DagBundle', kwargs: { bucket_name: 'dags' } };
    const remote = project({ '.env': `${bundles([local('dags-folder'), s3])}AIRFLOW__CORE__DAGS_FOLDER=/opt/airflow/dags\n` }, ['dags']);
    assert.deepEqual(readProjectLayout(remote, NO_SETTINGS, { airflowVersion: 3 }).dagsFolders, []);
    const unreadable = project(
      { 'airflow.cfg': '[core]\ndags_folder = /opt/airflow/dags\n[dag_processor]\ndag_bundle_config_list = [{"name": "dags-folder",\n' },
      ['dags'],
    );
    assert.deepEqual(readProjectLayout(unreadable, NO_SETTINGS, { airflowVersion: 3 }).dagsFolders, []);
  });

  it('reads a list written over several lines (a Helm block, airflow.cfg continuation lines)', () => {
    const folded = [
      'config:',
      '  dag_processor:',
      '    dag_bundle_config_list: >-',
      '      [{"name": "team",',
      '        "classpath": "airflow.dag_processing.bundles.local.LocalDagBundle", "kwargs": {"path": "/opt/airflow/team"}}]',
      '  core:',
      '    dags_folder: /opt/airflow/dags',
      '',
    ].join('\n');
    const helm = project({ 'values.yaml': folded }, ['dags', 'team']);
    assert.deepEqual(readProjectLayout(helm, NO_SETTINGS, { airflowVersion: 3 }).dagsFolders, [path.join(helm, 'team')]);
    const cfg =
      '[core]\ndags_folder = /opt/airflow/dags\n\n[dag_processor]\ndag_bundle_config_list = [\n    {\n      "name": "dags-folder",\n      "classpath": "airflow.dag_processing.bundles.local.LocalDagBundle",\n      "kwargs": {}\n    }\n  ]\n';
    const generated = project({ 'airflow.cfg': cfg, '.env': '# AIRFLOW__DAG_PROCESSOR__DAG_BUNDLE_CONFIG_LIST=[]\n' }, ['dags']);
    assert.deepEqual(readProjectLayout(generated, NO_SETTINGS, { airflowVersion: 3 }).dagsFolders, [path.join(generated, 'dags')]);
  });
});

describe('what the analysis is told', () => {
  it('false outside the DAG folder, null inside it (the safe-mode test decides), true with safe mode off', () => {
    const root = project({ 'airflow.cfg': '[core]\ndags_folder = /opt/airflow/dags\n', 'dags/a.py': '', 'scripts/ci.py': '' });
    const layout = readProjectLayout(root, NO_SETTINGS, { airflowVersion: 2 });
    assert.equal(parsedByAirflow(layout, path.join(root, 'scripts', 'ci.py')), false);
    assert.equal(parsedByAirflow(layout, path.join(root, 'dags', 'a.py')), null);
    const unsafe = project({
      '.env': 'AIRFLOW__CORE__DAG_DISCOVERY_SAFE_MODE=False\nAIRFLOW__CORE__DAGS_FOLDER=/opt/airflow/dags\n',
      'dags/a.py': '',
    });
    assert.equal(parsedByAirflow(readProjectLayout(unsafe, NO_SETTINGS, { airflowVersion: 2 }), path.join(unsafe, 'dags', 'a.py')), true);
    assert.equal(parsedByAirflow(readProjectLayout(root, NO_SETTINGS, { airflowVersion: null }), path.join(root, 'nowhere.py')), false);
  });
});

describe('import roots', () => {
  it("follow Airflow 2's sys.path order (DAG folder, config, plugins), then the root and python-path", () => {
    const root = project(
      {
        '.env':
          'AIRFLOW_HOME=/opt/airflow\nAIRFLOW__CORE__DAGS_FOLDER=/opt/airflow/dags\nAIRFLOW__CORE__PLUGINS_FOLDER=/opt/airflow/extensions\n',
      },
      ['dags', 'config', 'extensions', 'src'],
    );
    const layout = readProjectLayout(root, { dagsFolder: '', pythonPath: ['src', 'missing'] }, { airflowVersion: 2 });
    assert.deepEqual(
      layout.importRoots,
      ['dags', 'config', 'extensions', '', 'src'].map((folder) => path.join(root, folder)),
    );
  });

  it("follow Airflow 3's order (config and plugins first, the DAG bundle appended when a file is parsed)", () => {
    const root = project({ 'airflow.cfg': '[core]\ndags_folder = /opt/airflow/dags\n' }, ['dags', 'plugins']);
    assert.deepEqual(readProjectLayout(root, NO_SETTINGS, { airflowVersion: 3 }).importRoots, [
      path.join(root, 'plugins'),
      path.join(root, 'dags'),
      root,
    ]);
  });

  it("put the image's PYTHONPATH first, its container folders mapped to the project's (a src/ layout)", () => {
    const dockerfile = [
      'FROM apache/airflow:3.1.8-python3.11',
      'ENV PYTHONPATH=${PYTHONPATH}:/opt/airflow/project/src:/opt/airflow/dags:relative/lib',
      '',
    ].join('\n');
    const compose = [
      'services:',
      '  scheduler:',
      '    build: .',
      '    volumes:',
      '      - ./:/opt/airflow/project',
      '      - ./dags:/opt/airflow/dags',
      '',
    ].join('\n');
    const root = project({ 'docker/airflow/Dockerfile': dockerfile, 'docker-compose.yaml': compose }, ['dags', 'src/pricemonitor']);
    // Python puts PYTHONPATH ahead of the folders Airflow appends; `${PYTHONPATH}` and a relative entry name no folder here.
    assert.deepEqual(readProjectLayout(root, NO_SETTINGS, { airflowVersion: 3 }).importRoots, [
      path.join(root, 'src'),
      path.join(root, 'dags'),
      root,
    ]);
    // The compose `environment:` map sets it too (and wins over the Dockerfile).
    const environment = compose.replace('    build: .\n', '    build: .\n    environment:\n      PYTHONPATH: /opt/airflow/project/lib\n');
    const other = project({ 'docker/airflow/Dockerfile': dockerfile, 'docker-compose.yaml': environment }, ['dags', 'lib', 'src']);
    assert.equal(readProjectLayout(other, NO_SETTINGS, { airflowVersion: 3 }).importRoots[0], path.join(other, 'lib'));
  });

  it('keep the conventional dags/ and plugins/ folders when nothing names them', () => {
    const root = project({}, ['dags', 'plugins', 'include']);
    assert.deepEqual(readProjectLayout(root, NO_SETTINGS, { airflowVersion: null }).importRoots, [
      path.join(root, 'dags'),
      path.join(root, 'plugins'),
      root,
    ]);
  });
});
