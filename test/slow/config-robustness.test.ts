// Bad input never takes the config side down: every rule, hover and completion over every
// offset of the fixtures, of truncated copies of them, and of junk, without an exception.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { analyzeConfig } from '../../server/src/core/analyzeConfig';
import { configCompletions } from '../../server/src/core/completion/config';
import { readConfigDocument } from '../../server/src/core/config/document';
import { documentKind } from '../../server/src/core/documentKind';
import { configHover } from '../../server/src/core/hover/config';
import { fixturePath, settingsWith } from '../helpers/engine';

const JUNK = [
  '',
  '[',
  '[core',
  '[core]\n=',
  'AIRFLOW__',
  'AIRFLOW__CORE__',
  'AIRFLOW__CORE__X=',
  '- name: AIRFLOW__CORE__X\n',
  'config:\n  core:\n    :',
  '\r\r\n\t[\t]\t=\t',
  '🚀[🚀]🚀=🚀',
  'config:\n core:\n  parallelism:',
];

describe('config robustness', () => {
  it('rules, hover and completion never throw, at any offset', () => {
    const dir = fixturePath('rules');
    const texts = readdirSync(dir)
      .filter((name) => /^DG\d{3}/.test(name) && !name.endsWith('.py'))
      .map((name) => [name, readFileSync(`${dir}/${name}`, 'utf8')] as const);
    const inputs = [
      ...texts,
      ...texts.map(([name, text]) => [name, text.slice(0, Math.floor(text.length / 2))] as const),
      ...JUNK.map((text) => ['airflow.cfg', text] as const),
      ...JUNK.map((text) => ['.env', text] as const),
      ...JUNK.map((text) => ['values.yaml', text] as const),
    ];
    let hovers = 0;
    for (const [name, text] of inputs) {
      const document = readConfigDocument(text, documentKind(name, undefined, text));
      const errors: unknown[] = [];
      analyzeConfig(document, { settings: settingsWith(), airflowVersion: 3, onRuleError: (_rule, error) => errors.push(error) });
      assert.deepEqual(errors, [], name);
      for (let offset = 0; offset <= text.length; offset++) {
        if (configHover(document, offset)) hovers++;
        configCompletions(document, offset);
      }
    }
    assert.ok(hovers > 100, `only ${hovers} hovers answered`);
  });
});
