// Reads a file as the editor would see it: UTF-8 (a BOM is dropped and remembered, so that fixes
// write it back), anything else refused rather than guessed.
import { readFileSync } from 'node:fs';

export type ReadResult = { ok: true; text: string; bom: boolean } | { ok: false; reason: string };

const decoder = new TextDecoder('utf-8', { fatal: true });

export function readSourceFile(file: string): ReadResult {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    return { ok: false, reason: `cannot read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}` };
  }
  return decodeSource(bytes);
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
