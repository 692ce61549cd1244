// DG605: a templated value that names a template file (it ends in the operator's template_ext)
// that does not exist where Airflow looks for it.
import path from 'node:path';
import { literalAround, OPAQUE, templateTextOf } from '../../jinja/pythonLiteral';
import { lookUpTemplate, templateSearchPath } from '../../jinja/templateFiles';
import { whereItLands } from '../../jinja/templateStrings';
import { joinSentences } from '../sentences';
import type { Node } from '../../syntax/nodes';
import type { PythonRule, RuleContext } from '../rule';

/** A string literal's closing quote after a file extension: `report.sql"`. */
const EXTENSION_END = /\.[A-Za-z][\w-]*["']/g;

export const dg605: PythonRule = {
  code: 'DG605',
  name: 'template-file-not-found',
  defaultSeverity: 'error',
  needsDagFile: true,
  docs: {
    summary:
      'A templated value ending in the operator\'s `template_ext` (`sql="queries/report.sql"`, `bash_command="scripts/run.sh"`) names a template file that is neither next to the DAG file nor under the DAG\'s `template_searchpath`.',
    whatItDoes:
      "For each string that reaches a templated field of a known operator as it is (directly, through names, in lists and dict values) and ends in one of the operator's `template_ext` (`.sql`, `.sh`, `.json`, ...), looks the file up the way Jinja's loader does: under the DAG file's folder, then under each `template_searchpath` of the file's DAGs. A leading `/` does not make the name absolute (the loader drops it), and `..` is refused. Reported when the file is in none of them. Silent when a `template_searchpath` is not a literal absolute path, when the file's DAGs give different ones, when a folder lies outside the project (DAG Guard reads only the project's files), in the editor for unsaved files, and for strings that end with a space: `bash_command=\"run.sh \"` is the known way to run a command whose name ends in `.sh` without Airflow reading it as a template.",
    whyBad:
      'Airflow reads such a value as the name of a template file when the task runs. A missing file fails the task with `jinja2.exceptions.TemplateNotFound`, after the DAG file parsed without complaint. The common causes: a path relative to the wrong folder, an absolute path on the worker (`/opt/scripts/run.sh`: the loader looks for `opt/scripts/run.sh` under the DAG folder), a typo.',
    example:
      'from airflow import DAG\nfrom airflow.providers.common.sql.operators.sql import SQLExecuteQueryOperator\n\nwith DAG("report", schedule="@daily"):\n    SQLExecuteQueryOperator(task_id="load", conn_id="db", sql="sql/report.sql")  # dags/sql/report.sql does not exist',
    useInstead:
      'from airflow import DAG\nfrom airflow.providers.common.sql.operators.sql import SQLExecuteQueryOperator\n\nwith DAG("report", schedule="@daily", template_searchpath=["/opt/airflow/include/sql"]):\n    SQLExecuteQueryOperator(task_id="load", conn_id="db", sql="report.sql")',
  },
  check(context: RuleContext) {
    const exists = context.pathExists;
    if (!exists) return;
    const search = templateSearchPath(context.source);
    if (!search.ok) return;
    const { source } = context;
    const seen = new Set<number>();
    for (const match of source.text.matchAll(EXTENSION_END)) {
      const literal = literalAround(source.root.descendantForIndex(match.index!, match.index! + 1) ?? null);
      if (!literal || seen.has(literal.id)) continue;
      seen.add(literal.id);
      checkLiteral(context, literal, search.folders, exists);
    }
  },
};

function checkLiteral(context: RuleContext, literal: Node, folders: string[], exists: NonNullable<RuleContext['pathExists']>): void {
  const text = templateTextOf(context.source, literal);
  if (!text || text.value.includes(OPAQUE)) return;
  const name = text.value;
  const flow = whereItLands(context, literal);
  if (!flow.ok) return;
  const landing = flow.landings.find((candidate) => candidate.fileNameRisk === 'literal' && !candidate.stringified);
  if (!landing) return;
  const found = lookUpTemplate(name, folders, exists);
  if (found.kind === 'found' || found.kind === 'unknown') return;
  const ext = landing.ext.find((extension) => name.endsWith(extension)) ?? path.extname(name);
  const refused = found.kind === 'refused';
  const missing = refused
    ? ''
    : `; there is no such file next to the DAG file${folders.length > 1 ? ' or under its template_searchpath' : ''} (looked for ${found.looked.map((candidate) => `\`${candidate}\``).join(', ')})`;
  const command = /\.(sh|bash)$/.test(name)
    ? `If it is a command to run rather than a template, end it with a space (\`"${name} "\`).`
    : '';
  context.report({
    node: literal,
    message: refused
      ? `Template name \`${name}\` has \`..\`: the task fails with TemplateNotFound.`
      : `Template file \`${name}\` not found: the task fails with TemplateNotFound.`,
    detail: joinSentences(
      `\`${name}\` ends in \`${ext}\`, one of ${landing.operator}'s template_ext, so Airflow reads it as the name of a template file${refused ? ', and Jinja refuses template names with `..`' : missing}`,
      command,
    ),
  });
}
