// DG206: DAG and operator arguments that Airflow renamed (and Airflow 3 removed).
import { releaseIncludes } from '../../airflow/release';
import type { ArgumentSite } from '../../airflow/argumentSites';
import type { TextEdit } from '../../syntax/positions';
import { renameEdit } from '../argumentValues';
import { displayPath } from '../../project/findings';
import { wrapperArguments } from '../../project/wrapperFlows';
import { callArguments, field, parentOf } from '../../syntax/nodes';
import { joinSentences } from '../sentences';
import type { Fix, PythonRule, RuleContext } from '../rule';

interface Rename {
  old: string;
  new: string;
  since: string;
  /** Other old names that also become `new` (schedule_interval and timetable -> schedule). */
  siblings?: string[];
}

const DAG_RENAMES: Rename[] = [
  { old: 'concurrency', new: 'max_active_tasks', since: '2.2' },
  { old: 'schedule_interval', new: 'schedule', since: '2.4', siblings: ['timetable'] },
  { old: 'timetable', new: 'schedule', since: '2.4', siblings: ['schedule_interval'] },
];

const TASK_RENAMES: Rename[] = [{ old: 'task_concurrency', new: 'max_active_tis_per_dag', since: '2.2' }];

export const dg206: PythonRule = {
  code: 'DG206',
  name: 'renamed-argument',
  defaultSeverity: 'warning',
  needsDagFile: true,
  readsArgumentSites: true,
  docs: {
    acrossModules:
      "With the project's modules, also the old DAG argument names the file passes to a factory (in another module or the file itself) that hands them on to `DAG(...)`: `create_dag(schedule_interval=...)` where `create_dag(**kwargs)` returns `DAG(**kwargs)`. It is reported at the file's keyword, with the factory's `DAG(...)` as related information. The rename is offered only when the keyword reaches `DAG()` unchanged through `**kwargs` at every step, with no parameter, keyword or other `**` mapping on the way that could catch or clash with the new name; a factory that binds the old name to a parameter of its own gets no fix (its signature has to change).",
    summary: 'A DAG or task argument that Airflow renamed: `concurrency`, `schedule_interval`, `timetable`, `task_concurrency`.',
    whatItDoes:
      "Reports the DAG arguments `concurrency` (now `max_active_tasks`), `schedule_interval` and `timetable` (now `schedule`) on `DAG(...)` and `@dag(...)`, and the task argument `task_concurrency` (now `max_active_tis_per_dag`) on operators, `@task(...)` and in `default_args`. On Airflow 2 the old names still work, so the finding is a deprecation: information, with the deprecated tag (editors strike the argument through). When the project targets Airflow 3 it is an error: the task SDK's `DAG()` and `BaseOperator` refuse these arguments with a `TypeError`, so the file fails to import. When the version is unknown it is a warning.",
    whyBad:
      'The old names are deprecated since Airflow 2.2 (`concurrency`, `task_concurrency`) and 2.4 (`schedule_interval`, `timetable`), and Airflow 3 removed them: the DAG file no longer imports, or, in `default_args`, the setting is silently dropped.',
    example:
      'with DAG("report", schedule_interval="@daily", concurrency=4) as dag:\n    BashOperator(task_id="run", bash_command="run.sh", task_concurrency=1)',
    useInstead:
      'with DAG("report", schedule="@daily", max_active_tasks=4) as dag:\n    BashOperator(task_id="run", bash_command="run.sh", max_active_tis_per_dag=1)',
    fix: 'Renames the argument. The new name takes the same values, but Airflow only accepts it from the release that introduced it (2.2 for `max_active_tasks` and `max_active_tis_per_dag`, 2.4 for `schedule`): the rename is safe (applied by fix-all and `check --fix`) when the project targets Airflow 3, or pins an Airflow 2 release at least that new (`apache-airflow==2.9.3`, `>=2.7`, `FROM apache/airflow:2.10.4`); otherwise it is offered, titled with the release it needs, but not applied by fix-all. No fix when the new name is given too, or `**kwargs` might hold it: then decide which value to keep.',
  },
  check(context: RuleContext) {
    for (const site of context.sites.sites) {
      if (site.kind === 'dag') checkSite(context, site, DAG_RENAMES);
      else if (site.kind === 'task' || site.kind === 'defaultArgs') checkSite(context, site, TASK_RENAMES);
    }
    checkFactoryArguments(context);
  },
};

/**
 * The old DAG argument names the file hands to a factory (the project's, or its own) that passes
 * them on to `DAG(...)`: `create_dag(schedule_interval="@daily")` with `create_dag(**kwargs)`
 * returning `DAG(**kwargs)`. Reported at the file's keyword; the rename is offered only when the
 * keyword reaches `DAG()` unchanged through `**kwargs` at every step, with nothing on the way that
 * would catch or clash with the new name.
 */
function checkFactoryArguments(context: RuleContext): void {
  if (!context.project) return;
  const reported = new Set<number>();
  for (const argument of wrapperArguments(context)) {
    if (argument.definition?.kind !== 'dag') continue;
    const rename = DAG_RENAMES.find((candidate) => candidate.old === argument.name);
    // The name as the DAG file writes it: passed by position or under another name, the old name is the helper's.
    const keyword = parentOf(argument.value);
    const nameNode = keyword?.type === 'keyword_argument' ? field(keyword, 'name') : null;
    if (!rename || !keyword || nameNode?.text !== rename.old || reported.has(keyword.id)) continue;
    if (context.model.phaseOf(argument.value) !== 'parse') continue;
    reported.add(keyword.id);
    const call = parentOf(parentOf(keyword)!);
    const args = call ? callArguments(call) : null;
    const others = [rename.new, ...(rename.siblings ?? [])];
    const clash = others.find((name) => args?.keywords.has(name));
    const airflow3 = context.airflowVersion === 3;
    const where = `${displayPath(context.source.path, argument.path)}:${argument.range.start.line + 1}`;
    const consequence = airflow3 ? `Deprecated since Airflow ${rename.since}. ${removedConsequence('dag')}.` : 'Airflow 3 removes it.';
    const exact = !clash && !args?.hasSplat && argument.kwargsPath && !others.some((name) => argument.kwargsPath!.blocked.includes(name));
    context.report({
      node: nameNode,
      message: airflow3
        ? `"${rename.old}" was removed in Airflow 3; use "${rename.new}".`
        : `"${rename.old}" is deprecated since Airflow ${rename.since}; use "${rename.new}".`,
      detail: joinSentences(
        `It reaches ${argument.landing} at ${where}, through ${argument.wrapper}`,
        consequence,
        clash
          ? `"${clash}" is given too: keep one of them.`
          : exact
            ? ''
            : `No fix: ${argument.wrapper} does not pass the keyword on unchanged through **kwargs, so the new name might not reach DAG()`,
      ),
      severity: airflow3 ? 'error' : context.airflowVersion === 2 ? 'information' : undefined,
      ...(context.airflowVersion === 2 ? { tags: ['deprecated' as const] } : {}),
      fix: exact ? renameFix(context, rename, { range: context.source.rangeOf(nameNode), newText: rename.new }, false) : null,
      related: [
        {
          path: argument.path,
          range: argument.range,
          message: `${argument.landing} receives the ${argument.name} of ${argument.wrapper}`,
          // The old name is the DAG file's; the helper only passes it on: no finding at the helper's end.
          role: 'via',
        },
      ],
    });
  }
}

function checkSite(context: RuleContext, site: ArgumentSite, renames: Rename[]): void {
  const airflow3 = context.airflowVersion === 3;
  for (const rename of renames) {
    const entry = site.entries.get(rename.old);
    if (!entry) continue;
    const clash = [rename.new, ...(rename.siblings ?? [])].find((name) => site.entries.has(name));
    const where = site.kind === 'defaultArgs' ? 'default_args ' : '';
    // On Airflow 3 the removal is the finding; before, the deprecation.
    const message = airflow3
      ? `${where}"${rename.old}" was removed in Airflow 3; use "${rename.new}".`
      : `${where}"${rename.old}" is deprecated since Airflow ${rename.since}; use "${rename.new}".`;
    const consequence = airflow3 ? `Deprecated since Airflow ${rename.since}. ${removedConsequence(site.kind)}.` : 'Airflow 3 removes it.';
    const edit = clash ? null : renameEdit(context.source, site, entry, rename.new);
    context.report({
      node: entry.key,
      message,
      detail: clash ? `${consequence} "${clash}" is given too: keep one of them.` : consequence,
      // On Airflow 2 the old name still works: a deprecation (struck through), not a hazard.
      severity: airflow3 ? 'error' : context.airflowVersion === 2 ? 'information' : undefined,
      ...(context.airflowVersion === 2 ? { tags: ['deprecated' as const] } : {}),
      fix: edit ? renameFix(context, rename, edit, site.open) : null,
    });
  }
}

/**
 * What Airflow 3 does with the old name. The task SDK's DAG is an attrs class without these fields
 * (task-sdk/src/airflow/sdk/definitions/dag.py, 3.x), and BaseOperator raises TypeError on
 * arguments it does not take (task-sdk/src/airflow/sdk/bases/operator.py: "unexpected argument:
 * task_concurrency"); default_args only pass on the keys BaseOperator takes.
 */
function removedConsequence(kind: ArgumentSite['kind']): string {
  if (kind === 'defaultArgs') return 'Airflow 3 ignores it';
  const refuser = kind === 'dag' ? 'DAG()' : 'BaseOperator';
  return `Airflow 3 removed it: ${refuser} refuses the argument with a TypeError, so the DAG file fails to import`;
}

/** Safe only where the new name is known to be accepted: on a release that has it, without `**kwargs` that may hold it. */
function renameFix(context: RuleContext, rename: Rename, edit: TextEdit, open: boolean): Fix {
  const accepted = releaseIncludes(context.airflowVersion, context.airflowMinor, rename.since);
  return {
    title: accepted ? `Rename to ${rename.new}` : `Rename to ${rename.new} (needs Airflow ${rename.since} or later)`,
    safe: !open && accepted,
    edits: [edit],
  };
}
