// DG207: imports that Airflow 3 removed or moved (the sibling of DG206's renamed arguments).
import {
  isStandardProvider,
  moduleRemoval,
  movesOf,
  nameRemoval,
  providerDistribution,
  qualifiedRemoval,
  type ImportMove,
  type ImportRemoval,
} from '../../airflow/removedImports';
import { releaseIncludes } from '../../airflow/release';
import { NameScopes } from '../../model/nameScopes';
import { field, namedChildren, parentOf, type Node } from '../../syntax/nodes';
import type { TextEdit } from '../../syntax/positions';
import { headWithTail, joinSentences } from '../sentences';
import type { Fix, PythonRule, RuleContext } from '../rule';

export const dg207: PythonRule = {
  code: 'DG207',
  name: 'removed-import',
  defaultSeverity: 'warning',
  // A helper module or plugin that imports a removed module breaks every DAG file that imports it.
  needsDagFile: false,
  docs: {
    summary:
      'An import that Airflow 3 removed: `airflow.operators.bash_operator`, `airflow.hooks.base_hook`, `DummyOperator`, `airflow.contrib.*`, `days_ago`, `apply_defaults`.',
    whatItDoes:
      'Reports imports of the modules Airflow 2 kept only as deprecation shims (`airflow.operators.bash_operator`, `python_operator`, `dummy_operator`, `dummy`, `airflow.hooks.base_hook`, `postgres_hook` and the rest of the 1.10-era operator, hook and sensor modules), of `airflow.contrib.*` and `airflow.api.common.experimental.*`, and of `days_ago` and `apply_defaults` (also called through their module: `airflow.utils.dates.days_ago(1)` after `import airflow`, which raises AttributeError). On Airflow 2 they still import (deprecated): the finding is information, with the deprecated tag. When the project targets Airflow 3 it is an error: the import raises ImportError, so a DAG file that has it at module level is a Broken DAG. When the version is unknown it is a warning. Silent for imports in a `try:` whose `except` catches ImportError (the usual compatibility fallback), under `if TYPE_CHECKING:`, and for the new paths.',
    whyBad:
      'Airflow 3 removed the shims (airflow-core/newsfragments/41368), `airflow.contrib`, the experimental API, `days_ago` and `apply_defaults`. On real repositories it is among the most common reasons a DAG file breaks when moving to Airflow 3: the DAG processor reports an ImportError at every parse and the DAG disappears from the UI.',
    example:
      'from airflow.operators.bash_operator import BashOperator\nfrom airflow.operators.dummy_operator import DummyOperator\n\nwith DAG("report", schedule="@daily") as dag:\n    DummyOperator(task_id="start") >> BashOperator(task_id="run", bash_command="run.sh")',
    useInstead:
      'from airflow.operators.bash import BashOperator  # Airflow 3: airflow.providers.standard.operators.bash\nfrom airflow.operators.empty import EmptyOperator\n\nwith DAG("report", schedule="@daily") as dag:\n    EmptyOperator(task_id="start") >> BashOperator(task_id="run", bash_command="run.sh")',
    fix: "Rewrites the import to the class's new module: its Airflow 2 home (`airflow.operators.bash`) on Airflow 2 or when the version is unknown, its Airflow 3 home (`airflow.providers.standard.operators.bash`) when the project targets Airflow 3. Where the class was renamed (`DummyOperator` is `EmptyOperator`), the fix imports the new name and renames its uses in the file; it is not offered when the new name is bound to something else there. Safe (applied by fix-all and `check --fix`) only where the new module is known to exist: on Airflow 2 for modules Airflow 2.0 has (2.3 for `airflow.operators.empty`, so a pin such as `apache-airflow>=2.3` is needed), on Airflow 3 for the core and the standard provider; a provider's module (`airflow.providers.postgres...`) is offered with the condition that its provider is installed, never as safe. No fix for `import airflow.operators.bash_operator` (its uses name the module), for `airflow.contrib`, the experimental API, `days_ago` and `apply_defaults` (the detail says what to write instead), or where Airflow 3 has no home for the class (`SubDagOperator`).",
  },
  check(context: RuleContext) {
    let scopes: NameScopes | null = null;
    const nameScopes = () => (scopes ??= NameScopes.of(context.source));
    for (const statement of context.source.nodes('import_from_statement')) {
      if (isSilenced(context, statement)) continue;
      checkFromImport(context, statement, nameScopes);
    }
    for (const statement of context.source.nodes('import_statement')) {
      if (isSilenced(context, statement)) continue;
      for (const name of namedChildren(statement)) {
        const moduleNode = name.type === 'aliased_import' ? field(name, 'name') : name;
        if (moduleNode) checkModuleImport(context, statement, moduleNode, moduleNode.text.replace(/\s+/g, ''));
      }
    }
    // `airflow.utils.dates.days_ago(1)` after `import airflow`: no import to report, the call fails.
    for (const call of context.calls.where((qualified) => qualifiedRemoval(qualified) !== undefined)) {
      const callee = field(call.node, 'function');
      if (!callee || !call.text?.includes('.') || context.model.neverRuns(call.node)) continue;
      reportRemovedCall(context, call.node, callee, qualifiedRemoval(call.qualified!)!);
    }
  },
};

/** `try: <import> except ImportError:` (either branch) and `if TYPE_CHECKING:` never break a parse. */
function isSilenced(context: RuleContext, statement: Node): boolean {
  return context.model.neverRuns(statement) || inImportFallback(statement);
}

const CATCHES_IMPORT_ERROR = new Set(['ImportError', 'ModuleNotFoundError', 'Exception', 'BaseException']);

function inImportFallback(statement: Node): boolean {
  for (let node = parentOf(statement); node; node = parentOf(node)) {
    if (node.type === 'try_statement') return handlesImportError(node);
    if (node.type === 'function_definition' || node.type === 'class_definition' || node.type === 'module') return false;
  }
  return false;
}

function handlesImportError(tryStatement: Node): boolean {
  for (const clause of namedChildren(tryStatement)) {
    if (clause.type !== 'except_clause') continue;
    const value = field(clause, 'value');
    if (!value) return true;
    const caught = value.type === 'as_pattern' ? namedChildren(value)[0] : value;
    const names = caught?.type === 'tuple' || caught?.type === 'parenthesized_expression' ? namedChildren(caught) : [caught];
    if (names.some((name) => name && CATCHES_IMPORT_ERROR.has(name.text.split('.').pop() ?? ''))) return true;
  }
  return false;
}

function checkFromImport(context: RuleContext, statement: Node, nameScopes: () => NameScopes): void {
  const moduleNode = field(statement, 'module_name');
  if (moduleNode?.type !== 'dotted_name') return;
  const module = moduleNode.text.replace(/\s+/g, '');
  const imported = namedChildren(statement).filter((child) => child.id !== moduleNode.id && child.type !== 'comment');
  const removal = moduleRemoval(module);
  if (removal) return reportRemoval(context, statement, moduleNode, module, removal);
  const moves = movesOf(module);
  if (moves) return reportMoves(context, statement, moduleNode, module, moves, imported, nameScopes);
  for (const name of imported) {
    const nameNode = name.type === 'aliased_import' ? field(name, 'name') : name;
    if (nameNode?.type !== 'dotted_name') continue;
    const named = nameRemoval(module, nameNode.text);
    // `from airflow.operators import bash_operator`: the module itself, imported as a name.
    if (named) reportRemoval(context, statement, nameNode, `${module}.${nameNode.text}`, named);
    else checkModuleImport(context, statement, nameNode, `${module}.${nameNode.text}`);
  }
}

/** `import airflow.operators.bash_operator`, `from airflow.operators import bash_operator`: no fix, its uses name the module. */
function checkModuleImport(context: RuleContext, statement: Node, node: Node, module: string): void {
  const removal = moduleRemoval(module);
  if (removal) return reportRemoval(context, statement, node, module, removal);
  const moves = movesOf(module);
  if (!moves) return;
  const homes = [...new Set([...moves.values()].map((move) => moduleOf(homeFor(context, move) ?? move.airflow2)))];
  const { message, detail } = headWithTail(removedHead(context, module), `use ${quotedList(homes)}`);
  context.report({
    node,
    message,
    detail: joinSentences(
      detail,
      consequence(context, statement),
      'This form has no fix: its uses name the old module. Import the classes from their new module.',
    ),
    ...severityOf(context),
  });
}

function reportRemoval(context: RuleContext, statement: Node, node: Node, what: string, removal: ImportRemoval): void {
  const airflow3 = context.airflowVersion === 3;
  const head =
    removal.name === undefined
      ? removedHead(context, what)
      : airflow3
        ? `"${removal.name}" was removed from ${removal.module} in Airflow 3`
        : `"${removal.name}" is deprecated, gone in Airflow 3`;
  // The detail says what to write in full: the short form is for the message only.
  const { message } = headWithTail(head, removal.short);
  context.report({
    node,
    message,
    detail: joinSentences(
      consequence(context, statement),
      `To fix it, ${removal.instead}.`,
      removal.name === 'days_ago' ? "Its uses in a start_date are DG301's: this finding is the import, which fails on Airflow 3." : '',
    ),
    ...severityOf(context),
  });
}

function reportRemovedCall(context: RuleContext, call: Node, callee: Node, removal: ImportRemoval): void {
  const qualified = `${removal.module}.${removal.name}`;
  const head = context.airflowVersion === 3 ? `"${qualified}" was removed in Airflow 3` : `"${qualified}" is deprecated, gone in Airflow 3`;
  const atParse = context.model.scopeOf(call).type === 'module';
  const broken = atParse ? 'this call raises AttributeError at every parse: a Broken DAG' : 'this call raises AttributeError when it runs';
  context.report({
    node: callee,
    message: headWithTail(head, removal.short).message,
    detail: joinSentences(
      context.airflowVersion === 3 ? `On Airflow 3 ${broken}.` : `Airflow 2 still has it, deprecated; on Airflow 3 ${broken}.`,
      `To fix it, ${removal.instead}.`,
    ),
    ...severityOf(context),
  });
}

/** One imported name of a shim module and where it goes. */
interface ImportedName {
  /** The `dotted_name` of the imported name (inside an `aliased_import` when aliased). */
  nameNode: Node;
  aliased: boolean;
  move: ImportMove | undefined;
  home: string | null;
}

function reportMoves(
  context: RuleContext,
  statement: Node,
  moduleNode: Node,
  module: string,
  moves: ReadonlyMap<string, ImportMove>,
  imported: Node[],
  nameScopes: () => NameScopes,
): void {
  if (imported.some((child) => child.type === 'wildcard_import')) {
    const homes = [...new Set([...moves.values()].map((move) => homeFor(context, move)).filter((home): home is string => home !== null))];
    const { message, detail } = headWithTail(removedHead(context, module), `use ${quotedList([...new Set(homes.map(moduleOf))])}`);
    context.report({
      node: moduleNode,
      message,
      detail: joinSentences(
        detail,
        consequence(context, statement),
        'No fix for `import *`: import the names you use from their new module.',
      ),
      ...severityOf(context),
    });
    return;
  }
  const names: ImportedName[] = [];
  for (const child of imported) {
    const nameNode = child.type === 'aliased_import' ? field(child, 'name') : child;
    if (nameNode?.type !== 'dotted_name') continue;
    const move = moves.get(nameNode.text);
    names.push({ nameNode, aliased: child.type === 'aliased_import', move, home: move ? homeFor(context, move) : null });
  }
  const homeModules = [...new Set(names.filter((name) => name.home).map((name) => moduleOf(name.home!)))];
  const renamed = names.filter((name) => name.home && lastPart(name.home) !== name.nameNode.text);
  const tail =
    homeModules.length === 0
      ? context.airflowVersion === 3
        ? `Airflow 3 has no home for ${names.map((name) => name.nameNode.text).join(', ')}`
        : 'import from the new module'
      : renamed.length > 0 && homeModules.length === 1
        ? `use ${renamed.map((name) => lastPart(name.home!)).join(', ')} from "${homeModules[0]}"`
        : `use ${quotedList(homeModules)}`;
  const { message, detail } = headWithTail(removedHead(context, module), tail);
  const { fix, why } = fixFor(context, statement, moduleNode, names, homeModules, nameScopes);
  context.report({
    node: moduleNode,
    message,
    detail: joinSentences(detail, consequence(context, statement), movedSentence(names), why),
    fix,
    ...severityOf(context),
  });
}

/** Where the import goes on the project's Airflow: its Airflow 3 home when it targets Airflow 3, else its Airflow 2 home. */
function homeFor(context: RuleContext, move: ImportMove): string | null {
  return context.airflowVersion === 3 ? move.airflow3 : move.airflow2;
}

function fixFor(
  context: RuleContext,
  statement: Node,
  moduleNode: Node,
  names: ImportedName[],
  homeModules: string[],
  nameScopes: () => NameScopes,
): { fix: Fix | null; why: string } {
  const missing = names.filter((name) => !name.home).map((name) => name.nameNode.text);
  if (missing.length === names.length) return { fix: null, why: '' };
  if (missing.length > 0) {
    const reason = context.airflowVersion === 3 ? 'Airflow 3 has no recorded home for it' : 'DAG Guard does not know where it went';
    return { fix: null, why: `No fix: ${missing.join(', ')} cannot move (${reason}).` };
  }
  if (homeModules.length !== 1)
    return { fix: null, why: `No fix: the names moved to different modules (${homeModules.join(', ')}): split the import.` };
  const home = homeModules[0];
  const edits: TextEdit[] = [{ range: context.source.rangeOf(moduleNode), newText: home }];
  const renames: string[] = [];
  for (const name of names) {
    const newName = lastPart(name.home!);
    if (newName === name.nameNode.text) continue;
    edits.push({ range: context.source.rangeOf(name.nameNode), newText: newName });
    if (name.aliased) continue;
    const uses = renamedUses(context, statement, name.nameNode, newName, nameScopes());
    if (typeof uses === 'string') return { fix: null, why: `No fix: ${uses}.` };
    for (const use of uses) edits.push({ range: context.source.rangeOf(use), newText: newName });
    renames.push(`${name.nameNode.text} to ${newName}`);
  }
  const conditions = [...new Set(names.map((name) => conditionOf(context, name.move!, name.home!)).filter((c): c is string => c !== null))];
  const rename = renames.length > 0 ? ` and rename ${renames.join(', ')}` : '';
  return {
    fix: {
      title: `Import from ${home}${rename}`,
      safe: conditions.length === 0,
      edits,
      ...(conditions.length > 0 ? { condition: conditions.join('; ') } : {}),
    },
    why: '',
  };
}

/**
 * The identifiers that read the imported `DummyOperator`, to become `EmptyOperator`; a string says
 * why they cannot: the old name is bound again, or the new name already means something else.
 */
function renamedUses(context: RuleContext, statement: Node, nameNode: Node, newName: string, scopes: NameScopes): Node[] | string {
  const oldName = nameNode.text;
  const scope = scopes.bindingScope(statement);
  if (scopes.bindingCount(scope, oldName) !== 1 || scopes.isDeclaredGlobal(oldName)) return `${oldName} is bound again in this file`;
  // The new name may only be another import of the same Airflow class.
  const sameClass = context.imports.bindings.filter(
    (binding) => binding.local === newName && binding.qualified.startsWith('airflow.') && binding.qualified.endsWith(`.${newName}`),
  );
  const inScope = sameClass.filter((binding) => scopes.bindingScope(binding.statement).id === scope.id).length;
  const bound = scopes.bindingCount(scope, newName);
  if (bound !== inScope || (bound === 0 && context.source.identifiers(newName).length > 0)) {
    return `${newName} is bound to something else in this file`;
  }
  return scopes.readsOf(oldName, scope, nameNode);
}

/** Why the fix is right only under a condition (null: known to be right on the project's release). */
function conditionOf(context: RuleContext, move: ImportMove, home: string): string | null {
  const distribution = providerDistribution(home);
  if (distribution && !isStandardProvider(home)) return `if ${distribution} is installed`;
  if (context.airflowVersion === 3) return null;
  if (move.since && releaseIncludes(context.airflowVersion, context.airflowMinor, move.since)) return null;
  return `if the project runs Airflow ${move.since ?? '2.0'} or later`;
}

function movedSentence(names: ImportedName[]): string {
  const moved = names
    .filter((name) => name.home)
    .map((name) => {
      const [oldName, newName] = [name.nameNode.text, lastPart(name.home!)];
      return oldName === newName ? `${oldName} lives in ${moduleOf(name.home!)}` : `${oldName} is ${newName} in ${moduleOf(name.home!)}`;
    });
  const sources = [...new Set(names.filter((name) => name.move).map((name) => name.move!.source))];
  return moved.length > 0 ? `${moved.join('; ')} (${sources.join(', ')}).` : '';
}

function removedHead(context: RuleContext, module: string): string {
  return context.airflowVersion === 3 ? `"${module}" was removed in Airflow 3` : `"${module}" is deprecated, gone in Airflow 3`;
}

/** What the import does on the project's Airflow. */
function consequence(context: RuleContext, statement: Node): string {
  const atParse = context.model.scopeOf(statement).type === 'module';
  const broken = atParse
    ? 'the file fails to import (ImportError): a Broken DAG at every parse, for this DAG file or any that imports it'
    : 'the import raises ImportError when this code runs';
  if (context.airflowVersion === 3) return `On Airflow 3 ${broken}.`;
  return `Airflow 2 still has it, deprecated; on Airflow 3 ${broken}.`;
}

/** As DG206: a deprecation on Airflow 2 (struck through), an error on Airflow 3, the default warning when unknown. */
function severityOf(context: RuleContext): { severity?: 'error' | 'information'; tags?: Array<'deprecated'> } {
  if (context.airflowVersion === 3) return { severity: 'error' };
  if (context.airflowVersion === 2) return { severity: 'information', tags: ['deprecated'] };
  return {};
}

function moduleOf(qualified: string): string {
  return qualified.slice(0, qualified.lastIndexOf('.'));
}

function lastPart(qualified: string): string {
  return qualified.slice(qualified.lastIndexOf('.') + 1);
}

function quotedList(items: string[]): string {
  return items.map((item) => `"${item}"`).join(' or ');
}
