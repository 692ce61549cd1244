// A temporary folder holding the given files (nested paths allowed), for CLI and workspace tests.
// Every folder made here is removed when the test process exits (node --test runs each test file in
// its own process), so a test that does not remove its folder, or fails before it does, leaves
// nothing in the system's temp folder.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const made = new Set<string>();

process.on('exit', () => {
  for (const root of made) rmSync(root, { recursive: true, force: true });
});

/** An empty temporary folder, removed when the process exits. */
export function tempDirectory(prefix = 'dag-guard-test-'): string {
  const root = mkdtempSync(path.join(os.tmpdir(), prefix));
  made.add(root);
  return root;
}

export function tempFolder(files: Record<string, string | Buffer>, prefix = 'dag-guard-test-'): string {
  const root = tempDirectory(prefix);
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    writeFileSync(path.join(root, name), content);
  }
  return root;
}
