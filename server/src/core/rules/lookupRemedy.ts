// What DG101 and DG102 say, and offer, when the Jinja template cannot take the lookup's place:
// the move into the functions that read the value at run time (fixes/moveLookup.ts), or why not,
// and the secrets cache (airflow/secretsCache.ts) for a value the parse itself needs.
import { lookupMove } from '../fixes/moveLookup';
import { dagShapes } from './dagShape';
import type { Node } from '../syntax/nodes';
import type { FixOutcome } from '../templating/variableFix';
import { FOLLOW_BUDGET, type TemplatingContext } from '../templating/context';
import { followValue } from '../templating/valueFlow';
import { DEFAULT_CACHE_TTL_SECONDS, releaseHasSecretsCache, USE_CACHE_KEY, USE_CACHE_VARIABLE } from '../airflow/secretsCache';
import { describeDeploymentValue } from '../airflow/deployment';
import { environmentVariableFor, type LookupKind } from '../airflow/environmentSecrets';
import type { ConfigChange } from '../findings';
import type { Fix, RuleContext, Severity } from './rule';

export interface Remedy {
  /** The sentences that end the finding's detail: the move, why there is no fix, the cache ('' when there is nothing to add). */
  advice: string;
  fix: Fix | null;
  alternatives: Fix[];
  /** 'information' when the deployment caches the reads. */
  severity?: Severity;
  /** The airflow.cfg edit that turns the cache on, for the editor's action. */
  configChange?: ConfigChange;
}

/**
 * The template fix when there is one; else the run-time move; else the template's reason, and the
 * secrets cache: when the deployment has it on, the reads are cached (and the finding is
 * information); when it is off, the edit that turns it on, for a value the parse needs.
 */
export function lookupRemedy(
  call: Node,
  template: FixOutcome,
  context: TemplatingContext,
  lookup: { kind: LookupKind; key: string | null },
): Remedy {
  const cached = cacheOf(context.rule);
  const withCache = (remedy: Remedy, offerCache: boolean): Remedy => {
    if (cached.on) return { ...remedy, advice: `${remedy.advice} ${cached.on}`, severity: 'information' };
    if (!offerCache || !cached.offer) return remedy;
    return { ...remedy, advice: `${remedy.advice} ${cached.offer}`, ...(cached.change ? { configChange: cached.change } : {}) };
  };
  const templated = template.fix !== null;
  const move = templated ? null : lookupMove(call, context);
  if (move?.kind === 'run-time') {
    return withCache(
      {
        advice: ` Its value is only read inside ${move.readers}${move.fix ? ': move the lookup there' : ''}.`,
        fix: move.fix,
        alternatives: [],
      },
      false,
    );
  }
  const reason =
    move?.kind === 'blocked'
      ? move.reason
      : move?.kind === 'parse-time' && move.afterRunTimeReads
        ? parseTimeReason(move.read, context, template.reason)
        : template.reason;
  // Needed when the file is parsed: say for what (a template cannot stand in for it there).
  const shapes = templated || move?.kind === 'blocked' ? [] : dagShapes(call, context);
  const shaped =
    shapes.length > 0
      ? ` The value shapes the DAG: ${listNames(shapes)}. If it is fixed per deployment, an \`${environmentVariableFor(lookup.kind, lookup.key)}\` environment variable serves it with no database query (Airflow looks there before the database), as would a file next to the DAG.`
      : '';
  // A conditional template fix is still the fix: its reason says what it is, then its condition.
  const advice = `${reason ? ` ${template.fix?.condition ? 'Fix' : 'No fix'}: ${reason}.` : ''}${shaped}`;
  return withCache({ advice, fix: template.fix, alternatives: template.alternatives }, !templated && move?.kind !== 'blocked');
}

/**
 * What to say about the secrets cache: that it caches these reads, or how to turn it on (null:
 * nothing); and the airflow.cfg edit the editor can make, when the project has an airflow.cfg that
 * decides it (no AIRFLOW__ variable overrides it) and its Airflow is known to have the cache.
 */
function cacheOf(rule: RuleContext): { on: string | null; offer: string | null; change?: ConfigChange } {
  const { secretsCache, secretsCacheTtl, airflowCfg } = rule.deployment;
  const ttl = secretsCacheTtl?.value ?? DEFAULT_CACHE_TTL_SECONDS;
  const available = releaseHasSecretsCache(rule.airflowVersion, rule.airflowMinor);
  if (secretsCache?.value && available !== false && ttl > 0) {
    return {
      on: `The reads are cached for ${ttl} s (${describeDeploymentValue(secretsCache)}): at most one query per key every ${ttl} s.`,
      offer: null,
    };
  }
  if (available === false) return { on: null, offer: null };
  // The edit goes where the project configures Airflow: the file that sets it to False (still the
  // remedy; the finding cannot see why it is off), else the project's airflow.cfg. A project whose
  // configuration DAG Guard does not see gets no advice about it.
  if (!secretsCache && !airflowCfg) return { on: null, offer: null };
  const edit =
    secretsCache && !secretsCache.key.startsWith('[')
      ? `\`${USE_CACHE_VARIABLE}=True\` in ${secretsCache.source}`
      : `\`${USE_CACHE_KEY} = True\` in ${secretsCache?.source ?? airflowCfg}`;
  const offer = `Airflow 2.7+ can cache these reads while it parses DAG files: set ${edit} (\`cache_ttl_seconds\`, ${ttl} s by default, is how stale a value may get).`;
  const decidedByCfg = !secretsCache || (secretsCache.key === USE_CACHE_KEY && secretsCache.source === airflowCfg);
  if (!airflowCfg || !decidedByCfg || available !== true) return { on: null, offer };
  return {
    on: null,
    offer: `${offer} The editor's quick fix makes this edit; \`dag-guard check --fix\` does not.`,
    change: {
      title: `Turn on the secrets cache: \`${USE_CACHE_KEY} = True\` in ${airflowCfg}`,
      path: airflowCfg,
      section: 'secrets',
      key: 'use_cache',
      value: 'True',
    },
  };
}

/**
 * Why there is no fix, told from the read that runs at parse time (the template's reason may name
 * a read that only runs when a task runs: `requests.get()` in a callable).
 */
function parseTimeReason(read: Node, context: TemplatingContext, fallback: string | null): string | null {
  const flow = followValue(read, { ...context, budget: { left: FOLLOW_BUDGET, followed: new Set() } });
  return flow.ok ? fallback : flow.reason;
}

function listNames(names: readonly string[]): string {
  const shown = names.slice(0, 4);
  if (names.length > 4) shown.push(`${names.length - 4} more`);
  return shown.length <= 1 ? shown.join('') : `${shown.slice(0, -1).join(', ')} and ${shown[shown.length - 1]}`;
}
