// An error that ends the run with exit code 2 and its message alone (no usage text): a
// configuration problem, a --config file that does not exist, an output file that cannot be written.
export class CliError extends Error {}
