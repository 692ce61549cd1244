// Settings: defaults, merging editor and pyproject values, problems instead of crashes, rule
// selection, and the Airflow version a project pins.
import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import { tempFolder } from '../helpers/tempFolder';
import { effectiveSeverity, isRuleEnabled } from '../../server/src/core/rules/selection';
import { defaultSettings, mergeSettings, tomlKey } from '../../server/src/core/settings/schema';
import { releaseIncludes } from '../../server/src/core/airflow/release';
import { detectAirflowRelease, detectAirflowVersion } from '../../server/src/project/airflowVersion';
import { loadProjectConfig, readToolSection } from '../../server/src/project/projectConfig';

describe('settings', () => {
  it('merges valid values and reports unknown keys and bad values without throwing', () => {
    const { settings, problems } = mergeSettings(defaultSettings(), { ignore: ['DG105'], airflowVersion: '4', colour: true });
    assert.deepEqual(settings.ignore, ['DG105']);
    assert.equal(settings.airflowVersion, 'auto');
    assert.deepEqual(
      problems.map((p) => p.message),
      ['"airflowVersion" must be "auto", "2", "3" or a minor version such as "2.7", not "4"', 'unknown setting "colour"'],
    );
  });

  it('reads [tool.dag-guard] with kebab-case keys', () => {
    assert.equal(tomlKey('airflowVersion'), 'airflow-version');
    const { values } = readToolSection('[tool.dag-guard]\nairflow-version = "3"\nignore = ["DG101"]\nseverity = { DG101 = "error" }\n');
    const { settings, problems } = mergeSettings(defaultSettings(), values, 'kebab');
    assert.deepEqual(problems, []);
    assert.equal(settings.airflowVersion, '3');
    assert.deepEqual(settings.severity, { DG101: 'error' });
  });

  it('turns invalid TOML into a problem', () => {
    const { values, problems } = readToolSection('[tool.dag-guard\nignore = [');
    assert.deepEqual(values, {});
    assert.match(problems[0].message, /^pyproject.toml is not valid TOML/);
  });

  it('selects rules by code and prefix; ignore and "off" win', () => {
    const settings = {
      ...defaultSettings(),
      select: ['DG1'],
      ignore: ['DG102'],
      severity: { DG103: 'off' as const, DG101: 'error' as const },
    };
    assert.equal(isRuleEnabled('DG101', settings), true);
    assert.equal(isRuleEnabled('DG102', settings), false);
    assert.equal(isRuleEnabled('DG103', settings), false);
    assert.equal(isRuleEnabled('DG201', settings), false);
    assert.equal(effectiveSeverity('DG101', 'warning', settings), 'error');
    assert.equal(effectiveSeverity('DG104', 'warning', settings), 'warning');
  });

  it('loads the nearest pyproject.toml for files in subfolders', () => {
    const root = tempFolder({
      'pyproject.toml': '[tool.dag-guard]\nexclude = ["**/tests/**"]\nairflow-version = "2"\n',
      'dags/team/x.py': '',
    });
    const config = loadProjectConfig(path.join(root, 'dags', 'team'), defaultSettings());
    assert.equal(config.root, root);
    assert.deepEqual(config.settings.exclude, ['**/tests/**']);
    assert.equal(config.airflowVersion, 2);
  });
});

describe('Airflow version detection', () => {
  const detect = (name: string, text: string) => detectAirflowVersion([{ name, text }]);

  it('reads requirements pins', () => {
    assert.equal(detect('requirements.txt', 'pandas==2.2\napache-airflow==2.9.3\n'), 2);
    assert.equal(detect('requirements.txt', 'apache-airflow[celery,postgres]>=3.0.1\n'), 3);
    assert.equal(detect('requirements.txt', 'apache-airflow<3\n'), 2);
    assert.equal(detect('requirements.txt', '# apache-airflow==3.0.0\napache-airflow-providers-amazon==9.0\n'), null);
  });

  it('reads pyproject dependencies and Dockerfile image tags', () => {
    assert.equal(detect('pyproject.toml', '[project]\ndependencies = ["apache-airflow~=2.10.2", "pendulum"]\n'), 2);
    assert.equal(detect('Dockerfile', 'FROM apache/airflow:3.0.2-python3.11\nUSER airflow\n'), 3);
    assert.equal(detect('Dockerfile', 'FROM apache/airflow:slim-2.8.1\n'), 2);
    assert.equal(detect('Dockerfile', 'FROM python:3.11\nRUN pip install apache-airflow==2.7.0\n'), null);
  });

  it('takes the lowest release when pins disagree (a minor the pin does not bound counts as lowest)', () => {
    assert.deepEqual(
      detectAirflowRelease([
        { name: 'Dockerfile', text: 'FROM apache/airflow:2.9.0\n' },
        { name: 'requirements.txt', text: 'apache-airflow==3.0.0\n' },
      ]),
      { major: 2, minor: 9 },
    );
    assert.deepEqual(
      detectAirflowRelease([
        { name: 'requirements.txt', text: 'apache-airflow==2.10.4\n' },
        { name: 'constraints.txt', text: 'apache-airflow==2.7.3\n' },
      ]),
      { major: 2, minor: 7 },
    );
    assert.deepEqual(
      detectAirflowRelease([
        { name: 'requirements.txt', text: 'apache-airflow==2.10.4\n' },
        { name: 'pyproject.toml', text: '[project]\ndependencies = ["apache-airflow<3"]\n' },
      ]),
      { major: 2, minor: null },
    );
  });

  it('reads Poetry dependencies and PEP 621 dependencies through the TOML, not comments or other tables', () => {
    const release = (text: string) => detectAirflowRelease([{ name: 'pyproject.toml', text }]);
    assert.deepEqual(release('[tool.poetry.dependencies]\npython = "^3.11"\napache-airflow = "^2.7.1"\n'), { major: 2, minor: 7 });
    assert.deepEqual(release('[tool.poetry.dependencies]\napache-airflow = { version = "2.9.3", extras = ["celery"] }\n'), {
      major: 2,
      minor: 9,
    });
    assert.deepEqual(release('[tool.poetry.group.dev.dependencies]\napache-airflow = "~3.0"\n'), { major: 3, minor: 0 });
    assert.deepEqual(release('[project]\ndependencies = [\n  "pandas>=2",\n  "apache-airflow[celery]>=2.8.0,<3",\n]\n'), {
      major: 2,
      minor: 8,
    });
    assert.deepEqual(release('[project.optional-dependencies]\nairflow = ["apache-airflow==2.6.3"]\n'), { major: 2, minor: 6 });
    assert.equal(release('[tool.poetry.dependencies]\napache-airflow = "*"\n'), null);
    assert.equal(release('[project]\nname = "x"\n# apache-airflow==3.0.0\ndescription = "for apache-airflow>=3.0"\n'), null);
  });

  it('reads the image of a compose file', () => {
    assert.deepEqual(
      detectAirflowRelease([
        { name: 'docker-compose.yaml', text: 'x-airflow-common:\n  image: ${AIRFLOW_IMAGE_NAME:-apache/airflow:2.10.4}\n' },
      ]),
      { major: 2, minor: 10 },
    );
    assert.deepEqual(
      detectAirflowRelease([{ name: 'compose.yml', text: 'services:\n  scheduler:\n    image: "apache/airflow:3.0.2-python3.12"\n' }]),
      { major: 3, minor: 0 },
    );
    assert.equal(
      detectAirflowRelease([
        { name: 'docker-compose.yml', text: '# image: apache/airflow:2.1.0\nservices:\n  db:\n    image: postgres:16\n' },
      ]),
      null,
    );
  });

  it('finds pins in subfolders, two levels down, skipping virtualenvs, node_modules and hidden folders', () => {
    const found = (files: Record<string, string>) =>
      pick(loadProjectConfig(tempFolder({ 'pyproject.toml': '[tool.dag-guard]\n', ...files }), defaultSettings()));
    assert.deepEqual(found({ 'src/requirements.txt': 'apache-airflow==2.8.1\n' }), { airflowVersion: 2, airflowMinor: 8 });
    assert.deepEqual(found({ 'infra/docker/Dockerfile': 'FROM apache/airflow:2.9.2\n' }), { airflowVersion: 2, airflowMinor: 9 });
    assert.deepEqual(found({ 'deploy/compose/docker-compose.yaml': 'services:\n  web:\n    image: apache/airflow:3.0.1\n' }), {
      airflowVersion: 3,
      airflowMinor: 0,
    });
    assert.deepEqual(found({ 'a/b/c/requirements.txt': 'apache-airflow==2.8.1\n' }), { airflowVersion: null, airflowMinor: null });
    assert.deepEqual(
      found({
        '.venv/lib/requirements.txt': 'apache-airflow==2.8.1\n',
        'node_modules/x/requirements.txt': 'apache-airflow==2.8.1\n',
        'venv/requirements.txt': 'apache-airflow==2.8.1\n',
      }),
      { airflowVersion: null, airflowMinor: null },
    );
    assert.deepEqual(found({ 'requirements.txt': 'apache-airflow==2.10.2\n', 'docker/Dockerfile': 'FROM apache/airflow:2.9.0\n' }), {
      airflowVersion: 2,
      airflowMinor: 9,
    });
  });

  it('says which pin won, from which file, and the pins it won over', () => {
    const source = (files: Record<string, string>) =>
      loadProjectConfig(tempFolder({ 'pyproject.toml': '[tool.dag-guard]\n', ...files }), defaultSettings()).airflowVersionSource;
    assert.equal(
      source({
        'requirements.txt': 'apache-airflow==2.10.2\n',
        'docker/Dockerfile': 'FROM apache/airflow:2.9.0-python3.11\n',
        'src/requirements.txt': 'apache-airflow[celery]>=3.0\n',
      }),
      'Airflow 2.9, from docker/Dockerfile (FROM apache/airflow:2.9): the lowest of 3 pins wins (also 2.10 in requirements.txt, 3.0 in src/requirements.txt)',
    );
    assert.equal(
      source({ 'requirements.txt': 'apache-airflow==2.8.1\n', 'constraints.txt': 'apache-airflow==2.8.1\n' }),
      'Airflow 2.8, from constraints.txt (apache-airflow==2.8.1); 1 other pin agrees',
    );
    assert.equal(source({}), 'Airflow version unknown: no pin in requirements, constraints, pyproject.toml, compose files or Dockerfiles');
    const set = loadProjectConfig(
      tempFolder({ 'pyproject.toml': '[tool.dag-guard]\nairflow-version = "2.7"\n', 'requirements.txt': 'apache-airflow==2.10.2\n' }),
      defaultSettings(),
    );
    assert.equal(set.airflowVersionSource, 'Airflow 2.7, from the airflowVersion setting (the project pins 2.10 in requirements.txt)');
  });

  it('accepts a minor version in the setting: airflow-version = "2.7"', () => {
    const root = tempFolder({
      'pyproject.toml': '[tool.dag-guard]\nairflow-version = "2.7"\n',
      'requirements.txt': 'apache-airflow==2.10.2\n',
    });
    const config = loadProjectConfig(root, defaultSettings());
    assert.deepEqual(config.problems, []);
    assert.deepEqual(pick(config), { airflowVersion: 2, airflowMinor: 7 });
    const bad = loadProjectConfig(tempFolder({ 'pyproject.toml': '[tool.dag-guard]\nairflow-version = "2.x"\n' }), defaultSettings());
    assert.equal(bad.problems.length, 1);
  });

  it('keeps the lowest minor version a pin allows, and none where the pin does not bound it from below', () => {
    const release = (name: string, text: string) => detectAirflowRelease([{ name, text }]);
    assert.deepEqual(release('requirements.txt', 'apache-airflow==2.9.3\n'), { major: 2, minor: 9 });
    assert.deepEqual(release('requirements.txt', 'apache-airflow>=2.7,<3\n'), { major: 2, minor: 7 });
    assert.deepEqual(release('pyproject.toml', '[project]\ndependencies = ["apache-airflow~=2.10.2"]\n'), { major: 2, minor: 10 });
    assert.deepEqual(release('Dockerfile', 'FROM apache/airflow:2.3.4-python3.10\n'), { major: 2, minor: 3 });
    assert.deepEqual(release('Dockerfile', 'FROM apache/airflow:slim-2.8.1\n'), { major: 2, minor: 8 });
    assert.deepEqual(release('requirements.txt', 'apache-airflow<3\n'), { major: 2, minor: null });
    assert.deepEqual(release('requirements.txt', 'apache-airflow<=2.10\n'), { major: 2, minor: null });
    assert.deepEqual(release('Dockerfile', 'FROM apache/airflow:2\n'), { major: 2, minor: null });
    assert.deepEqual(release('requirements.txt', 'apache-airflow==3.0.2\n'), { major: 3, minor: 0 });
  });

  it('tells whether a release has what came in 2.2 or 2.4', () => {
    assert.equal(releaseIncludes(2, 9, '2.4'), true);
    assert.equal(releaseIncludes(2, 4, '2.4'), true);
    assert.equal(releaseIncludes(2, 3, '2.4'), false);
    assert.equal(releaseIncludes(2, null, '2.2'), false);
    assert.equal(releaseIncludes(3, null, '2.4'), true);
    assert.equal(releaseIncludes(null, null, '2.2'), false);
  });

  it("counts what came in a major release's first minor as in every release of that major", () => {
    assert.equal(releaseIncludes(2, null, '2.0'), true);
    assert.equal(releaseIncludes(3, null, '3.0'), true);
    assert.equal(releaseIncludes(null, null, '2.0'), false);
  });

  it('gives a project the minor version of its pin only when the major version agrees with the setting', () => {
    const pinned = tempFolder({ 'requirements.txt': 'apache-airflow==2.9.3\n' });
    assert.deepEqual(pick(loadProjectConfig(pinned, defaultSettings())), { airflowVersion: 2, airflowMinor: 9 });
    const overridden = tempFolder({
      'requirements.txt': 'apache-airflow==2.9.3\n',
      'pyproject.toml': '[tool.dag-guard]\nairflow-version = "3"\n',
    });
    assert.deepEqual(pick(loadProjectConfig(overridden, defaultSettings())), { airflowVersion: 3, airflowMinor: null });
  });
});

function pick(config: { airflowVersion: 2 | 3 | null; airflowMinor: number | null }) {
  return { airflowVersion: config.airflowVersion, airflowMinor: config.airflowMinor };
}
