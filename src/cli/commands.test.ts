import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openStore } from "../store/index.js";
import { HEAP_FLAGS, HUGE_PAGE_TUNABLE, transparentHugePageMode } from "./server-process.js";
import { cli } from "./test-support.js";

describe("nudge keys, demo and serve", () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "nudge-cmd-"));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("creates a key once, stores only its hash, lists and revokes it", async () => {
    const db = `sqlite:${join(dir, "keys.db")}`;
    const created = await cli([
      "keys",
      "create",
      "--scope",
      "ingest,read",
      "--label",
      "etl",
      "--db",
      db,
      "--json",
    ]);
    expect(created.code).toBe(0);
    const { id, key, scopes } = created.json() as { id: string; key: string; scopes: string[] };
    expect(scopes).toEqual(["ingest", "read"]);
    expect(key).toMatch(/^nk_[0-9a-f]+_[\w-]{32}$/);
    const store = await openStore(db);
    const stored = JSON.stringify(await store.db.selectFrom("api_keys").selectAll().execute());
    await store.close();
    // The secret part may itself hold "_" (base64url), so it is everything after the id.
    const secret = /^nk_[0-9a-f]+_(.+)$/.exec(key)?.[1] as string;
    expect(secret).toHaveLength(32);
    expect(stored).not.toContain(secret);

    const listed = (await cli(["keys", "list", "--db", db, "--json"])).json() as { keys: { id: string }[] };
    expect(listed.keys.map((k) => k.id)).toEqual([id]);
    expect(JSON.stringify(listed)).not.toContain(key);
    expect((await cli(["keys", "revoke", id, "--db", db, "--json"])).json()).toEqual({ id, revoked: true });
    const again = await cli(["keys", "revoke", id, "--db", db, "--json"]);
    expect(again.code).toBe(1);
    const bad = await cli(["keys", "create", "--scope", "root", "--db", db, "--json"]);
    expect(bad.code).toBe(2);
    expect((bad.json().error as { message: string }).message).toMatch(/unknown scope root/);
  });

  it("demo loads the bundled data set into a fresh database", async () => {
    const db = `sqlite:${join(dir, "demo.db")}`;
    const result = await cli(["demo", "--no-serve", "--customers", "300", "--db", db, "--json"]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    const summary = result.json() as {
      loaded: Record<string, { inserted: number; rejected: number }>;
      apiKey: string;
    };
    for (const kind of ["products", "customers", "holdings", "events", "relations", "outcomes", "messages"]) {
      expect(summary.loaded[kind]?.inserted, kind).toBeGreaterThan(0);
      expect(summary.loaded[kind]?.rejected, kind).toBe(0);
    }
    expect(summary.apiKey).toMatch(/^nk_/);
    const again = await cli(["demo", "--no-serve", "--db", db, "--json"]);
    expect(again.code).toBe(1);
    expect((again.json().error as { message: string }).message).toMatch(/fresh database/);
  });

  it("unknown commands and kinds are usage errors", async () => {
    expect((await cli(["frobnicate"])).code).toBe(2);
    const kind = await cli(["ingest", "cats", "x.csv", "--json"]);
    expect(kind.code).toBe(2);
    expect((kind.json().error as { message: string }).message).toMatch(/unknown kind 'cats'/);
  });

  it("npx nudge serve answers on loopback and stops on SIGTERM", async () => {
    const { child, started, exited } = serve(`sqlite:${join(dir, "serve.db")}`);
    const { address } = await started;
    const health = await fetch(`${address}/healthz`);
    expect(await health.json()).toEqual({ status: "ok", database: "sqlite" });
    child.kill("SIGTERM");
    expect(await exited).toBe(0);
  });

  it("nudge serve runs a scheduled campaign and delivers it through the channels file", async () => {
    const db = `sqlite:${join(dir, "serve-channels.db")}`;
    const received: { key: string; title: string }[] = [];
    const receiver = createServer((request, response) => {
      let body = "";
      request.on("data", (chunk) => {
        body += chunk;
      });
      request.on("end", () => {
        received.push({ key: String(request.headers["idempotency-key"]), title: JSON.parse(body).title });
        response.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
    const port = (receiver.address() as AddressInfo).port;
    const channels = join(dir, "channels.yaml");
    writeFileSync(channels, `webhook:\n  url: http://127.0.0.1:${port}/hook\n  secret: env:HOOK_SECRET\n`);
    writeFileSync(join(dir, "p.csv"), "id,name,category,risk_level,value\nsaver,Saver,deposit,1,100\n");
    writeFileSync(join(dir, "c.csv"), "id,risk_tolerance,consent_webhook\nw1,2,1\nw2,2,1\nw3,2,0\n");
    expect((await cli(["ingest", "products", join(dir, "p.csv"), "--db", db, "--json"])).code).toBe(0);
    expect((await cli(["ingest", "customers", join(dir, "c.csv"), "--db", db, "--json"])).code).toBe(0);
    const created = await cli(
      [
        "campaign",
        "create",
        "--name",
        "hooked",
        "--source",
        "offer",
        "--offer",
        "saver",
        "--channel",
        "webhook",
      ].concat([
        "--schedule",
        "once",
        "--title",
        "{{offer_name}} now",
        "--policies",
        '{"quietHours":null}',
        "--db",
        db,
        "--json",
      ]),
    );
    expect(created.code).toBe(0);
    const child = spawn(
      process.execPath,
      [new URL("../../bin/nudge.js", import.meta.url).pathname, "serve", "--port", "0", "--db", db, "--json"],
      {
        stdio: ["ignore", "pipe", "pipe"],
        env: {
          ...process.env,
          NUDGE_CHANNELS: channels,
          HOOK_SECRET: "a-secret-of-16-chars",
          NUDGE_HOLDOUT_SHARE: "0",
        },
      },
    );
    try {
      for (let i = 0; i < 200 && received.length < 2; i++) await new Promise((r) => setTimeout(r, 50));
      // w3 opted out of webhooks; w1 and w2 get the campaign once each.
      expect(received.map((r) => r.title)).toEqual(["Saver now", "Saver now"]);
      expect(new Set(received.map((r) => r.key)).size).toBe(2);
    } finally {
      child.kill("SIGTERM");
      await new Promise((resolve) => child.on("exit", resolve));
      await new Promise<void>((resolve) => receiver.close(() => resolve()));
    }
    const report = (await cli(["campaign", "list", "--db", db, "--json"])).json();
    expect(report.campaigns).toEqual([expect.objectContaining({ name: "hooked", status: "done" })]);
  }, 30_000);

  /**
   * `nudge serve --port 0 ARGS --db DB --json` as a child, log silenced; `lines` holds what it printed,
   * `started` the first line (where it serves).
   */
  function serve(
    db: string,
    args: string[] = [],
    env: Record<string, string> = {},
    nodeFlags: string[] = [],
  ) {
    const child = spawn(
      process.execPath,
      [
        ...nodeFlags,
        new URL("../../bin/nudge.js", import.meta.url).pathname,
        "serve",
        "--port",
        "0",
        ...args,
      ].concat(["--db", db, "--json"]),
      { stdio: ["ignore", "pipe", "ignore"], env: { ...process.env, NUDGE_LOG_LEVEL: "silent", ...env } },
    );
    let out = "";
    const lines = () => out.split("\n").filter(Boolean);
    const started = new Promise<{ address: string; pid: number; workers?: number }>((resolve, reject) => {
      child.stdout.on("data", (chunk) => {
        out += chunk;
        if (out.includes("\n")) resolve(JSON.parse(lines()[0] as string));
      });
      child.on("exit", (code) => reject(new Error(`serve exited ${code}`)));
    });
    const exited = new Promise((resolve) => child.on("exit", resolve));
    return { child, started, exited, lines };
  }

  it("nudge serve --workers 2 serves from forked workers on one port and stops them all on SIGTERM", async () => {
    const db = `sqlite:${join(dir, "workers.db")}`;
    const { child, started, exited } = serve(db, ["--workers", "2"]);
    const { address, workers } = await started;
    expect(workers).toBe(2);
    for (let i = 0; i < 4; i++) expect((await fetch(`${address}/healthz`)).status).toBe(200);
    child.kill("SIGTERM");
    expect(await exited).toBe(0);
    // The primary registered call assist's models once, before the workers started.
    const store = await openStore(db);
    try {
      const names = (await store.models.list()).map((m) => m.id).sort();
      expect(names).toEqual(["call-emotion-v1", "call-scene-v1", "call-scripts-v1"]);
    } finally {
      await store.close();
    }
  }, 120_000);

  it("nudge serve --workers 2 fails, and stops the other worker, when a worker dies by itself", async () => {
    const { child, started, exited, lines } = serve(`sqlite:${join(dir, "workers-die.db")}`, [
      "--workers",
      "2",
    ]);
    const { pid } = await started;
    const workers = readFileSync(`/proc/${child.pid}/task/${child.pid}/children`, "utf8")
      .trim()
      .split(/\s+/)
      .map(Number);
    expect(workers).toContain(pid);
    expect(workers).toHaveLength(2);
    process.kill(pid, "SIGKILL");
    expect(await exited).not.toBe(0);
    expect(JSON.parse(lines()[1] as string)).toEqual({
      error: { code: "INTERNAL", message: "serve worker 0 exited (SIGKILL)" },
    });
    const other = workers.find((w) => w !== pid) as number;
    expect(() => process.kill(other, 0)).toThrow(/ESRCH/);
  }, 120_000);

  // Only a kernel in `madvise` mode gives huge pages on request; elsewhere serve runs as it is.
  it.skipIf(transparentHugePageMode() !== "madvise")(
    "nudge serve on a SQLite file serves from a child started for huge pages and with its heap sized",
    async () => {
      const db = `sqlite:${join(dir, "huge.db")}`;
      const huge = serve(db);
      try {
        const { pid, address } = await huge.started;
        expect(pid).not.toBe(huge.child.pid);
        const environ = readFileSync(`/proc/${pid}/environ`, "utf8").split("\0");
        expect(environ).toContain(`GLIBC_TUNABLES=${HUGE_PAGE_TUNABLE}`);
        expect(readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0")).toEqual(
          expect.arrayContaining([...HEAP_FLAGS]),
        );
        expect((await fetch(`${address}/healthz`)).status).toBe(200);
      } finally {
        huge.child.kill("SIGINT");
      }
      expect(await huge.exited).toBe(0);
    },
    60_000,
  );

  it("nudge serve runs in its own process when that process already has what the server needs", async () => {
    const db = `sqlite:${join(dir, "plain.db")}`;
    const plain = serve(db, [], { NUDGE_HUGE_PAGES: "off", NODE_OPTIONS: "--max-semi-space-size=32" }, [
      "--initial-old-space-size=64",
    ]);
    try {
      const { pid, address } = await plain.started;
      expect(pid).toBe(plain.child.pid);
      expect((await fetch(`${address}/healthz`)).status).toBe(200);
    } finally {
      plain.child.kill("SIGTERM");
    }
    expect(await plain.exited).toBe(0);
    // Without the heap's flags, the server runs in a child that has them.
    const child = serve(db, [], { NUDGE_HUGE_PAGES: "off" });
    try {
      const { pid } = await child.started;
      expect(pid).not.toBe(child.child.pid);
      expect(readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0")).toEqual(
        expect.arrayContaining([...HEAP_FLAGS]),
      );
      expect(readFileSync(`/proc/${pid}/environ`, "utf8")).not.toContain(HUGE_PAGE_TUNABLE);
    } finally {
      child.child.kill("SIGTERM");
    }
    expect(await child.exited).toBe(0);
  }, 60_000);
});
