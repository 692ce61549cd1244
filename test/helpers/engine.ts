// Shared test helpers: one engine per test process, analysis with default settings, fixture paths.
import path from 'node:path';
import { readFileSync } from 'node:fs';
import { Engine } from '../../server/src/core/engine';
import type { AnalysisOptions } from '../../server/src/core/analyze';
import { defaultSettings, mergeSettings, type Settings } from '../../server/src/core/settings/schema';
import type { Finding } from '../../server/src/core/findings';

let engine: Promise<Engine> | undefined;

export function getEngine(): Promise<Engine> {
  engine ??= Engine.create();
  return engine;
}

export const FIXTURES = path.join(__dirname, '..', 'fixtures');

export function fixturePath(...parts: string[]): string {
  return path.join(FIXTURES, ...parts);
}

export function readFixture(...parts: string[]): string {
  return readFileSync(fixturePath(...parts), 'utf8');
}

/** The date tests run "on", so that fixes which write today's date are deterministic. */
export const TEST_TODAY = new Date(2025, 2, 14);

export function settingsWith(partial: Partial<Settings> = {}): Settings {
  return mergeSettings(defaultSettings(), partial as Record<string, unknown>).settings;
}

export async function analyze(text: string, options: Partial<AnalysisOptions> & { path?: string } = {}): Promise<Finding[]> {
  const errors: unknown[] = [];
  const findings = (await getEngine()).analyzeText(options.path ?? 'dag.py', text, {
    settings: options.settings ?? settingsWith(),
    airflowVersion: options.airflowVersion ?? null,
    airflowMinor: options.airflowMinor ?? null,
    rules: options.rules,
    pools: options.pools ?? null,
    deployment: options.deployment ?? null,
    pathExists: options.pathExists,
    variables: options.variables,
    connections: options.connections,
    today: options.today ?? TEST_TODAY,
    project: options.project ?? null,
    operatorClasses: options.operatorClasses,
    onRuleError: (_rule, error) => errors.push(error),
  });
  if (errors.length > 0) throw errors[0];
  return findings;
}

export interface Marker {
  /** 0-based line of the finding. */
  line: number;
  code: string;
  fragment?: string | undefined;
  /** From a caret line: the UTF-16 columns the finding covers on `line` (end exclusive). */
  columns?: { start: number; end: number };
}

/** A caret line, as rust-analyzer writes expected ranges: `#     ^^^^^^ DG101 fragment` under the line it marks. */
const CARET_LINE = /^[ \t]*#[ \t]*(?<carets>\^+)[ \t]+(?<code>DG\d{3})(?:[ \t]+(?<fragment>.*?))?[ \t]*$/;

/**
 * The findings a fixture expects, from two kinds of marker: a trailing `# DG101[, DG102] fragment`
 * comment (the finding is on that line), or a caret line below the line, whose carets stand under
 * the finding's exact columns (one finding per caret line; several caret lines may follow a line).
 * A finding that runs past its first line is marked with carets up to the end of that line. Use one
 * kind of marker per line.
 */
export function expectedMarkers(text: string): Marker[] {
  const markers: Marker[] = [];
  let target = -1;
  text.split(/\r\n|\r|\n/).forEach((lineText, line) => {
    const caret = CARET_LINE.exec(lineText);
    if (caret) {
      const start = lineText.indexOf('^');
      markers.push({
        line: target,
        code: caret.groups!.code,
        fragment: caret.groups!.fragment || undefined,
        columns: { start, end: start + caret.groups!.carets.length },
      });
      return;
    }
    target = line;
    // The last `# DGxxx[, DGyyy] [fragment of the message]` comment on the line.
    const match = /#\s*(?<codes>DG\d{3}(?:\s*,\s*DG\d{3})*)(?:\s+(?<fragment>[^#]*?))?\s*$/.exec(lineText);
    if (!match || /noqa/i.test(lineText.slice(match.index))) return;
    for (const code of match.groups!.codes.split(/\s*,\s*/)) markers.push({ line, code, fragment: match.groups!.fragment });
  });
  return markers.sort((a, b) => a.line - b.line || (a.columns?.start ?? -1) - (b.columns?.start ?? -1));
}

/** Replaces `# DGxxx ...` markers with spaces, keeping every other position where it was (config fixtures). */
export function blankMarkers(text: string): string {
  return text.replace(/[ \t]*#\s*DG\d{3}(?:\s*,\s*DG\d{3})*[^\r\n#]*$/gm, (marker) => ' '.repeat(marker.length));
}
