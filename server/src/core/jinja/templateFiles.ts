// Where Airflow looks for a template file: a templated string that ends in one of the operator's
// template_ext is the name of a file that Jinja's FileSystemLoader finds under the DAG file's
// folder and the DAG's `template_searchpath` (DAG.get_template_env: searchpath = [dag.folder] +
// template_searchpath). The loader splits the name on `/`, drops empty and `.` pieces (so a
// leading `/` does not make it absolute) and refuses `..`. The core asks the CLI or server whether
// a path exists (AnalysisOptions.pathExists): it reads no disk itself.
import path from 'node:path';
import type { SourceFile } from '../model/source';
import { field, namedChildren, parentOf, stringValue, unparenthesize } from '../syntax/nodes';

/** Answers from disk for paths inside the project folder; undefined where it cannot tell. */
export type PathExists = (absolutePath: string) => boolean | undefined;

export type SearchPath = { ok: true; folders: string[] } | { ok: false };

/**
 * The folders a template file of this file's DAGs is looked up in, when DAG Guard can tell: the
 * DAG file's folder, then each `template_searchpath` (the same literal in every DAG of the file).
 */
export function templateSearchPath(source: SourceFile): SearchPath {
  if (!path.isAbsolute(source.path)) return { ok: false };
  const folders = [path.dirname(source.path)];
  let given: string[] | null = null;
  const text = source.text;
  const word = 'template_searchpath';
  for (let offset = text.indexOf(word); offset >= 0; offset = text.indexOf(word, offset + 1)) {
    const node = source.root.descendantForIndex(offset, offset + word.length);
    if (node?.type === 'comment') continue;
    const argument = parentOf(node);
    if (argument?.type !== 'keyword_argument') return { ok: false };
    const value = unparenthesize(field(argument, 'value'));
    const items = value && (value.type === 'list' || value.type === 'tuple') ? namedChildren(value).map(stringValue) : [stringValue(value)];
    if (items.some((item) => item === null || !path.isAbsolute(item))) return { ok: false };
    const list = items as string[];
    if (given && JSON.stringify(given) !== JSON.stringify(list)) return { ok: false };
    given = list;
  }
  return { ok: true, folders: [...folders, ...(given ?? [])] };
}

/** Jinja's split_template_path: the pieces of a template name, or null where Jinja refuses it (`..`). */
function templatePieces(name: string): string[] | null {
  const pieces: string[] = [];
  for (const piece of name.split('/')) {
    if (piece === '..') return null;
    if (piece && piece !== '.') pieces.push(piece);
  }
  return pieces;
}

export type Lookup = { kind: 'found'; at: string } | { kind: 'missing'; looked: string[] } | { kind: 'refused' } | { kind: 'unknown' };

/** Where the template file `name` is found, or the paths that were looked at. */
export function lookUpTemplate(name: string, folders: readonly string[], exists: PathExists): Lookup {
  const pieces = templatePieces(name);
  if (!pieces) return { kind: 'refused' };
  if (pieces.length === 0) return { kind: 'unknown' };
  const looked: string[] = [];
  for (const folder of folders) {
    const candidate = path.join(folder, ...pieces);
    const found = exists(candidate);
    if (found === undefined) return { kind: 'unknown' };
    if (found) return { kind: 'found', at: candidate };
    looked.push(candidate);
  }
  return { kind: 'missing', looked };
}
