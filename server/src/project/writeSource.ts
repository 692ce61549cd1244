// Writes a fixed source file back (`check --fix`) so that no interruption loses a byte: the new
// text goes to a temporary file in the same folder, is flushed to disk, then renamed over the
// original in one step. A full disk, a kill or a file-size limit mid-write leaves the original as
// it was (writeFileSync truncated it first, then wrote). The file keeps its mode and, where the
// process may set it, its owner; a symlink keeps pointing where it pointed (its target is
// replaced); a BOM the file had is written back.
import {
  accessSync,
  closeSync,
  constants,
  fchmodSync,
  fchownSync,
  fsyncSync,
  openSync,
  realpathSync,
  renameSync,
  statSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { randomBytes } from 'node:crypto';
import path from 'node:path';

export type WriteResult = { ok: true } | { ok: false; reason: string };

export function writeSourceFile(file: string, text: string, bom: boolean): WriteResult {
  let temporary: string | null = null;
  let fd: number | null = null;
  try {
    const target = realpathSync(file);
    const stats = statSync(target);
    // Renaming needs only the folder to be writable: without this test a read-only file would be
    // replaced where writing it in place is refused.
    accessSync(target, constants.W_OK);
    const mode = stats.mode & 0o7777;
    temporary = path.join(path.dirname(target), `.${path.basename(target)}.dag-guard-${randomBytes(4).toString('hex')}.tmp`);
    fd = openSync(temporary, 'wx', mode);
    fchmodSync(fd, mode); // open() applies the umask.
    if (stats.uid !== process.getuid?.() || stats.gid !== process.getgid?.()) {
      try {
        fchownSync(fd, stats.uid, stats.gid);
      } catch {
        // Only root may give a file away: the new file is the writer's, as an editor's save makes it.
      }
    }
    writeFileSync(fd, (bom ? '\ufeff' : '') + text);
    fsyncSync(fd);
    closeSync(fd);
    fd = null;
    renameSync(temporary, target);
    temporary = null;
    syncFolder(path.dirname(target));
    return { ok: true };
  } catch (error) {
    return { ok: false, reason: `cannot write the file (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})` };
  } finally {
    if (fd !== null) closeQuietly(fd);
    if (temporary !== null) {
      try {
        unlinkSync(temporary);
      } catch {
        // Already gone.
      }
    }
  }
}

function closeQuietly(fd: number): void {
  try {
    closeSync(fd);
  } catch {
    // Already reported through the error that got us here.
  }
}

/** Makes the rename itself durable; not every platform can open a folder (Windows), which is fine. */
function syncFolder(folder: string): void {
  let fd: number | null = null;
  try {
    fd = openSync(folder, constants.O_RDONLY);
    fsyncSync(fd);
  } catch {
    // Best effort.
  } finally {
    if (fd !== null) closeSync(fd);
  }
}
