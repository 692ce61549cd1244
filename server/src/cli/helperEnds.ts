// The helper's end of cross-file findings in `dag-guard check`: a checked module that DAG files
// reach at parse time gets a finding on each hazard line naming those DAG files, as the editor
// shows it. The DAG files are the checked ones, and, when a checked file is a module rather than a
// DAG file, the project's other DAG files too (analysed only to find who runs the module).
import path from 'node:path';
import { isDagFileText } from '../core/dagFile';
import type { Engine } from '../core/engine';
import type { Finding } from '../core/findings';
import type { Settings } from '../core/settings/schema';
import { mayHaveNoqa, noqaComments } from '../core/suppression';
import { discoverPythonFiles, type FileFilter } from '../project/files';
import type { FolderListings } from '../project/slices';
import { HelperUses } from '../project/helperUses';
import type { ProjectLayout } from '../project/layout';
import { readSourceFile } from '../project/readSource';

export interface CheckedPython {
  /** Absolute path. */
  file: string;
  /** Its text (read only when needed: the results cache may have answered without it). */
  text: () => string;
  findings: Finding[];
  /** Whether the text is a DAG file's, when the results cache knows (else the text is asked). */
  dagFile: boolean | undefined;
}

/**
 * Adds the helper's end to each checked file's findings (in place, kept sorted). `analyse` runs the
 * same analysis as the check (through its cache) on a DAG file that was not checked; `walked`: the
 * files looked at for such DAG files (otherDagCandidates), null when none was.
 */
export async function addHelperEnds(
  checked: readonly CheckedPython[],
  context: {
    layout: ProjectLayout;
    filter: FileFilter;
    settings: Settings;
    /** The parser, loaded when first asked for (a helper whose text may say noqa). */
    engine: () => Promise<Engine>;
    analyse: (file: string, text: string) => Promise<Finding[]>;
    display: (file: string) => string;
    /** Folders whose every Python file (by the same filter) is among the checked ones: not walked again. */
    walkedWhole: readonly string[];
    /** The run's folder reads, shared with its other walks. */
    listings?: FolderListings;
  },
): Promise<{ walked: string[] | null }> {
  const uses = new HelperUses();
  for (const { file, findings } of checked) uses.record(file, findings);
  const isModule = ({ file, text, dagFile }: CheckedPython) =>
    !(dagFile ?? isDagFileText(text())) || context.layout.isParsedByAirflow(file) === false;
  const walked = checked.some(isModule) ? otherDagCandidates(context, new Set(checked.map(({ file }) => file))) : null;
  for (const file of walked ?? []) {
    const read = readSourceFile(file);
    if (!read.ok || !isDagFileText(read.text)) continue;
    uses.record(file, await context.analyse(file, read.text));
  }
  for (const entry of checked) {
    if (uses.usersOf(entry.file).length === 0) continue;
    const text = entry.text();
    // Parsed only when a comment may say noqa (the helper's text was not parsed in a run the cache answered).
    const suppressions = mayHaveNoqa(text) ? (await context.engine()).withSource(entry.file, text, noqaComments) : new Map();
    const all = uses.findingsFor(entry.file, text, context.settings, suppressions, context.display, entry.findings);
    entry.findings.splice(0, entry.findings.length, ...all);
  }
  return { walked };
}

/**
 * The Python files, other than the checked ones, that may be DAG files running a checked module:
 * those of the DAG folders (or the project) not walked already, that Airflow may parse. Null when
 * every such folder was walked whole.
 */
export function otherDagCandidates(
  context: { layout: ProjectLayout; filter: FileFilter; walkedWhole: readonly string[]; listings?: FolderListings },
  checked: ReadonlySet<string>,
): string[] | null {
  const { layout } = context;
  const folders = (layout.dagsFolders.length > 0 ? layout.dagsFolders : [layout.root]).filter(
    (folder) => !context.walkedWhole.includes(path.resolve(folder)),
  );
  if (folders.length === 0) return null;
  return discoverPythonFiles(folders, context.filter, { listings: context.listings }).files.filter(
    (file) => !checked.has(file) && layout.isParsedByAirflow(file) !== false,
  );
}

/** Is `file` inside `folder`? */
export function isInside(folder: string, file: string): boolean {
  const relative = path.relative(folder, file);
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
}
