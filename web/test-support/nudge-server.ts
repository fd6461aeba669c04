/**
 * A real Nudge for the browser tests: `nudge demo --no-serve` loads the demo data into a fresh SQLite
 * file and makes an admin key, then `nudge serve --port 0` serves the API and the built console on
 * loopback, each as its own process from bin/nudge.js (the built dist/ and web/dist/).
 */
import { type ChildProcess, execFile, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

const BIN = fileURLToPath(new URL("../../bin/nudge.js", import.meta.url));
/** Fewer customers than the demo's default: every page still has data, and loading takes half as long. */
const DEMO_CUSTOMERS = "800";
const SERVE_TIMEOUT_MS = 30_000;

export interface NudgeServer {
  address: string;
  key: string;
  /** Seconds the demo data took to load and the server to start. */
  seconds: { demo: number; serve: number };
  stop(): Promise<void>;
}

export async function startNudge(): Promise<NudgeServer> {
  const dir = mkdtempSync(join(tmpdir(), "nudge-console-"));
  const db = `sqlite:${join(dir, "demo.db")}`;
  const env = { ...process.env, NUDGE_LOG_LEVEL: "warn" };
  let started = performance.now();
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [BIN, "demo", "--db", db, "--no-serve", "--json", "--customers", DEMO_CUSTOMERS],
    { env, cwd: dir, maxBuffer: 64 * 1024 * 1024 },
  );
  const key = (JSON.parse(stdout) as { apiKey: string }).apiKey;
  const demo = (performance.now() - started) / 1000;
  started = performance.now();
  const child = spawn(process.execPath, [BIN, "serve", "--db", db, "--port", "0", "--json"], {
    env,
    cwd: dir,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  const address = await new Promise<string>((resolve, reject) => {
    let out = "";
    const timer = setTimeout(
      () => reject(new Error(`nudge serve did not start: ${stderr}`)),
      SERVE_TIMEOUT_MS,
    );
    child.stdout?.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      const line = out.split("\n").find((l) => l.startsWith("{"));
      if (!line) return;
      clearTimeout(timer);
      resolve((JSON.parse(line) as { address: string }).address);
    });
    child.on("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`nudge serve exited with ${code}: ${stderr}`));
    });
  });
  const serve = (performance.now() - started) / 1000;
  return {
    address,
    key,
    seconds: { demo, serve },
    stop: () => stopProcess(child).finally(() => rmSync(dir, { recursive: true, force: true })),
  };
}

function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill("SIGKILL"), 10_000);
    child.once("exit", () => {
      clearTimeout(force);
      resolve();
    });
    child.kill("SIGTERM");
  });
}
