// Reading a table of facts (an object literal) with a name that comes from a file. `TABLE[name]`
// answers for the names every JavaScript object has: `constructor` is `Object`, `toString` a
// function, and `import constructor` once crashed DG401 while `load_examples = constructor` got
// DG504's fix "Replace with function Object() { [native code] }". Use this (or a Map) wherever the
// key is text from a DAG file, a config file or a setting.

/** The table's own entry for `key`, or undefined. */
export function ownEntry<T>(table: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined;
}
