/**
 * Transparent huge pages for the memory of `nudge serve` on a SQLite file.
 *
 * Why: the server keeps the tables real-time decisions read in SQLite's page cache (about 1.2 GB for a
 * million customers; see sqlite-prewarm.ts). Memory that large, in 4 KB pages, is expensive for the kernel to
 * watch. On the machine the benchmarks run on, the kernel's DAMON monitor (kdamond) checks whether sampled
 * pages were used every 500 ms; each pass took 3–32 ms with the cache resident, and the server answered
 * nothing while it ran (traced with sched_switch events). Every 0.5 s a burst of requests waited up to
 * 30 ms: p99 was 6–9 ms even for `GET /healthz`, and 15–18 ms for `POST /v1/decide` at 500/s. With the same
 * memory in 2 MB pages the bursts were gone: `GET /healthz` p99 6.3 → 1.3 ms, decide p99 6.2–9.0 ms.
 *
 * How: where the kernel gives huge pages only to memory that asks for them (`madvise` in
 * /sys/kernel/mm/transparent_hugepage/enabled, the usual default), glibc's malloc asks when the
 * environment sets the tunable `glibc.malloc.hugetlb=1`. glibc reads it only at process start, so `serve`
 * runs the server in a child process started with it (the `--workers` primary, with one worker). Nothing
 * changes where the kernel always or never uses huge pages or has no such setting (other platforms), where
 * the operator already set that tunable, or with NUDGE_HUGE_PAGES=off.
 */
import { readFileSync } from "node:fs";

/** The glibc tunable that makes malloc ask for transparent huge pages. */
export const HUGE_PAGE_TUNABLE = "glibc.malloc.hugetlb=1";

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
  server: { dbUrl: string; cacheMb: number; hugePages: "auto" | "off" },
  mode: string | undefined,
): string | undefined {
  if (server.hugePages === "off" || mode !== "madvise") return undefined;
  if (!server.dbUrl.startsWith("sqlite:") || server.dbUrl.endsWith(":memory:") || server.cacheMb <= 0)
    return undefined;
  const current = env.GLIBC_TUNABLES ?? "";
  if (/(^|:)glibc\.malloc\.hugetlb=/.test(current)) return undefined;
  return current ? `${current}:${HUGE_PAGE_TUNABLE}` : HUGE_PAGE_TUNABLE;
}
