/** PGlite: real PostgreSQL in-process, so PostgreSQL tests need no server. */
import { PGlite } from "@electric-sql/pglite";
import {
  type DatabaseIntrospector,
  type Dialect,
  type DialectAdapter,
  type Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type QueryCompiler,
} from "kysely";
import { PGliteDriver } from "./pglite-driver.js";

const INT8_OID = 20;
const NUMERIC_OID = 1700;

/** A dialect for `pglite:` (in memory) or `pglite:DIR` (a data folder). */
export function createPGliteDialect(dataDir: string | undefined): { dialect: Dialect; client: PGlite } {
  const client = new PGlite(dataDir || undefined, {
    parsers: {
      [INT8_OID]: (value: string) => Number(value),
      [NUMERIC_OID]: (value: string) => Number(value),
    },
  });
  const dialect: Dialect = {
    createAdapter: (): DialectAdapter => new PostgresAdapter(),
    createDriver: () => new PGliteDriver(client),
    createIntrospector: (db: Kysely<unknown>): DatabaseIntrospector => new PostgresIntrospector(db),
    createQueryCompiler: (): QueryCompiler => new PostgresQueryCompiler(),
  };
  return { dialect, client };
}
