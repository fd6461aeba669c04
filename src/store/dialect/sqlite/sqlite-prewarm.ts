/**
 * Loads the B-trees that a customer's real-time reads walk into this connection's own page cache, so that a
 * decision reads memory, not the operating system's file cache.
 *
 * Why a server needs this: at 500 decisions/s over 1,000,000 customers each leaf page is read about once in
 * four minutes, which is cold to any page reclaimer. On the machine the benchmarks run on (DAMON reclaim,
 * pages unused for 60 s paged out), a 30 s run read 15–28 MB from disk on the event loop, and every read
 * stalled all requests behind it. SQLite's page cache lives in the process heap, which a reclaimer leaves
 * alone (on Linux without swap, always). It stays valid across this connection's own transactions; a write
 * by another process (e.g. `nudge ingest` next to `nudge serve`) empties it, and it refills as pages are
 * read again.
 */
import type BetterSqlite3 from "better-sqlite3";

export interface PrewarmedTree {
  /** The table or index. */
  name: string;
  mb: number;
}

export interface Prewarm {
  /** What was loaded, in order. */
  trees: PrewarmedTree[];
  mb: number;
  /** Trees left out because the budget was spent. */
  skipped: string[];
  seconds: number;
}

/** A table and the column its real-time reads look customers up by. */
export interface KeyedTable {
  table: string;
  key: string;
  /**
   * Only the table's indexes, not its rows: for a history that real-time work appends to (decisions) but does
   * not read, whose index pages an insert must still read to update.
   */
  indexesOnly?: boolean;
}

/** Share of the cache prewarming may fill; the rest stays for the pages other reads bring in. */
const FILL = 0.8;
const MB = 1024 * 1024;

/**
 * The B-trees a lookup by `key` reads: the table itself and each index whose first column is the key (a
 * primary key's automatic index included). Indexes that lead with another column (by product, by ingest
 * run) serve batch work and are left cold.
 */
function treesOf(database: BetterSqlite3.Database, { table, key, indexesOnly }: KeyedTable): string[] {
  const indexes = database.prepare("select name from pragma_index_list(?)").pluck().all(table) as string[];
  const leading = (index: string) =>
    database.prepare("select name from pragma_index_info(?) where seqno = 0").pluck().get(index) === key;
  return [...(indexesOnly ? [] : [table]), ...indexes.filter(leading)];
}

/**
 * Sets this connection's page cache to `cacheMb` and reads every page of the tables' lookup trees into it,
 * in the order given, until FILL of the cache is used (the tree that crosses that line is loaded whole, since
 * its size is only known once walked; trees after it are skipped). Each tree is walked through the `dbstat` table,
 * which visits every page of one B-tree (leaves and overflow pages too) and so pulls them into the cache.
 */
export function prewarmSqlite(
  database: BetterSqlite3.Database,
  tables: readonly KeyedTable[],
  cacheMb: number,
): Prewarm {
  const started = performance.now();
  database.pragma(`cache_size = -${Math.round(cacheMb * 1024)}`);
  const present = new Set(
    database.prepare("select name from sqlite_schema where type = 'table'").pluck().all() as string[],
  );
  const size = database.prepare(
    "select sum(pgsize) as bytes, sum(ncell) as cells from dbstat where name = ? and aggregate = 1",
  );
  const budget = cacheMb * MB * FILL;
  const trees: PrewarmedTree[] = [];
  const skipped: string[] = [];
  let bytes = 0;
  for (const table of tables) {
    if (!present.has(table.table)) continue;
    for (const name of treesOf(database, table)) {
      if (bytes >= budget) {
        skipped.push(name);
        continue;
      }
      // Nothing for an empty tree, or for a table without rowid's primary key, which is the table itself.
      const { bytes: treeBytes, cells } = size.get(name) as { bytes: number | null; cells: number | null };
      if (!treeBytes || !cells) continue;
      bytes += treeBytes;
      trees.push({ name, mb: Math.round((treeBytes / MB) * 10) / 10 });
    }
  }
  return {
    trees,
    mb: Math.round((bytes / MB) * 10) / 10,
    skipped,
    seconds: Math.round((performance.now() - started) / 10) / 100,
  };
}
