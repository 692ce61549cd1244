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
