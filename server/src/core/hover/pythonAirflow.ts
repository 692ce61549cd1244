// Hover providers for DAG files: DAG and task arguments (with the config key that sets their
// default and whether the operator templates them), WeightRule members and weight_rule strings,
// Jinja names inside strings, and AIRFLOW__ variable names. Each takes the hovered offset and
// answers markdown or null; they only look at the nodes around the offset (no tree walks).
import { DAG_ARGUMENTS, TASK_ARGUMENTS, type ArgumentDoc } from '../airflow/arguments';
import { starExports } from '../airflow/names';
import { inherits, NEVER_TEMPLATED, operatorSpec, templateFieldsOf } from '../airflow/operators';
import { CONTEXT_TYPES, describeTemplateName, MACROS, REMOVED_IN_AIRFLOW_3 } from '../airflow/templateContext';
import { AIRFLOW_FILTERS, JINJA_FILTERS } from '../jinja/environment';
import { ImportMap } from '../model/imports';
import type { SourceFile } from '../model/source';
import { field, stringPrefix, type Node } from '../syntax/nodes';
import { configKeyMarkdown } from './configKey';
import { envVarHoverAt, envVarHoverWithEffective } from './config';
import type { HoverResult, PythonHoverContext, PythonHoverProvider } from './python';
import { ownEntry } from '../ownEntry';
import { DAG_CALLABLES } from '../airflow/dagConstructors';
import { WEIGHT_RULE_CLASSES, weightRuleMeaning } from '../airflow/weightRule';

const TASK_DECORATOR = /^airflow\.(decorators|sdk)\.task(\.[a-z_]+)?$/;

type Callee = { kind: 'dag' } | { kind: 'task'; operator: string | null; sensor: boolean };

function nodeAt(source: SourceFile, offset: number): Node | null {
  return source.root.descendantForIndex(offset, offset) ?? null;
}

function ancestor(node: Node | null, type: string, limit = 8): Node | null {
  let current = node;
  for (let depth = 0; current && depth < limit; depth++, current = current.parent) if (current.type === type) return current;
  return null;
}

function calleeOf(call: Node, imports: ImportMap): Callee | null {
  const qualified = imports.resolve(call.childForFieldName('function'), starExports);
  if (!qualified || !qualified.startsWith('airflow')) return null;
  if (DAG_CALLABLES.has(qualified)) return { kind: 'dag' };
  if (TASK_DECORATOR.test(qualified)) return { kind: 'task', operator: null, sensor: qualified.endsWith('.sensor') };
  const name = qualified.split('.').pop()!;
  if (operatorSpec(name) || /(Operator|Sensor)$/.test(name))
    return { kind: 'task', operator: name, sensor: /Sensor$/.test(name) || !!inherits(name, 'sensor') };
  return null;
}

function argumentMarkdown(name: string, doc: ArgumentDoc, callee: Callee): string {
  const owner = callee.kind === 'dag' ? 'DAG' : (callee.operator ?? 'task');
  const parts = [`**${name}** (${owner} argument)`, doc.description];
  const facts: string[] = [];
  if (doc.config)
    facts.push(
      `Default from \`[${doc.config.section}] ${doc.config.key}\` (\`AIRFLOW__${doc.config.section.toUpperCase()}__${doc.config.key.toUpperCase()}\`)${doc.default ? `, else ${doc.default}` : ''}.`,
    );
  else if (doc.default) facts.push(`Default: ${doc.default}.`);
  if (doc.note) facts.push(doc.note);
  if (callee.kind === 'task' && callee.operator) {
    const fields = templateFieldsOf(callee.operator);
    if (fields?.has(name)) facts.push(`Templated on ${callee.operator}: Jinja (\`{{ ... }}\`) in it is rendered when the task runs.`);
    else if (NEVER_TEMPLATED.has(name)) facts.push('Never templated: `{{ ... }}` here stays literal text.');
    else if (fields) facts.push(`Not templated on ${callee.operator}.`);
  }
  if (facts.length) parts.push(facts.map((fact) => `- ${fact}`).join('\n'));
  if (doc.config) {
    const config = configKeyMarkdown(doc.config.section, doc.config.key);
    if (config) parts.push(`---\n\n${config}`);
  }
  return parts.join('\n\n');
}

/** `DAG(max_active_runs=...)`, `BashOperator(pool=...)`, `@task(retries=...)`. */
const argumentHover: PythonHoverProvider = ({ source, offset }) => {
  const node = nodeAt(source, offset);
  if (!node || node.type !== 'identifier' || node.parent?.type !== 'keyword_argument' || !field(node.parent, 'name')?.equals(node))
    return null;
  const call = node.parent.parent?.type === 'argument_list' ? node.parent.parent.parent : null;
  if (!call || call.type !== 'call') return null;
  const callee = calleeOf(call, new ImportMap(source));
  if (!callee) return null;
  const doc = docFor(node.text, callee);
  if (doc) return { markdown: argumentMarkdown(node.text, doc, callee), range: source.rangeOf(node) };
  // An operator's own argument: at least say whether Airflow renders it.
  const fields = callee.kind === 'task' && callee.operator ? templateFieldsOf(callee.operator) : undefined;
  if (!fields || callee.kind !== 'task') return null;
  const templated = fields.has(node.text)
    ? `Templated on ${callee.operator}: Jinja (\`{{ ... }}\`) in it is rendered when the task runs, so \`{{ var.value.x }}\` or \`{{ ds }}\` here is read then, not at parse time.`
    : `Not templated on ${callee.operator}: \`{{ ... }}\` here stays literal text. Templated: ${[...fields].map((name) => `\`${name}\``).join(', ') || 'none'}.`;
  return { markdown: `**${node.text}** (${callee.operator} argument)\n\n${templated}`, range: source.rangeOf(node) };
};

function docFor(name: string, callee: Callee): ArgumentDoc | null {
  const doc = ownEntry(callee.kind === 'dag' ? DAG_ARGUMENTS : TASK_ARGUMENTS, name);
  if (!doc || (doc.sensorOnly && callee.kind === 'task' && !callee.sensor)) return null;
  return doc;
}

/** `default_args={"retries": 2}` and `default_args = {...}`: the keys are task arguments. */
const defaultArgsHover: PythonHoverProvider = ({ source, offset }) => {
  const node = nodeAt(source, offset);
  const string = ancestor(node, 'string', 3);
  const pair = string?.parent;
  if (!string || pair?.type !== 'pair' || !field(pair, 'key')?.equals(string)) return null;
  const dict = pair.parent;
  const holder = dict?.parent;
  const named =
    holder?.type === 'keyword_argument' ? field(holder, 'name')?.text : holder?.type === 'assignment' ? field(holder, 'left')?.text : null;
  if (!named || !/default_args$/.test(named)) return null;
  const name = string.text.slice(1, -1);
  const doc = ownEntry(TASK_ARGUMENTS, name);
  return doc
    ? { markdown: argumentMarkdown(name, doc, { kind: 'task', operator: null, sensor: false }), range: source.rangeOf(string) }
    : null;
};

/** `WeightRule.UPSTREAM`, and `weight_rule="upstream"`. */
const weightRuleHover: PythonHoverProvider = ({ source, offset }) => {
  const node = nodeAt(source, offset);
  if (!node) return null;
  if (node.type === 'identifier' && node.parent?.type === 'attribute' && field(node.parent, 'attribute')?.equals(node)) {
    const qualified = new ImportMap(source).resolve(field(node.parent, 'object'));
    const rule = weightRuleMeaning(node.text.toLowerCase());
    if (qualified && WEIGHT_RULE_CLASSES.has(qualified) && rule)
      return { markdown: `**WeightRule.${node.text}** (\`"${node.text.toLowerCase()}"\`)\n\n${rule}`, range: source.rangeOf(node) };
    return null;
  }
  const string = ancestor(node, 'string', 3);
  const argument = string?.parent;
  if (!string || argument?.type !== 'keyword_argument' || field(argument, 'name')?.text !== 'weight_rule') return null;
  const value = string.text.slice(1, -1);
  const rule = weightRuleMeaning(value);
  return rule ? { markdown: `**weight_rule "${value}"**\n\n${rule}`, range: source.rangeOf(string) } : null;
};

/** `{{ var.value.env }}`, `{{ conn.db.host }}`, `{{ ds }}` inside a string literal. */
const jinjaHover: PythonHoverProvider = ({ source, offset, airflowVersion }) => {
  const string = ancestor(nodeAt(source, offset), 'string', 3);
  // In an f-string `{{` is an escaped brace: `f"{{ ds }}"` renders `{ ds }`, which is no template.
  if (!string || stringPrefix(string).includes('f')) return null;
  const text = source.text.slice(string.startIndex, string.endIndex);
  for (const expression of text.matchAll(/\{\{(.*?)\}\}|\{%(.*?)%\}/gs)) {
    const innerStart = string.startIndex + expression.index! + 2;
    const inner = expression[1] ?? expression[2];
    if (offset < innerStart || offset > innerStart + inner.length) continue;
    for (const name of inner.matchAll(/[A-Za-z_][A-Za-z0-9_]*(?:\s*\.\s*[A-Za-z_][A-Za-z0-9_]*)*/g)) {
      const from = innerStart + name.index!;
      const to = from + name[0].length;
      if (offset < from || offset > to) continue;
      // Only a name at the start of a path (not `x.ds` or a string inside the expression).
      const before = inner.slice(0, name.index!);
      if (/[.'"]\s*$/.test(before) || /(["'])[^"']*$/.test(before.replace(/(["'])[^"']*\1/g, ''))) return null;
      // `| ds` is Airflow's filter, not the context's `ds`.
      if (/\|\s*$/.test(before)) {
        const filter = name[0].split(/\s*\.\s*/)[0];
        const doc = AIRFLOW_FILTERS[filter]
          ? `**\`${filter}\`** (Airflow filter)\n\n${AIRFLOW_FILTERS[filter]}`
          : JINJA_FILTERS.has(filter)
            ? `**\`${filter}\`** (Jinja filter)\n\nJinja's built-in \`${filter}\` filter.`
            : null;
        return doc ? { markdown: doc, range: source.lines.rangeOf(from, from + filter.length) } : null;
      }
      const path = name[0].split(/\s*\.\s*/);
      const onMember = offset > from + path[0].length;
      let markdown =
        path[0] === 'macros' && path[1] && MACROS[path[1]] && onMember
          ? `**\`macros.${path[1]}\`** (Airflow macro)\n\n${MACROS[path[1]]}`
          : describeTemplateName(path);
      const removal = airflowVersion === 3 && path.length === 1 ? REMOVED_IN_AIRFLOW_3[path[0]] : undefined;
      if (markdown && removal)
        markdown += `\n\n**Not in Airflow 3**, which this project targets: ${removal.replacement ? `use \`${removal.replacement}\` (${removal.note})` : removal.note}.`;
      const type = path.length === 1 ? CONTEXT_TYPES[path[0]] : undefined;
      if (markdown && type) markdown = markdown.replace(/\(template context\)/, `(template context, \`${type}\`)`);
      return markdown ? { markdown, range: source.lines.rangeOf(from, to) } : null;
    }
  }
  return null;
};

/** `os.environ["AIRFLOW__CORE__PARALLELISM"]` and the like. */
const envVarHover: PythonHoverProvider = ({ source, offset, configProject }: PythonHoverContext): HoverResult | null => {
  const plain = envVarHoverAt(source.text, source.lines, offset);
  // The project's config files are read only for a hovered AIRFLOW__ name (the value in effect).
  return plain && configProject ? envVarHoverWithEffective(source.text, source.lines, offset, configProject(), 'python') : plain;
};

export const AIRFLOW_PYTHON_HOVER_PROVIDERS: PythonHoverProvider[] = [
  argumentHover,
  defaultArgsHover,
  weightRuleHover,
  jinjaHover,
  envVarHover,
];
