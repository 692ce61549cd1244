// Libraries that take tenths of a second or more to import (numpy ~0.1-0.2 s, pandas ~0.5-1 s,
// torch and tensorflow several seconds). DG105 reports module-level imports of them; the setting
// `heavyModules` adds top-level module names.
export const HEAVY_MODULES: readonly string[] = [
  'pandas',
  'numpy',
  'scipy',
  'sklearn',
  'tensorflow',
  'torch',
  'keras',
  'transformers',
  'pyspark',
  'polars',
  'dask',
  'matplotlib',
  'seaborn',
  'plotly',
  'xgboost',
  'lightgbm',
  'cv2',
  'spacy',
  'nltk',
  'great_expectations',
];

/** The heavy top-level package a module belongs to (`pandas.io.sql` -> "pandas"), or null. */
export function heavyPackageOf(module: string, extra: readonly string[]): string | null {
  if (module.startsWith('.')) return null;
  const top = module.split('.')[0];
  return HEAVY_MODULES.includes(top) || extra.includes(top) ? top : null;
}

/**
 * Heavy packages that load other heavy packages when they are imported (their top-level
 * `__init__` imports them unconditionally): importing pandas loads numpy, so numpy's cost is part
 * of pandas'. Sources: the packages' own `__init__.py` (pandas, scipy, matplotlib import numpy;
 * scikit-learn imports numpy and scipy through `sklearn.base`; seaborn imports numpy, pandas and
 * matplotlib).
 */
const LOADS_ALSO: ReadonlyMap<string, readonly string[]> = new Map([
  ['pandas', ['numpy']],
  ['scipy', ['numpy']],
  ['matplotlib', ['numpy']],
  ['sklearn', ['numpy', 'scipy']],
  ['seaborn', ['numpy', 'pandas', 'matplotlib']],
]);

/** The package among `loaded` (other than `pkg`) whose import loads `pkg` too, or null. */
export function loadedWith(pkg: string, loaded: Iterable<string>): string | null {
  for (const other of loaded) if (other !== pkg && LOADS_ALSO.get(other)?.includes(pkg)) return other;
  return null;
}
