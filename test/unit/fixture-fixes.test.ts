// Every fix offered on every rule fixture (under its header's settings), applied alone, leaves valid Python (python3's parser
// and tree-sitter agree) and removes at least the finding it was offered for.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { analyze, fixturePath, getEngine } from '../helpers/engine';
import { fixesOf, pythonSyntaxError } from '../helpers/fixes';
import { applyEdits } from '../../server/src/core/syntax/positions';
import { fixtureOptions } from '../helpers/fixtureHeaders';

const dir = fixturePath('rules');
const files = readdirSync(dir).filter((name) => name.endsWith('.py')).sort();

describe('fixes on the rule fixtures', () => {
  for (const file of files) {
    it(file, async () => {
      const text = readFileSync(`${dir}/${file}`, 'utf8');
      const code = file.slice(0, 5);
      // Under the fixture's own header (version, pools, template files, exports), as its rule test runs it.
      const options = fixtureOptions(file, text);
      const findings = (await analyze(text, options)).filter((finding) => finding.code === code);
      const results: Array<{ label: string; text: string }> = [];
      for (const finding of findings) {
        for (const fix of fixesOf(finding)) results.push({ label: `line ${finding.range.start.line + 1}: ${fix.title}`, text: applyEdits(text, fix.edits) });
      }
      const errors = pythonSyntaxError(results.map((result) => result.text));
      const engine = await getEngine();
      for (const [index, result] of results.entries()) {
        assert.equal(errors[index], null, `${result.label} breaks the file: ${errors[index]}`);
        const hasError = engine.withSource(options.path, result.text, (source) => source.root.hasError);
        assert.equal(hasError, false, `${result.label}: tree-sitter finds an error`);
        const after = (await analyze(result.text, options)).filter((finding) => finding.code === code);
        assert.ok(after.length < findings.length, `${result.label} does not remove its finding`);
      }
    });
  }
});
