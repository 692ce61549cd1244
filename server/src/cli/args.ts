// Command-line arguments. Each command's options are declared once (OPTIONS) and give both the
// parser's configuration and the command's help text. Usage errors are thrown as UsageError and end
// the run with exit code 2.
import { parseArgs } from 'node:util';
import { didYouMean } from '../core/suggest';
import type { Severity } from '../core/findings';

export class UsageError extends Error {
  /** The command whose help the message points to. */
  constructor(
    message: string,
    readonly command: CommandName | null = null,
  ) {
    super(message);
  }
}

export type OutputFormat = 'text' | 'json' | 'sarif' | 'github';
const FORMATS: OutputFormat[] = ['text', 'json', 'sarif', 'github'];
const FAIL_ON: Severity[] = ['error', 'warning', 'information', 'hint'];

export interface CheckArgs {
  command: 'check';
  paths: string[];
  format: OutputFormat;
  fix: boolean;
  unsafeFixes: boolean;
  diff: boolean;
  select: string[] | null;
  ignore: string[];
  exitZero: boolean;
  config: string | null;
  color: boolean | null;
  forceExclude: boolean;
  /** null: the `fail-on` setting (default warning). */
  failOn: Severity | null;
  quiet: boolean;
  /** Each finding's detail on an indented line under it (text output). */
  showDetails: boolean;
  statistics: boolean;
  outputFile: string | null;
  /** `-` among the paths: the text comes from stdin, analysed as this file. */
  stdinFilename: string | null;
  /** false: --no-respect-gitignore; null: the setting. */
  respectGitignore: boolean | null;
  /** Reuse and keep results in .dag-guard-cache/ (false: --no-cache). */
  cache: boolean;
  /** --verbose: say on stderr where the project's facts came from (the Airflow version pin that won). */
  verbose: boolean;
}

export interface ExplainArgs {
  command: 'explain';
  code: string | null;
}

export type ReportSort = 'cost' | 'findings' | 'path';
const REPORT_SORTS: ReportSort[] = ['cost', 'findings', 'path'];

export interface ReportArgs {
  command: 'report';
  paths: string[];
  format: 'text' | 'json';
  config: string | null;
  sort: ReportSort;
}

export type CommandName = 'check' | 'explain' | 'report';
export type HelpArgs = { command: 'help'; topic: CommandName | null } | { command: 'version' };

export type CliArgs = CheckArgs | ExplainArgs | ReportArgs | HelpArgs;

interface OptionSpec {
  type: 'string' | 'boolean';
  short?: string;
  /** `--flag VALUE` as the help shows it. */
  value?: string;
  help: string;
}

const CONFIG_OPTION: OptionSpec = {
  type: 'string',
  value: 'FILE',
  help: 'Read [tool.dag-guard] from this pyproject.toml instead of the nearest one',
};
const HELP_OPTION: OptionSpec = { type: 'boolean', short: 'h', help: 'Show this help' };

const OPTIONS: Record<CommandName, Record<string, OptionSpec>> = {
  check: {
    format: { type: 'string', value: 'FORMAT', help: 'text (default), json, sarif or github' },
    'output-file': { type: 'string', short: 'o', value: 'FILE', help: 'Write the output to FILE instead of stdout' },
    fix: { type: 'boolean', help: 'Apply safe fixes to the files, then report what is left' },
    'unsafe-fixes': { type: 'boolean', help: 'With --fix or --diff, also the fixes that may change behaviour; else show them as fixable' },
    diff: { type: 'boolean', help: 'Print the unified diff --fix would make, write nothing (exit 1 when there is one)' },
    select: { type: 'string', value: 'CODES', help: 'Only these rules (comma-separated codes or prefixes, e.g. DG1,DG201)' },
    ignore: { type: 'string', value: 'CODES', help: 'Never these rules (added to the configured ignore list)' },
    'fail-on': {
      type: 'string',
      value: 'SEVERITY',
      help: 'Lowest severity that fails the run: error, warning (default), information, hint',
    },
    'exit-zero': { type: 'boolean', help: 'Exit 0 even when findings remain or files were skipped' },
    quiet: { type: 'boolean', short: 'q', help: 'Print the findings only, no summary' },
    verbose: {
      type: 'boolean',
      short: 'v',
      help: 'Say on stderr which Airflow version the project targets and which pin (file) decided it',
    },
    'show-details': { type: 'boolean', help: "Print each finding's detail (why, the chain, the counts) under its line" },
    statistics: { type: 'boolean', help: 'Print the number of findings per rule (and how many are fixable) instead' },
    'stdin-filename': { type: 'string', value: 'PATH', help: 'With the path -, read the text from stdin and check it as PATH' },
    'force-exclude': { type: 'boolean', help: 'Apply exclude (and .gitignore) to files named on the command line too' },
    'no-respect-gitignore': { type: 'boolean', help: 'Walk folders without reading .gitignore files' },
    'no-cache': { type: 'boolean', help: 'Neither read nor write the results cache (.dag-guard-cache/ at the project root)' },
    config: CONFIG_OPTION,
    color: { type: 'boolean', help: 'Colour the text output even when not on a terminal' },
    'no-color': { type: 'boolean', help: 'Plain text output (also NO_COLOR=1)' },
    help: HELP_OPTION,
  },
  report: {
    format: { type: 'string', value: 'FORMAT', help: 'text (default: a table, then one line per file) or json' },
    sort: { type: 'string', value: 'ORDER', help: 'cost (default: calls that leave the DAG processor first), findings or path' },
    config: CONFIG_OPTION,
    help: HELP_OPTION,
  },
  explain: { help: HELP_OPTION },
};

const SYNOPSIS: Record<CommandName, string> = {
  check: `Usage: dag-guard check [options] [PATHS...]

Analyse DAG files and Airflow configuration (files or folders; default: the current folder).
Folders yield *.py, airflow.cfg, .env, compose files and Dockerfiles (files .gitignore lists are
left out); Helm values, shell scripts and manifests are checked when named. Use - and
--stdin-filename to check text from stdin.`,
  report: `Usage: dag-guard report [options] [PATHS...]

What each DAG file runs at every parse (Variable reads, connections, hooks, I/O, heavy imports),
with its findings and fixable findings, files ranked by that cost.`,
  explain: `Usage: dag-guard explain [CODE]

Show a rule's documentation (all rules, one line each, when no code is given).`,
};

const EXIT_CODES = `Exit codes: 0 nothing to report; 1 findings at or above --fail-on remain (or --diff has a diff);
2 usage or configuration error, a missing path, or a file that could not be read.`;

export const USAGE = `Usage: dag-guard <command> [options]

Commands:
  check [PATHS...]     Analyse DAG files and Airflow configuration
  explain [CODE]       Show a rule's documentation (all rules when no code is given)
  report [PATHS...]    What each DAG file runs at every parse, files ranked by that cost
  help [COMMAND]       Show a command's options

Options:
  -h, --help           Show this help (\`dag-guard check --help\`: the options of check)
  -V, --version        Show the version and the tree-sitter grammar it parses with

${EXIT_CODES}
`;

export function commandHelp(command: CommandName): string {
  const rows = Object.entries(OPTIONS[command]).map(([name, spec]) => {
    const flag = `${spec.short ? `-${spec.short}, ` : '    '}--${name}${spec.value ? ` ${spec.value}` : ''}`;
    return `  ${flag.padEnd(28)} ${spec.help}`;
  });
  const exit =
    command === 'check'
      ? `\n\n${EXIT_CODES}`
      : command === 'report'
        ? '\n\nExit codes: 0, or 2 on usage, configuration or file errors.'
        : '';
  return `${SYNOPSIS[command]}\n\nOptions:\n${rows.join('\n')}${exit}\n`;
}

const codes = (value: string | undefined): string[] =>
  (value ?? '')
    .split(',')
    .map((code) => code.trim().toUpperCase())
    .filter(Boolean);

const isCommand = (name: string | undefined): name is CommandName => name === 'check' || name === 'explain' || name === 'report';

export function parseCliArgs(argv: string[]): CliArgs {
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === '-h') return { command: 'help', topic: null };
  if (command === 'help') {
    if (rest.length === 0) return { command: 'help', topic: null };
    if (isCommand(rest[0]) && rest.length === 1) return { command: 'help', topic: rest[0] };
    throw new UsageError(`help takes one command: check, explain or report`);
  }
  if (command === '--version' || command === '-V') return { command: 'version' };
  if (!isCommand(command)) {
    const guess = didYouMean(command, ['check', 'explain', 'report', 'help']);
    throw new UsageError(`unknown command "${command}"${guess ? `; did you mean ${guess}?` : ''}`);
  }
  const { values, positionals } = parseOptions(command, rest);
  if (values.help) return { command: 'help', topic: command };
  if (command === 'explain') {
    if (positionals.length > 1) throw new UsageError('explain takes one rule code', 'explain');
    return { command: 'explain', code: positionals[0]?.toUpperCase() ?? null };
  }
  if (command === 'report') {
    const format = (values.format as string | undefined) ?? 'text';
    if (format !== 'text' && format !== 'json') throw new UsageError(`unknown format "${format}" for report (use text or json)`, 'report');
    const sort = ((values.sort as string | undefined) ?? 'cost') as ReportSort;
    if (!REPORT_SORTS.includes(sort)) throw new UsageError(`unknown sort order "${sort}" (use ${REPORT_SORTS.join(', ')})`, 'report');
    return {
      command: 'report',
      paths: positionals.length > 0 ? positionals : ['.'],
      format,
      config: (values.config as string | undefined) ?? null,
      sort,
    };
  }
  return checkArgs(values, positionals);
}

function checkArgs(values: Record<string, string | boolean | undefined>, positionals: string[]): CheckArgs {
  const format = ((values.format as string | undefined) ?? 'text') as OutputFormat;
  if (!FORMATS.includes(format)) throw new UsageError(`unknown format "${format}" (use ${FORMATS.join(', ')})`, 'check');
  const failOn = (values['fail-on'] as string | undefined) ?? null;
  if (failOn !== null && !FAIL_ON.includes(failOn as Severity))
    throw new UsageError(`--fail-on must be one of ${FAIL_ON.join(', ')}, not "${failOn}"`, 'check');
  const stdinFilename = (values['stdin-filename'] as string | undefined) ?? null;
  const stdin = positionals.includes('-');
  if (stdin && positionals.length > 1) throw new UsageError('- (stdin) cannot be mixed with other paths', 'check');
  if (stdin && !stdinFilename) throw new UsageError('- (stdin) needs --stdin-filename PATH: the file the text is checked as', 'check');
  if (stdinFilename && !stdin) throw new UsageError('--stdin-filename needs the path - (stdin)', 'check');
  if (values.fix && values.diff) throw new UsageError('--fix and --diff do not go together: --diff writes nothing', 'check');
  return {
    command: 'check',
    paths: positionals.length > 0 ? positionals : ['.'],
    format,
    fix: values.fix === true,
    unsafeFixes: values['unsafe-fixes'] === true,
    diff: values.diff === true,
    select: values.select === undefined ? null : codes(values.select as string),
    ignore: codes(values.ignore as string | undefined),
    exitZero: values['exit-zero'] === true,
    config: (values.config as string | undefined) ?? null,
    color: values['no-color'] ? false : ((values.color as boolean | undefined) ?? null),
    forceExclude: values['force-exclude'] === true,
    failOn: failOn as Severity | null,
    quiet: values.quiet === true,
    verbose: values.verbose === true,
    showDetails: values['show-details'] === true,
    statistics: values.statistics === true,
    outputFile: (values['output-file'] as string | undefined) ?? null,
    stdinFilename,
    respectGitignore: values['no-respect-gitignore'] ? false : null,
    cache: values['no-cache'] !== true,
  };
}

/** node:util's parseArgs, after our own check of the option names (its message quotes badly and suggests nothing). */
function parseOptions(
  command: CommandName,
  args: string[],
): { values: Record<string, string | boolean | undefined>; positionals: string[] } {
  const specs = OPTIONS[command];
  const names = Object.keys(specs);
  for (const arg of args) {
    if (arg === '--') break;
    if (!arg.startsWith('--')) continue;
    const name = arg.slice(2).split('=')[0];
    if (names.includes(name)) continue;
    const guess = didYouMean(name, names);
    throw new UsageError(`unknown option --${name} for ${command}${guess ? `; did you mean --${guess}?` : ''}`, command);
  }
  const options = Object.fromEntries(
    Object.entries(specs).map(([name, spec]) => [name, spec.short ? { type: spec.type, short: spec.short } : { type: spec.type }]),
  );
  try {
    const parsed = parseArgs({ args, allowPositionals: true, options });
    return { values: parsed.values as Record<string, string | boolean | undefined>, positionals: parsed.positionals };
  } catch (error) {
    // A short flag we do not know, or an option without its value: node's message, cleaned up.
    throw new UsageError((error as Error).message.split('. ')[0].replace(/'/g, ''), command);
  }
}
