// DG105: a module-level import of a heavy library (pandas, numpy, torch, ...): it runs at every parse.
import { moveImportFix } from '../../fixes/moveImport';
import { moduleLevelHeavyImports } from '../../model/heavyImports';
import { loadedWith } from '../../catalogue/heavyModules';
import { heavyThroughProject } from '../../project/dagFileReach';
import { displayPath } from '../../project/findings';
import { describeCount, describeReasons } from '../../model/multiplicity';
import { joinSentences } from '../sentences';
import type { PythonRule, RuleContext } from '../rule';
import { whereUsed } from '../../model/nameUses';
import { reportProjectHazards } from '../../project/findings';

export const dg105: PythonRule = {
  code: 'DG105',
  name: 'heavy-import-at-module-level',
  defaultSeverity: 'warning',
  needsDagFile: true,
  docs: {
    acrossModules:
      'With the project\'s modules, also the heavy libraries that an imported project module imports at module level, directly or through its own project imports: `import common.frames` is reported with "common.frames imports pandas at every parse (common/frames.py:1)". Each module counts once per parse, at the first import that loads it (Python keeps it in `sys.modules`); a package the DAG file imports itself is reported there only. When the file\'s own import could move into its functions but an imported project module loads the same package at parse time, the finding says so and offers no fix: moving one import alone would save nothing. The remedy is the one the helper needs: when the helper itself uses the library at module level (`pd.set_option(...)`, a base class), the finding says where instead of asking to move the import into functions; when it uses it only in annotations that `from __future__ import annotations` leaves unevaluated, it asks for an import under `if TYPE_CHECKING:`.',
    summary: 'A heavy library (pandas, numpy, torch, ...) is imported at module level.',
    whatItDoes:
      "Reports module-level imports of libraries that are slow to import: pandas, numpy, scipy, sklearn, tensorflow, torch, keras, transformers, pyspark, polars, dask, matplotlib, seaborn, plotly, xgboost, lightgbm, cv2, spacy, nltk, great_expectations, and the modules the `heavyModules` setting adds. The finding's detail says where the file uses the library. An `import M` repeated after a top-level import of M (outside any `if`, `try` or loop) is not reported: Python finds M already loaded, so it costs nothing. Nor is a package that another heavy package loaded at the same parse imports anyway (numpy beside pandas, scipy or matplotlib): its cost is part of that package's, and the finding on that package says what to move.",
    whyBad:
      'Everything at module level runs each time the DAG processor parses the file, every `min_file_process_interval` (30 s by default), and again in the worker for every task. Importing numpy takes a tenth of a second or two, pandas around a second, torch or tensorflow several: time spent on every parse of a file that usually only needs them inside tasks, and a common reason a file exceeds `dagbag_import_timeout`.',
    example: [
      'import pandas as pd',
      '',
      '@task',
      'def summarize(path):',
      '    """Summarize one export."""',
      '    return pd.read_csv(path).describe().to_dict()',
    ].join('\n'),
    useInstead: [
      '@task',
      'def summarize(path):',
      '    """Summarize one export."""',
      '    import pandas as pd',
      '    return pd.read_csv(path).describe().to_dict()',
    ].join('\n'),
    fix: 'When every use of the imported names is inside functions that do not run at parse time (task bodies, callables, helpers only they call), the fix moves the import into each of those functions (after the docstring) and removes the module-level one; from a multi-name import (`import numpy, os`) it removes only the heavy name. It is offered, not applied by fix-all: where an import runs changes when a missing library is noticed. When the module itself (or code that runs at parse time) uses the name, the finding says where, and there is no fix. Under `from __future__ import annotations`, a parameter or return annotation of an undecorated function is a string nothing evaluates: such a use needs the import only under `if TYPE_CHECKING:`, as the finding says (no fix: it would take the name away from type checkers); the annotations of a decorated function still count as uses at parse time (the TaskFlow `@task` decorator evaluates the return annotation).',
  },
  check(context: RuleContext) {
    const { source, model, settings } = context;
    const own = moduleLevelHeavyImports(source, model, settings.heavyModules);
    // The same package loaded through a project module: moving this import alone would save nothing.
    const throughProject = heavyThroughProject(context);
    // Packages this parse loads anyway: numpy's cost is part of pandas' when pandas is loaded too,
    // and moving numpy alone would save nothing. The package that loads it carries the finding.
    const loaded = new Set([...own.map((heavy) => heavy.package), ...throughProject.keys()]);
    for (const heavy of own) {
      if (loadedWith(heavy.package, loaded)) continue;
      const uses = whereUsed(heavy, context);
      // Moving the import into its functions would save nothing while a project module loads it too.
      const movable = uses.blockers.length === 0 && uses.functions.length > 0;
      const elsewhere = movable ? throughProject.get(heavy.package) : undefined;
      // Annotations left unevaluated still need the name for type checkers: no fix removes it.
      const annotated = uses.annotations.length > 0;
      const fix = uses.blockers.length === 0 && !elsewhere && !annotated ? moveImportFix(heavy, uses.functions, context) : null;
      const multiplicity = model.multiplicityOf(heavy.statement);
      let advice: string;
      if (elsewhere)
        advice = `It is also loaded at every parse through ${elsewhere.subject} (${displayPath(source.path, elsewhere.path)}:${elsewhere.line}): moving this import alone saves nothing; the import there has to move too.`;
      else if (uses.blockers.length > 0)
        advice = `The import cannot simply move into the functions that need it: ${uses.blockers.join('; ')}.`;
      else if (uses.functions.length > 0 && annotated)
        advice = `It is only used inside ${listFunctions(uses.functions.map((fn) => fn.name))}, which ${uses.functions.length === 1 ? 'does' : 'do'} not run at parse time, and in annotations, which ${DEFERRED}: import it there, and under \`if TYPE_CHECKING:\` for the annotations.`;
      else if (uses.functions.length > 0)
        advice = `It is only used inside ${listFunctions(uses.functions.map((fn) => fn.name))}, which ${uses.functions.length === 1 ? 'does' : 'do'} not run at parse time: import it there.`;
      else if (annotated) advice = `It is only used in annotations, which ${DEFERRED}: import it under \`if TYPE_CHECKING:\`.`;
      else if (uses.covered) advice = 'The functions that use it import it themselves: the module-level import is not needed.';
      else advice = 'Nothing in the file uses it.';
      context.report({
        node: heavy.nameNode,
        message: `${heavy.label} runs ${describeCount(multiplicity)}; ${heavy.package} is slow to import.`,
        detail: joinSentences(
          describeReasons(multiplicity),
          `Importing ${heavy.package} takes tenths of a second to several seconds.`,
          advice,
        ),
        fix,
        // The other place that loads it: the helper's end counts this DAG file among its parses.
        ...(elsewhere
          ? {
              related: [
                {
                  path: elsewhere.path,
                  range: elsewhere.range,
                  message: `${elsewhere.subject} imports ${heavy.package} here at every parse`,
                  role: 'hazard' as const,
                },
              ],
            }
          : {}),
      });
    }
    reportProjectHazards(
      context,
      HEAVY,
      (_kind, pkg, sites) => {
        // The remedy is the helper's: what DG105 says of the import in the module that holds it.
        const stays = sites.find((site) => site.hazard.stays)?.hazard.stays;
        if (stays)
          return `Importing ${pkg} takes tenths of a second to several seconds. The import there cannot simply move into its functions: ${stays.join('; ')}.`;
        if (sites.every((site) => site.hazard.annotationsOnly))
          return `Importing ${pkg} takes tenths of a second to several seconds. There it is only used in annotations, which ${DEFERRED}: import it under \`if TYPE_CHECKING:\`.`;
        return `Importing ${pkg} takes tenths of a second to several seconds: import it inside the functions that use it.`;
      },
      (_kind, pkg) => loadedWith(pkg, loaded) !== null,
    );
  },
};

const HEAVY = new Set(['heavy-import'] as const);

/** Why an annotation needs no import at run time (PEP 563). */
const DEFERRED = '`from __future__ import annotations` leaves unevaluated';

function listFunctions(names: string[]): string {
  const shown = names.slice(0, 4).map((name) => `${name}()`);
  if (names.length > 4) shown.push(`${names.length - 4} more`);
  return shown.length <= 1 ? shown.join('') : `${shown.slice(0, -1).join(', ')} and ${shown[shown.length - 1]}`;
}
