// Every rule, once. A test checks that this list equals the rule files on disk and that codes
// and names are unique. Python rules and config rules are separate lists (they see different
// inputs); ALL_RULES is what docs, `explain` and rule selectors see.
import { dg001 } from './python/dg001-syntax-error';
import { dg101 } from './python/dg101-variable-get-at-parse-time';
import { dg102 } from './python/dg102-connection-at-parse-time';
import { dg103 } from './python/dg103-hook-call-at-parse-time';
import { dg104 } from './python/dg104-io-at-parse-time';
import { dg105 } from './python/dg105-heavy-import-at-module-level';
import { dg106 } from './python/dg106-dag-factory-without-parsing-context';
import { dg201 } from './python/dg201-invalid-weight-rule';
import { dg202 } from './python/dg202-invalid-priority-or-slots';
import { dg203 } from './python/dg203-unknown-pool';
import { dg204 } from './python/dg204-pool-slots-exceed-pool';
import { dg205 } from './python/dg205-heavy-operator-without-pool';
import { dg206 } from './python/dg206-renamed-argument';
import { dg207 } from './python/dg207-removed-import';
import { dg301 } from './python/dg301-dynamic-start-date';
import { dg302 } from './python/dg302-runtime-value-in-dag-definition';
import { dg303 } from './python/dg303-current-time-in-templated-field';
import { dg401 } from './python/dg401-blocking-call-in-trigger';
import { dg402 } from './python/dg402-sensor-holds-worker-slot';
import { dg601 } from './python/dg601-template-in-non-templated-field';
import { dg602 } from './python/dg602-fstring-halves-jinja-braces';
import { dg603 } from './python/dg603-unknown-template-variable';
import { dg604 } from './python/dg604-template-syntax-error';
import { dg605 } from './python/dg605-template-file-not-found';
import { dg606 } from './python/dg606-unknown-variable-or-connection';
import { dg501 } from './config/dg501-renamed-config-key';
import { dg502 } from './config/dg502-unknown-config-key';
import { dg503 } from './config/dg503-parse-timeouts-inverted';
import { dg504 } from './config/dg504-invalid-config-value';
import type { AnyRule, ConfigRule, PythonRule } from './rule';
import { compareText } from '../ordering';

export const PYTHON_RULES: readonly PythonRule[] = [
  dg001,
  dg101,
  dg102,
  dg103,
  dg104,
  dg105,
  dg106,
  dg201,
  dg202,
  dg203,
  dg204,
  dg205,
  dg206,
  dg207,
  dg301,
  dg302,
  dg303,
  dg401,
  dg402,
  dg601,
  dg602,
  dg603,
  dg604,
  dg605,
  dg606,
];

export const CONFIG_RULES: readonly ConfigRule[] = [dg501, dg502, dg503, dg504];

export const ALL_RULES: readonly AnyRule[] = [...PYTHON_RULES, ...CONFIG_RULES].sort((a, b) => compareText(a.code, b.code));

export function ruleByCode(code: string): AnyRule | undefined {
  return ALL_RULES.find((rule) => rule.code === code.toUpperCase());
}

const RULE_DOCS_URL = 'https://github.com/dag-guard/dag-guard/blob/main/docs/rules';

export function ruleDocsUrl(code: string): string {
  return `${RULE_DOCS_URL}/${code}.md`;
}
