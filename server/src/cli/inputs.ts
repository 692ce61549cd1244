// What `check` reads: the files under the paths given (with what was missing or excluded said on
// stderr), or the text on stdin checked as the file --stdin-filename names.
import path from 'node:path';
import type { Settings } from '../core/settings/schema';
import { discoverPythonFiles, FileFilter } from '../project/files';
import { GitIgnores } from '../project/gitignore';
import type { ProjectConfig } from '../project/projectConfig';
import { decodeSource, readSourceFile, type ReadResult } from '../project/readSource';
import type { CheckArgs } from './args';
import type { CliIO } from './check';
import { relativePath } from './paths';

export interface CheckInput {
  /** Absolute path: the file, or the one --stdin-filename names. */
  file: string;
  /** As printed: relative to the current folder, forward slashes. */
  display: string;
  read: ReadResult;
  fromStdin: boolean;
}

export interface CollectedInputs {
  inputs: CheckInput[];
  /** Paths given that do not exist (already reported on stderr). */
  missing: string[];
}

export async function collectInputs(args: CheckArgs, io: CliIO, project: ProjectConfig, settings: Settings): Promise<CollectedInputs> {
  const filter = new FileFilter(project.root, settings);
  const respect = args.respectGitignore ?? settings.respectGitignore;
  const gitignore = respect ? new GitIgnores() : null;
  if (args.stdinFilename) {
    const file = path.resolve(io.cwd, args.stdinFilename);
    const display = relativePath(io.cwd, file);
    const read = decodeSource((await io.readStdin?.()) ?? new Uint8Array());
    const excluded = filter.excludes(file) || !!gitignore?.ignores(file);
    if (excluded) noteExcluded(io, display, args.forceExclude);
    return { inputs: excluded && args.forceExclude ? [] : [{ file, display, read, fromStdin: true }], missing: [] };
  }
  const given = args.paths.map((entry) => path.resolve(io.cwd, entry));
  const { files, missing, excludedNamed } = discoverPythonFiles(given, filter, { gitignore, forceExclude: args.forceExclude });
  for (const entry of missing) io.stderr(`dag-guard: ${relativePath(io.cwd, entry)}: no such file or folder\n`);
  for (const file of excludedNamed) noteExcluded(io, relativePath(io.cwd, file), args.forceExclude);
  return {
    inputs: files.map((file) => ({ file, display: relativePath(io.cwd, file), read: readSourceFile(file), fromStdin: false })),
    missing,
  };
}

function noteExcluded(io: CliIO, display: string, forceExclude: boolean): void {
  io.stderr(
    forceExclude
      ? `dag-guard: ${display}: not checked: the exclude setting or a .gitignore leaves it out (--force-exclude)\n`
      : `dag-guard: ${display}: checked because it was named, although the exclude setting or a .gitignore leaves it out (--force-exclude skips it)\n`,
  );
}
