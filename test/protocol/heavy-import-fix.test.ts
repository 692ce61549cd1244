// DG105's fix through the protocol: the quick fix on the import moves it into the task that uses
// it; it is offered but not part of "fix all" (it is not a safe fix).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { LspTestClient } from '../helpers/lspClient';

const TEXT = [
  'from airflow.decorators import dag, task',
  'import pandas as pd',
  '',
  '@task',
  'def summarize(path):',
  '    """Summarize one export."""',
  '    return pd.read_csv(path).describe().to_dict()',
  '',
  '@dag(schedule=None)',
  'def exports():',
  '    summarize("a.csv")',
  '',
  'exports()',
  '',
].join('\r\n');

interface CodeAction {
  title: string;
  kind?: string;
  isPreferred?: boolean;
  edit?: {
    documentChanges?: Array<{
      edits: Array<{ range: { start: { line: number; character: number }; end: { line: number; character: number } }; newText: string }>;
    }>;
  };
}

describe('DG105 quick fix over stdio', () => {
  let client: LspTestClient;
  before(async () => {
    client = await LspTestClient.start();
  });
  after(async () => {
    await client.stop();
  });

  it("moves the import into the task, with the file's CRLF line ends", async () => {
    const uri = 'untitled:exports.py';
    client.open(uri, TEXT);
    const published = await client.diagnostics(uri, (p) => p.diagnostics.some((d) => d.code === 'DG105'));
    const diagnostic = published.diagnostics.find((d) => d.code === 'DG105')!;
    assert.deepEqual(diagnostic.range, { start: { line: 1, character: 7 }, end: { line: 1, character: 19 } });
    assert.equal(diagnostic.severity, 2);
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: diagnostic.range,
      context: { diagnostics: [diagnostic] },
    });
    const move = actions.find((action) => action.title === 'Move `import pandas as pd` into summarize()');
    assert.ok(move, `actions: ${actions.map((action) => action.title).join(' | ')}`);
    assert.equal(move.kind, 'quickfix');
    assert.notEqual(move.isPreferred, true);
    assert.deepEqual(move.edit?.documentChanges?.[0]?.edits, [
      { range: { start: { line: 1, character: 0 }, end: { line: 2, character: 0 } }, newText: '' },
      { range: { start: { line: 6, character: 4 }, end: { line: 6, character: 4 } }, newText: 'import pandas as pd\r\n    ' },
    ]);
    const fixAll = await client.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: diagnostic.range,
      context: { diagnostics: [], only: ['source.fixAll.dagGuard'] },
    });
    assert.deepEqual(fixAll, []);
  });
});
