// The package version and the build, injected by esbuild (`define`); "0.0.0-dev" and null when
// run from sources (tests under tsx).
declare const DAG_GUARD_VERSION: string | undefined;
declare const DAG_GUARD_BUILD: string | undefined;

export const VERSION: string = typeof DAG_GUARD_VERSION === 'string' ? DAG_GUARD_VERSION : '0.0.0-dev';

/** When this bundle was built (base 36 milliseconds), null when run from sources. */
export const BUILD: string | null = typeof DAG_GUARD_BUILD === 'string' ? DAG_GUARD_BUILD : null;
