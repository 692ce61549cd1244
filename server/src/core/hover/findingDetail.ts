// The detail of the findings under the cursor, as hover markdown. The editor shows a finding's
// message in the Problems panel and above the hover; the detail (why it costs, the chain, the
// counts, why no fix) is what a user asks for by hovering the underlined code. Related
// information would not do: VS Code lists it as rows under the message in the Problems panel,
// the clutter the short message takes away, and it needs a location the detail does not have.
import type { Finding } from '../findings';
import type { Position, Range } from '../syntax/positions';
import type { HoverResult } from './python';

const before = (a: Position, b: Position) => a.line < b.line || (a.line === b.line && a.character < b.character);

/** Whether the range holds the position (its ends included, as the editor's hover does). */
function covers(range: Range, position: Position): boolean {
  return !before(position, range.start) && !before(range.end, position);
}

/** `**DG205**: detail` for each finding at the position with a detail, or null. */
export function findingDetailHover(findings: readonly Finding[], position: Position): HoverResult | null {
  const here = findings.filter((finding) => finding.detail && covers(finding.range, position));
  if (here.length === 0) return null;
  // The innermost finding's range: what the editor highlights while the hover shows.
  const narrowest = here.reduce((best, finding) =>
    before(best.range.start, finding.range.start) || before(finding.range.end, best.range.end) ? finding : best,
  );
  return { markdown: here.map((finding) => `**${finding.code}**: ${finding.detail}`).join('\n\n'), range: narrowest.range };
}

/**
 * The details first, right under the message the editor shows above a hover, then the position's
 * own hover (a key's docs, an argument's), with its range.
 */
export function withFindingDetails(own: HoverResult | null, details: HoverResult | null): HoverResult | null {
  if (!own || !details) return own ?? details;
  return { markdown: `${details.markdown}\n\n---\n\n${own.markdown}`, range: own.range };
}
