// Every rule, once. A test checks that this list equals the rule files on disk and that codes
// and names are unique.
import { dg101 } from './python/dg101-variable-get-at-parse-time';
import { dg102 } from './python/dg102-connection-at-parse-time';
import type { PythonRule } from './rule';

export const PYTHON_RULES: readonly PythonRule[] = [dg101, dg102];

export function ruleByCode(code: string): PythonRule | undefined {
  return PYTHON_RULES.find((rule) => rule.code === code.toUpperCase());
}

export const RULE_DOCS_URL = 'https://github.com/dag-guard/dag-guard/blob/main/docs/rules';

export function ruleDocsUrl(code: string): string {
  return `${RULE_DOCS_URL}/${code}.md`;
}
