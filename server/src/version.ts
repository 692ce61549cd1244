// The package version, injected by esbuild (`define`); "0.0.0-dev" when run from sources.
declare const DAG_GUARD_VERSION: string | undefined;

export const VERSION: string = typeof DAG_GUARD_VERSION === 'string' ? DAG_GUARD_VERSION : '0.0.0-dev';
