// DG101's fix: `Variable.get("k")` becomes the Jinja template `"{{ var.value.k }}"` that Airflow
// renders when the task runs, when every place the value lands is a templated field. The call is
// replaced where it stands: in an argument, in a dict or list, in `x = ...` (every reader of `x`
// then gets the template string), or inside an f-string (rewritten with escaped braces while
// other interpolations remain).
import { calleeName } from '../airflow/names';
import type { Fix } from '../findings';
import { callArguments, field, intValue, lineNumber, namedChildren, stringValue, parentOf, type Node } from '../syntax/nodes';
import type { TextEdit } from '../syntax/positions';
import type { TemplatingContext } from './context';
import { variableJinja, type PathStep, type VariableTemplate } from './jinja';
import { importCleanup, replacementEdits, statementRemoval, type Replacement } from './edits';
import type { Rendering } from './rendering';
import { followValueSteps, readsOfAssignment, type Landing } from './valueFlow';

export type FixOutcome = { fix: Fix | null; alternatives: Fix[]; reason: string | null };

export const NATIVE =
  "the DAG renders templates as native objects (`render_template_as_native_obj=True`), which could change the rendered value's type";
export const UNKNOWN_RENDERING =
  'a DAG of this file renders templates as native objects (`render_template_as_native_obj=True`), and which DAG this task belongs to cannot be told';

function refused(reason: string): FixOutcome {
  return { fix: null, alternatives: [], reason };
}

/** Reads the call's key, default and deserialize_json, resolving module-level string constants. */
function readCall(call: Node, context: TemplatingContext): { template: VariableTemplate } | { reason: string } {
  const args = callArguments(call);
  if (args.hasSplat) return { reason: 'the call passes `*args` or `**kwargs`' };
  const resolve = (node: Node | null) => context.rule.bindings.resolveValue(node);
  for (const name of args.keywords.keys()) {
    if (!['key', 'default_var', 'default', 'deserialize_json'].includes(name))
      return { reason: `the call passes \`${name}=\`, which a template cannot` };
  }
  const keyNode = args.keywords.get('key') ?? args.positional[0] ?? null;
  const key = stringValue(resolve(keyNode));
  if (key === null) return { reason: 'the key is not a constant string' };
  // Airflow 2's Variable.get (airflow.models) names the default `default_var`; Airflow 3's
  // (airflow.sdk) names it `default`. The other name is a TypeError when the file is parsed, which
  // the fix must not quietly cure. Either may be positional.
  const wrongName = defaultNameProblem(call, args.keywords, context);
  if (wrongName) return { reason: wrongName };
  const defaultNode = args.keywords.get('default_var') ?? args.keywords.get('default') ?? args.positional[1] ?? null;
  let fallback: string | null = null;
  if (defaultNode) {
    fallback = stringValue(resolve(defaultNode));
    if (fallback === null) return { reason: 'the default is not a string, and a template renders one' };
  }
  const jsonNode = args.keywords.get('deserialize_json') ?? args.positional[2] ?? null;
  const jsonText = jsonNode?.text ?? 'False';
  if (jsonText !== 'True' && jsonText !== 'False') return { reason: '`deserialize_json` is not a literal True or False' };
  const json = jsonText === 'True';
  if (json && fallback !== null) return { reason: 'a JSON variable with a default has no equivalent template' };
  return { template: { key, json, path: [], fallback } };
}

function defaultNameProblem(call: Node, keywords: ReadonlyMap<string, Node>, context: TemplatingContext): string | null {
  const qualified = calleeName(call, context.rule.imports) ?? '';
  const isSdk = qualified.startsWith('airflow.sdk.');
  if (isSdk && keywords.has('default_var')) return "Airflow 3's `Variable.get` (airflow.sdk) takes `default=`, not `default_var=`";
  if (!isSdk && keywords.has('default') && context.rule.airflowVersion !== 3)
    return "Airflow 2's `Variable.get` takes `default_var=`, not `default=`";
  return null;
}

/** `Variable.get("cfg", deserialize_json=True)["a"][0]`: the outermost subscript and its path. */
function climbSubscripts(call: Node): { expression: Node; path: PathStep[] } {
  let expression = call;
  const path: PathStep[] = [];
  for (
    let parent = parentOf(call);
    parent?.type === 'subscript' && field(parent, 'value')?.id === expression.id;
    parent = parentOf(parent)
  ) {
    const indexes = namedChildren(parent).filter((child) => child.id !== expression.id && child.type !== 'comment');
    if (indexes.length !== 1) break;
    const step = stringValue(indexes[0]) ?? intValue(indexes[0]);
    if (step === null || (typeof step === 'number' && step < 0)) break;
    path.push(step);
    expression = parent;
  }
  return { expression, path };
}

/**
 * The template fix of a `Variable.get(...)` call, or why there is none; in steps (DG101 pauses
 * inside a finding while the value is followed: valueFlow.ts followValueSteps).
 */
export function* variableTemplateFixSteps(call: Node, context: TemplatingContext): Generator<void, FixOutcome> {
  const read = readCall(call, context);
  if ('reason' in read) return refused(read.reason);
  let template = read.template;
  let expression: Node = call;
  if (template.json) {
    const climbed = climbSubscripts(call);
    expression = climbed.expression;
    template = { ...template, path: climbed.path };
    // `cfg = Variable.get("cfg", deserialize_json=True)`, read as `cfg["bucket"]`: each read
    // becomes its own template and the assignment goes (a dict cannot be replaced in place).
    let holder = call;
    let statement = parentOf(holder);
    while (statement?.type === 'parenthesized_expression') {
      holder = statement;
      statement = parentOf(holder);
    }
    if (climbed.path.length === 0 && statement?.type === 'assignment' && field(statement, 'right')?.id === holder.id) {
      return yield* jsonThroughName(call, statement, template, context);
    }
  }
  const flow = yield* followValueSteps(expression, context);
  if (!flow.ok) return refused(flow.reason);
  if (flow.landings.length === 0) return refused('the value never reaches an operator');
  const judged = judge(template, flow.landings, context);
  if (judged.refusal) return refused(judged.refusal);
  const edits = replacementEdits([{ node: expression, jinja: (quote) => variableJinja(template, quote) }], context.source);
  if (!edits) return refused('the f-string is a raw string that cannot hold the template');
  return outcome(
    `Use Jinja template ${variableJinja(template)}`,
    edits,
    judged,
    importCleanup(call, [expression], context.source, context.rule.imports),
  );
}

function* jsonThroughName(
  call: Node,
  assignment: Node,
  template: VariableTemplate,
  context: TemplatingContext,
): Generator<void, FixOutcome> {
  const bound = readsOfAssignment(assignment, context);
  if (!bound.ok) return refused(bound.reason);
  const removal = statementRemoval(assignment, context.source);
  if (!removal) return refused(`the assignment at line ${lineNumber(assignment)} shares its line with other code`);
  const replacements: Replacement[] = [];
  const judged: Judgement = { refusal: null, conditions: [], differences: [] };
  for (const read of bound.reads) {
    const climbed = climbSubscripts(read);
    const readTemplate = { ...template, path: climbed.path };
    const flow = yield* followValueSteps(climbed.expression, context);
    if (!flow.ok) return refused(flow.reason);
    judge(readTemplate, flow.landings, context, judged);
    if (judged.refusal) return refused(judged.refusal);
    replacements.push({ node: climbed.expression, jinja: (quote) => variableJinja(readTemplate, quote) });
  }
  const edits = replacementEdits(replacements, context.source);
  if (!edits) return refused('an f-string is a raw string that cannot hold the template');
  const first = variableJinja({ ...template, path: climbSubscripts(bound.reads[0]).path });
  const cleanup = importCleanup(
    call,
    [assignment, ...replacements.map((replacement) => replacement.node)],
    context.source,
    context.rule.imports,
  );
  return outcome(
    `Use Jinja templates for \`${bound.name}\` (${first}${replacements.length > 1 ? ', ...' : ''})`,
    [removal, ...edits],
    judged,
    cleanup,
  );
}

interface Judgement {
  /** Why there is no fix at all. */
  refusal: string | null;
  /** The fix is right only `if ...`: offered, never applied unasked. */
  conditions: string[];
  /** When the template differs from the code it replaces, one per condition: "when the value ends in `.sh`, which ...". */
  differences: string[];
}

/** Would the rendered value be what the code had? (Jinja renders every value as a string unless render_template_as_native_obj.) */
function judge(
  template: VariableTemplate,
  landings: readonly Landing[],
  context: TemplatingContext,
  judged: Judgement = { refusal: null, conditions: [], differences: [] },
): Judgement {
  const add = (condition: string, difference: string) => {
    if (judged.conditions.includes(condition)) return;
    judged.conditions.push(condition);
    judged.differences.push(difference);
  };
  for (const landing of landings) {
    const problem = typeProblem(template, landing, context.rendering.renderingOf(landing.call));
    if (problem === 'assumes-string')
      add('if the JSON value is a string', 'when the JSON value is not a string, which a template renders as text');
    else if (problem) {
      judged.refusal = problem;
      return judged;
    }
    // A string ending in `.sh` is read as a template file's name: with the template in it, a wrong one.
    if (landing.fileNameRisk === 'literal') {
      judged.refusal = fileNameProblem(landing);
      return judged;
    }
    // Before the fix, a value ending in `.sh` was read as a template file's name; the template is not.
    if (landing.fileNameRisk === 'value') {
      const extensions = describeExtensions(landing.ext);
      if (!judged.conditions.some((condition) => condition.startsWith('if the value does not end'))) {
        add(
          `if the value does not end in ${extensions}`,
          `when the value ends in ${extensions}, which ${landing.operator} reads today as the name of a template file for ${landing.field}`,
        );
      }
    }
  }
  return judged;
}

function outcome(
  title: string,
  replacements: TextEdit[],
  judged: Judgement,
  cleanup: { edits: TextEdit[]; released: string[] },
): FixOutcome {
  const edits = [...replacements, ...cleanup.edits];
  const released = cleanup.released.length > 0 ? { releasedImports: cleanup.released } : {};
  if (judged.conditions.length > 0) {
    // Right for most values, wrong for some: offered (the finding's fix, with its condition), never applied unasked.
    // Said fix first: the template is the remedy Airflow recommends, and the condition is narrow.
    const condition = judged.conditions.join(', ');
    return {
      fix: { title: `${title} (${condition})`, safe: false, condition, edits, ...released },
      alternatives: [],
      reason: `the Jinja template, Airflow's recommended form; not marked safe, since it differs ${judged.differences.join(', and ')}`,
    };
  }
  return { fix: { title, safe: true, preferred: true, edits, ...released }, alternatives: [], reason: null };
}

export function fileNameProblem(landing: Landing): string {
  return `the text given to ${landing.field} ends in ${describeExtensions(landing.ext)}, so ${landing.operator} reads it as the name of a template file, and a template inside that name would break it`;
}

function describeExtensions(extensions: readonly string[]): string {
  if (extensions.includes('*')) return 'one of its template_ext';
  const quoted = extensions.map((extension) => `\`${extension}\``);
  return quoted.length === 1 ? quoted[0] : `${quoted.slice(0, -1).join(', ')} or ${quoted[quoted.length - 1]}`;
}

function typeProblem(template: VariableTemplate, landing: Landing, rendering: Rendering): string | 'assumes-string' | null {
  if (rendering === 'unknown') return UNKNOWN_RENDERING;
  if (rendering === 'native') {
    // A whole JSON value renders as the object itself; anything else might be re-read as one.
    if (!template.json || landing.stringified) return NATIVE;
    return null;
  }
  if (!template.json || landing.stringified) return null;
  if (template.path.length > 0) return 'assumes-string';
  return `\`deserialize_json=True\` gives ${landing.field} a Python object, and a template would render a string`;
}
