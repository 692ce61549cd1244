// Long walks of the file system written once, run two ways: to the end at once (the CLI, which has
// nothing else to do), or a folder at a time with the event loop free in between (the language
// server, which must keep answering requests while it walks a large workspace). A walk is a
// generator that yields the folder it wants read and is sent back its entries: run at once, they
// are read synchronously; run in slices, asynchronously (libuv's thread pool reads a folder of
// 40,000 entries while the server answers requests, where readdirSync would block it).
import { readdirSync, type Dirent } from 'node:fs';
import { readdir } from 'node:fs/promises';

/** What a walk is sent back for a folder it asked for: its entries, or the error reading it. */
export type FolderEntries = Dirent[] | Error;

/** A walk: yields folder paths, is sent their entries, returns its result. */
export type FolderWalk<T> = Generator<string, T, FolderEntries>;

/** Runs `walk` to the end, reading each folder synchronously. */
export function runAtOnce<T>(walk: FolderWalk<T>): T {
  let step = walk.next(undefined as unknown as FolderEntries);
  while (!step.done) {
    let entries: FolderEntries;
    try {
      entries = readdirSync(step.value, { withFileTypes: true });
    } catch (error) {
      entries = error as Error;
    }
    step = walk.next(entries);
  }
  return step.value;
}

export interface SliceOptions {
  /** Asked after each folder read: true stops the walk, which then returns null. */
  cancelled?: () => boolean;
}

/** Runs `walk`, reading each folder asynchronously so the event loop runs between reads; null when cancelled. */
export async function runInSlices<T>(walk: FolderWalk<T>, options: SliceOptions = {}): Promise<T | null> {
  let step = walk.next(undefined as unknown as FolderEntries);
  while (!step.done) {
    let entries: FolderEntries;
    try {
      entries = await readdir(step.value, { withFileTypes: true });
    } catch (error) {
      entries = error as Error;
    }
    if (options.cancelled?.()) {
      walk.return(undefined as T);
      return null;
    }
    step = walk.next(entries);
  }
  return step.value;
}
