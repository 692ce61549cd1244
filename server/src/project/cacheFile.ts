// The results cache file's bytes (see resultCache.ts for what they hold): its head line, and the
// parts after it read by position, only when needed and only from the file the head came from; a
// recorded output copied out through one small buffer. Reading is not free here: touching a fresh
// buffer of a few megabytes cost more than the copy itself on the machines we measured.
// Beside readRegularFile.ts, the one other module of project/ that reads files itself (a test
// holds it so), with the same guards: opened without blocking, a regular file only, a size cap;
// the later reads check they reach the very file (inode, size, time) whose head was read.
import { closeSync, constants, fstatSync, openSync, readSync, type Stats, writeSync } from 'node:fs';

/** How much of the file a read for its head takes at a time (a head is a few hundred bytes a file). */
const HEAD_CHUNK = 256 * 1024;
/** How much of a recorded output is copied at a time, through one buffer. */
const COPY_CHUNK = 256 * 1024;
const READ_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);

/** A regular file's first line (without its newline), the bytes up to and with it, and its stats; null when there is none. */
export function readFirstLine(file: string, maxBytes: number): { line: string; bytes: number; stats: Stats } | null {
  let fd: number | undefined;
  try {
    fd = openSync(file, READ_FLAGS);
    const stats = fstatSync(fd);
    if (!stats.isFile() || stats.size > maxBytes) return null;
    const chunks: Buffer[] = [];
    for (let at = 0; at < stats.size; ) {
      const chunk = Buffer.allocUnsafe(Math.min(HEAD_CHUNK, stats.size - at));
      const read = readSync(fd, chunk, 0, chunk.length, at);
      if (read === 0) return null;
      const end = chunk.subarray(0, read).indexOf(10);
      chunks.push(chunk.subarray(0, end < 0 ? read : end));
      if (end >= 0) return { line: Buffer.concat(chunks).toString('utf8'), bytes: at + end + 1, stats };
      at += read;
    }
    return null;
  } catch {
    return null;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** The same file, unchanged since: a cache file is only ever replaced whole (by a rename), never written in place. */
export function fileIdentity(stats: Stats): string {
  return `${stats.ino}:${stats.dev}:${stats.size}:${stats.mtimeMs}`;
}

/**
 * The parts after the head (the entries, then a newline, then the output), read with positioned
 * reads when first asked for, from the file the head was read from (`identity`): another run may
 * have replaced it since, and then they are not read.
 */
export class StoredParts {
  constructor(
    private readonly file: string,
    private readonly identity: string,
    private readonly bodyAt: number,
    private readonly bodyBytes: number,
    private readonly outputBytes: number,
  ) {}

  /** The entries' bytes (null: the file was replaced or cannot be read). */
  body(): Buffer | null {
    const fd = this.open();
    if (fd === null) return null;
    try {
      return readAt(fd, this.bodyAt, this.bodyBytes);
    } catch {
      return null;
    } finally {
      closeSync(fd);
    }
  }

  /** The output, opened for one reading (null: the file was replaced since its head was read). */
  output(): RecordedOutput | null {
    const fd = this.open();
    return fd === null ? null : new RecordedOutput({ fd, at: this.bodyAt + this.bodyBytes + 1, bytes: this.outputBytes });
  }

  /** The file, opened, when it is still the one the head came from. */
  private open(): number | null {
    let fd: number | undefined;
    try {
      fd = openSync(this.file, READ_FLAGS);
      if (fileIdentity(fstatSync(fd)) === this.identity) return fd;
    } catch {
      // Gone or unreadable: as if replaced.
    }
    if (fd !== undefined) closeSync(fd);
    return null;
  }
}

/**
 * A recorded run's output: this run's own text, or the cache file's last part, open for one
 * reading. Copied to a file, it goes through one small buffer and is never held whole.
 */
export class RecordedOutput {
  private closed = false;

  constructor(private readonly source: string | Buffer | { fd: number; at: number; bytes: number }) {}

  /** Closes the cache file unread (copyTo and text close it themselves). */
  close(): void {
    if (this.closed || typeof this.source === 'string' || Buffer.isBuffer(this.source)) return;
    this.closed = true;
    closeSync(this.source.fd);
  }

  /** Writes it to the file `target`, created or emptied first (and closes the cache file). */
  writeTo(target: string): void {
    let fd: number | undefined;
    try {
      fd = openSync(target, 'w');
      this.copyTo(fd);
    } finally {
      this.close();
      if (fd !== undefined) closeSync(fd);
    }
  }

  /** Writes it to `fd` (and closes the cache file). */
  copyTo(fd: number): void {
    const source = this.source;
    if (typeof source === 'string' || Buffer.isBuffer(source)) {
      writeAll(fd, typeof source === 'string' ? Buffer.from(source) : source);
      return;
    }
    try {
      const chunk = Buffer.allocUnsafe(Math.min(COPY_CHUNK, source.bytes));
      for (let done = 0; done < source.bytes; done += chunk.length) {
        const part = chunk.subarray(0, Math.min(chunk.length, source.bytes - done));
        writeAll(fd, readAt(source.fd, source.at + done, part.length, part));
      }
    } finally {
      this.close();
    }
  }

  /** Its text (and closes the cache file). */
  text(): string {
    const source = this.source;
    if (typeof source === 'string') return source;
    if (Buffer.isBuffer(source)) return source.toString();
    try {
      return readAt(source.fd, source.at, source.bytes).toString();
    } finally {
      this.close();
    }
  }
}

/**
 * Writes a cache file: the head's line, the entries, a newline, the output (`output` is closed).
 * Part by part, not one concatenated buffer: fresh memory is dear to touch.
 */
export function writeCacheFile(file: string, head: string, body: Buffer, output: RecordedOutput | null): void {
  let fd: number | undefined;
  try {
    fd = openSync(file, 'w');
    writeSync(fd, `${head}\n`);
    writeAll(fd, body);
    writeSync(fd, '\n');
    output?.copyTo(fd);
  } finally {
    output?.close();
    if (fd !== undefined) closeSync(fd);
  }
}

/** writeSync until every byte is written (a write may take only part). */
function writeAll(fd: number, bytes: Uint8Array): void {
  for (let done = 0; done < bytes.length; ) done += writeSync(fd, bytes, done, bytes.length - done);
}

/** `length` bytes of `fd` from `at`, into `into` (a new buffer by default); throws if the file ends first. */
function readAt(fd: number, at: number, length: number, into = Buffer.allocUnsafe(length)): Buffer {
  for (let done = 0; done < length; ) {
    const read = readSync(fd, into, done, length - done, at + done);
    if (read === 0) throw new Error('the cache file ended early');
    done += read;
  }
  return into;
}
