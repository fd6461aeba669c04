/** SQLite, the embedded default: one file, WAL journal, via better-sqlite3. */
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import BetterSqlite3 from "better-sqlite3";
import { type Dialect, SqliteDialect } from "kysely";

/** Busy timeout so a second process (e.g. a CLI next to `nudge serve`) waits rather than fails. */
const BUSY_TIMEOUT_MS = 10_000;
/** Page cache per connection: large enough that bulk loads keep their indexes in memory. */
const CACHE_KIB = 64 * 1024;
/**
 * Pages the WAL may hold before SQLite copies them back into the database (default 1,000).
 * A bulk load dirties index pages all over the file; checkpointing every 4 MB rewrote the same
 * pages again and again (loads with person keys ran 40% faster with 64 MB). The WAL is truncated
 * back to this bound after each checkpoint, so disk use stays bounded.
 */
const WAL_CHECKPOINT_PAGES = 16_384;

/** Prepared statements kept per connection; past this many, the oldest is dropped. */
const STATEMENT_CACHE = 512;

/**
 * The handle Kysely's driver sees: the same database, with `prepare` answering a cached statement
 * for SQL it has seen. Kysely prepares every query anew, which cost as much as running it for the
 * small key lookups of a real-time decision. A statement still busy (a stream iterating it) is not
 * shared: a fresh one is prepared.
 */
function withStatementCache(database: BetterSqlite3.Database) {
  const cache = new Map<string, BetterSqlite3.Statement>();
  return {
    close: () => database.close(),
    prepare(sql: string): BetterSqlite3.Statement {
      const cached = cache.get(sql);
      if (cached && !cached.busy) return cached;
      const statement = database.prepare(sql);
      if (!cached) {
        if (cache.size >= STATEMENT_CACHE) cache.delete(cache.keys().next().value as string);
        cache.set(sql, statement);
      }
      return statement;
    },
  };
}

/**
 * The WAL size, in pages, at which this connection's commit checkpoints; after a checkpoint the WAL file is
 * truncated back to that size, so disk use stays bounded.
 */
export function setWalCheckpointPages(database: BetterSqlite3.Database, pages: number): void {
  database.pragma(`wal_autocheckpoint = ${pages}`);
  database.pragma(`journal_size_limit = ${pages * 4096}`);
}

/** Opens the SQLite file (creating its folder) and returns the Kysely dialect plus the raw handle. */
export function createSqliteDialect(path: string): { dialect: Dialect; database: BetterSqlite3.Database } {
  if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
  const database = new BetterSqlite3(path);
  database.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  if (path !== ":memory:") {
    database.pragma("journal_mode = WAL");
    setWalCheckpointPages(database, WAL_CHECKPOINT_PAGES);
  }
  // NORMAL is durable across application crashes in WAL mode; only an OS crash may lose the last commit.
  database.pragma("synchronous = NORMAL");
  database.pragma(`cache_size = -${CACHE_KIB}`);
  return { dialect: new SqliteDialect({ database: withStatementCache(database) }), database };
}
