/**
 * Queries Kysely builds and compiles once per database, then runs with new arguments. Kysely builds the
 * operation tree and compiles it to SQL on every call; for the point reads and the single insert of a
 * real-time decision that cost more JavaScript time (and garbage) than SQLite spent running them. A
 * reusable query is built once with placeholder arguments, and later calls only put the arguments in
 * the placeholders' parameter slots; it still runs through Kysely's executor, so it takes part in
 * transactions like any other query.
 *
 * `build` must pass each argument through as one parameter value, unchanged (no arithmetic on it, no
 * choosing the query's shape by it); a list is passed as one argument per element, so its length is part
 * of the query (`in (?, ?, ?)`: one reusable query per length). A compile that does not show every
 * argument as a parameter fails at once.
 */
import { type Compilable, CompiledQuery, type Kysely, type QueryResult } from "kysely";
import { NudgeError } from "../core/index.js";
import type { Database } from "./schema.js";

/** A placeholder argument: a string no caller passes. */
const placeholder = (i: number) => `\u0000nudge-argument-${i}\u0000`;

interface Plan {
  sql: string;
  /** Per parameter: the argument index it takes, or the constant it keeps. */
  slots: ({ arg: number } | { value: unknown })[];
}

export function reusable<A extends readonly unknown[], R>(
  arity: A["length"],
  build: (db: Kysely<Database>, ...args: A) => Compilable<R>,
): (db: Kysely<Database>, ...args: A) => Promise<QueryResult<R>> {
  // One plan per dialect adapter: a transaction's Kysely shares its database's adapter.
  const plans = new WeakMap<object, Plan>();
  return async (db, ...args) => {
    const adapter = db.getExecutor().adapter;
    let plan = plans.get(adapter);
    if (!plan) {
      const names = Array.from({ length: arity }, (_, i) => placeholder(i));
      const compiled = build(db, ...(names as unknown as A)).compile();
      const slots = compiled.parameters.map((value) => {
        const arg = typeof value === "string" ? names.indexOf(value) : -1;
        return arg >= 0 ? { arg } : { value };
      });
      for (let i = 0; i < arity; i++)
        if (!slots.some((s) => "arg" in s && s.arg === i))
          throw new NudgeError(
            "INTERNAL",
            `reusable query: argument ${i} is not a parameter of ${compiled.sql}`,
          );
      plan = { sql: compiled.sql, slots };
      plans.set(adapter, plan);
    }
    const parameters = plan.slots.map((s) => ("arg" in s ? args[s.arg] : s.value));
    return db.executeQuery<R>(CompiledQuery.raw(plan.sql, parameters));
  };
}
