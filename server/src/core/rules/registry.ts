// Every rule, once. A test checks that this list equals the rule files on disk and that codes
// and names are unique.
import { dg101 } from './python/dg101-variable-get-at-parse-time';
import { dg201 } from './python/dg201-invalid-weight-rule';
import { dg202 } from './python/dg202-invalid-priority-or-slots';
import { dg203 } from './python/dg203-unknown-pool';
import { dg204 } from './python/dg204-pool-slots-exceed-pool';
import { dg205 } from './python/dg205-heavy-operator-without-pool';
import { dg206 } from './python/dg206-renamed-argument';
import type { PythonRule } from './rule';

export const PYTHON_RULES: readonly PythonRule[] = [dg101, dg201, dg202, dg203, dg204, dg205, dg206];

export function ruleByCode(code: string): PythonRule | undefined {
  return PYTHON_RULES.find((rule) => rule.code === code.toUpperCase());
}

export const RULE_DOCS_URL = 'https://github.com/dag-guard/dag-guard/blob/main/docs/rules';

export function ruleDocsUrl(code: string): string {
  return `${RULE_DOCS_URL}/${code}.md`;
}
