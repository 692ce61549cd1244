// What kind of document a path or an editor's language id names. Editors disagree on language
// ids for `.env`, compose or Helm files, so the name decides first and the language id second.

export type DocumentKind = 'python' | 'other';

export function documentKind(pathOrUri: string, languageId?: string): DocumentKind {
  const name = pathOrUri.split(/[\\/]/).pop() ?? '';
  if (/\.pyi?$/i.test(name) || languageId === 'python') return 'python';
  return 'other';
}
