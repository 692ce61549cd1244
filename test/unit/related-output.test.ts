// `Finding.related` (the chain of a cross-module finding into a helper) in each output: LSP
// relatedInformation, the CLI's JSON `related` key and SARIF relatedLocations.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatJson } from '../../server/src/cli/formats/json';
import { formatSarif } from '../../server/src/cli/formats/sarif';
import type { Finding } from '../../server/src/core/findings';
import { toDiagnostic } from '../../server/src/protocol/convert';

const range = (line: number, start: number, end: number) => ({ start: { line, character: start }, end: { line, character: end } });

const finding: Finding = {
  code: 'DG101',
  severity: 'warning',
  message:
    'read_export_vars() runs Variable.get 3x per parse (common/variables.py:6, via read_var); each call queries the metadata database (or secrets backend).',
  range: range(12, 14, 32),
  fix: null,
  related: [
    {
      path: '/repo/dags/common/variables.py',
      range: range(5, 11, 41),
      message: 'Variable.get() runs 3x per parse of export_dag.py, through read_export_vars()',
      role: 'hazard',
    },
    { path: '/repo/dags/common/variables.py', range: range(10, 18, 36), message: 'read_export_vars() calls read_var()', role: 'via' },
  ],
};

describe('related locations in the outputs', () => {
  it('become LSP relatedInformation with file URIs', () => {
    assert.deepEqual(toDiagnostic(finding).relatedInformation, [
      {
        location: { uri: 'file:///repo/dags/common/variables.py', range: range(5, 11, 41) },
        message: 'Variable.get() runs 3x per parse of export_dag.py, through read_export_vars()',
      },
      {
        location: { uri: 'file:///repo/dags/common/variables.py', range: range(10, 18, 36) },
        message: 'read_export_vars() calls read_var()',
      },
    ]);
    assert.equal(toDiagnostic({ ...finding, related: undefined }).relatedInformation, undefined);
  });

  it('keep a URI that is already one', () => {
    const uri = 'file:///c%3A/repo/dags/common/variables.py';
    assert.equal(toDiagnostic({ ...finding, related: [{ ...finding.related![0], path: uri }] }).relatedInformation?.[0].location.uri, uri);
  });

  it('go to the JSON output as `related`, only when there are some', () => {
    const json = JSON.parse(
      formatJson([{ path: 'dags/export_dag.py', findings: [finding, { ...finding, related: undefined }], fixed: 0 }]),
    );
    assert.deepEqual(json.files[0].diagnostics[0].related, [
      {
        path: '/repo/dags/common/variables.py',
        range: range(5, 11, 41),
        message: 'Variable.get() runs 3x per parse of export_dag.py, through read_export_vars()',
      },
      { path: '/repo/dags/common/variables.py', range: range(10, 18, 36), message: 'read_export_vars() calls read_var()' },
    ]);
    assert.equal('related' in json.files[0].diagnostics[1], false);
  });

  it('a deprecation tag becomes the LSP Deprecated tag and a JSON `tags` key, only when there is one', () => {
    assert.deepEqual(toDiagnostic({ ...finding, tags: ['deprecated'] }).tags, [2]);
    assert.equal(toDiagnostic(finding).tags, undefined);
    const json = JSON.parse(
      formatJson([{ path: 'dags/export_dag.py', findings: [{ ...finding, tags: ['deprecated'] }, finding], fixed: 0 }]),
    );
    assert.deepEqual(json.files[0].diagnostics[0].tags, ['deprecated']);
    assert.equal('tags' in json.files[0].diagnostics[1], false);
  });

  it('go to SARIF as relatedLocations', () => {
    const sarif = JSON.parse(
      formatSarif([
        {
          path: 'dags/export_dag.py',
          findings: [{ ...finding, related: [{ ...finding.related![0], path: 'dags/common/variables.py' }] }],
          fixed: 0,
        },
      ]),
    );
    assert.deepEqual(sarif.runs[0].results[0].relatedLocations, [
      {
        id: 1,
        message: { text: 'Variable.get() runs 3x per parse of export_dag.py, through read_export_vars()' },
        physicalLocation: {
          artifactLocation: { uri: 'dags/common/variables.py', uriBaseId: '%SRCROOT%' },
          region: { startLine: 6, startColumn: 12, endLine: 6, endColumn: 42 },
        },
      },
    ]);
  });
});
