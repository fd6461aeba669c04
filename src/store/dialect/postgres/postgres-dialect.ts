/** PostgreSQL server via node-postgres, for scale and for many dispatcher workers. */
import { type Dialect, PostgresDialect } from "kysely";
import pg from "pg";
import { NudgeError } from "../../../core/index.js";

const INT8_OID = 20;
const NUMERIC_OID = 1700;
const POOL_SIZE = 8;
const SCHEMA_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

/** bigint columns hold minor units far below 2^53, so numbers are exact and easier to use than strings. */
const types = {
  getTypeParser(oid: number, format?: "text" | "binary") {
    if (oid === INT8_OID || oid === NUMERIC_OID) return (value: string) => Number(value);
    return pg.types.getTypeParser(oid, format);
  },
};

/**
 * A dialect for `postgres://…` URLs. A `schema` query parameter (used by tests
 * to isolate runs) sets the search_path of every connection.
 */
export function createPostgresDialect(url: string): {
  dialect: Dialect;
  pool: pg.Pool;
  schema: string | null;
} {
  const parsed = new URL(url);
  const schema = parsed.searchParams.get("schema");
  if (schema !== null && !SCHEMA_NAME.test(schema)) {
    throw new NudgeError(
      "CONFIG_INVALID",
      `schema '${schema}' must be a plain identifier (letters, digits, _)`,
    );
  }
  parsed.searchParams.delete("schema");
  const pool = new pg.Pool({
    connectionString: parsed.toString(),
    max: POOL_SIZE,
    types: types as pg.CustomTypesConfig,
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
  });
  return { dialect: new PostgresDialect({ pool }), pool, schema };
}
