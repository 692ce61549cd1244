// Analysis results per open document, keyed by the document's revision (the server's count of its
// texts, not the client's revision number, which a client may reuse): the debounced publish and the
// code-action / code-lens requests share one analysis per text instead of re-running it.
import type { Finding } from '../core/findings';

export class AnalysisCache {
  private readonly entries = new Map<string, { revision: number; findings: Finding[] }>();

  get(uri: string, revision: number): Finding[] | undefined {
    const entry = this.entries.get(uri);
    return entry && entry.revision === revision ? entry.findings : undefined;
  }

  set(uri: string, revision: number, findings: Finding[]): void {
    this.entries.set(uri, { revision, findings });
  }

  delete(uri: string): void {
    this.entries.delete(uri);
  }

  clear(): void {
    this.entries.clear();
  }
}
