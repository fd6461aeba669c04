/** Objects built on every request without a new hidden class each time. */

/**
 * `{ ...base, ...fields }`, built so that objects made from the same shapes share one hidden class.
 *
 * On Node 20 (V8 11.3) an object literal that spreads one object and then sets more properties
 * (`{ ...proposal, value: 1 }`) gets a hidden class (V8 "map") of its own every time it runs, once its
 * inline cache has warmed up (objects.test.ts shows it with `%HaveSameMap`). On a server answering
 * decisions, under `--trace-gc-nvp`: the maps piled up in the old generation until a full collection, each
 * kept its freshly allocated descriptor array alive through two scavenges (13 KB of every decision survived
 * them, and scavenges took 3–7 ms instead of about 1), and every function that read such objects met a new
 * shape on each call. `Object.assign` onto an empty literal makes the same object through shared
 * transitions. Use this on per-request and per-row paths; a one-off spread is harmless.
 *
 * `Object.assign` sets properties where a spread defines them, and setting `__proto__` would change the
 * new object's prototype: an object with its own `__proto__` key (JSON from outside can have one) takes
 * the spread.
 */
export function extend<A extends object, B extends object>(base: A, fields: B): Omit<A, keyof B> & B {
  if (Object.hasOwn(base, "__proto__") || Object.hasOwn(fields, "__proto__")) return { ...base, ...fields };
  return Object.assign({}, base, fields);
}
