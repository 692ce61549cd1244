// GitHub Actions workflow commands: each finding becomes an annotation on the pull request.
import type { Severity } from '../../core/findings';
import type { FileResult } from '../check';

const LEVEL: Record<Severity, string> = { error: 'error', warning: 'warning', information: 'notice', hint: 'notice' };

// Workflow-command escaping: data escapes %, CR, LF; properties also ":" and ",".
const escapeData = (text: string) => text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const escapeProperty = (text: string) => escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');

export function formatGithub(results: readonly FileResult[]): string {
  const lines: string[] = [];
  for (const result of results) {
    for (const finding of result.findings) {
      const { start, end } = finding.range;
      const properties = [
        `file=${escapeProperty(result.path)}`,
        `line=${start.line + 1}`,
        `col=${start.character + 1}`,
        `endLine=${end.line + 1}`,
        `endColumn=${end.character + 1}`,
        `title=${escapeProperty(`${finding.code} (dag-guard)`)}`,
      ];
      // The annotation's first line is the message, the detail under it.
      const text = finding.detail ? `${finding.message}\n${finding.detail}` : finding.message;
      lines.push(`::${LEVEL[finding.severity]} ${properties.join(',')}::${escapeData(text)}`);
    }
  }
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
}
