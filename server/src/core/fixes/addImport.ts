// The edit that adds an import line where a person (or isort) would put it: standard-library
// modules among the file's standard-library imports, others among its third-party imports, each in
// isort's default order (`import x` before `from x import y`, then by module) within the first
// group of its kind; after `from __future__` imports and the module docstring. Used by fixes that
// need a name the file does not import yet.
import type { SourceFile } from '../model/source';
import { field, namedChildren, type Node } from '../syntax/nodes';
import type { TextEdit } from '../syntax/positions';

const STDLIB = new Set([
  'abc',
  'argparse',
  'ast',
  'asyncio',
  'base64',
  'bisect',
  'calendar',
  'collections',
  'concurrent',
  'configparser',
  'contextlib',
  'copy',
  'csv',
  'dataclasses',
  'datetime',
  'decimal',
  'enum',
  'functools',
  'glob',
  'gzip',
  'hashlib',
  'heapq',
  'hmac',
  'html',
  'http',
  'importlib',
  'inspect',
  'io',
  'itertools',
  'json',
  'logging',
  'math',
  'multiprocessing',
  'operator',
  'os',
  'pathlib',
  'pickle',
  'platform',
  'pprint',
  'queue',
  'random',
  're',
  'secrets',
  'shlex',
  'shutil',
  'signal',
  'socket',
  'sqlite3',
  'ssl',
  'statistics',
  'string',
  'struct',
  'subprocess',
  'sys',
  'tempfile',
  'textwrap',
  'threading',
  'time',
  'traceback',
  'types',
  'typing',
  'unittest',
  'urllib',
  'uuid',
  'warnings',
  'weakref',
  'xml',
  'zipfile',
  'zoneinfo',
]);

type Section = 'future' | 'stdlib' | 'thirdParty' | 'local';

interface ImportLine {
  statement: Node;
  module: string;
  section: Section;
}

function sectionOf(module: string): Section {
  if (module === '__future__') return 'future';
  if (module.startsWith('.')) return 'local';
  return STDLIB.has(module.split('.')[0]) ? 'stdlib' : 'thirdParty';
}

function moduleOf(statement: Node): string {
  if (statement.type === 'import_from_statement') return (field(statement, 'module_name')?.text ?? '').replace(/\s+/g, '');
  const first = namedChildren(statement)[0];
  const name = first?.type === 'aliased_import' ? field(first, 'name') : first;
  return (name?.text ?? '').replace(/\s+/g, '');
}

/** `line` ("import asyncio") inserted for `module` ("asyncio"). */
export function addImportEdit(source: SourceFile, line: string, module: string): TextEdit {
  const { lines } = source;
  const eol = lines.eol;
  const topLevel = namedChildren(source.root);
  const imports: ImportLine[] = [];
  for (const statement of topLevel) {
    if (statement.type === 'future_import_statement') {
      imports.push({ statement, module: '__future__', section: 'future' });
      continue;
    }
    if (statement.type !== 'import_statement' && statement.type !== 'import_from_statement') continue;
    const name = moduleOf(statement);
    imports.push({ statement, module: name, section: sectionOf(name) });
  }
  const section = sectionOf(module);
  // isort's default order within a section: `import x` lines first, then `from x import y`, each by module.
  const key = sortKey(line.startsWith('from ') ? 'import_from_statement' : 'import_statement', module);
  const before = (node: Node, suffix = ''): TextEdit => {
    const at = lines.positionAt(lines.lineStart(lines.positionAt(node.startIndex).line));
    return { range: { start: at, end: at }, newText: line + eol + suffix };
  };
  const after = (node: Node, prefix = ''): TextEdit => {
    const at = lines.positionAt(lines.lineEnd(lines.positionAt(node.endIndex).line));
    return { range: { start: at, end: at }, newText: eol + prefix + line };
  };

  const sameSection = firstRun(imports, section);
  if (sameSection.length > 0) {
    const next = sameSection.find((entry) => sortKey(entry.statement.type, entry.module) > key);
    return next ? before(next.statement) : after(sameSection[sameSection.length - 1].statement);
  }
  const others = imports.filter((entry) => entry.section !== 'future');
  if (section === 'stdlib' && others.length > 0) return before(others[0].statement, eol);
  const stdlib = firstRun(imports, 'stdlib');
  if (section !== 'stdlib' && stdlib.length > 0) return after(stdlib[stdlib.length - 1].statement, eol);
  if (others.length > 0) return before(others[0].statement, eol);
  const future = imports.filter((entry) => entry.section === 'future');
  if (future.length > 0) return after(future[future.length - 1].statement, eol);
  // No imports: after the module docstring (and the comments that open the file), else at the top.
  const first = topLevel.find((node) => node.type !== 'comment');
  if (first && first.type === 'expression_statement' && namedChildren(first)[0]?.type === 'string') return after(first, eol);
  if (first) return before(first, eol);
  const end = lines.positionAt(source.text.length);
  return { range: { start: end, end }, newText: (source.text.length > 0 && !/[\r\n]$/.test(source.text) ? eol : '') + line + eol };
}

function sortKey(statementType: string, module: string): string {
  return `${statementType === 'import_from_statement' ? 1 : 0} ${module.toLowerCase()}`;
}

/** The first run of consecutive imports of `section` (another statement in between ends a run). */
function firstRun(imports: ImportLine[], section: Section): ImportLine[] {
  const run: ImportLine[] = [];
  for (let i = 0; i < imports.length; i++) {
    const entry = imports[i];
    if (entry.section !== section) {
      if (run.length > 0) break;
      continue;
    }
    if (run.length > 0 && !adjacent(run[run.length - 1].statement, entry.statement)) break;
    run.push(entry);
  }
  return run;
}

/** True when only blank lines and comments lie between two top-level statements. */
function adjacent(a: Node, b: Node): boolean {
  for (let node = a.nextSibling; node && node.id !== b.id; node = node.nextSibling) if (node.type !== 'comment') return false;
  return true;
}
