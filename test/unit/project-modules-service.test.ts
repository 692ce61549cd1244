// The server's module index across analyses: editing a DAG file never summarises unchanged modules
// again, editing a helper summarises that helper only, and each analysis remembers what it read.
import assert from 'node:assert/strict';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import { Engine } from '../../server/src/core/engine';
import { defaultSettings } from '../../server/src/core/settings/schema';
import { rootOnlyLayout } from '../../server/src/project/layout';
import { ProjectModulesService } from '../../server/src/protocol/projectModules';
import { tempFolder } from '../helpers/tempFolder';

let engine: Engine;
before(async () => {
  engine = await Engine.create();
});

const DAG =
  'from airflow import DAG\nfrom common.variables import read_vars\nimport common.frames\n\nVARS = read_vars()\n\nwith DAG("export") as dag:\n    pass\n';
const VARIABLES = 'from airflow.models import Variable\n\n\ndef read_vars():\n    return Variable.get("a")\n';

describe('project modules across analyses', () => {
  it('summarises unchanged modules once however often a DAG file is edited', () => {
    const root = tempFolder({
      'dag.py': DAG,
      'common/__init__.py': '',
      'common/variables.py': VARIABLES,
      'common/frames.py': 'import pandas\n',
    });
    const dag = path.join(root, 'dag.py');
    const service = new ProjectModulesService(engine);
    const layout = rootOnlyLayout(root);
    const analyse = (text: string) => {
      const options = service.optionsFor(layout, { settings: defaultSettings(), airflowVersion: 2 });
      return service.analyse(layout, dag, () => engine.analyzeText(dag, text, options)).findings;
    };
    const first = analyse(DAG);
    assert.ok(
      first.some((finding) => finding.code === 'DG101' && finding.range.start.line === 4),
      JSON.stringify(first),
    );
    const built = service.summaries.builds;
    assert.ok(built >= 2, `summaries built: ${built}`);
    for (let edit = 0; edit < 5; edit++) analyse(DAG.replace('"export"', `"export_${edit}"`));
    assert.equal(service.summaries.builds, built);
    assert.deepEqual(service.dependentsOf(path.join(root, 'common', 'variables.py')), [dag]);

    // An edit of the helper (its open document) summarises that helper again, nothing else.
    service.documentChanged(path.join(root, 'common', 'variables.py'), VARIABLES.replace('"a"', '"b"'));
    assert.match(analyse(DAG).find((finding) => finding.code === 'DG101')!.message, /read_vars\(\)/);
    assert.equal(service.summaries.builds, built + 1);
  });
});
