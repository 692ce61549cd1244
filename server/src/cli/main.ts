// Dispatches the `dag-guard` subcommands. Exit codes: 0 clean, 1 findings remain, 2 usage error.
import { ALL_RULES, ruleByCode } from '../core/rules/registry';
import { ruleMarkdown } from '../core/rules/docs';
import { VERSION } from '../version';
import { parseCliArgs, UsageError, USAGE } from './args';
import { runCheck, type CliIO } from './check';
import { runReport } from './report';

export async function main(argv: string[], io: Partial<CliIO> = {}): Promise<number> {
  const stdout = io.stdout ?? ((text: string) => process.stdout.write(text));
  const stderr = io.stderr ?? ((text: string) => process.stderr.write(text));
  try {
    const args = parseCliArgs(argv);
    switch (args.command) {
      case 'help':
        stdout(USAGE);
        return 0;
      case 'version':
        stdout(`dag-guard ${VERSION}\n`);
        return 0;
      case 'explain': {
        if (!args.code) {
          stdout(ALL_RULES.map((rule) => `${rule.code}  ${rule.name.padEnd(40)} ${rule.docs.summary}`).join('\n') + '\n');
          return 0;
        }
        const rule = ruleByCode(args.code);
        if (!rule) throw new UsageError(`unknown rule "${args.code}" (run \`dag-guard explain\` for the list)`);
        stdout(ruleMarkdown(rule));
        return 0;
      }
      case 'report':
        return await runReport(args, { stdout, stderr, cwd: io.cwd ?? process.cwd(), color: false });
      case 'check': {
        const detected = (!!process.stdout.isTTY && !process.env.NO_COLOR) || !!process.env.FORCE_COLOR;
        const color = args.color ?? io.color ?? detected;
        return await runCheck(args, { stdout, stderr, cwd: io.cwd ?? process.cwd(), color });
      }
    }
  } catch (error) {
    if (error instanceof UsageError) {
      stderr(`dag-guard: ${error.message}\n\n${USAGE}`);
      return 2;
    }
    throw error;
  }
}
