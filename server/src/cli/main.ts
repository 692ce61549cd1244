// Dispatches the `dag-guard` subcommands. Exit codes: 0 clean, 1 findings remain, 2 usage,
// configuration or file error.
import { ALL_RULES, ruleByCode } from '../core/rules/registry';
import { ruleMarkdown } from '../core/rules/docs';
import { VERSION } from '../version';
import grammar from '../../grammar.json';
import { commandHelp, parseCliArgs, UsageError, USAGE } from './args';
import { runCheck, type CliIO } from './check';
import { CliError } from './errors';
import { runReport } from './report';

export async function main(argv: string[], io: Partial<CliIO> = {}): Promise<number> {
  const stdout = io.stdout ?? ((text: string) => process.stdout.write(text));
  const stderr = io.stderr ?? ((text: string) => process.stderr.write(text));
  const readStdin = io.readStdin ?? readProcessStdin;
  try {
    const args = parseCliArgs(argv);
    switch (args.command) {
      case 'help':
        stdout(args.topic ? commandHelp(args.topic) : USAGE);
        return 0;
      case 'version':
        stdout(
          `dag-guard ${VERSION} (web-tree-sitter ${grammar['web-tree-sitter']}, tree-sitter-python ${grammar['tree-sitter-python']}, ABI ${grammar.abi})\n`,
        );
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
        return await runReport(args, { stdout, stderr, cwd: io.cwd ?? process.cwd(), color: false, readStdin });
      case 'check': {
        const detected = (!!process.stdout.isTTY && !process.env.NO_COLOR) || !!process.env.FORCE_COLOR;
        const color = args.outputFile ? false : (args.color ?? io.color ?? detected);
        return await runCheck(args, { stdout, stderr, cwd: io.cwd ?? process.cwd(), color, readStdin });
      }
    }
  } catch (error) {
    if (error instanceof UsageError) {
      const help = error.command ? `dag-guard ${error.command} --help` : 'dag-guard --help';
      stderr(`dag-guard: ${error.message}\nRun \`${help}\` for the options.\n`);
      return 2;
    }
    if (error instanceof CliError) {
      stderr(`dag-guard: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
}

async function readProcessStdin(): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
