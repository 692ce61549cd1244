// Airflow 3's own deprecated_options (the moves Airflow 3 still reads the old name of, each with the
// release that made it) as the user meets them: DG501 and the airflow.cfg completion and hover act
// on a move only from its release on (`[webserver] page_size` moved to `[api]` in 3.1: live on
// 3.0), and every entry names its source and version.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MOVES } from '../../server/src/core/config/moves';
import { moveOf, renamedBy } from '../../server/src/core/config/catalogue';
import { configCompletions } from '../../server/src/core/completion/config';
import { readConfigDocument } from '../../server/src/core/config/document';
import { configKeyMarkdown } from '../../server/src/core/hover/configKey';

const completionsAt = (text: string, airflowMinor: number | null) =>
  new Map(
    configCompletions(readConfigDocument(text, 'airflow-cfg'), text.length, { airflowVersion: 3, airflowMinor }).map((item) => [
      item.label,
      item,
    ]),
  );

describe("Airflow 3's deprecated_options", () => {
  it('holds all 30 entries, each with its source and its release', () => {
    const entries = MOVES.filter((move) => move.airflow3ReadsOldName);
    assert.equal(entries.length, 30);
    for (const move of entries) {
      assert.match(move.version, /^3\.\d+(\.\d+)?$/, `${move.fromSection}.${move.fromKey}`);
      assert.match(move.source, /configuration\.py deprecated_options/);
    }
    assert.deepEqual(
      entries.filter((move) => move.version === '3.2').map((move) => `[${move.fromSection}] ${move.fromKey}`),
      ['[scheduler] running_metrics_interval'],
    );
  });

  it('moves a key only from the minor release that moved it (unknown minor: what 3.0 has)', () => {
    assert.equal(moveOf('webserver', 'page_size', 3, 0), undefined);
    assert.equal(moveOf('webserver', 'page_size', 3, null), undefined);
    assert.deepEqual((({ toSection, toKey, version }) => ({ toSection, toKey, version }))(moveOf('webserver', 'page_size', 3, 1)!), {
      toSection: 'api',
      toKey: 'page_size',
      version: '3.1',
    });
    assert.equal(moveOf('webserver', 'web_server_host', 3, null)?.toKey, 'host');
    assert.equal(renamedBy('scheduler', 'running_metrics_interval', 3, 1), false);
    assert.equal(renamedBy('scheduler', 'running_metrics_interval', 3, 2), true);
    // One entry per move where both of Airflow 3's tables list it, with both sources.
    const host = MOVES.filter((move) => move.fromSection === 'webserver' && move.fromKey === 'web_server_host' && move.airflow3Only);
    assert.equal(host.length, 1);
    assert.match(host[0].source, /deprecated_options.*CONFIGS_CHANGES/);
  });

  it("strikes completions through by the project's 3.x minor", () => {
    assert.equal(completionsAt('[webserver]\n', 0).get('page_size')?.deprecated, undefined);
    assert.equal(completionsAt('[webserver]\n', 1).get('page_size')?.deprecated, true);
    assert.equal(completionsAt('[webserver]\n', 1).get('page_size')?.detail, 'renamed: [api] page_size');
  });

  it('says in the hover when the key moved and which releases read the old name', () => {
    assert.match(
      configKeyMarkdown('webserver', 'page_size') ?? '',
      /Moved to `\[api\] page_size` in Airflow 3\.1 \(Airflow 2 and 3 before 3\.1 read it here; later releases still read it, as a deprecated fallback\) \(airflow-core\/src\/airflow\/configuration\.py deprecated_options/,
    );
  });
});
