// The one way the CLI and the server read a file from disk. A repository decides what its files
// are: `requirements.txt -> /dev/zero`, a FIFO named `pyproject.toml`, or a pools file pointing at
// /proc would make a plain readFileSync read without end or block forever. So: open without
// blocking (a FIFO would wait for a writer), check that what was opened is a regular file (a
// symlink counts when its target is one), and read at most `maxBytes` (files under /proc report a
// size of 0 and still have content, so the cap is on what is read, not on the size reported).
import { closeSync, constants, fstatSync, openSync, readSync, type Stats } from 'node:fs';

/** Configuration files: pyproject.toml, requirements, airflow.cfg, .env, compose, Helm, pools. */
export const MAX_CONFIG_BYTES = 1_000_000;
/**
 * Python sources. Far above what the analysis takes on (the analysis says itself when a file is
 * too large to analyse); this cap only keeps a read finite.
 */
export const MAX_SOURCE_BYTES = 20_000_000;

/** `stats`: the open file's, taken before its bytes were read. */
export type ReadBytes = { ok: true; bytes: Buffer; stats: Stats } | { ok: false; reason: string };

const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);
const scratch = Buffer.allocUnsafe(65_536);

export function readRegularFile(file: string, maxBytes: number): ReadBytes {
  let fd: number;
  try {
    fd = openSync(file, OPEN_FLAGS);
  } catch (error) {
    return { ok: false, reason: `cannot read (${errorCode(error)})` };
  }
  try {
    const stats = fstatSync(fd);
    if (!stats.isFile()) return { ok: false, reason: 'not a regular file' };
    if (stats.size > maxBytes) return { ok: false, reason: tooLarge(maxBytes) };
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      // The size reported, plus one byte to see the end (or a file that grew); then 64 KiB reads,
      // into one scratch buffer (most files end at the first read: each would otherwise allocate
      // 64 KiB only to read nothing), copied out when they bring anything.
      const first = total === 0;
      const chunk = first ? Buffer.allocUnsafe(Math.min(stats.size + 1, maxBytes + 1)) : scratch;
      const read = readSync(fd, chunk, 0, Math.min(chunk.length, maxBytes + 1 - total), null);
      if (read === 0) break;
      total += read;
      if (total > maxBytes) return { ok: false, reason: tooLarge(maxBytes) };
      chunks.push(first ? chunk.subarray(0, read) : Buffer.from(chunk.subarray(0, read)));
    }
    // One chunk (the usual case) is the file: no copy of it.
    return { ok: true, bytes: chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, total), stats };
  } catch (error) {
    return { ok: false, reason: `cannot read (${errorCode(error)})` };
  } finally {
    closeSync(fd);
  }
}

/**
 * A configuration file as text: UTF-8 (invalid bytes replaced, as readFileSync(file, 'utf8')
 * did), without a BOM.
 */
export function readRegularText(file: string, maxBytes = MAX_CONFIG_BYTES): { ok: true; text: string } | { ok: false; reason: string } {
  const read = readRegularFile(file, maxBytes);
  if (!read.ok) return read;
  const text = read.bytes.toString('utf8');
  return { ok: true, text: text.charCodeAt(0) === 0xfeff ? text.slice(1) : text };
}

function tooLarge(maxBytes: number): string {
  return `larger than ${maxBytes >= 1_000_000 ? `${maxBytes / 1_000_000} MB` : `${maxBytes} bytes`}`;
}

function errorCode(error: unknown): string {
  return (error as NodeJS.ErrnoException).code ?? 'error';
}
