/**
 * Opens a store from a URL:
 * - `sqlite:PATH` (default `sqlite:./nudge.db`; `sqlite::memory:` for a throwaway database)
 * - `postgres://…` or `postgresql://…` (optional `?schema=NAME` sets the search_path)
 * - `pglite:` (in memory) or `pglite:DIR` — real PostgreSQL in-process, for tests and trials
 */
import { Kysely } from "kysely";
import { errorMessage, isNudgeError, NudgeError } from "../core/index.js";
import { createPGliteDialect } from "./dialect/pglite/pglite-dialect.js";
import { createPostgresDialect } from "./dialect/postgres/postgres-dialect.js";
import { createSqliteDialect } from "./dialect/sqlite/sqlite-dialect.js";
import type { Database } from "./schema.js";
import { Store } from "./store.js";

export interface OpenOptions {
  /** Apply pending migrations on open (default true). */
  migrate?: boolean;
}

/** Opens (and by default migrates) the store named by `url`. */
export async function openStore(url: string, options: OpenOptions = {}): Promise<Store> {
  let store: Store;
  try {
    store = connect(url);
  } catch (error) {
    throw unavailable(url, error);
  }
  if (options.migrate !== false) {
    try {
      await store.migrate();
    } catch (error) {
      await store.close().catch(() => {});
      throw unavailable(url, error);
    }
  }
  return store;
}

/** A clear error naming the database (password masked) and why it could not be opened. */
function unavailable(url: string, error: unknown): NudgeError {
  if (isNudgeError(error)) return error;
  const shown = url.replace(/\/\/([^:/@]+):[^@]*@/, "//$1:***@");
  return new NudgeError(
    "UNAVAILABLE",
    `cannot open the database ${shown}: ${errorMessage(error)}`,
    {},
    { cause: error },
  );
}

function connect(url: string): Store {
  if (url.startsWith("sqlite:")) {
    const path = url.slice("sqlite:".length).replace(/^\/\//, "");
    if (path === "") throw new NudgeError("CONFIG_INVALID", `database URL "${url}" names no file`);
    const { dialect, database } = createSqliteDialect(path);
    return new Store(new Kysely<Database>({ dialect }), "sqlite", { sqlite: database });
  }
  if (url.startsWith("postgres://") || url.startsWith("postgresql://")) {
    const { dialect, schema } = createPostgresDialect(url);
    return new Store(new Kysely<Database>({ dialect }), "postgres", schema ? { schema } : {});
  }
  if (url.startsWith("pglite:")) {
    const { dialect } = createPGliteDialect(url.slice("pglite:".length) || undefined);
    return new Store(new Kysely<Database>({ dialect }), "postgres");
  }
  throw new NudgeError(
    "CONFIG_INVALID",
    `database URL "${url}" is not supported: use sqlite:PATH, postgres://… or pglite:[DIR]`,
  );
}
