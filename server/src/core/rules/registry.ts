// Every rule, once. A test checks that this list equals the rule files on disk and that codes
// and names are unique. Python rules and config rules are separate lists (they see different
// inputs); ALL_RULES is what docs, `explain` and rule selectors see.
import { dg101 } from './python/dg101-variable-get-at-parse-time';
import { dg501 } from './config/dg501-renamed-config-key';
import { dg502 } from './config/dg502-unknown-config-key';
import { dg503 } from './config/dg503-parse-timeouts-inverted';
import { dg504 } from './config/dg504-invalid-config-value';
import type { AnyRule, ConfigRule, PythonRule } from './rule';

export const PYTHON_RULES: readonly PythonRule[] = [dg101];

export const CONFIG_RULES: readonly ConfigRule[] = [dg501, dg502, dg503, dg504];

export const ALL_RULES: readonly AnyRule[] = [...PYTHON_RULES, ...CONFIG_RULES].sort((a, b) => a.code.localeCompare(b.code));

export function ruleByCode(code: string): AnyRule | undefined {
  return ALL_RULES.find((rule) => rule.code === code.toUpperCase());
}

export const RULE_DOCS_URL = 'https://github.com/dag-guard/dag-guard/blob/main/docs/rules';

export function ruleDocsUrl(code: string): string {
  return `${RULE_DOCS_URL}/${code}.md`;
}
