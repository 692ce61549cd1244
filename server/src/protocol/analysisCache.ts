// Analysis results per open document, keyed by document version: the debounced publish and the
// code-action / code-lens requests share one analysis per version instead of re-running it.
import type { Finding } from '../core/rules/rule';

export class AnalysisCache {
  private readonly entries = new Map<string, { version: number; findings: Finding[] }>();

  get(uri: string, version: number): Finding[] | undefined {
    const entry = this.entries.get(uri);
    return entry && entry.version === version ? entry.findings : undefined;
  }

  set(uri: string, version: number, findings: Finding[]): void {
    this.entries.set(uri, { version, findings });
  }

  delete(uri: string): void {
    this.entries.delete(uri);
  }

  clear(): void {
    this.entries.clear();
  }
}
