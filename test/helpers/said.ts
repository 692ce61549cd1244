// What a finding says in full: its short message, then the detail that explains it (the hover, the
// JSON and SARIF outputs carry both). For assertions about a reason or a remedy, wherever it sits.
export const said = (finding: { message: string; detail?: string | null }): string =>
  [finding.message, finding.detail].filter(Boolean).join(' ');
