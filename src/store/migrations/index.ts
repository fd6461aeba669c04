/**
 * Versioned migrations, compiled into the package (no files looked up at run
 * time). Add a new file `NNNN-name.ts` and list it here; never edit a shipped one.
 */
import type { Migration, MigrationProvider } from "kysely";
import * as initial from "./0001-initial.js";
import * as portraits from "./0002-portraits.js";
import * as decide from "./0003-decide.js";
import * as calls from "./0004-calls.js";
import * as callCustomers from "./0005-call-customers.js";
import * as decisionWrites from "./0006-decision-writes.js";

const migrations: Record<string, Migration> = {
  "0001-initial": initial,
  "0002-portraits": portraits,
  "0003-decide": decide,
  "0004-calls": calls,
  "0005-call-customers": callCustomers,
  "0006-decision-writes": decisionWrites,
};

/** Supplies the migrations above to Kysely's Migrator. */
export const migrationProvider: MigrationProvider = {
  getMigrations: async () => migrations,
};
