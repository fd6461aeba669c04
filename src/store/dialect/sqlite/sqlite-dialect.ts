/** SQLite, the embedded default: one file, WAL journal, via better-sqlite3. */
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import BetterSqlite3 from "better-sqlite3";
import { type Dialect, SqliteDialect } from "kysely";

/** Busy timeout so a second process (e.g. a CLI next to `nudge serve`) waits rather than fails. */
const BUSY_TIMEOUT_MS = 10_000;
/** Page cache per connection: large enough that bulk loads keep their indexes in memory. */
const CACHE_KIB = 64 * 1024;

/** Opens the SQLite file (creating its folder) and returns the Kysely dialect plus the raw handle. */
export function createSqliteDialect(path: string): { dialect: Dialect; database: BetterSqlite3.Database } {
  if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
  const database = new BetterSqlite3(path);
  database.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  if (path !== ":memory:") database.pragma("journal_mode = WAL");
  // NORMAL is durable across application crashes in WAL mode; only an OS crash may lose the last commit.
  database.pragma("synchronous = NORMAL");
  database.pragma(`cache_size = -${CACHE_KIB}`);
  return { dialect: new SqliteDialect({ database }), database };
}
