// Hover on a templated value that names a template file (`sql="sql/report.sql"` on an operator
// whose template_ext has `.sql`): the file Airflow reads, as a link the editor opens, or where it
// was looked for. The core asks `pathExists` (given by the server for the project's files).
import { pathToFileURL } from 'node:url';
import { airflowOperatorName, templateExtOf, templateFieldsOf } from '../airflow/operators';
import { literalAround } from '../jinja/pythonLiteral';
import { lookUpTemplate, templateSearchPath } from '../jinja/templateFiles';
import { ImportMap } from '../model/imports';
import { field, parentOf, stringValue } from '../syntax/nodes';
import type { PythonHoverProvider } from './python';

export const templateFileHover: PythonHoverProvider = ({ source, offset, pathExists }) => {
  if (!pathExists) return null;
  const literal = literalAround(source.root.descendantForIndex(offset, offset) ?? null);
  const argument = literal ? parentOf(literal) : null;
  if (!literal || argument?.type !== 'keyword_argument') return null;
  const call = parentOf(parentOf(argument));
  const name = stringValue(literal);
  const operator = call?.type === 'call' ? airflowOperatorName(new ImportMap(source).resolve(field(call, 'function'))) : null;
  const argumentName = field(argument, 'name')?.text ?? '';
  if (!operator || name === null || !templateFieldsOf(operator)?.has(argumentName)) return null;
  if (!templateExtOf(operator).some((extension) => name.endsWith(extension))) return null;
  const search = templateSearchPath(source);
  if (!search.ok) return null;
  const found = lookUpTemplate(name, search.folders, pathExists);
  const range = source.rangeOf(literal);
  if (found.kind === 'found') {
    return {
      markdown: `**Template file** [\`${found.at}\`](${pathToFileURL(found.at).toString()})\n\n${operator} reads this file and renders it with Jinja when the task runs.`,
      range,
    };
  }
  if (found.kind === 'missing')
    return {
      markdown: `**Template file not found**: looked for ${found.looked.map((candidate) => `\`${candidate}\``).join(', ')}.`,
      range,
    };
  return null;
};
