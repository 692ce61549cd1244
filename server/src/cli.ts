#!/usr/bin/env node
// dist/cli.js: the `dag-guard` command.
import { isMainThread } from 'node:worker_threads';
import { main } from './cli/main';

// The bundle is also the entry of check's analysis workers (cli/workers.ts), which must not run a command.
if (isMainThread) runCommand();

function runCommand(): void {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`dag-guard: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exitCode = 2;
    },
  );
}
