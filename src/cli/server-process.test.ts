import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import {
  HEAP_FLAGS,
  HUGE_PAGE_TUNABLE,
  heapFlags,
  hugePageTunables,
  OLD_SPACE_FLAG,
  SEMI_SPACE_FLAG,
  serverProcess,
  transparentHugePageMode,
} from "./server-process.js";

const server = { dbUrl: "sqlite:/data/nudge.db", cacheMb: 2048, hugePages: "auto" as const };

describe("transparentHugePageMode", () => {
  it("reads the bracketed mode of the kernel's setting", () => {
    expect(transparentHugePageMode(() => "always [madvise] never\n")).toBe("madvise");
    expect(transparentHugePageMode(() => "[always] madvise never\n")).toBe("always");
  });

  it("is undefined where the kernel has no such setting", () => {
    expect(
      transparentHugePageMode(() => {
        throw new Error("ENOENT");
      }),
    ).toBeUndefined();
  });
});

describe("hugePageTunables", () => {
  it("asks glibc for huge pages when the kernel gives them only on request", () => {
    expect(hugePageTunables({}, server, "madvise")).toBe(HUGE_PAGE_TUNABLE);
  });

  it("keeps the operator's other tunables", () => {
    expect(hugePageTunables({ GLIBC_TUNABLES: "glibc.malloc.arena_max=2" }, server, "madvise")).toBe(
      `glibc.malloc.arena_max=2:${HUGE_PAGE_TUNABLE}`,
    );
  });

  it("changes nothing when starting the server as it is gives the same", () => {
    // the kernel always or never uses huge pages
    expect(hugePageTunables({}, server, "always")).toBeUndefined();
    expect(hugePageTunables({}, server, "never")).toBeUndefined();
    expect(hugePageTunables({}, server, undefined)).toBeUndefined();
    // the operator chose already, either way
    expect(hugePageTunables({ GLIBC_TUNABLES: "glibc.malloc.hugetlb=0" }, server, "madvise")).toBeUndefined();
    expect(
      hugePageTunables(
        { GLIBC_TUNABLES: "glibc.malloc.arena_max=2:glibc.malloc.hugetlb=2" },
        server,
        "madvise",
      ),
    ).toBeUndefined();
    // turned off, or no SQLite page cache to hold
    expect(hugePageTunables({}, { ...server, hugePages: "off" }, "madvise")).toBeUndefined();
    expect(hugePageTunables({}, { ...server, cacheMb: 0 }, "madvise")).toBeUndefined();
    expect(hugePageTunables({}, { ...server, dbUrl: "sqlite::memory:" }, "madvise")).toBeUndefined();
    expect(hugePageTunables({}, { ...server, dbUrl: "postgres://db/nudge" }, "madvise")).toBeUndefined();
  });
});

describe("heapFlags", () => {
  it("sizes the young and old generations unless node's flags or NODE_OPTIONS size them", () => {
    expect(heapFlags([], undefined)).toEqual([SEMI_SPACE_FLAG, OLD_SPACE_FLAG]);
    expect(heapFlags(["--cpu-prof"], "--enable-source-maps")).toEqual([SEMI_SPACE_FLAG, OLD_SPACE_FLAG]);
    expect(heapFlags(["--max-semi-space-size=8"], undefined)).toEqual([OLD_SPACE_FLAG]);
    expect(heapFlags([], "--enable-source-maps --max_semi_space_size=128")).toEqual([OLD_SPACE_FLAG]);
    expect(heapFlags(["--initial_old_space_size=64"], "--max-semi-space-size=32")).toEqual([]);
    // A flag whose name only begins like one of them is not it.
    expect(heapFlags(["--max-semi-space-size-x=1"], undefined)).toEqual([SEMI_SPACE_FLAG, OLD_SPACE_FLAG]);
  });

  it("names flags this node accepts", () => {
    // node refuses to start with a V8 flag it does not know.
    expect(
      execFileSync(process.execPath, [...HEAP_FLAGS, "-p", "1"])
        .toString()
        .trim(),
    ).toBe("1");
  });
});

describe("serverProcess", () => {
  it("collects what the server's process needs beyond this one's", () => {
    expect(serverProcess({}, server, "madvise", [])).toEqual({
      env: { GLIBC_TUNABLES: HUGE_PAGE_TUNABLE },
      execArgv: [SEMI_SPACE_FLAG, OLD_SPACE_FLAG],
    });
    expect(
      serverProcess(
        { NODE_OPTIONS: "--max-semi-space-size=64" },
        { ...server, hugePages: "off" },
        "madvise",
        ["--initial-old-space-size=128"],
      ),
    ).toEqual({ env: {}, execArgv: [] });
  });
});
