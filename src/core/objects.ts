/** Objects built on every request without a new hidden class each time. */

/**
 * `{ ...base, ...fields }`, built so that objects made from the same shapes share one hidden class.
 *
 * On Node 20 (V8 11.3) an object literal that spreads one object and then sets more properties
 * (`{ ...proposal, value: 1 }`) gets a hidden class (V8 "map") of its own every time it runs, once its
 * inline cache has warmed up (objects.test.ts shows it with `%HaveSameMap`). Under `--trace-gc-nvp`, on a
 * server answering decisions: the maps pile up in the old generation
 * until a full collection, each keeps its freshly allocated descriptor array alive through two scavenges
 * (13 KB of every real-time decision survived them, and scavenges took 3–7 ms instead of about 1), and
 * every function that reads such objects meets a new shape on each call. `Object.assign` onto an empty
 * literal makes the same object through shared transitions. Use this on per-request and per-row paths;
 * a one-off spread is harmless.
 */
export function extend<A extends object, B extends object>(base: A, fields: B): Omit<A, keyof B> & B {
  return Object.assign({}, base, fields);
}
