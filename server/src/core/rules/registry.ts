// Every rule, once. A test checks that this list equals the rule files on disk and that codes
// and names are unique.
import { dg101 } from './python/dg101-variable-get-at-parse-time';
import { dg301 } from './python/dg301-dynamic-start-date';
import { dg302 } from './python/dg302-runtime-value-in-dag-definition';
import { dg303 } from './python/dg303-current-time-in-templated-field';
import { dg401 } from './python/dg401-blocking-call-in-trigger';
import { dg402 } from './python/dg402-sensor-holds-worker-slot';
import type { PythonRule } from './rule';

export const PYTHON_RULES: readonly PythonRule[] = [dg101, dg301, dg302, dg303, dg401, dg402];

export function ruleByCode(code: string): PythonRule | undefined {
  return PYTHON_RULES.find((rule) => rule.code === code.toUpperCase());
}

export const RULE_DOCS_URL = 'https://github.com/dag-guard/dag-guard/blob/main/docs/rules';

export function ruleDocsUrl(code: string): string {
  return `${RULE_DOCS_URL}/${code}.md`;
}
