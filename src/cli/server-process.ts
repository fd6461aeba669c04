/**
 * How the process that runs `nudge serve`'s server is started. Three settings matter for its latency and
 * can only be chosen when a process starts, so `serve` starts the server in a child process that has them
 * (the `--workers` primary, with one worker) unless the process it runs in already has them.
 *
 * 1. **Huge pages** for a SQLite server's page cache (about 1.2 GB for a million customers; see
 *    sqlite-prewarm.ts). Memory that large, in 4 KB pages, is expensive for the kernel to watch. On the
 *    machine the benchmarks run on, the kernel's DAMON monitor (kdamond) checks whether sampled pages were
 *    used every 500 ms; each pass took 3–32 ms with the cache resident, and the server answered nothing
 *    while it ran (traced with sched_switch events). Every 0.5 s a burst of requests waited up to 30 ms:
 *    p99 was 6–9 ms even for `GET /healthz`, and 15–18 ms for `POST /v1/decide` at 500/s. With the same
 *    memory in 2 MB pages the bursts were gone (`GET /healthz` p99 6.3 → 1.3 ms). Where the kernel gives huge
 *    pages only to memory that asks for them (`madvise` in /sys/kernel/mm/transparent_hugepage/enabled, the
 *    usual default), glibc's malloc asks when GLIBC_TUNABLES sets `glibc.malloc.hugetlb=1`, which glibc reads
 *    only at start. Nothing changes where the kernel always or never uses huge pages or has no such setting
 *    (other platforms), where the operator already set that tunable, or with NUDGE_HUGE_PAGES=off.
 * 2. **A larger young generation** (`--max-semi-space-size`, Node 20's default is 16 MB). A decision's
 *    objects outlive a request by a little (keep-alive sockets, the key cache, batched writes), and with
 *    16 MB semi-spaces, filled every ~0.16 s at 500 decisions/s, about 12 KB of each decision was promoted:
 *    the old generation grew 1 MB per scavenge, and a full collection every ~6 s stalled the server for
 *    40–90 ms (p99 8–14 ms). With room to grow to 64 MB, scavenges come every ~0.3 s, promotion fell to
 *    ~0.2 MB per scavenge and p99 was 4.9 ms in a 30 s run.
 * 3. **An old generation that starts large** (`--initial-old-space-size`). Until a process's first full
 *    collection V8 sizes the old generation from what survives scavenges, and for this server that kept
 *    its limit ~5–8 MB above the ~35 MB that lives: a server that had run for a minute did a full
 *    collection every 1.2–8 s (5–12 ms each, and the requests queued behind them), and three 30 s runs on
 *    one server got worse each time (p99 19.9 / 20.0 / 23.6 ms). Starting at 256 MB, the first full
 *    collection comes after minutes, and after it V8 grows the limit from the live size as it does for any
 *    process (started at 96 MB: the first came at 128 MB, then none in the next 50 s). The same three runs
 *    started at 512 MB: p99 6.9 / 8.3 / 9.6 ms; two benches at 256 MB: 6.5–8.3 ms. It costs up to ~220 MB of
 *    garbage held until that first collection, once.
 *
 * A flag the operator set (in NODE_OPTIONS, where node allows it, or on node's command line) wins.
 */
import { readFileSync } from "node:fs";
import type { Config } from "../core/index.js";

/** The configuration that decides how the server's process starts. */
type ServerConfig = Pick<Config, "dbUrl" | "cacheMb" | "hugePages">;

/** The glibc tunable that makes malloc ask for transparent huge pages. */
export const HUGE_PAGE_TUNABLE = "glibc.malloc.hugetlb=1";

/** The V8 flag that gives the server's young generation room (megabytes per semi-space). */
export const SEMI_SPACE_FLAG = "--max-semi-space-size=64";

/** The V8 flag that starts the server's old generation large (megabytes). */
export const OLD_SPACE_FLAG = "--initial-old-space-size=256";

/** The V8 flags the server's process is started with unless the operator sized those spaces. */
export const HEAP_FLAGS: readonly string[] = [SEMI_SPACE_FLAG, OLD_SPACE_FLAG];

const THP_SETTING = "/sys/kernel/mm/transparent_hugepage/enabled";

/** The kernel's transparent huge page mode (`always`, `madvise`, `never`), or undefined if it has none. */
export function transparentHugePageMode(
  read: () => string = () => readFileSync(THP_SETTING, "utf8"),
): string | undefined {
  try {
    return /\[(\w+)\]/.exec(read())?.[1];
  } catch {
    return undefined;
  }
}

/**
 * The GLIBC_TUNABLES value to start the server with so its memory gets huge pages, or undefined when
 * starting it as it is gives the same: the kernel is not in `madvise` mode, the tunable is already chosen,
 * or the server keeps no SQLite page cache (another database, an in-memory one, or NUDGE_CACHE_MB=0).
 */
export function hugePageTunables(
  env: Readonly<Record<string, string | undefined>>,
  server: ServerConfig,
  mode: string | undefined,
): string | undefined {
  if (server.hugePages === "off" || mode !== "madvise") return undefined;
  if (!server.dbUrl.startsWith("sqlite:") || server.dbUrl.endsWith(":memory:") || server.cacheMb <= 0)
    return undefined;
  const current = env.GLIBC_TUNABLES ?? "";
  if (/(^|:)glibc\.malloc\.hugetlb=/.test(current)) return undefined;
  return current ? `${current}:${HUGE_PAGE_TUNABLE}` : HUGE_PAGE_TUNABLE;
}

/** `--max-semi-space-size=64` → a pattern for that flag in either spelling (dashes or underscores). */
function flagPattern(flag: string): RegExp {
  const name = (flag.split("=")[0] as string).slice(2).split("-").join("[-_]");
  return new RegExp(`^--${name}(=|$)`);
}

/** The V8 flags to add to the server's process: the HEAP_FLAGS not set by node's flags or NODE_OPTIONS. */
export function heapFlags(execArgv: readonly string[], nodeOptions: string | undefined): string[] {
  const given = [...execArgv, ...(nodeOptions ?? "").split(/\s+/)];
  return HEAP_FLAGS.filter((flag) => {
    const pattern = flagPattern(flag);
    return !given.some((g) => pattern.test(g));
  });
}

/** What the server's process must be started with; empty when the current process already has it. */
export interface ServerProcess {
  env: Record<string, string>;
  execArgv: string[];
}

/** The environment and node flags the server's process needs beyond this process's. */
export function serverProcess(
  env: Readonly<Record<string, string | undefined>>,
  server: ServerConfig,
  mode: string | undefined,
  execArgv: readonly string[],
): ServerProcess {
  const tunables = hugePageTunables(env, server, mode);
  return {
    env: tunables ? { GLIBC_TUNABLES: tunables } : {},
    execArgv: heapFlags(execArgv, env.NODE_OPTIONS),
  };
}
