// Long walks of the file system written once, run two ways: to the end at once (the CLI, which has
// nothing else to do), or a folder at a time with the event loop free in between (the language
// server, which must keep answering requests while it walks a large workspace). A walk is a
// generator that yields the folder it wants read and is sent back its entries: run at once, they
// are read synchronously; run in slices, asynchronously (libuv's thread pool reads a folder of
// 40,000 entries while the server answers requests, where readdirSync would block it).
import { readdirSync, type Dirent } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { compareText } from '../core/ordering';

/** What a walk is sent back for a folder it asked for: its entries, or the error reading it. */
export type FolderEntries = Dirent[] | Error;

/**
 * A walk: yields folder paths, is sent their entries, returns its result. It may also yield
 * PAUSE amid a large folder's entries (sent back nothing useful): run in slices, the event loop
 * runs there; run at once, the walk simply goes on.
 */
export type FolderWalk<T> = Generator<string | typeof PAUSE, T, FolderEntries>;

/** What a walk yields to let the event loop run between two parts of one folder's entries. */
export const PAUSE = null;

/** Entries a walk handles between two pauses: about 2 ms of work on a cold server. */
export const ENTRIES_PER_SLICE = 200;

/**
 * The order walks visit a folder's entries in: by UTF-16 code units. The same on every machine,
 * whatever its locale (a collator's order was not: a CI runner and a laptop could walk, and so
 * cap, a large folder differently), and it needs none of ICU's collation data, whose loading
 * cost 8 ms of every start.
 */
export const byEntryName = (a: Dirent, b: Dirent): number => compareText(a.name, b.name);

/**
 * The folders one CLI run has read, for its walks to share: discovery, the config files and the
 * operator index walk the same tree, and each folder is read once (a folder of a thousand DAG
 * files was read, and its thousand entries made, three times). Walks only sort the entries they
 * are sent, all in the same order. Not for the server, whose folders change while it runs.
 */
export class FolderListings {
  private readonly read = new Map<string, FolderEntries>();

  entries(folder: string): FolderEntries {
    let entries = this.read.get(folder);
    if (!entries) this.read.set(folder, (entries = readFolder(folder)));
    return entries;
  }
}

/** Runs `walk` to the end, reading each folder synchronously (once per run with `listings`). */
export function runAtOnce<T>(walk: FolderWalk<T>, listings?: FolderListings): T {
  let step = walk.next(undefined as unknown as FolderEntries);
  while (!step.done) {
    if (step.value === PAUSE) {
      step = walk.next([]);
      continue;
    }
    step = walk.next(listings ? listings.entries(step.value) : readFolder(step.value));
  }
  return step.value;
}

function readFolder(folder: string): FolderEntries {
  try {
    return readdirSync(folder, { withFileTypes: true });
  } catch (error) {
    return error as Error;
  }
}

export interface SliceOptions {
  /** Asked after each folder read and each pause: true stops the walk, which then returns null. */
  cancelled?: () => boolean;
}

/** Runs `walk`, reading each folder asynchronously so the event loop runs between reads; null when cancelled. */
export async function runInSlices<T>(walk: FolderWalk<T>, options: SliceOptions = {}): Promise<T | null> {
  let step = walk.next(undefined as unknown as FolderEntries);
  while (!step.done) {
    let entries: FolderEntries = [];
    if (step.value === PAUSE) await new Promise((resolve) => setImmediate(resolve));
    else {
      try {
        entries = await readdir(step.value, { withFileTypes: true });
      } catch (error) {
        entries = error as Error;
      }
    }
    if (options.cancelled?.()) {
      walk.return(undefined as T);
      return null;
    }
    step = walk.next(entries);
  }
  return step.value;
}
