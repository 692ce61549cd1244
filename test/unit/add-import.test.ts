// Where a fix adds an import: in isort's place within the file's own groups.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { addImportEdit } from '../../server/src/core/fixes/addImport';
import { applyEdits } from '../../server/src/core/syntax/positions';
import { getEngine } from '../helpers/engine';

async function add(text: string, line: string, module: string): Promise<string> {
  const engine = await getEngine();
  return engine.withSource('dag.py', text, (source) => applyEdits(text, [addImportEdit(source, line, module)]));
}

const lines = (...text: string[]) => text.join('\n') + '\n';

describe('addImportEdit', () => {
  it('sorts into the standard-library group, `import x` before `from x import y`', async () => {
    assert.equal(
      await add(
        lines('import os', 'import time', 'from datetime import date', '', 'import pendulum', 'x = 1'),
        'import asyncio',
        'asyncio',
      ),
      lines('import asyncio', 'import os', 'import time', 'from datetime import date', '', 'import pendulum', 'x = 1'),
    );
    assert.equal(
      await add(lines('import os', 'from datetime import date', '', 'import pendulum'), 'from datetime import datetime', 'datetime'),
      lines('import os', 'from datetime import date', 'from datetime import datetime', '', 'import pendulum'),
    );
  });

  it('opens a third-party group after the standard library when there is none', async () => {
    assert.equal(
      await add(lines('import os', 'import sys', '', 'x = 1'), 'import pendulum', 'pendulum'),
      lines('import os', 'import sys', '', 'import pendulum', '', 'x = 1'),
    );
  });

  it('goes after `from __future__` imports and a module docstring', async () => {
    assert.equal(
      await add(lines('from __future__ import annotations', '', 'x = 1'), 'import asyncio', 'asyncio'),
      lines('from __future__ import annotations', '', 'import asyncio', '', 'x = 1'),
    );
    assert.equal(
      await add(lines('"""Doc."""', '', 'x = 1'), 'import asyncio', 'asyncio'),
      lines('"""Doc."""', '', 'import asyncio', '', 'x = 1'),
    );
  });

  it('keeps CRLF line ends', async () => {
    assert.equal(await add('import time\r\nx = 1\r\n', 'import asyncio', 'asyncio'), 'import asyncio\r\nimport time\r\nx = 1\r\n');
  });
});
