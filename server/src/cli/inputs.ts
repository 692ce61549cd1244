// What `check` reads: the files under the paths given (with what was missing or excluded said on
// stderr), or the text on stdin checked as the file --stdin-filename names.
import path from 'node:path';
import type { Settings } from '../core/settings/schema';
import type { FolderListings } from '../project/slices';
import { discoverPythonFiles, FileFilter } from '../project/files';
import { GitIgnores } from '../project/gitignore';
import type { ProjectConfig } from '../project/projectConfig';
import { decodeSource, readSourceFile, type ReadResult } from '../project/readSource';
import { fileStamp, FileStamps } from '../project/resultCache';
import type { CheckArgs } from './args';
import type { CliIO } from './check';
import { relativePath } from './paths';

export interface CheckInput {
  /** Absolute path: the file, or the one --stdin-filename names. */
  file: string;
  /** As printed: relative to the current folder, forward slashes. */
  display: string;
  /** The file's text, read when first asked for (a file the results cache knows unchanged is never read). */
  readonly read: ReadResult;
  fromStdin: boolean;
  /** The results cache's stamp of the file as `read` read it, or (still unread) as it is now; null for stdin. */
  stamp(): string | null;
}

export interface CollectedInputs {
  inputs: CheckInput[];
  /** Paths given that do not exist (already reported on stderr). */
  missing: string[];
  /** Folders given whose every Python file the exclude and include settings accept is an input. */
  walkedWhole: string[];
}

export async function collectInputs(
  args: CheckArgs,
  io: CliIO,
  project: ProjectConfig,
  settings: Settings,
  stamps = new FileStamps(),
  listings?: FolderListings,
): Promise<CollectedInputs> {
  const filter = new FileFilter(project.root, settings);
  const respect = args.respectGitignore ?? settings.respectGitignore;
  const gitignore = respect ? new GitIgnores() : null;
  if (args.stdinFilename) {
    const file = path.resolve(io.cwd, args.stdinFilename);
    const display = relativePath(io.cwd, file);
    const read = decodeSource((await io.readStdin?.()) ?? new Uint8Array());
    const excluded = filter.excludes(file) || !!gitignore?.ignores(file);
    if (excluded) noteExcluded(io, display, args.forceExclude);
    return {
      inputs: excluded && args.forceExclude ? [] : [{ file, display, read, fromStdin: true, stamp: () => null }],
      missing: [],
      walkedWhole: [],
    };
  }
  const given = args.paths.map((entry) => path.resolve(io.cwd, entry));
  const { files, missing, excludedNamed, walkedWhole } = discoverPythonFiles(given, filter, {
    gitignore,
    forceExclude: args.forceExclude,
    listings,
  });
  for (const entry of missing) io.stderr(`dag-guard: ${relativePath(io.cwd, entry)}: no such file or folder\n`);
  for (const file of excludedNamed) noteExcluded(io, relativePath(io.cwd, file), args.forceExclude);
  return {
    inputs: files.map((file) => new FileInput(file, relativePath(io.cwd, file), stamps)),
    missing,
    walkedWhole,
  };
}

/**
 * A file on disk as an input: read once, when first asked for. (A class, not a literal with a
 * getter and closures: a run makes one per file.)
 */
class FileInput implements CheckInput {
  readonly fromStdin = false;
  private text: ReadResult | undefined;
  // Each stamp is taken as its stat is: "changed too recently" is measured from the stat.
  private readStamp: string | null | undefined;

  constructor(
    readonly file: string,
    readonly display: string,
    private readonly stamps: FileStamps,
  ) {}

  get read(): ReadResult {
    if (!this.text) {
      this.text = readSourceFile(this.file);
      // The stat taken as the file was opened, before its bytes were read: a later write gives a new stamp.
      this.readStamp = this.text.ok && this.text.stats ? fileStamp(this.text.stats) : null;
    }
    return this.text;
  }

  /** Still unread: the run's one stat of the file. */
  stamp(): string | null {
    return this.readStamp === undefined ? this.stamps.of(this.file) : this.readStamp;
  }
}

function noteExcluded(io: CliIO, display: string, forceExclude: boolean): void {
  io.stderr(
    forceExclude
      ? `dag-guard: ${display}: not checked: the exclude setting or a .gitignore leaves it out (--force-exclude)\n`
      : `dag-guard: ${display}: checked because it was named, although the exclude setting or a .gitignore leaves it out (--force-exclude skips it)\n`,
  );
}
