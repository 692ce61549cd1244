// Command-line arguments. Usage errors are thrown as UsageError and end the run with exit code 2.
import { parseArgs } from 'node:util';

export class UsageError extends Error {}

export type OutputFormat = 'text' | 'json' | 'sarif' | 'github';
const FORMATS: OutputFormat[] = ['text', 'json', 'sarif', 'github'];

export interface CheckArgs {
  command: 'check';
  paths: string[];
  format: OutputFormat;
  fix: boolean;
  select: string[] | null;
  ignore: string[];
  exitZero: boolean;
  config: string | null;
  color: boolean | null;
}

export interface ExplainArgs {
  command: 'explain';
  code: string | null;
}

export interface ReportArgs {
  command: 'report';
  paths: string[];
  format: 'text' | 'json';
  config: string | null;
}

export type HelpArgs = { command: 'help' } | { command: 'version' };

export type CliArgs = CheckArgs | ExplainArgs | ReportArgs | HelpArgs;

export const USAGE = `Usage: dag-guard <command> [options]

Commands:
  check [PATHS...]     Analyse DAG files and Airflow configuration (files or folders; default:
                       the current folder). Folders yield *.py, airflow.cfg, .env, compose files
                       and Dockerfiles; Helm values, shell scripts and manifests when named.
  explain [CODE]       Show a rule's documentation (all rules when no code is given)
  report [PATHS...]    What each DAG file runs at every parse, files ranked by that cost

Options for check:
  --format FORMAT      text (default), json, sarif or github
  --fix                Apply safe fixes to the files, then report what is left
  --select CODES       Only these rules (comma-separated codes or prefixes, e.g. DG1,DG201)
  --ignore CODES       Never these rules (added to the configured ignore list)
  --exit-zero          Exit 0 even when findings remain
  --config FILE        Read [tool.dag-guard] from this pyproject.toml instead of the nearest one
  --no-color           Plain text output (also NO_COLOR=1)

Options for report:
  --format FORMAT      text (default: a table, then one line per file) or json
  --config FILE        As for check

Exit codes: 0 no findings, 1 findings remain, 2 usage or internal error (report: 0, or 2).
`;

const codes = (value: string | undefined): string[] =>
  (value ?? '').split(',').map((code) => code.trim().toUpperCase()).filter(Boolean);

export function parseCliArgs(argv: string[]): CliArgs {
  const [command, ...rest] = argv;
  if (!command || command === 'help' || command === '--help' || command === '-h') return { command: 'help' };
  if (command === '--version' || command === '-V') return { command: 'version' };
  if (command === 'explain') {
    if (rest.length > 1) throw new UsageError('explain takes one rule code');
    return { command: 'explain', code: rest[0]?.toUpperCase() ?? null };
  }
  if (command === 'report') return parseReportArgs(rest);
  if (command !== 'check') throw new UsageError(`unknown command "${command}"`);
  let parsed;
  try {
    parsed = parseArgs({
      args: rest,
      allowPositionals: true,
      options: {
        format: { type: 'string', default: 'text' },
        fix: { type: 'boolean', default: false },
        select: { type: 'string' },
        ignore: { type: 'string' },
        'exit-zero': { type: 'boolean', default: false },
        config: { type: 'string' },
        color: { type: 'boolean' },
        'no-color': { type: 'boolean' },
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  const format = values.format as OutputFormat;
  if (!FORMATS.includes(format)) throw new UsageError(`unknown format "${values.format}" (use ${FORMATS.join(', ')})`);
  return {
    command: 'check',
    paths: positionals.length > 0 ? positionals : ['.'],
    format,
    fix: values.fix ?? false,
    select: values.select === undefined ? null : codes(values.select),
    ignore: codes(values.ignore),
    exitZero: values['exit-zero'] ?? false,
    config: values.config ?? null,
    color: values['no-color'] ? false : (values.color ?? null),
  };
}

function parseReportArgs(rest: string[]): ReportArgs {
  let parsed;
  try {
    parsed = parseArgs({ args: rest, allowPositionals: true, options: { format: { type: 'string', default: 'text' }, config: { type: 'string' } } });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.format !== 'text' && values.format !== 'json') throw new UsageError(`unknown format "${values.format}" for report (use text or json)`);
  return { command: 'report', paths: positionals.length > 0 ? positionals : ['.'], format: values.format, config: values.config ?? null };
}
