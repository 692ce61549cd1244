// What a rule fixture's header comments say about the project it stands in, read in one place so
// that every test that analyses a fixture (the rule fixtures, their fixes, the lone-CR twins) runs
// it under the same settings:
// `# airflow-version: N` (or `N.M`) the target version, `# pools: {...}` the known pools,
// `# default-deferrable: True` the deployment's `[operators] default_deferrable`,
// `# template-files: a, b` the files of the fixture's project (DG605; the fixture then lives at
// /project/dags/<name>), `# variables: a, b` and `# connections: c` the keys of its exports (DG606),
// `# document-kind: X` the kind of a config fixture whose file name does not say it.
import type { AnalysisOptions } from '../../server/src/core/analyze';
import { documentKind, type DocumentKind } from '../../server/src/core/documentKind';
import { combinePools, poolsFromObject } from '../../server/src/core/airflow/pools';

export type FixtureOptions = Partial<AnalysisOptions> & { path: string; airflowVersion: 2 | 3 | null; airflowMinor: number | null };

export function fixtureOptions(file: string, text: string): FixtureOptions {
  const versionMatch = /^# airflow-version: (\d)(?:\.(\d+))?/m.exec(text);
  const airflowVersion = versionMatch ? (Number(versionMatch[1]) as 2 | 3) : null;
  const airflowMinor = versionMatch?.[2] !== undefined ? Number(versionMatch[2]) : null;
  const poolsMatch = /^# pools: (.*)$/m.exec(text);
  const pools = poolsMatch ? combinePools([{ pools: poolsFromObject(JSON.parse(poolsMatch[1])).pools, source: 'the fixture' }]) : null;
  const deferrableMatch = /^# default-deferrable: (True|False)$/m.exec(text);
  const deployment = deferrableMatch
    ? { defaultDeferrable: { value: deferrableMatch[1] === 'True', source: 'deploy/airflow.cfg', key: '[operators] default_deferrable' } }
    : null;
  const keysOf = (name: string) => {
    const match = new RegExp(`^# ${name}: (.*)$`, 'm').exec(text);
    return match ? { keys: new Set(match[1].split(',').map((key) => key.trim())), source: `${name}.json` } : null;
  };
  const options: FixtureOptions = {
    path: file,
    airflowVersion,
    airflowMinor,
    pools,
    deployment,
    variables: keysOf('variables'),
    connections: keysOf('connections'),
  };
  const filesMatch = /^# template-files: (.*)$/m.exec(text);
  if (filesMatch) {
    // Paths outside /project are unknown (undefined), as the CLI and the server answer them.
    const present = filesMatch[1].split(',').map((name) => `/project/${name.trim()}`);
    options.path = `/project/dags/${file}`;
    options.pathExists = (candidate: string) =>
      candidate.startsWith('/project/') ? present.some((name) => name === candidate || name.startsWith(`${candidate}/`)) : undefined;
  }
  return options;
}

/** The kind of config document a config fixture is: its `# document-kind:` header, else what its name says. */
export function fixtureDocumentKind(file: string, text: string): DocumentKind {
  const declared = /^# document-kind: ([a-z-]+)/m.exec(text)?.[1] as DocumentKind | undefined;
  return declared ?? documentKind(file, undefined, text);
}
