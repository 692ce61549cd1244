// The Jinja expressions Airflow renders for variables and connections when a task runs:
// `{{ var.value.key }}`, `{{ var.json.key.sub }}`, `{{ var.value.get('my.key', 'default') }}`,
// `{{ conn.my_db.host }}`, `{{ conn.my_db.extra_dejson.region }}`. A key is written as an
// attribute only where Jinja would find it as one: a plain identifier that is not a keyword and
// does not collide with a method of the accessor or of a dict (`var.value.get` is the method).
import { jinjaStringLiteral } from './pythonText';

const PYTHON_KEYWORDS = new Set(
  'False None True and as assert async await break class continue def del elif else except finally for from global if import in is lambda nonlocal not or pass raise return try while with yield true false none'.split(
    ' ',
  ),
);
const ACCESSOR_ATTRIBUTES = new Set(['get', 'var', 'deserialize_json']);
const DICT_ATTRIBUTES = new Set(['clear', 'copy', 'fromkeys', 'get', 'items', 'keys', 'pop', 'popitem', 'setdefault', 'update', 'values']);

function isPlainAttribute(key: string, reserved: ReadonlySet<string>): boolean {
  return /^[A-Za-z][A-Za-z0-9_]*$/.test(key) && !PYTHON_KEYWORDS.has(key) && !reserved.has(key);
}

/** A step into a JSON value or a dict: a string key or a list index. */
export type PathStep = string | number;

function pathText(path: readonly PathStep[], quote: string): string {
  return path
    .map((step) =>
      typeof step === 'number'
        ? `[${step}]`
        : isPlainAttribute(step, DICT_ATTRIBUTES)
          ? `.${step}`
          : `[${jinjaStringLiteral(step, quote)}]`,
    )
    .join('');
}

export interface VariableTemplate {
  key: string;
  /** `deserialize_json=True`: `var.json`, optionally reaching into the value along `path`. */
  json: boolean;
  path: readonly PathStep[];
  /** A string default (`default_var=` / `default=` / the second positional argument). */
  fallback: string | null;
}

/** `{{ var.value.key }}` and its variants. `quote` is the Python string's quote the text goes into. */
export function variableJinja(template: VariableTemplate, quote = '"'): string {
  const accessor = template.json ? 'var.json' : 'var.value';
  let expression: string;
  if (template.fallback !== null) {
    expression = `${accessor}.get(${jinjaStringLiteral(template.key, quote)}, ${jinjaStringLiteral(template.fallback, quote)})`;
  } else if (isPlainAttribute(template.key, ACCESSOR_ATTRIBUTES)) {
    expression = `${accessor}.${template.key}`;
  } else {
    expression = `${accessor}.get(${jinjaStringLiteral(template.key, quote)})`;
  }
  return `{{ ${expression}${pathText(template.path, quote)} }}`;
}

export type ConnectionAccess =
  | { kind: 'attribute'; name: string }
  /** `conn.conn_id`: the id itself, known now; written as plain text, not a template. */
  | { kind: 'id' }
  | { kind: 'extra'; key: string; method: 'subscript' | 'get' };

/** `{{ conn.id.host }}`, `{{ conn.get('my-db').login }}`, `{{ conn.id.extra_dejson.region }}`. */
export function connectionJinja(connId: string, access: ConnectionAccess, quote = '"'): string {
  if (access.kind === 'id') return connId;
  const connection = isPlainAttribute(connId, ACCESSOR_ATTRIBUTES) ? `conn.${connId}` : `conn.get(${jinjaStringLiteral(connId, quote)})`;
  const tail =
    access.kind === 'attribute'
      ? `.${access.name}`
      : access.method === 'get'
        ? `.extra_dejson.get(${jinjaStringLiteral(access.key, quote)})`
        : `.extra_dejson${pathText([access.key], quote)}`;
  return `{{ ${connection}${tail} }}`;
}
