// What kind of document a path or an editor's language id names. Editors disagree on language
// ids for `.env`, compose or Helm files, so the name decides first, then the content (a Kubernetes
// manifest, an airflow.cfg under another name), and the language id last.

export type DocumentKind =
  | 'python'
  | 'airflow-cfg'
  | 'dotenv'
  | 'docker-compose'
  | 'dockerfile'
  | 'helm-values'
  | 'kubernetes'
  | 'shell'
  | 'yaml'
  | 'other';

/** Sections that only an airflow.cfg has together (content sniffing for renamed cfg files). */
// Spaces, not `\s`: with the m flag `^\s*` runs across line ends, and was retried at every line of a
// run of blank lines (N² on N of them).
const CFG_HEADER =
  /^[^\S\r\n]*\[(core|scheduler|dag_processor|webserver|database|celery|logging|kubernetes_executor|kubernetes)\][^\S\r\n]*$/m;

export function documentKind(pathOrUri: string, languageId?: string, text?: string): DocumentKind {
  // The last path segment, without the scheme of a URI that has no slash (`untitled:values.yaml`).
  const slash = Math.max(pathOrUri.lastIndexOf('/'), pathOrUri.lastIndexOf('\\'));
  const name = pathOrUri
    .slice(slash + 1)
    .replace(/^[a-z][a-z0-9+.-]*:/i, '')
    .toLowerCase();
  if (/\.pyi?$/.test(name) || languageId === 'python') return 'python';
  if (name === 'airflow.cfg' || languageId === 'airflow-cfg') return 'airflow-cfg';
  if (/\.(cfg|ini)$/.test(name) && text !== undefined && CFG_HEADER.test(text)) return 'airflow-cfg';
  if (name === '.env' || /^\.env\./.test(name) || /\.env$/.test(name) || languageId === 'dotenv') return 'dotenv';
  if (/^(docker-)?compose.*\.ya?ml$/.test(name) || languageId === 'dockercompose') return 'docker-compose';
  if (name === 'dockerfile' || /^dockerfile\./.test(name) || /\.dockerfile$/.test(name) || languageId === 'dockerfile') return 'dockerfile';
  if (/^values.*\.ya?ml$/.test(name) || languageId === 'helm-values') return 'helm-values';
  if (/\.(sh|bash|zsh)$/.test(name) || languageId === 'shellscript') return 'shell';
  if (/\.ya?ml$/.test(name) || languageId === 'yaml') {
    return text !== undefined && /^apiVersion:/m.test(text) && /^kind:/m.test(text) ? 'kubernetes' : 'yaml';
  }
  return 'other';
}

/** Documents whose settings DAG Guard reads (airflow.cfg and the files that set AIRFLOW__ variables). */
export function isConfigKind(kind: DocumentKind): boolean {
  return kind !== 'python' && kind !== 'other';
}
