// What the Python grammar says of its node types that lets the snapshot's walk ask tree-sitter
// less (core/syntax/snapshot.ts): types that never have children, and types none of whose
// children has a field. From tree-sitter-python 0.25.0: `src/node-types.json` (a type with
// "children" but no "fields"; a token type has neither) and `grammar.js` (which of those are tokens).
// test/unit/grammar-shape.test.ts checks both lists against the installed grammar's file, and
// test/unit/tree-snapshot.test.ts the snapshot they make against web-tree-sitter's answers.

/**
 * Named types that are tokens (no children). Anonymous types (keywords, punctuation) are tokens
 * too, but for ANONYMOUS_WITH_CHILDREN. node-types.json lists neither children nor fields for these, but also not for rules made of
 * anonymous tokens only (`pass_statement`, `import_prefix`, `wildcard_import`, the parameter
 * separators), which have children: only the grammar's tokens (a `token()`, a pattern, a scanner
 * token, a lone string) are here.
 */
export const LEAF_TYPES: readonly string[] = [
  'comment',
  'ellipsis',
  'escape_interpolation',
  'escape_sequence',
  'false',
  'float',
  'identifier',
  'integer',
  'none',
  'string_end',
  'string_start',
  'true',
  'type_conversion',
];

/**
 * Anonymous types that are not tokens: grammar.json's anonymous aliases of a rule rather than of
 * a string or a pattern (`is not`, `not in` are each two keyword children).
 */
export const ANONYMOUS_WITH_CHILDREN: readonly string[] = ['is not', 'not in'];

/** Types with children none of which has a field. */
export const FIELDLESS_TYPES: readonly string[] = [
  'argument_list',
  'assert_statement',
  'await',
  'case_pattern',
  'chevron',
  'class_pattern',
  'complex_pattern',
  'concatenated_string',
  'conditional_expression',
  'constrained_type',
  'decorator',
  'delete_statement',
  'dictionary',
  'dictionary_splat',
  'dictionary_splat_pattern',
  'dotted_name',
  'expression_list',
  'expression_statement',
  'finally_clause',
  'format_specifier',
  'generic_type',
  'global_statement',
  'if_clause',
  'keyword_pattern',
  'lambda_parameters',
  'list',
  'list_pattern',
  'list_splat',
  'list_splat_pattern',
  'member_type',
  'module',
  'nonlocal_statement',
  'parameters',
  'parenthesized_expression',
  'parenthesized_list_splat',
  'pattern_list',
  'relative_import',
  'return_statement',
  'set',
  'slice',
  'splat_pattern',
  'splat_type',
  'string',
  'string_content',
  'tuple',
  'tuple_pattern',
  'type',
  'type_parameter',
  'union_pattern',
  'union_type',
  'with_clause',
  'yield',
];
