// dagGuard.configurationPreference over stdio (issue 15, item 2): which of the editor's settings and
// pyproject.toml's [tool.dag-guard] wins, as Ruff's extension does it. The workspace sets
// `ignore: ["DG206"]`; pyproject.toml sets `ignore = ["DG105"]` and DG105's severity. The status
// notification and the log say which configuration files are in effect.
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { fileUri, LspTestClient, type Diagnostic } from '../helpers/lspClient';
import { tempFolder } from '../helpers/tempFolder';
import { defaultSettings } from '../../server/src/core/settings/schema';

const DAG = [
  'import pandas as pd', // DG105: pandas imported at module level, used only in a task
  'from airflow import DAG',
  '',
  'with DAG("report", schedule_interval="@daily") as dag:', // DG206: a renamed argument
  '    pass',
  '',
  '',
  'def frame():',
  '    return pd.DataFrame()',
  '',
].join('\n');

const PYPROJECT = '[tool.dag-guard]\nignore = ["DG105"]\nseverity = { DG105 = "error" }\n';

interface ProjectStatus {
  folder: string;
  airflow: { text: string; detail: string };
  configuration: { text: string; detail: string };
}
interface Status {
  version: string;
  grammar: string;
  projects: ProjectStatus[];
}

const folders: string[] = [];
after(() => {
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});

/** The codes and severities published for the DAG file, with the given dagGuard settings. */
async function published(settings: Record<string, unknown>): Promise<{ findings: string[]; client: LspTestClient; root: string }> {
  const root = tempFolder({ 'pyproject.toml': PYPROJECT, 'requirements.txt': 'apache-airflow==2.9.3\n', 'dags/report.py': DAG });
  folders.push(root);
  const client = await LspTestClient.start({ rootPath: root, settings });
  const uri = fileUri(path.join(root, 'dags', 'report.py'));
  client.open(uri, DAG);
  // The settings pulled after `initialized` equal those of initialize: every publication has them.
  const { diagnostics } = await client.diagnostics(uri);
  return { findings: diagnostics.map((diagnostic: Diagnostic) => `${diagnostic.code}:${diagnostic.severity}`).sort(), client, root };
}

const ERROR = 1;
const WARNING = 2;
const INFORMATION = 3;

describe('dagGuard.configurationPreference', () => {
  it("editorFirst (the default): the editor's ignore wins; pyproject.toml still sets what the editor leaves alone", async () => {
    const { findings, client, root } = await published({ ignore: ['DG206'] });
    try {
      assert.deepEqual(findings, [`DG105:${ERROR}`]);
      const status = await client.waitForStatus<Status>((status) => status.projects.some((project) => project.folder === root));
      const project = status.projects.find((candidate) => candidate.folder === root)!;
      assert.equal(project.configuration.text, 'pyproject.toml (editor settings first)');
      assert.match(project.configuration.detail, /editor settings win over pyproject\.toml for: ignore/);
      assert.equal(project.airflow.text, 'Airflow 2.9');
      assert.equal(project.airflow.detail, 'from requirements.txt');
      assert.match(status.grammar, /^web-tree-sitter \d+\.\d+\.\d+, tree-sitter-python \d+\.\d+\.\d+$/);
      const logged = await client.waitForLog(/configuration in effect/);
      assert.match(logged, /pyproject\.toml \[tool\.dag-guard\] \(editor settings first; editor settings win for: ignore\)/);
    } finally {
      await client.stop();
    }
  });

  it("editorFirst with VS Code's settings (every default sent): only the keys the user set win", async () => {
    // VS Code sends every dagGuard setting with its default; explicitSettings names those the user set.
    const settings = { ...defaultSettings(), ignore: ['DG206'], explicitSettings: ['ignore'] };
    const { findings, client } = await published(settings);
    await client.stop();
    // The editor's default severity ({}) does not hide pyproject.toml's.
    assert.deepEqual(findings, [`DG105:${ERROR}`]);
  });

  it("filesystemFirst: pyproject.toml's ignore wins", async () => {
    const { findings, client, root } = await published({ ignore: ['DG206'], configurationPreference: 'filesystemFirst' });
    try {
      assert.deepEqual(findings, [`DG206:${INFORMATION}`]);
      const status = await client.waitForStatus<Status>((status) => status.projects.some((project) => project.folder === root));
      const project = status.projects.find((candidate) => candidate.folder === root)!;
      assert.equal(project.configuration.text, 'pyproject.toml (files first)');
      assert.match(project.configuration.detail, /pyproject\.toml wins over editor settings for: ignore/);
    } finally {
      await client.stop();
    }
  });

  it('editorOnly: pyproject.toml is not read for settings at all', async () => {
    const { findings, client, root } = await published({ ignore: ['DG206'], configurationPreference: 'editorOnly' });
    try {
      assert.deepEqual(findings, [`DG105:${WARNING}`]);
      const status = await client.waitForStatus<Status>((status) => status.projects.some((project) => project.folder === root));
      const project = status.projects.find((candidate) => candidate.folder === root)!;
      assert.equal(project.configuration.text, 'editor settings only');
      assert.match(
        project.configuration.detail,
        /pyproject\.toml \[tool\.dag-guard\] ignored \(dagGuard\.configurationPreference: editorOnly\)/,
      );
    } finally {
      await client.stop();
    }
  });

  it('pyproject.toml cannot set the preference itself', async () => {
    const root = tempFolder({ 'pyproject.toml': '[tool.dag-guard]\nconfiguration-preference = "editorOnly"\n', 'dags/report.py': DAG });
    folders.push(root);
    const client = await LspTestClient.start({ rootPath: root, settings: {} });
    try {
      client.open(fileUri(path.join(root, 'dags', 'report.py')), DAG);
      const shown = await client.waitForLog(/configuration-preference/);
      assert.match(shown, /"configuration-preference" is an editor setting: pyproject\.toml cannot set it/);
    } finally {
      await client.stop();
    }
  });
});
