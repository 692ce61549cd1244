// What DG101 and DG102 say, and offer, when the Jinja template cannot take the lookup's place:
// the move into the functions that read the value at run time (fixes/moveLookup.ts), or why not.
import { lookupMove } from '../fixes/moveLookup';
import type { Node } from '../syntax/nodes';
import type { FixOutcome } from '../templating/variableFix';
import { FOLLOW_BUDGET, type TemplatingContext } from '../templating/context';
import { followValue } from '../templating/valueFlow';
import type { Fix } from './rule';

export interface Remedy {
  /** The sentences after the finding's first one ('' when there is nothing to add). */
  advice: string;
  fix: Fix | null;
  alternatives: Fix[];
}

/** The template fix when there is one; else the run-time move; else the template's reason. */
export function lookupRemedy(call: Node, template: FixOutcome, context: TemplatingContext): Remedy {
  const templated = template.fix !== null;
  const move = templated ? null : lookupMove(call, context);
  if (move?.kind === 'run-time') {
    const runs = move.functions.length === 1 ? 'which runs when the task runs' : 'which run when their tasks run';
    return { advice: ` Its value is only read inside ${listNames(move.functions)}, ${runs}${move.fix ? ': move the lookup there' : ''}.`, fix: move.fix, alternatives: [] };
  }
  const reason = move?.kind === 'blocked' ? move.reason : move?.kind === 'parse-time' && move.afterRunTimeReads ? parseTimeReason(move.read, context, template.reason) : template.reason;
  const advice = reason ? ` No ${template.fix?.condition ? 'safe ' : ''}fix: ${reason}.` : '';
  return { advice, fix: template.fix, alternatives: template.alternatives };
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
