/**
 * The stores every repository test runs against: SQLite always, and
 * PostgreSQL — the server named by NUDGE_TEST_PG_URL (as .ci/run starts it), or
 * PGlite in-process when no server is given, so `npm test` needs no server.
 * Each opened store is a fresh database (a temp file, a new schema, or a new PGlite).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { openStore } from "../connect.js";
import type { Store } from "../store.js";

export interface StoreKind {
  /** sqlite | postgres-server | pglite */
  name: string;
  /** Opens a fresh, migrated store; `close()` on it removes what it made. */
  open(): Promise<Store>;
  /** A URL for a fresh database (for CLI and API tests that open their own store). */
  freshUrl(): Promise<{ url: string; cleanup: () => Promise<void> }>;
}

let counter = 0;

function sqliteUrl(): { url: string; cleanup: () => Promise<void> } {
  const dir = mkdtempSync(join(tmpdir(), "nudge-test-"));
  return {
    url: `sqlite:${join(dir, "nudge.db")}`,
    cleanup: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

async function postgresUrl(server: string): Promise<{ url: string; cleanup: () => Promise<void> }> {
  const schema = `t_${process.pid}_${Date.now().toString(36)}_${counter++}`;
  const admin = new pg.Client({ connectionString: server });
  await admin.connect();
  await admin.query(`create schema ${schema}`);
  await admin.end();
  const url = new URL(server);
  url.searchParams.set("schema", schema);
  return {
    url: url.toString(),
    cleanup: async () => {
      const client = new pg.Client({ connectionString: server });
      await client.connect();
      await client.query(`drop schema if exists ${schema} cascade`);
      await client.end();
    },
  };
}

function kind(name: string, freshUrl: StoreKind["freshUrl"]): StoreKind {
  return {
    name,
    freshUrl,
    async open() {
      const { url, cleanup } = await freshUrl();
      const store = await openStore(url);
      const close = store.close.bind(store);
      store.close = async () => {
        await close();
        await cleanup();
      };
      return store;
    },
  };
}

/** SQLite, plus PostgreSQL (server or PGlite). */
export function storeKinds(): StoreKind[] {
  const server = process.env.NUDGE_TEST_PG_URL;
  const postgres = server
    ? kind("postgres-server", () => postgresUrl(server))
    : kind("pglite", async () => ({ url: "pglite:", cleanup: async () => {} }));
  return [kind("sqlite", async () => sqliteUrl()), postgres];
}
