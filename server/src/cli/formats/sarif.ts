// SARIF 2.1.0, for code-scanning dashboards. Columns are UTF-16 code units (SARIF's default
// columnKind), 1-based.
import { ALL_RULES, ruleDocsUrl } from '../../core/rules/registry';
import { pathToFileURL } from 'node:url';
import type { Finding, Fix, Severity } from '../../core/findings';
import type { Range } from '../../core/syntax/positions';
import { VERSION } from '../../version';
import type { FileResult } from '../check';

const LEVEL: Record<Severity, string> = { error: 'error', warning: 'warning', information: 'note', hint: 'note' };

/** A relative path under the source root, or an absolute file's URI. */
function artifactOf(path: string): { uri: string; uriBaseId?: string } {
  if (/^[A-Za-z][A-Za-z0-9+.-]+:/.test(path)) return { uri: path };
  if (path.startsWith('/') || /^[A-Za-z]:[\\/]/.test(path)) return { uri: pathToFileURL(path).href };
  return { uri: encodeURI(path), uriBaseId: '%SRCROOT%' };
}

function regionOf(range: Range) {
  return {
    startLine: range.start.line + 1,
    startColumn: range.start.character + 1,
    endLine: range.end.line + 1,
    endColumn: range.end.character + 1,
  };
}

const offered = (finding: Finding): Fix[] => [...(finding.fix ? [finding.fix] : []), ...(finding.alternatives ?? [])];

/** A SARIF fix: the edits as replacements (1-based, UTF-16 columns), `safe` (and a `condition`) in its property bag. */
function sarifFix(file: string, fix: Fix) {
  return {
    description: { text: fix.title },
    artifactChanges: [
      {
        artifactLocation: artifactOf(file),
        replacements: fix.edits.map((edit) => ({
          deletedRegion: regionOf(edit.range),
          insertedContent: { text: edit.newText },
        })),
      },
    ],
    properties: { safe: fix.safe, ...(fix.condition ? { condition: fix.condition } : {}) },
  };
}

export function formatSarif(results: readonly FileResult[]): string {
  const rules = ALL_RULES.map((rule) => ({
    id: rule.code,
    name: rule.name,
    shortDescription: { text: rule.docs.summary },
    fullDescription: { text: rule.docs.whatItDoes },
    helpUri: ruleDocsUrl(rule.code),
    help: { text: rule.docs.whyBad },
    defaultConfiguration: { level: LEVEL[rule.defaultSeverity] },
  }));
  const sarifResults = results.flatMap((result) =>
    result.findings.map((finding) => ({
      ruleId: finding.code,
      // DG000 (a file not analysed) is no rule: no index into the rules.
      ...(ALL_RULES.some((rule) => rule.code === finding.code)
        ? { ruleIndex: ALL_RULES.findIndex((rule) => rule.code === finding.code) }
        : {}),
      level: LEVEL[finding.severity],
      // SARIF viewers show a message's first sentence as its summary: the message, then the detail.
      message: { text: finding.detail ? `${finding.message} ${finding.detail}` : finding.message },
      ...(offered(finding).length > 0 ? { fixes: offered(finding).map((fix) => sarifFix(result.path, fix)) } : {}),
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: encodeURI(result.path), uriBaseId: '%SRCROOT%' },
            region: {
              startLine: finding.range.start.line + 1,
              startColumn: finding.range.start.character + 1,
              endLine: finding.range.end.line + 1,
              endColumn: finding.range.end.character + 1,
            },
          },
        },
      ],
      ...(finding.related?.length
        ? {
            relatedLocations: finding.related.map((related, index) => ({
              id: index + 1,
              message: { text: related.message },
              physicalLocation: { artifactLocation: artifactOf(related.path), region: regionOf(related.range) },
            })),
          }
        : {}),
    })),
  );
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'dag-guard',
            informationUri: 'https://github.com/dag-guard/dag-guard',
            version: VERSION,
            rules,
          },
        },
        columnKind: 'utf16CodeUnits',
        results: sarifResults,
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}
