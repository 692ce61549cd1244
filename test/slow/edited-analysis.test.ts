// The analysis of a document the server has edited (its tree edited and re-parsed incrementally,
// one SourceFile per revision, the per-tree and per-source caches of the model) equals a fresh
// analysis of the same text, after every edit of a random sequence: typing inside calls, strings,
// decorators, imports and module-level assignments, and random insertions and deletions, over the
// bench generator's file, the rule fixtures and the examples. Any per-edit reuse (caches, an
// incremental analysis) must keep this true: findings with their ranges, messages, details, fixes
// and related entries.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { analyzePython, type AnalysisOptions } from '../../server/src/core/analyze';
import { createPythonParser } from '../../server/src/core/syntax/parser';
import { LineIndex } from '../../server/src/core/syntax/positions';
import { DocumentStore } from '../../server/src/protocol/documents';
import { generateLargeDag } from '../bench/generate';
import { FIXTURES, getEngine, settingsWith, TEST_TODAY } from '../helpers/engine';
import { random, randomEdits } from '../helpers/randomEdits';

interface Sample {
  name: string;
  text: string;
  edits: number;
}

function samples(): Sample[] {
  const rules = path.join(FIXTURES, 'rules');
  const examples = path.join(__dirname, '..', '..', 'examples', 'dags');
  const files = [
    ...readdirSync(rules)
      .filter((name) => /^DG[1-4]\d\d.*\.py$/.test(name))
      .map((name) => path.join(rules, name)),
    ...readdirSync(examples)
      .filter((name) => name.endsWith('.py'))
      .map((name) => path.join(examples, name)),
  ];
  return [
    { name: 'bench generator, 150 lines', text: generateLargeDag(150), edits: 30 },
    ...files.map((file) => ({ name: path.relative(path.join(__dirname, '..', '..'), file), text: readFileSync(file, 'utf8'), edits: 8 })),
  ];
}

describe('the analysis of an edited document', () => {
  const all = samples();
  for (const [index, sample] of all.entries()) {
    it(`equals a fresh analysis after every edit: ${sample.name}`, async () => {
      const engine = await getEngine();
      const store = new DocumentStore(await createPythonParser());
      const uri = 'file:///edited/dag.py';
      const options: AnalysisOptions = {
        settings: settingsWith(),
        airflowVersion: index % 3 === 2 ? 3 : 2,
        today: TEST_TODAY,
        onRuleError: (rule, error) => assert.fail(`${rule.code} threw: ${String(error)}`),
      };
      let text = sample.text;
      store.open(uri, 'python', 1, text);
      const steps = randomEdits(text, random(index + 1), sample.edits);
      let step = steps.next('');
      for (let version = 2; !step.done; version++) {
        const edit = step.value;
        const lines = new LineIndex(text);
        store.change(uri, version, [{ range: lines.rangeOf(edit.start, edit.end), text: edit.text }]);
        text = text.slice(0, edit.start) + edit.text + text.slice(edit.end);
        const entry = store.get(uri)!;
        assert.equal(entry.document.getText(), text);
        const edited = analyzePython(store.sourceOf(entry)!, options);
        const fresh = engine.analyzeText('/edited/dag.py', text, options);
        assert.deepEqual(edited, fresh, `after edit ${version - 1} ${JSON.stringify(edit)} of ${sample.name}`);
        step = steps.next(text);
      }
      store.dispose();
    });
  }
});
