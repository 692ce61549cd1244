// Which files of a DAG folder its `.airflowignore` files hide from the DAG processor, applied the way
// Airflow's walk applies them (`_find_path_from_directory` in airflow/utils/file.py, Airflow 2.3 to
// 2.11; shared/module_loading/.../file_discovery.py in Airflow 3): each folder's `.airflowignore`
// adds its patterns to those of the folders above it; a folder that the patterns match is not
// entered (nothing under it comes back, whatever a later pattern says); `\s*#.*` is cut from each
// line, blank lines are skipped.
// - `regexp` (`[core] dag_ignore_file_syntax` default in Airflow 2): `re.search` of each pattern in
//   the path relative to the DAG folder itself, also for the patterns of nested files; invalid
//   patterns are skipped. Python's syntax is read into JavaScript's (named groups, leading inline
//   flags, \A, \Z); a pattern JavaScript still refuses is skipped, which leaves the file analysed.
//   Airflow 2.8 to 2.11 compile with google-re2, which refuses backreferences and lookarounds that
//   Python's re (2.3 to 2.7, and 3.x) accepts: such a pattern is skipped here, so that it never
//   hides a file that one of those releases parses.
// - `glob` (the default from Airflow 3.0): gitignore patterns (Airflow compiles them with pathspec's
//   GitWildMatchPattern; here the `ignore` package, which implements the same gitignore rules). A
//   pattern with a slash at its start or middle matches the path relative to its .airflowignore's
//   folder; any other matches the file or folder name alone (a folder's with a trailing slash). The
//   last pattern that matches decides (`!` un-ignores).
import path from 'node:path';
import ignore from 'ignore';
import { readSourceFile } from './readSource';
import { fastRelative, fastResolve } from './fastPaths';

export type IgnoreSyntax = 'regexp' | 'glob';

type Rule =
  | { syntax: 'regexp'; pattern: RegExp }
  | { syntax: 'glob'; test: (relative: string) => boolean | null; anchoredIn: string | null };

/** The patterns of one `.airflowignore` text. `folder`: its folder, relative to the DAG folder ('' at the top). */
function parseAirflowIgnore(text: string, syntax: IgnoreSyntax, folder: string): Rule[] {
  const rules: Rule[] = [];
  for (const line of text.split(/\r\n|\r|\n/)) {
    const pattern = line.replace(/\s*#.*/, '');
    if (!pattern) continue;
    const rule = syntax === 'regexp' ? regexpRule(pattern) : globRule(pattern, folder);
    if (rule) rules.push(rule);
  }
  return rules;
}

function regexpRule(pattern: string): Rule | null {
  if (/\(\?<?[=!]|\(\?P=|\\[1-9]/.test(pattern)) return null;
  let source = pattern;
  let flags = '';
  // Python's leading inline flags, `(?i)`, have no JavaScript form but the flags argument.
  const inline = /^\(\?([aiLmsux]+)\)/.exec(source);
  if (inline) {
    // Verbose mode (x) changes what the pattern means: not read rather than read wrongly.
    if (inline[1].includes('x')) return null;
    source = source.slice(inline[0].length);
    for (const flag of inline[1]) if ('ims'.includes(flag) && !flags.includes(flag)) flags += flag;
  }
  source = source
    .replace(/\(\?P<(\w+)>/g, '(?<$1>')
    .replace(/\\A/g, '^')
    .replace(/\\Z/g, '$');
  try {
    return { syntax: 'regexp', pattern: new RegExp(source, flags) };
  } catch {
    return null;
  }
}

function globRule(pattern: string, folder: string): Rule | null {
  // "/" matches nothing in gitignore, and Airflow skips it with a warning.
  if (pattern.trim() === '/') return null;
  const anchored = pattern.startsWith('/') || pattern.replace(/\/+$/, '').includes('/');
  const matcher = ignore().add(pattern);
  return {
    syntax: 'glob',
    anchoredIn: anchored ? folder : null,
    test: (relative) => {
      try {
        const result = matcher.test(relative);
        return result.ignored ? true : result.unignored ? false : null;
      } catch {
        // A path the package refuses to read (none that a folder walk gives): no verdict.
        return null;
      }
    },
  };
}

/** Do `rules` hide `relative` (a path relative to the DAG folder, with forward slashes)? */
function matchesRules(rules: readonly Rule[], relative: string, isFolder: boolean): boolean {
  let ignored = false;
  for (const rule of rules) {
    if (rule.syntax === 'regexp') {
      if (rule.pattern.test(relative)) return true;
      continue;
    }
    const subject =
      rule.anchoredIn === null
        ? relative.slice(relative.lastIndexOf('/') + 1)
        : rule.anchoredIn
          ? relative.slice(rule.anchoredIn.length + 1)
          : relative;
    const verdict = rule.test(isFolder ? `${subject}/` : subject);
    if (verdict !== null) ignored = verdict;
  }
  return ignored;
}

/** A folder under the DAG folder: hidden by an .airflowignore above it, or the rules that apply inside it. */
interface FolderRules {
  hidden: boolean;
  rules: Rule[];
}

/**
 * The `.airflowignore` files of one DAG folder, each read once. With syntax 'either' (the Airflow
 * version and the config do not say which) a file counts as ignored only when both syntaxes hide
 * it, so that a pattern read the wrong way never silences a file Airflow parses.
 */
export class AirflowIgnore {
  private readonly rulesByFolder = new Map<string, Map<IgnoreSyntax, Rule[]>>();
  /** By syntax, then by folder (see `folder`). */
  private readonly folders = new Map<IgnoreSyntax, Map<string, FolderRules>>();

  constructor(
    readonly dagsFolder: string,
    readonly syntax: IgnoreSyntax | 'either',
  ) {}

  /** Is `file` (inside the DAG folder) hidden by the .airflowignore files above it? */
  ignores(file: string): boolean {
    const native = fastRelative(this.dagsFolder, fastResolve(file));
    const relative = path.sep === '/' ? native : native.split(path.sep).join('/');
    if (!relative || relative.startsWith('../')) return false;
    if (this.syntax !== 'either') return this.hiddenUnder(this.syntax, relative);
    return this.hiddenUnder('regexp', relative) && this.hiddenUnder('glob', relative);
  }

  private hiddenUnder(syntax: IgnoreSyntax, relative: string): boolean {
    const slash = relative.lastIndexOf('/');
    const folder = this.folder(syntax, slash < 0 ? '' : relative.slice(0, slash));
    return folder.hidden || matchesRules(folder.rules, relative, false);
  }

  /**
   * Whether `folder` (relative, '' for the DAG folder) is hidden, else the rules that apply inside
   * it: those of the .airflowignore files in it and above it, in order. Known once per folder (a
   * folder of a thousand DAG files was walked up from each file).
   */
  private folder(syntax: IgnoreSyntax, folder: string): FolderRules {
    let bySyntax = this.folders.get(syntax);
    if (!bySyntax) this.folders.set(syntax, (bySyntax = new Map()));
    let known = bySyntax.get(folder);
    if (!known) {
      if (folder === '') known = { hidden: false, rules: this.rulesIn('', syntax) };
      else {
        const slash = folder.lastIndexOf('/');
        const parent = this.folder(syntax, slash < 0 ? '' : folder.slice(0, slash));
        known =
          parent.hidden || matchesRules(parent.rules, folder, true)
            ? { hidden: true, rules: [] }
            : { hidden: false, rules: [...parent.rules, ...this.rulesIn(folder, syntax)] };
      }
      bySyntax.set(folder, known);
    }
    return known;
  }

  private rulesIn(folder: string, syntax: IgnoreSyntax): Rule[] {
    let bySyntax = this.rulesByFolder.get(folder);
    if (!bySyntax) this.rulesByFolder.set(folder, (bySyntax = new Map()));
    let rules = bySyntax.get(syntax);
    if (!rules) {
      const read = readSourceFile(path.join(this.dagsFolder, ...(folder ? folder.split('/') : []), '.airflowignore'));
      bySyntax.set(syntax, (rules = read.ok ? parseAirflowIgnore(read.text, syntax, folder) : []));
    }
    return rules;
  }
}
