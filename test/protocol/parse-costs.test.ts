// The parse-cost view's data over stdio: after the workspace scan the server says its data changed
// (dagGuard/parseCostsChanged), and dagGuard/parseCosts answers the DAG files ranked costliest
// first, each with its summary and the line of its costliest site; a change on disk re-ranks them.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { tempFolder } from '../helpers/tempFolder';
import { fileUri, LspTestClient } from '../helpers/lspClient';

interface ParseCostEntry {
  uri: string;
  summary: string;
  detail: string;
  line: number;
  score: number;
}

const LIGHT = [
  'from airflow import DAG',
  'from airflow.models import Variable',
  '',
  'env = Variable.get("env")',
  'with DAG("light"):',
  '    pass',
  '',
].join('\n');
const HEAVY = [
  'from airflow import DAG',
  'from airflow.models import Variable',
  '',
  'env = Variable.get("env")',
  'for team in ["a", "b", "c"]:',
  '    with DAG(f"load_{team}", schedule=Variable.get(f"{team}_schedule")):',
  '        pass',
  '',
].join('\n');

describe('parse-cost view over stdio', () => {
  it('ranks the workspace DAG files costliest first, with the costliest line, and follows disk changes', async () => {
    const root = tempFolder({ 'dags/light.py': LIGHT, 'dags/heavy.py': HEAVY, 'dags/helper.py': 'import os\n' });
    const client = await LspTestClient.start({ rootPath: root });
    const changed = () => new Promise<void>((resolve) => client.connection.onNotification('dagGuard/parseCostsChanged', () => resolve()));
    try {
      await changed();
      const ranked = await client.request<ParseCostEntry[]>('dagGuard/parseCosts', {});
      const light = fileUri(path.join(root, 'dags', 'light.py'));
      const heavy = fileUri(path.join(root, 'dags', 'heavy.py'));
      assert.deepEqual(
        ranked.map(({ uri, summary, line }) => ({ uri, summary, line })),
        [
          { uri: heavy, summary: '4 Variable reads, builds 3 DAGs', line: 5 },
          { uri: light, summary: '1 Variable read, builds 1 DAG', line: 3 },
        ],
      );
      assert.match(
        ranked[0].detail,
        /^each parse: 4 Variable reads, builds 3 DAGs; parsed every 30 s \(Airflow default\) = 11,520 metadata database reads a day$/,
      );
      // light.py grows a loop of five reads: it becomes the costliest, opened at the loop's read.
      writeFileSync(path.join(root, 'dags', 'light.py'), `${LIGHT}for name in ["a", "b", "c", "d", "e"]:\n    Variable.get(name)\n`);
      const again = changed();
      void client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: light, type: 2 }] });
      await again;
      const reranked = await client.request<ParseCostEntry[]>('dagGuard/parseCosts', {});
      assert.deepEqual(
        reranked.map(({ uri, summary, line }) => ({ uri, summary, line })),
        [
          { uri: light, summary: '6 Variable reads, builds 1 DAG', line: 7 },
          { uri: heavy, summary: '4 Variable reads, builds 3 DAGs', line: 5 },
        ],
      );
    } finally {
      await client.stop();
    }
  });

  it('answers a hover sent while it counts the workspace, before its own answer', async () => {
    // Counting reads, parses and models every DAG file: in one go it held the server (470 ms for
    // 600 small files); in steps, a request sent meanwhile is answered between them.
    const files: Record<string, string> = {};
    for (let n = 0; n < 150; n++) files[`dags/dag_${n}.py`] = HEAVY.replace('"load_', `"load_${n}_`);
    const root = tempFolder(files);
    const client = await LspTestClient.start({ rootPath: root });
    const changed = new Promise<void>((resolve) => client.connection.onNotification('dagGuard/parseCostsChanged', () => resolve()));
    try {
      const uri = fileUri(path.join(root, 'dags', 'dag_0.py'));
      client.open(uri, files['dags/dag_0.py']);
      await changed;
      const answered: string[] = [];
      const ranked = client.request<ParseCostEntry[]>('dagGuard/parseCosts', {}).then((entries) => {
        answered.push('parseCosts');
        return entries;
      });
      const hover = client
        .request('textDocument/hover', { textDocument: { uri }, position: { line: 3, character: 8 } })
        .then(() => answered.push('hover'));
      await Promise.all([ranked, hover]);
      assert.equal((await ranked).length, 150);
      assert.deepEqual(answered, ['hover', 'parseCosts']);
    } finally {
      await client.stop();
    }
  });
});
