// What every benchmark needs: options, rounding, child processes that print one JSON object, CPU and
// memory accounting from /proc, sections that report their own error, and the commit measured.
import { execFileSync, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { join } from "node:path";
import { HEAP_FLAGS } from "../../dist/cli/server-process.js";

export const PYTHON = "/usr/bin/python3";
export const benchDir = new URL("..", import.meta.url).pathname;
export const repo = join(benchDir, "..");

/** The value after `name` in args, else the fallback. */
export function option(args, name, fallback) {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : fallback;
}

export const round = (x, digits = 4) => (x == null || Number.isNaN(x) ? x : Number(x.toFixed(digits)));
export const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
export const load = () => loadavg().map((l) => round(l, 2));
/**
 * The node flags and environment of a `nudge serve` child started with `nodeFlags`. A --cpu-prof profile
 * covers the process's whole life, and loading the store into memory at start would be most of it: a
 * profiled server skips that (NUDGE_CACHE_MB=0; its requests read the file cache instead). It also gets the
 * server's heap flags on its command line, so that it serves in the process that writes the profile rather
 * than in a child (src/cli/server-process.ts).
 */
export function serveProcess(nodeFlags, env) {
  if (!nodeFlags.includes("--cpu-prof")) return { nodeFlags, env: { ...process.env, ...env } };
  return { nodeFlags: [...nodeFlags, ...HEAP_FLAGS], env: { ...process.env, ...env, NUDGE_CACHE_MB: "0" } };
}

/** A server's processes: `nudge serve` and the processes it started (its workers, or its one server child). */
export function serverPids(pid) {
  try {
    const children = readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").trim();
    return [pid, ...(children ? children.split(/\s+/).map(Number) : [])];
  } catch {
    return [pid];
  }
}

/**
 * The process that serves for a `nudge serve` child: the child itself, or the one process it started
 * (`nudge serve` runs its server in a child that has huge pages and a larger young generation; see
 * src/cli/server-process.ts).
 */
export function servingPid(pid) {
  const [, ...children] = serverPids(pid);
  return children.length === 1 ? children[0] : pid;
}

/** Resolves with the first line a child prints on stdout, parsed as JSON. */
export function firstJsonLine(child) {
  return new Promise((resolve) => {
    let out = "";
    child.stdout.on("data", (chunk) => {
      out += chunk;
      if (out.includes("\n")) resolve(JSON.parse(out.slice(0, out.indexOf("\n"))));
    });
  });
}

/** A logger to stderr, prefixed with the benchmark's name (stdout carries only the JSON). */
export const logger = (name) => (message) => process.stderr.write(`${name}: ${message}\n`);

/** Runs a bench worker (node, in bench/) and parses the one JSON object it prints. */
export function worker(name, args, options = {}) {
  const out = execFileSync(process.execPath, [join(benchDir, name), ...args.map(String)], {
    maxBuffer: 1 << 26,
    stdio: ["ignore", "pipe", "inherit"],
    ...options,
  });
  return JSON.parse(out.toString());
}

/**
 * Starts bench/stall-sentinel-worker.js for `seconds` beside a measurement; `result()` waits for its JSON:
 * how often and how long a process that only wakes every millisecond could not run (the machine's own
 * stalls, which no server code can remove).
 */
export function startSentinel(seconds) {
  const child = spawn(process.execPath, [join(benchDir, "stall-sentinel-worker.js"), String(seconds)], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  let out = "";
  child.stdout.on("data", (chunk) => {
    out += chunk;
  });
  const done = new Promise((resolve) => child.on("close", resolve));
  return {
    async result() {
      await done;
      return JSON.parse(out);
    },
  };
}

/** Runs a Python script of bench/ with Debian's python3 (scikit-learn); fails when it reports an error. */
export function python(script, args) {
  const out = execFileSync(PYTHON, [join(benchDir, script), ...args.map(String)], {
    maxBuffer: 1 << 26,
    stdio: ["ignore", "pipe", "inherit"],
  });
  const result = JSON.parse(out.toString());
  if (result.error) throw new Error(`scikit-learn unavailable: ${result.error}`);
  return result;
}

/** CPU seconds of this process and of its finished children, from /proc. */
export function ownCpu() {
  const f = readFileSync("/proc/self/stat", "utf8").split(") ")[1].split(" ");
  return (Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14])) / 100;
}

/** Busy and stolen CPU seconds of the whole machine so far, from /proc/stat. */
export function machineCpu() {
  const [user, nice, system, , , irq, softirq, steal] = readFileSync("/proc/stat", "utf8")
    .split("\n")[0]
    .trim()
    .split(/\s+/)
    .slice(1)
    .map(Number);
  return { busy: (user + nice + system + irq + softirq) / 100, steal: steal / 100 };
}

/**
 * Runs one section of a benchmark. Each section reports its error instead of ending the run, its wall
 * seconds, the load average when it began and the CPU (in cores) that processes other than the bench's
 * used meanwhile: this machine is shared, and on 2 cores that moves every timing.
 */
export async function section(name, run, log) {
  const start = performance.now();
  const loadBefore = load();
  const machineBefore = machineCpu();
  const ownBefore = ownCpu();
  log(`${name}…`);
  try {
    const result = await run();
    const seconds = (performance.now() - start) / 1000;
    const others = machineCpu().busy - machineBefore.busy - (ownCpu() - ownBefore);
    return {
      ...result,
      seconds: round(seconds, 1),
      loadAverage: loadBefore,
      otherCpuCores: round(Math.max(0, others) / seconds, 2),
    };
  } catch (error) {
    log(`${name} failed: ${error?.stack ?? error}`);
    return { error: String(error?.message ?? error), pass: false };
  }
}

/** Peak RSS (MB) and wall seconds of a command, from GNU time -v. */
export function timedCommand(command, args, cwd) {
  const timeFile = join(cwd, "time.txt");
  const start = performance.now();
  const out = execFileSync("/usr/bin/time", ["-v", "-o", timeFile, command, ...args], {
    cwd,
    maxBuffer: 1 << 28,
    stdio: ["ignore", "pipe", "inherit"],
  });
  const seconds = (performance.now() - start) / 1000;
  const kb = Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(readFileSync(timeFile, "utf8"))?.[1]);
  return { out: out.toString(), seconds, peakRssMB: Math.round(kb / 1024) };
}

/** The commit measured, and how many files under src/ differ from it (others edit src/ meanwhile). */
export function codeVersion() {
  try {
    const git = (...a) =>
      execFileSync("git", a, { cwd: repo, stdio: ["ignore", "pipe", "ignore"] }).toString();
    return {
      commit: git("rev-parse", "--short", "HEAD").trim(),
      changedSrcFiles: git("status", "--porcelain", "--", "src").split("\n").filter(Boolean).length,
    };
  } catch {
    return null;
  }
}

/** The head of every benchmark's JSON: which benchmark, the machine, the commit, the data and the targets. */
export function benchHead(benchmark, dataDir, targets) {
  return {
    benchmark,
    machine: {
      cpus: cpus().length,
      model: cpus()[0]?.model,
      node: process.version,
      loadAverageAtStart: load(),
    },
    code: codeVersion(),
    dataDir,
    targets,
  };
}

/** The data folder: --data-dir, else $NUDGE_DATA_DIR, else ../shared/data beside the repository. */
export function dataDirOf(args) {
  return option(args, "--data-dir", process.env.NUDGE_DATA_DIR ?? join(repo, "..", "shared", "data"));
}
