// Reads a file as the editor would see it: UTF-8 (a BOM is dropped and remembered, so that fixes
// write it back), anything else refused rather than guessed. Only regular files, read through
// readRegularFile (a DAG file that is a symlink to /dev/zero is refused, not read for ever).
import type { Stats } from 'node:fs';
import { MAX_SOURCE_BYTES, readRegularFile } from './readRegularFile';

/** `stats`: the file's, taken before it was read (none for text that came from elsewhere). */
export type ReadResult = { ok: true; text: string; bom: boolean; stats?: Stats } | { ok: false; reason: string };

// ignoreBOM: keep the BOM in the decoded text so that it can be seen (and remembered) below; the
// default decoder drops it silently, and --fix then wrote the file back without it.
const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

export function readSourceFile(file: string): ReadResult {
  const read = readRegularFile(file, MAX_SOURCE_BYTES);
  if (!read.ok) return read;
  const decoded = decodeSource(read.bytes);
  return decoded.ok ? { ...decoded, stats: read.stats } : decoded;
}

export function decodeSource(bytes: Uint8Array): ReadResult {
  let text: string;
  try {
    text = decoder.decode(bytes);
  } catch {
    return { ok: false, reason: 'not UTF-8 text' };
  }
  if (text.includes('\u0000')) return { ok: false, reason: 'binary file (contains NUL bytes)' };
  const bom = text.charCodeAt(0) === 0xfeff;
  return { ok: true, text: bom ? text.slice(1) : text, bom };
}
