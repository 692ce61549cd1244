// Tables indexed by text from a file must not answer for the names every JavaScript object has:
// `import constructor` made DG401 read CLIENT_FACTORIES['constructor'] (Object), throw, and lose
// the file's DG401 findings; `load_examples = constructor` in airflow.cfg got DG504's fix
// "Replace with function Object() { [native code] }". Each name below is used in every place a
// DAG file or a config file gives a name (imports, calls, arguments, default_args, pools, weight
// rules, Jinja, timedelta, sections, keys, values, AIRFLOW__ variables): no rule may fail, no
// finding may be lost, and no text may show a JavaScript object.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeConfigText } from '../../server/src/core/analyzeConfig';
import { readConfigDocument } from '../../server/src/core/config/document';
import { configCompletions } from '../../server/src/core/completion/config';
import { pythonCompletions } from '../../server/src/core/completion/python';
import { configHover } from '../../server/src/core/hover/config';
import { pythonHover } from '../../server/src/core/hover/python';
import { poolsFromObject } from '../../server/src/core/airflow/pools';
import type { DocumentKind } from '../../server/src/core/documentKind';
import type { Finding } from '../../server/src/core/findings';
import { getEngine, settingsWith, TEST_TODAY } from '../helpers/engine';

const NAMES = ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf', 'isPrototypeOf'];
/** What a JavaScript object looks like when it leaks into text. */
const LEAK = /native code|\[object |function \w*\(|=>|undefined|NaN/;

function pythonFile(name: string): string {
  return [
    'import requests',
    `import ${name}`,
    `from ${name} import ${name} as ${name}_alias`,
    'from datetime import timedelta',
    'from airflow import DAG',
    'from airflow.models import Variable',
    'from airflow.operators.bash import BashOperator',
    'from airflow.triggers.base import BaseTrigger',
    '',
    '',
    `class ${name[0].toUpperCase()}${name.slice(1)}Trigger(BaseTrigger):`,
    '    async def run(self):',
    `        ${name}()`,
    `        ${name}().read()`,
    `        client = ${name}()`,
    '        client.fetch()',
    '        requests.get("https://example.com")',
    `        ${name}.${name}()`,
    `        ${name}_alias.get("x")`,
    '',
    '',
    `${name}.${name}(timedelta(${name}=1))`,
    `${name}()`,
    `${name}().read()`,
    `with DAG("${name}", default_args={"${name}": 1, "pool": "${name}"}, schedule=timedelta(${name}=2), ${name}=3):`,
    `    BashOperator(task_id="${name}", bash_command="{{ ${name} }} {{ var.value.${name} }} {{ conn.${name}.${name} }}", pool="${name}", weight_rule="${name}", priority_weight="${name}", ${name}=Variable.get("${name}"))`,
    `    BashOperator(task_id="b", bash_command="echo", weight_rule=${name}.${name}, pool_slots=${name})`,
    '',
  ].join('\n');
}

function configFiles(name: string): Array<[DocumentKind, string]> {
  const upper = name.toUpperCase();
  return [
    [
      'airflow-cfg',
      `[${name}]\n${name} = ${name}\n\n[core]\nload_examples = ${name}\nparallelism = ${name}\n${name} = 1\n${name}_cmd = x\n`,
    ],
    ['dotenv', `AIRFLOW__CORE__LOAD_EXAMPLES=${name}\nAIRFLOW__${upper}__${upper}=${name}\nAIRFLOW__CORE__${upper}=1\n`],
    [
      'docker-compose',
      `services:\n  x:\n    environment:\n      AIRFLOW__CORE__LOAD_EXAMPLES: ${name}\n      - AIRFLOW__CORE__${upper}=${name}\n`,
    ],
    ['helm-values', `config:\n  ${name}:\n    ${name}: ${name}\n  core:\n    load_examples: ${name}\n`],
  ];
}

function noLeak(texts: Array<string | undefined>, where: string): void {
  for (const text of texts) if (text !== undefined) assert.doesNotMatch(text, LEAK, `${where}: ${text}`);
}

function findingTexts(findings: readonly Finding[]): string[] {
  return findings
    .flatMap((finding) => [finding.message, finding.fix?.title, ...(finding.fix?.edits.map((edit) => edit.newText) ?? [])])
    .filter((text): text is string => text !== undefined);
}

describe('names every JavaScript object has, in DAG files', () => {
  for (const name of NAMES) {
    it(`"${name}": no rule fails, DG401 keeps its findings, no text shows an object`, async () => {
      const engine = await getEngine();
      const text = pythonFile(name);
      const errors: string[] = [];
      const options = {
        settings: settingsWith({ ioCalls: { 'mycompany.fetch': 'network' } }),
        airflowVersion: 2 as const,
        airflowMinor: null,
        pools: { pools: poolsFromObject({ etl: 4 }).pools, source: 'the pools setting' },
        deployment: null,
        today: TEST_TODAY,
        onRuleError: (rule: { code: string }, error: unknown) => errors.push(`${rule.code}: ${(error as Error).stack}`),
      };
      const findings = engine.analyzeText('dag.py', text, options);
      assert.deepEqual(errors, []);
      const blocking = findings.filter((finding) => finding.code === 'DG401').map((finding) => finding.range.start.line);
      assert.ok(blocking.includes(16), `DG401 reports requests.get in the trigger (lines: ${blocking.join(', ')})`);
      noLeak(findingTexts(findings), 'finding');
      engine.withSource('dag.py', text, (source) => {
        for (let offset = 0; offset <= text.length; offset += 3) {
          noLeak([pythonHover({ source, offset, airflowVersion: 2 })?.markdown], `hover at ${offset}`);
          for (const entry of pythonCompletions({ source, offset, pools: options.pools }))
            noLeak([entry.label, entry.detail, entry.documentation], `completion at ${offset}`);
        }
      });
    });
  }
});

describe('names every JavaScript object has, in config files', () => {
  for (const name of NAMES) {
    it(`"${name}": no rule fails, DG504 offers no object as a value, hovers and completions show none`, () => {
      for (const [kind, text] of configFiles(name)) {
        const errors: string[] = [];
        const findings = analyzeConfigText(text, kind, {
          settings: settingsWith(),
          airflowVersion: 2,
          onRuleError: (rule, error) => errors.push(`${rule.code}: ${(error as Error).stack}`),
        });
        assert.deepEqual(errors, [], kind);
        noLeak(findingTexts(findings), `${kind} finding`);
        if (kind === 'airflow-cfg') {
          // `load_examples = constructor` is not a boolean: reported, and no word to replace it with.
          const loadExamples = findings.find((finding) => finding.code === 'DG504' && finding.message.includes('load_examples'));
          assert.ok(loadExamples, findings.map((finding) => finding.message).join('\n'));
          assert.equal(loadExamples.fix, null);
        }
        const document = readConfigDocument(text, kind);
        for (let offset = 0; offset <= text.length; offset++) {
          noLeak([configHover(document, offset)?.markdown], `${kind} hover at ${offset}`);
          for (const item of configCompletions(document, offset))
            noLeak([item.label, item.detail, item.documentation], `${kind} completion at ${offset}`);
        }
      }
    });
  }
});
